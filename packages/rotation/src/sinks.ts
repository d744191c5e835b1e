/**
 * Store specs for the plan's sinks: the target from rotation.yml, the credentials and API addresses
 * from the command's inputs, GitLab variables masked + protected in the entry's environment scope.
 */
import { ConfigurationError } from '@hardline/core';
import type { StoreSpec, StoreTarget } from '@hardline/stores';

export interface SinkCredentials {
  githubToken?: string;
  githubApiUrl?: string;
  githubVisibility?: 'private' | 'all';
  gitlabToken?: string;
  gitlabApiUrl?: string;
  vaultAddr?: string;
  vaultToken?: string;
  vaultNamespace?: string;
  caFile?: string;
}

export function sinkSpec(target: StoreTarget, creds: SinkCredentials, environment: string | undefined, where: string): StoreSpec {
  switch (target.kind) {
    case 'github': {
      if (!creds.githubToken) {
        throw new ConfigurationError(`${where}: github-token is required for a github: sink (a token that may write Actions secrets; the workflow GITHUB_TOKEN cannot)`);
      }
      return {
        ...target,
        token: creds.githubToken,
        apiUrl: creds.githubApiUrl,
        ...(target.scope === 'organization' ? { visibility: creds.githubVisibility ?? 'private' } : {}),
      };
    }
    case 'gitlab': {
      if (!creds.gitlabToken) {
        throw new ConfigurationError(`${where}: gitlab-token is required for a gitlab: sink (a token with the api scope and Maintainer role; CI_JOB_TOKEN cannot write variables)`);
      }
      return { ...target, token: creds.gitlabToken, apiUrl: creds.gitlabApiUrl, masked: true, protected: true, environmentScope: environment ?? '*' };
    }
    case 'vault-kv': {
      if (!creds.vaultAddr || !creds.vaultToken) {
        throw new ConfigurationError(`${where}: vault-addr and vault-token are required for a vault-kv: sink`);
      }
      return { ...target, addr: creds.vaultAddr, token: creds.vaultToken, namespace: creds.vaultNamespace, caFile: creds.caFile };
    }
  }
}
