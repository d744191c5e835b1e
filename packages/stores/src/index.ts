/**
 * @hardline/stores — the secret-store layer shared by `vault init` and `rotate`, recovery files,
 * and the credential-age audit.
 */
import { HttpClient } from '@hardline/core';
import { GitHubSecretStore } from './github';
import { GitLabVariableStore } from './gitlab';
import type { SecretStore, StoreSpec } from './types';
import { VaultKvStore } from './vault-kv';

export type {
  GitHubScope,
  GitHubStoreSpec,
  GitLabStoreSpec,
  OrgVisibility,
  SecretStore,
  StoreEntry,
  StoreSpec,
  StoreTarget,
  VaultKvStoreSpec,
} from './types';
export { parseStoreTarget, formatStoreTarget, STORE_TARGET_FORMS } from './target';
export { writeRecoveryFile, openRecoveryFile, generateRecoveryKeypair, checkRecoveryPublicKey, RECOVERY_FORMAT } from './recovery';
export { secretAges, AGE_RULES, PREFLIGHT_PREFIX, type SecretAgeOptions } from './age';
export { GitHubSecretStore, defaultGitHubApiUrl, validateGitHubSecretName } from './github';
export { GitLabVariableStore, defaultGitLabApiUrl, gitlabMaskProblem, GITLAB_MASKABLE, GITLAB_MASKABLE_RAW } from './gitlab';
export { VaultKvStore } from './vault-kv';

const SERVICE: Record<StoreSpec['kind'], string> = { github: 'GitHub API', gitlab: 'GitLab API', 'vault-kv': 'Vault' };

/**
 * A store for the spec. `opts.http` is used as is (tests pass a fast-retrying client); otherwise a
 * client is made for the store's service with the spec's or `opts.caFile` CA.
 */
export function createStore(spec: StoreSpec, opts: { caFile?: string; http?: HttpClient } = {}): SecretStore {
  const caFile = (spec.kind === 'vault-kv' ? spec.caFile : undefined) ?? opts.caFile;
  const http = opts.http ?? new HttpClient({ service: SERVICE[spec.kind], caFile });
  switch (spec.kind) {
    case 'github':
      return new GitHubSecretStore(spec, http);
    case 'gitlab':
      return new GitLabVariableStore(spec, http);
    case 'vault-kv':
      return new VaultKvStore(spec, http);
  }
}
