/**
 * `hardline vault init` / actions/vault-init / templates/vault-init.yml: initialise a rebuilt Vault
 * and put its unseal keys and root token straight into GitHub secrets or GitLab CI/CD variables.
 */
import {
  ConfigurationError,
  createReport,
  defineCommand,
  fingerprint,
  ruleHelpUri,
  type Finding,
  type InputSpecs,
  type RuleMeta,
} from '@hardline/core';
import { createStore, parseStoreTarget, STORE_TARGET_FORMS, type StoreSpec } from '@hardline/stores';
import { VaultClient } from './client';
import { initVault, keyNames } from './init';
import { VAULT_CONNECTION_INPUTS } from './unseal-command';

export const INIT_INPUTS = {
  ...VAULT_CONNECTION_INPUTS,
  'vault-addr': {
    ...VAULT_CONNECTION_INPUTS['vault-addr'],
    description: 'Address of the Vault node to initialise, e.g. https://vault.example.com:8200 (for an HA cluster: one node; the others join it). Default: $VAULT_ADDR.',
  },
  'secret-shares': { kind: 'integer', default: '5', min: 1, max: 255, description: 'Number of unseal key shares Vault splits its key into. Default 5.' },
  'secret-threshold': { kind: 'integer', default: '3', min: 1, max: 255, description: 'Number of shares needed to unseal (at most secret-shares; at least 2 when there are several shares). Default 3.' },
  store: {
    kind: 'string',
    description: `Where the keys and root token go: ${STORE_TARGET_FORMS.filter((f) => !f.startsWith('vault-kv')).join(', ')}. Default: github:repository:$GITHUB_REPOSITORY on GitHub, gitlab:project:$CI_PROJECT_ID on GitLab.`,
  },
  'github-token': {
    kind: 'secret',
    env: ['HARDLINE_GITHUB_TOKEN'],
    description: 'GitHub token allowed to write Actions secrets of the target (fine-grained: "Secrets" read/write; environments and organizations need their own permission). The workflow GITHUB_TOKEN cannot write secrets. Required for a github: store.',
  },
  'github-api-url': { kind: 'string', env: ['GITHUB_API_URL'], description: 'GitHub API URL. Default: $GITHUB_API_URL, else https://api.github.com.' },
  'github-visibility': {
    kind: 'enum',
    values: ['private', 'all'],
    default: 'private',
    description: 'Organization secrets only: which repositories may use them, private or all. Default private.',
  },
  'gitlab-token': {
    kind: 'secret',
    env: ['HARDLINE_GITLAB_TOKEN'],
    description: 'GitLab token with the api scope and Maintainer role on the target (CI_JOB_TOKEN cannot write variables). Required for a gitlab: store.',
  },
  'gitlab-api-url': { kind: 'string', env: ['CI_API_V4_URL'], description: 'GitLab API URL. Default: $CI_API_V4_URL, else https://gitlab.com/api/v4.' },
  'gitlab-environment-scope': { kind: 'string', default: '*', description: 'GitLab variables: environment scope. Default * (all). Variables are always masked and protected.' },
  'key-name-prefix': { kind: 'string', default: 'VAULT_UNSEAL_KEY_', description: 'The unseal keys are stored as <prefix>1..N. Default VAULT_UNSEAL_KEY_ (what vault-unseal reads).' },
  'root-token-name': { kind: 'string', default: 'VAULT_ROOT_TOKEN', description: 'Name the root token is stored under. Default VAULT_ROOT_TOKEN.' },
  'key-format': { kind: 'enum', values: ['hex', 'base64'], default: 'hex', description: 'Store the keys as hex (Vault "keys") or base64 ("keys_base64"). Default hex. vault-unseal accepts both.' },
  'pgp-keys': {
    kind: 'list',
    description: "Base64 PGP public keys (or keybase:<user>), one per share, newline- or comma-separated: Vault encrypts each unseal key to one of them (its own pgp_keys) and the store then holds only encrypted keys. Default: none (keys stored as they are).",
  },
  'root-token-pgp-key': { kind: 'string', description: 'Base64 PGP public key the root token is encrypted to (Vault root_token_pgp_key). Default: none.' },
  'recovery-public-key': {
    kind: 'string',
    required: true,
    env: ['HARDLINE_RECOVERY_PUBLIC_KEY'],
    description: 'Base64 X25519 public key (libsodium crypto_box). If storing fails after Vault returned the keys, they are sealed to it in recovery-file instead of being lost. Required.',
  },
  'recovery-file': {
    kind: 'string',
    default: 'hardline-vault-recovery.json',
    description: 'Where the sealed recovery file is written if storing fails (upload it as an artifact on failure). Default hardline-vault-recovery.json in the working directory.',
  },
  'audit-log': { kind: 'string', description: 'Append one JSON line per operation (never a key or token) to this file. Default: no audit log.' },
} as const satisfies InputSpecs;

const DOC = 'vault.md';
export const INIT_RULES: RuleMeta[] = [
  { id: 'vault-initialized', title: 'Vault initialised', help: 'Vault was initialised and its keys stored and verified in the store. Informational.', helpUri: ruleHelpUri(DOC, 'vault-initialized'), defaultSeverity: 'note', tags: ['vault'] },
  { id: 'vault-already-initialized', title: 'Vault already initialised', help: 'Vault was already initialised; nothing was changed and no store was written. Informational.', helpUri: ruleHelpUri(DOC, 'vault-already-initialized'), defaultSeverity: 'note', tags: ['vault'] },
];

