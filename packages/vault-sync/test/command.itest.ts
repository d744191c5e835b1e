/**
 * vault sync end to end against the Vault test server (in-process CLI runs): the seed's shape on a
 * fresh Vault, zero writes on a second apply, drift, prune, exit 2 on bad files, a sealed Vault,
 * a token without permission, wrapped SecretIDs, and no secret in any output or the audit log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpClient } from '@hardline/core';
import { VaultClient } from '@hardline/vault';
import { startVaultTestServer, type VaultTestServer } from '../../../test/servers/vault/server';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { fixtureText, writeVaultFile } from './helpers/fixture';
import { runSync } from './helpers/run';

let server: VaultTestServer;
let root: string;
let dir: string;
let http: HttpClient;
const secrets = { db: canary('dbpass'), hr: canary('hrkey'), gw: canary('gwkey') };
const env = (): NodeJS.ProcessEnv => ({
  VAULT_ADDR: server.url,
  VAULT_TOKEN: root,
  TAMSHAI_DB_PASSWORD: secrets.db,
  MCP_HR_API_KEY: secrets.hr,
  MCP_GATEWAY_SIGNING_KEY: secrets.gw,
});
const vault = (token = root) => new VaultClient({ addr: server.url, token, http });

beforeAll(() => {
  http = new HttpClient({ service: 'Vault', retries: 1, baseDelayMs: 10 });
});
afterAll(() => http.close());

beforeEach(async () => {
  server = await startVaultTestServer();
  const init = server.initialize({ shares: 1, threshold: 1 });
  server.unsealWith(init.keys);
  root = init.rootToken;
  dir = writeVaultFile(fixtureText()).dir;
});
afterEach(async () => server.close());

describe('vault sync against a Vault', () => {
  it('creates everything in the seed shape on a fresh Vault', async () => {
    const run = await runSync(['--apply'], env(), dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const data = server.state.data!;
    expect(Object.keys(data.policies).sort()).toEqual(expect.arrayContaining(['mcp-finance', 'mcp-gateway', 'mcp-hr', 'mcp-sales', 'mcp-support']));
    expect(data.mounts['secret/']).toMatchObject({ type: 'kv', options: { version: '2' } });
    expect(data.authMounts['approle/'].type).toBe('approle');
    const roles = data.approle['auth/approle/'].roles;
    expect(Object.keys(roles).sort()).toEqual(['mcp-finance', 'mcp-gateway', 'mcp-hr', 'mcp-sales', 'mcp-support']);
    expect(roles['mcp-hr']).toMatchObject({ roleId: 'mcp-hr-role-id-tamshai-v1', secretIdTtl: 600, secretIdNumUses: 1, tokenTtl: 3600, tokenPolicies: ['mcp-hr'] });
    const db = data.database['database/'];
    expect(Object.keys(db.connections)).toEqual(['tamshai']);
    expect(db.staticRoles['mcp-hr']).toMatchObject({ username: 'mcp_hr', rotationPeriod: 30 * 86400, dbName: 'tamshai' });
    const kv = await vault().read<{ data: { data: Record<string, string> } }>('secret/data/mcp/hr/config');
    expect(kv?.data.data).toEqual({ api_key: secrets.hr });
    expect(run.stdout).toContain('+ approle approle/mcp-hr');
  });

  it('makes zero writes on a second apply of the same file', async () => {
    expect((await runSync(['--apply'], env(), dir)).code).toBe(0);
    server.resetStats();
    const second = await runSync(['--apply'], env(), dir);
    expect(second.code).toBe(0);
    expect(server.stats.writes).toBe(0);
    expect(second.stdout).toContain('no changes');
  });

  it('plans exactly the drifted field and fixes only it', async () => {
    await runSync(['--apply'], env(), dir);
    await vault().write('auth/approle/role/mcp-sales', { token_ttl: '2h' });
    const plan = await runSync(['--plan', '--detailed-exitcode'], env(), dir);
    expect(plan.code).toBe(1);
    const changed = plan.stdout.split('\n').filter((l) => /^\s+[+~!-] /.test(l));
    expect(changed).toEqual(['  ~ approle approle/mcp-sales (token_ttl: 2h → 1h)']);
    server.resetStats();
    const apply = await runSync(['--apply'], env(), dir);
    expect(apply.code).toBe(0);
    expect(server.stats.writes).toBe(1);
    expect(server.state.data!.approle['auth/approle/'].roles['mcp-sales'].tokenTtl).toBe(3600);
  });

  it('prunes what the file does not name, never root or default, and only listed kinds', async () => {
    await runSync(['--apply'], env(), dir);
    await vault().write('sys/policies/acl/legacy', { policy: 'path "x" { capabilities = ["read"] }' });
    await vault().write('auth/approle/role/old-role', { token_ttl: '1h' });
    const text = fixtureText().replace(/\ndatabase:[\s\S]*?\nkv:/, '\nkv:');
    fs.writeFileSync(path.join(dir, 'vault.yml'), text);
    const plan = await runSync(['--plan', '--prune'], env(), dir);
    expect(plan.stdout).toContain('- policy legacy');
    expect(plan.stdout).toContain('- approle approle/old-role');
    expect(plan.stdout).not.toContain('static role');
    expect(server.state.data!.policies.legacy).toBeDefined();
    const apply = await runSync(['--apply', '--prune'], env(), dir);
    expect(apply.code).toBe(0);
    const data = server.state.data!;
    expect(data.policies.legacy).toBeUndefined();
    expect(data.policies.default).toBeDefined();
    expect(data.approle['auth/approle/'].roles['old-role']).toBeUndefined();
    // The file no longer lists static roles: the ones Vault has are not pruned.
    expect(Object.keys(data.database['database/'].staticRoles)).toHaveLength(4);
  });

  it('exits 2 with the line of invalid HCL or an unknown key, before touching Vault', async () => {
    fs.writeFileSync(path.join(dir, 'policies/mcp-hr.hcl'), 'path "a" {\n  capabilities = ["reed"]\n}\n');
    server.resetStats();
    const hcl = await runSync(['--apply'], env(), dir);
    expect(hcl.code).toBe(2);
    expect(hcl.stderr).toContain('policies/mcp-hr.hcl:2: policy HCL: unknown capability "reed"');
    fs.writeFileSync(path.join(dir, 'vault.yml'), fixtureText().replace('    token_max_ttl: 2h\n', '    token_max_tl: 2h\n'));
    const key = await runSync(['--apply'], env(), dir);
    expect(key.code).toBe(2);
    const line = fixtureText().split('\n').findIndex((l) => l === '    token_max_ttl: 2h') + 1;
    expect(key.stderr).toContain(`vault.yml:${line}:5: unknown key "token_max_tl"`);
    expect(server.stats.requests).toEqual([]);
  });

  it('waits for a sealed Vault to be unsealed before reading', async () => {
    const init = await restartSealed();
    // Unseal when the client has seen the sealed status twice: an event, not a timer.
    let sealedSeen = 0;
    const push = server.stats.requests.push.bind(server.stats.requests);
    server.stats.requests.push = (...items) => {
      const n = push(...items);
      if (items.some((r) => r.path === '/v1/sys/seal-status') && server.state.sealed && ++sealedSeen === 2) server.unsealWith(init);
      return n;
    };
    const run = await runSync(['--apply'], env(), dir);
    expect(sealedSeen).toBeGreaterThanOrEqual(2);
    expect(run.code).toBe(0);
    expect(server.state.data!.approle['auth/approle/'].roles['mcp-hr']).toBeDefined();
  });

  it('exits 3 at once when Vault was never initialised', async () => {
    await server.close();
    server = await startVaultTestServer();
    const run = await runSync(['--apply'], env(), dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('is not initialised: there is nothing to sync yet');
    expect(server.stats.requests).toEqual([{ method: 'GET', path: '/v1/sys/seal-status', status: 200 }]);
  });

  it('exits 3 naming the path when the token lacks permission', async () => {
    const weak = server.createToken(['default']);
    const run = await runSync(['--apply'], { ...env(), VAULT_TOKEN: weak }, dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/hardline vault sync failed: Vault: permission denied on sys\/[a-z/-]+/);
    expect(server.stats.writes).toBe(0);
    expect(run.stderr).not.toContain(weak);
  });

  it('reports what was applied when a write fails, exits 3, and converges on a rerun', async () => {
    await vault().write('sys/policies/acl/no-db-config', {
      policy: 'path "*" { capabilities = ["create", "read", "update", "delete", "list", "sudo"] }\npath "database/config/*" { capabilities = ["read", "list"] }',
    });
    const limited = server.createToken(['no-db-config']);
    const partial = await runSync(['--apply'], { ...env(), VAULT_TOKEN: limited }, dir);
    expect(partial.code).toBe(3);
    expect(partial.stdout).toContain('Failed: database connection database/tamshai: Vault: permission denied on database/config/tamshai');
    expect(partial.stdout).toMatch(/Not attempted \(after the failure\): database static role database\/mcp-hr/);
    expect(server.state.data!.approle['auth/approle/'].roles['mcp-hr']).toBeDefined();
    server.resetStats();
    const rerun = await runSync(['--apply'], env(), dir);
    expect(rerun.code).toBe(0);
    expect(server.stats.writes).toBe(1 + 4 + 2);
    server.resetStats();
    expect((await runSync(['--apply'], env(), dir)).code).toBe(0);
    expect(server.stats.writes).toBe(0);
  });

  it('logs in with AppRole and revokes the token it obtained at the end', async () => {
    await runSync(['--apply'], env(), dir);
    await vault().write('sys/policies/acl/syncer', { policy: 'path "*" { capabilities = ["create", "read", "update", "delete", "list", "sudo"] }' });
    await vault().write('auth/approle/role/syncer', { token_policies: ['syncer'], secret_id_num_uses: 1 });
    const roleId = (await vault().read<{ data: { role_id: string } }>('auth/approle/role/syncer/role-id'))!.data.role_id;
    const secretId = (await vault().write<{ data: { secret_id: string } }>('auth/approle/role/syncer/secret-id'))!.data.secret_id;
    const noToken = { ...env(), VAULT_TOKEN: undefined };
    const run = await runSync(['--plan', '--role-id', roleId], { ...noToken, VAULT_SECRET_ID: secretId }, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no changes');
    const live = Object.values(server.state.data!.tokens).filter((t) => t.policies.includes('syncer'));
    expect(live).toEqual([]);
    expect(server.stats.requests).toContainEqual({ method: 'POST', path: '/v1/auth/token/revoke-self', status: 204 });
    expect(run.stdout + run.stderr).not.toContain(secretId);
  });

  it('issues a wrapped SecretID that unwraps to one that logs in once', async () => {
    const out = path.join(dir, 'ids.json');
    const run = await runSync(['--apply', '--issue-secret-id', 'mcp-hr', '--secret-id-file', out], env(), dir);
    expect(run.code).toBe(0);
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe('600');
    const wrapping = JSON.parse(fs.readFileSync(out, 'utf8'))['approle/mcp-hr'] as string;
    expect(run.stdout).not.toContain(wrapping);
    const unwrapped = await vault(wrapping).write<{ data: { secret_id: string } }>('sys/wrapping/unwrap');
    const secretId = unwrapped!.data.secret_id;
    const anon = new VaultClient({ addr: server.url, http });
    const first = await anon.write<{ auth: { client_token: string } }>('auth/approle/login', { role_id: 'mcp-hr-role-id-tamshai-v1', secret_id: secretId });
    expect(first?.auth.client_token).toMatch(/^hvs\./);
    await expect(anon.write('auth/approle/login', { role_id: 'mcp-hr-role-id-tamshai-v1', secret_id: secretId })).rejects.toThrow(/HTTP 400|invalid secret id/i);
  });

  it('exits 2 before touching Vault when secret-id-file is a directory', async () => {
    const out = path.join(dir, 'ids-dir');
    fs.mkdirSync(out);
    server.resetStats();
    const run = await runSync(['--apply', '--issue-secret-id', 'mcp-hr', '--secret-id-file', out], env(), dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('secret-id-file: cannot write');
    expect(run.stderr).not.toContain('internal error');
    expect(server.stats.requests).toEqual([]);
  });

  it('narrows an existing secret-id-file to mode 0600 before SecretIDs are in it', async () => {
    const out = path.join(dir, 'ids-existing.json');
    fs.writeFileSync(out, '{}\n', { mode: 0o644 });
    fs.chmodSync(out, 0o644);
    const run = await runSync(['--apply', '--issue-secret-id', 'mcp-hr', '--secret-id-file', out], env(), dir);
    expect(run.code).toBe(0);
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe('600');
  });

  it('never prints a token, password or kv value and keeps values out of the audit log', async () => {
    const audit = path.join(dir, 'audit', 'vault-sync.jsonl');
    const first = await runSync(['--apply', '--audit-log', audit, '--format', 'json', '--output', 'report.json', '--issue-secret-id', 'mcp-gateway'], env(), dir);
    expect(first.code).toBe(0);
    await vault().write('secret/data/mcp/hr/config', { data: { api_key: 'drifted-value-xyz' } });
    const plan = await runSync(['--plan', '--audit-log', audit], env(), dir);
    expect(plan.stdout).toContain('~ kv secret/mcp/hr/config (data.api_key (value hidden))');
    const lines = fs.readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.operation === 'vault-write' && l.outcome === 'ok').length).toBeGreaterThanOrEqual(20);
    expect(lines[0]).toMatchObject({ command: 'vault sync', target: expect.any(String), detail: { object: expect.any(String), action: 'create' } });
    const hits = findCanaries([root, secrets.db, secrets.hr, secrets.gw, 'drifted-value-xyz'], [first.stdout, first.stderr, plan.stdout, plan.stderr], [dir]);
    // The fixture directory holds no value; the report and audit log must not either.
    expect(hits).toEqual([]);
  });
});

/** Restart the server sealed (it persists state) and return the unseal keys. */
async function restartSealed(): Promise<string[]> {
  await server.close();
  const stateFile = path.join(dir, 'vault-state.json');
  server = await startVaultTestServer({ stateFile });
  const init = server.initialize({ shares: 1, threshold: 1 });
  root = init.rootToken;
  server.seal();
  return init.keys;
}
