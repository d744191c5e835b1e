/**
 * The services a rotation talks to, all test servers over loopback HTTP: GitHub (decrypts the sealed
 * boxes it receives), GitLab, Keycloak and Vault (unsealed, with a database static role, an AppRole
 * role and a KV v2 mount). Plus a temp directory, a plan writer and a captured in-process CLI run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCommand, type Command } from '@hardline/core';
import { startGitHubTestServer, GITHUB_TEST_TOKENS, type GitHubTestServer } from '../../../../test/servers/github';
import { startGitLabTestServer, GITLAB_TEST_TOKENS, type GitLabTestServer } from '../../../../test/servers/gitlab';
import { startKeycloakTestServer, KEYCLOAK_TEST_DEFAULTS, type KeycloakTestServer } from '../../../../test/servers/keycloak';
import { startVaultTestServer, type VaultTestServer } from '../../../../test/servers/vault';

export interface World {
  github: GitHubTestServer;
  gitlab: GitLabTestServer;
  keycloak: KeycloakTestServer;
  vault: VaultTestServer;
  root: string;
  /** Observes every Vault answer (e.g. to kill a run at a precise point). */
  onVaultResponse: ((r: { route: string; status: number }) => void) | undefined;
  /** The password the "database" currently accepts for the static role (set by Vault's onRotate). */
  dbPassword(): string | undefined;
  dir: string;
  close(): Promise<void>;
}

export async function vaultCall(w: { vault: VaultTestServer; root: string }, method: string, p: string, body?: unknown, token = w.root): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const res = await fetch(`${w.vault.url}/v1/${p}`, {
    method: method === 'LIST' ? 'GET' : method,
    headers: { 'x-vault-token': token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

export async function startWorld(): Promise<World> {
  let dbPassword: string | undefined;
  const holder: { world?: World } = {};
  const [github, gitlab, keycloak] = await Promise.all([startGitHubTestServer(), startGitLabTestServer(), startKeycloakTestServer()]);
  const vault = await startVaultTestServer({
    onRotate: async (_user, password) => {
      dbPassword = password;
    },
    onResponse: (r) => holder.world?.onVaultResponse?.(r),
  });
  const init = vault.initialize({ shares: 1, threshold: 1 });
  vault.unsealWith(init.keys);
  const w = { vault, root: init.rootToken };
  const must = async (method: string, p: string, body?: unknown) => {
    const r = await vaultCall(w, method, p, body);
    if (r.status >= 300) throw new Error(`${method} ${p} → ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  await must('POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } });
  await must('POST', 'sys/mounts/database', { type: 'database' });
  await must('POST', 'database/config/pg', { plugin_name: 'postgresql-database-plugin', connection_url: 'postgresql://{{username}}:{{password}}@db:5432/app', username: 'vault', password: 'root-pw-db-config', allowed_roles: ['app'] });
  await must('POST', 'database/static-roles/app', { username: 'app_user', db_name: 'pg', rotation_period: '24h' });
  await must('POST', 'sys/auth/approle', { type: 'approle' });
  await must('POST', 'auth/approle/role/deployer', { token_policies: ['default'] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-rotation-'));
  const world: World = {
    onVaultResponse: undefined,
    github,
    gitlab,
    keycloak,
    vault,
    root: init.rootToken,
    dbPassword: () => dbPassword,
    dir,
    close: async () => {
      await Promise.all([github.close(), gitlab.close(), keycloak.close(), vault.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  holder.world = world;
  return world;
}

/** A secret ID the AppRole role accepts for login? */
export async function approleAccepts(w: World, secretId: string): Promise<boolean> {
  const roleId = (await vaultCall(w, 'GET', 'auth/approle/role/deployer/role-id')).body as { data: { role_id: string } };
  const r = await vaultCall(w, 'POST', 'auth/approle/login', { role_id: roleId.data.role_id, secret_id: secretId }, '');
  return r.status === 200;
}

/** Does Keycloak accept client_credentials with this secret for app-backend? */
export async function keycloakAccepts(w: World, secret: string, clientId = KEYCLOAK_TEST_DEFAULTS.appClientId): Promise<boolean> {
  const res = await fetch(`${w.keycloak.url}/realms/${KEYCLOAK_TEST_DEFAULTS.realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
  });
  return res.status === 200;
}

/** The KV v2 value of a key under secret/ci/creds. */
export async function kvValue(w: World, key: string, p = 'ci/creds'): Promise<string | undefined> {
  const r = await vaultCall(w, 'GET', `secret/data/${p}`);
  const data = (r.body as { data?: { data?: Record<string, string> } } | null)?.data?.data;
  return data?.[key];
}

export function writePlan(dir: string, yaml: string, name = 'rotation.yml'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, yaml);
  return file;
}

/** CLI flags for every service of the world. */
export function serviceFlags(w: World): string[] {
  return [
    '--github-token', GITHUB_TEST_TOKENS.write,
    '--github-api-url', w.github.url,
    '--gitlab-token', GITLAB_TEST_TOKENS.owner,
    '--gitlab-api-url', `${w.gitlab.url}/api/v4`,
    '--vault-addr', w.vault.url,
    '--vault-token', w.root,
    '--keycloak-client-id', KEYCLOAK_TEST_DEFAULTS.rotatorClientId,
    '--keycloak-client-secret', KEYCLOAK_TEST_DEFAULTS.rotatorSecret,
    '--retry-delay', '5ms',
  ];
}

export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Runs a command in-process as the CLI would, capturing stdout and stderr. */
export async function runCaptured(cmd: Command, argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    const code = await runCommand(cmd, { argv, env, cwd });
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

export { GITHUB_TEST_TOKENS, GITLAB_TEST_TOKENS, KEYCLOAK_TEST_DEFAULTS };
