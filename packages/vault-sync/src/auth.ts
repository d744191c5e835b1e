/**
 * How vault sync authenticates: a token, AppRole (role-id + secret-id), GitHub OIDC (an ID token
 * from the runner, then Vault's jwt login) or GitLab id_tokens / CI_JOB_JWT_V2 (jwt login). Every
 * credential is masked the moment it exists; a token hardline logged in for is revoked at the end.
 */
import * as actionsCore from '@actions/core';
import { ConfigurationError, OperationalError, mask } from '@hardline/core';
import type { VaultClient, VaultResponse } from '@hardline/vault';

export const AUTH_METHODS = ['auto', 'token', 'approle', 'github-oidc', 'gitlab-jwt'] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface AuthInputs {
  method: AuthMethod;
  token?: string;
  roleId?: string;
  secretId?: string;
  approleMount: string;
  jwtRole?: string;
  jwtMount: string;
  audience: string;
  /** GitLab: the variable holding the ID token (id_tokens), CI_JOB_JWT_V2 as fallback. */
  idTokenVariable: string;
}

export interface LoginResult {
  method: Exclude<AuthMethod, 'auto'>;
  /** True when hardline obtained the token and must revoke it at the end. */
  revoke: boolean;
}

export type IdTokenSource = (audience: string) => Promise<string>;

type LoginClient = Pick<VaultClient, 'write' | 'setToken'>;

/** Which method `auto` picks: the first that has its credentials. */
export function resolveMethod(inputs: AuthInputs, env: NodeJS.ProcessEnv): Exclude<AuthMethod, 'auto'> {
  if (inputs.method !== 'auto') return inputs.method;
  if (inputs.token) return 'token';
  if (inputs.roleId || inputs.secretId) return 'approle';
  if (inputs.jwtRole && env.ACTIONS_ID_TOKEN_REQUEST_URL) return 'github-oidc';
  if (inputs.jwtRole && (env[inputs.idTokenVariable] || env.CI_JOB_JWT_V2)) return 'gitlab-jwt';
  throw new ConfigurationError(
    'no Vault credentials: must specify exactly one of vault-token, role-id + secret-id, or jwt-role (GitHub OIDC or GitLab id_tokens)',
    {},
    'set vault-token (or VAULT_TOKEN), or role-id and secret-id, or jwt-role with `permissions: id-token: write` on GitHub / `id_tokens:` on GitLab',
  );
}

export async function login(vault: LoginClient, inputs: AuthInputs, env: NodeJS.ProcessEnv, idToken: IdTokenSource = actionsCore.getIDToken): Promise<LoginResult> {
  const method = resolveMethod(inputs, env);
  switch (method) {
    case 'token': {
      if (!inputs.token) throw new ConfigurationError('auth-method token: vault-token is required (or set VAULT_TOKEN)');
      vault.setToken(mask(inputs.token));
      return { method, revoke: false };
    }
    case 'approle': {
      if (!inputs.roleId || !inputs.secretId) {
        throw new ConfigurationError('auth-method approle: both role-id and secret-id are required (or VAULT_ROLE_ID and VAULT_SECRET_ID)');
      }
      mask(inputs.secretId);
      await loginWith(vault, `auth/${inputs.approleMount}/login`, { role_id: inputs.roleId, secret_id: inputs.secretId });
      return { method, revoke: true };
    }
    case 'github-oidc': {
      if (!inputs.jwtRole) throw new ConfigurationError('auth-method github-oidc: jwt-role is required (the Vault jwt role bound to this repository)');
      if (!env.ACTIONS_ID_TOKEN_REQUEST_URL) {
        throw new ConfigurationError(
          'auth-method github-oidc: the runner offers no ID token (ACTIONS_ID_TOKEN_REQUEST_URL is not set)',
          {},
          'add `permissions: id-token: write` to the job (forks cannot get one in pull_request runs)',
        );
      }
      let jwt: string;
      try {
        jwt = mask(await idToken(inputs.audience));
      } catch (err) {
        throw new OperationalError(`could not get a GitHub OIDC ID token for audience "${inputs.audience}"`, ['getIDToken(audience)'], (err as Error).message);
      }
      await loginWith(vault, `auth/${inputs.jwtMount}/login`, { role: inputs.jwtRole, jwt });
      return { method, revoke: true };
    }
    case 'gitlab-jwt': {
      if (!inputs.jwtRole) throw new ConfigurationError('auth-method gitlab-jwt: jwt-role is required (the Vault jwt role bound to this project)');
      const jwt = env[inputs.idTokenVariable] || env.CI_JOB_JWT_V2;
      if (!jwt) {
        throw new ConfigurationError(
          `auth-method gitlab-jwt: neither ${inputs.idTokenVariable} nor CI_JOB_JWT_V2 is set`,
          {},
          `declare \`id_tokens: ${inputs.idTokenVariable}: aud: ${inputs.audience}\` on the job`,
        );
      }
      mask(jwt);
      await loginWith(vault, `auth/${inputs.jwtMount}/login`, { role: inputs.jwtRole, jwt });
      return { method, revoke: true };
    }
  }
}

async function loginWith(vault: LoginClient, path: string, body: Record<string, string>): Promise<void> {
  const res = await vault.write<VaultResponse>(path, body);
  const token = res?.auth?.client_token;
  if (!token) throw new OperationalError(`Vault answered ${path} without a client token`, [`POST ${path}`]);
  vault.setToken(mask(token));
}
