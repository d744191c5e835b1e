/**
 * Tests of the Vault TEST SERVER's process-level behaviour — fault injection, statistics,
 * routing errors — the server, not Vault.
 */
import { startVaultTestServer, type VaultTestServer } from './index';
import { call, errorsOf } from './http-helpers';

async function connectionError(url: string): Promise<string> {
  try {
    await fetch(`${url}/v1/sys/health`);
    return 'connected';
  } catch (error) {
    return String(((error as Error).cause as NodeJS.ErrnoException | undefined)?.code);
  }
}

describe('Vault test server faults', () => {
  let server: VaultTestServer;
  afterEach(() => server.close());

  it('refuses connections until refuseUntil, then listens again on the same port', async () => {
    server = await startVaultTestServer();
    const url = server.url;
    expect((await fetch(`${url}/v1/sys/health`)).status).toBe(501);
    server.faults.refuseUntil = Date.now() + 60_000;
    expect(await connectionError(url)).toBe('ECONNREFUSED');
    server.faults.refuseUntil = 0;
    await server.waitUntilListening();
    expect(server.url).toBe(url);
    expect((await fetch(`${url}/v1/sys/health`)).status).toBe(501);
  });

  it('reopens by itself when refuseUntil passes', async () => {
    server = await startVaultTestServer({ faults: { refuseUntil: Date.now() + 300 } });
    const started = Date.now();
    expect(await connectionError(server.url)).toBe('ECONNREFUSED');
    await server.waitUntilListening();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await fetch(`${server.url}/v1/sys/health`)).status).toBe(501);
  });

  it('answers the next requests with an injected 500/503 burst, then normally', async () => {
    server = await startVaultTestServer({ faults: { failNext: { status: 503, count: 2 } } });
    const first = await call(server.url, 'GET', 'sys/seal-status');
    expect(first.status).toBe(503);
    expect(errorsOf(first)).toEqual(['Vault is sealed']);
    expect((await call(server.url, 'GET', 'sys/seal-status')).status).toBe(503);
    expect((await call(server.url, 'GET', 'sys/seal-status')).status).toBe(200);
    expect(server.faults.failNext).toBeNull();
    server.faults.failNext = { status: 500, count: 1, errors: ['storage unavailable'] };
    expect(await call(server.url, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } })).toMatchObject({ status: 500, body: { errors: ['storage unavailable'] } });
    expect(server.state.initialized).toBe(false);
  });

  it('delays answers by slowMs plus latencyMs', async () => {
    server = await startVaultTestServer({ latencyMs: 100 });
    server.faults.slowMs = 150;
    const started = Date.now();
    await call(server.url, 'GET', 'sys/health');
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('reports a standby node from the start when asked to', async () => {
    server = await startVaultTestServer({ standby: true });
    const { keys } = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(keys);
    expect(server.faults.standby).toBe(true);
    const health = await call(server.url, 'GET', 'sys/health');
    expect(health.status).toBe(429);
    expect(health.body).toMatchObject({ standby: true, sealed: false });
  });
});

describe('Vault test server statistics and routing', () => {
  let server: VaultTestServer;
  let root: string;
  beforeEach(async () => {
    server = await startVaultTestServer();
    const init = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(init.keys);
    root = init.rootToken;
  });
  afterEach(() => server.close());

  /** An idempotent "apply": reads first, writes only what differs. */
  async function apply(): Promise<void> {
    const mounts = await call(server.url, 'GET', 'sys/mounts', { token: root });
    if (!(mounts.body?.data as Record<string, unknown>)['secret/']) {
      await call(server.url, 'POST', 'sys/mounts/secret', { token: root, body: { type: 'kv-v2' } });
    }
    const policy = 'path "secret/data/*" { capabilities = ["read"] }';
    const current = await call(server.url, 'GET', 'sys/policies/acl/reader', { token: root });
    if ((current.body?.data as { policy?: string } | undefined)?.policy !== policy) {
      await call(server.url, 'PUT', 'sys/policies/acl/reader', { token: root, body: { policy } });
    }
  }

  it('counts reads and state-changing writes, so a second apply shows zero writes', async () => {
    await apply();
    expect(server.stats.writes).toBe(2);
    expect(server.stats.byRoute['POST /sys/mounts/{path}']).toBe(1);
    expect(server.stats.byRoute['POST /sys/policies/acl/{name}']).toBe(1);
    server.resetStats();
    await apply();
    expect(server.stats).toMatchObject({ reads: 2, writes: 0 });
    expect(server.stats.requests).toEqual([
      { method: 'GET', path: '/v1/sys/mounts', status: 200 },
      { method: 'GET', path: '/v1/sys/policies/acl/reader', status: 200 },
    ]);
  });

  it('does not count failed writes or lookups as writes, and counts LIST as a read', async () => {
    await call(server.url, 'PUT', 'sys/policies/acl/x', { token: 'hvs.bogus', body: { policy: 'path "a" {}' } });
    await call(server.url, 'PUT', 'sys/policies/acl/x', { token: root, body: { policy: 'not hcl {' } });
    await call(server.url, 'POST', 'sys/wrapping/lookup', { body: { token: 'hvs.nope' } });
    await call(server.url, 'LIST', 'sys/policies/acl', { token: root });
    expect(server.stats).toMatchObject({ reads: 1, writes: 0 });
    expect(server.stats.byRoute['LIST /sys/policies/acl/']).toBe(1);
  });

  it('answers unknown paths and methods as Vault does, and ignores X-Vault-Namespace', async () => {
    expect(errorsOf(await call(server.url, 'GET', 'sys/nosuch', { token: root }))).toEqual(['1 error occurred:\n\t* unsupported path\n\n']);
    expect((await call(server.url, 'DELETE', 'sys/seal-status', { token: root })).status).toBe(405);
    expect((await call(server.url, 'GET', 'nomount/x', { token: root })).status).toBe(404);
    expect((await call(server.url, 'GET', 'nomount/x', { token: server.createToken([]) })).status).toBe(403);
    const namespaced = await call(server.url, 'GET', 'auth/token/lookup-self', { token: root, headers: { 'X-Vault-Namespace': 'team-a/' } });
    expect(namespaced.status).toBe(200);
    expect((await fetch(`${server.url}/v2/sys/health`)).status).toBe(404);
  });

  it('accepts the token as "Authorization: Bearer" too', async () => {
    const answer = await fetch(`${server.url}/v1/auth/token/lookup-self`, { headers: { Authorization: `Bearer ${root}` } });
    expect(answer.status).toBe(200);
  });
});