export const initCommand = defineCommand({
  name: 'vault init',
  summary: 'Initialise a rebuilt Vault and store its keys straight into the CI secret store',
  inputs: INIT_INPUTS,
  auditInput: 'audit-log',
  async run({ inputs, env, platform, audit, cwd }) {
    const addrs = inputs['vault-addr'];
    if (addrs.length !== 1) throw new ConfigurationError(`vault-addr: expected the address of one Vault node to initialise, got ${addrs.length}`, {}, 'initialise one node; the other nodes of the cluster join it');
    const addr = addrs[0];
    if (inputs['tls-skip-verify']) {
      platform.warning('tls-skip-verify is true: the Vault TLS certificate is NOT verified, so anyone on the network path can impersonate Vault and read the unseal keys and root token. Pass ca-cert instead.');
    }
    const spec = storeSpec(inputs, env);
    const store = createStore(spec, { caFile: undefined });
    const client = new VaultClient({ addr, caFile: inputs['ca-cert'], insecure: inputs['tls-skip-verify'], namespace: inputs.namespace });
    const recoveryFile = pathIn(cwd, inputs['recovery-file']);
    try {
      // client.where, not addr: an address may carry user:password, which must not reach the audit log.
      const result = await audit.time('vault.init', client.where, () =>
        initVault(client, store, {
          shares: inputs['secret-shares'],
          threshold: inputs['secret-threshold'],
          pgpKeys: inputs['pgp-keys'],
          rootTokenPgpKey: inputs['root-token-pgp-key'],
          keyFormat: inputs['key-format'],
          keyNamePrefix: inputs['key-name-prefix'],
          rootTokenName: inputs['root-token-name'],
          recoveryPublicKey: inputs['recovery-public-key'],
          recoveryFile,
          timeoutSec: inputs.timeout,
          log: (m) => platform.info(m),
        }),
      );
      const findings: Finding[] = [];
      if (result.outcome === 'already-initialized') {
        platform.info(`Vault at ${client.where} is already initialised: nothing was changed, no secret was written`);
        findings.push({
          ruleId: 'vault-already-initialized',
          severity: 'note',
          message: `Vault at ${client.where} is already initialised; nothing was changed and no secret was written`,
          fingerprint: fingerprint('vault-already-initialized', client.where),
          properties: { addr: client.where },
        });
      } else {
        audit.write({ operation: 'store.write', target: store.label, outcome: 'ok', detail: { names: result.names.join(',') } });
        findings.push({
          ruleId: 'vault-initialized',
          severity: 'note',
          message: `Vault at ${client.where} initialised (${inputs['secret-shares']} shares, threshold ${inputs['secret-threshold']}); ${result.names.join(', ')} stored and verified in ${store.label}`,
          fingerprint: fingerprint('vault-initialized', client.where),
          properties: { addr: client.where, store: store.label },
        });
      }
      const s = result.status;
      return {
        report: createReport('vault init', findings, INIT_RULES, {
          vault: client.where,
          initialized: true,
          changed: result.outcome === 'initialized',
          store: store.label,
        }),
        outputs: {
          initialized: true,
          changed: result.outcome === 'initialized',
          sealed: s.sealed,
          threshold: s.t,
          shares: s.n,
          version: s.version,
          'key-names': result.outcome === 'initialized' ? keyNames({ shares: inputs['secret-shares'], keyNamePrefix: inputs['key-name-prefix'] }).join(',') : '',
          'root-token-name': result.outcome === 'initialized' ? inputs['root-token-name'] : '',
        },
      };
    } finally {
      client.close();
    }
  },
});


type InitInputs = {
  store?: string;
  'github-token'?: string;
  'github-api-url'?: string;
  'github-visibility': 'private' | 'all';
  'gitlab-token'?: string;
  'gitlab-api-url'?: string;
  'gitlab-environment-scope': string;
};

/** The store spec from the inputs; the target defaults to the repository or project running the job. */
export function storeSpec(inputs: InitInputs, env: NodeJS.ProcessEnv): StoreSpec {
  let raw = inputs.store;
  if (!raw) {
    if (env.GITHUB_REPOSITORY) raw = `github:repository:${env.GITHUB_REPOSITORY}`;
    else if (env.CI_PROJECT_ID) raw = `gitlab:project:${env.CI_PROJECT_ID}`;
    else throw new ConfigurationError(`store is required outside GitHub Actions and GitLab CI: one of ${STORE_TARGET_FORMS.filter((f) => !f.startsWith('vault-kv')).join(', ')}`);
  }
  const target = parseStoreTarget(raw, 'store');
  switch (target.kind) {
    case 'github': {
      const token = inputs['github-token'];
      if (!token) throw new ConfigurationError('github-token is required for a github: store (a token that may write Actions secrets; the workflow GITHUB_TOKEN cannot)');
      return { ...target, token, apiUrl: inputs['github-api-url'], ...(target.scope === 'organization' ? { visibility: inputs['github-visibility'] } : {}) };
    }
    case 'gitlab': {
      const token = inputs['gitlab-token'];
      if (!token) throw new ConfigurationError('gitlab-token is required for a gitlab: store (a token with the api scope and Maintainer role; CI_JOB_TOKEN cannot write variables)');
      return { ...target, token, apiUrl: inputs['gitlab-api-url'], masked: true, protected: true, environmentScope: inputs['gitlab-environment-scope'] };
    }
    case 'vault-kv':
      throw new ConfigurationError('store: Vault\'s own unseal keys cannot be kept in Vault; use a github: or gitlab: store');
  }
}

function pathIn(cwd: string, file: string): string {
  return file.startsWith('/') ? file : `${cwd.replace(/\/+$/, '')}/${file}`;
}
