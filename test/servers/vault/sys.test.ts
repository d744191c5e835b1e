/**
 * Tests of the Vault TEST SERVER's seal lifecycle (sys/init, sys/unseal, sys/seal-status,
 * sys/seal, sys/health) and its persistence across restart — the server, not Vault.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVaultTestServer, type VaultTestServer } from './index';
import { call, dataOf, errorsOf } from './http-helpers';

describe('Vault test server: init, unseal, seal, health', () => {
  let server: VaultTestServer;
  beforeEach(async () => {
    server = await startVaultTestServer();
  });
  afterEach(() => server.close());

  it('starts uninitialised and sealed, and answers everything but the seal endpoints with 503', async () => {
    expect((await call(server.url, 'GET', 'sys/init')).body).toEqual({ initialized: false });
    const status = await call(server.url, 'GET', 'sys/seal-status');
    expect(status.body).toMatchObject({ type: 'shamir', initialized: false, sealed: true, t: 0, n: 0, progress: 0, nonce: '' });
    expect(status.body).not.toHaveProperty('cluster_id');
    const health = await call(server.url, 'GET', 'sys/health');
    expect(health.status).toBe(501);
    expect(health.body).toMatchObject({ initialized: false, sealed: true, standby: true });
    const read = await call(server.url, 'GET', 'secret/data/app', { token: 'anything' });
    expect(read.status).toBe(503);
    expect(read.body).toEqual({ errors: ['Vault is sealed'] });
  });

  it('initialises over HTTP with keys in hex and base64 that stay sealed until the threshold is met', async () => {
    const init = await call(server.url, 'PUT', 'sys/init', { body: { secret_shares: 5, secret_threshold: 3 } });
    expect(init.status).toBe(200);
    const keys = init.body!.keys as string[];
    const keysBase64 = init.body!.keys_base64 as string[];
    expect(keys).toHaveLength(5);
    expect(keys.every((key) => /^[0-9a-f]{66}$/.test(key))).toBe(true);
    expect(keysBase64.map((key) => Buffer.from(key, 'base64').toString('hex'))).toEqual(keys);
    expect(init.body!.root_token).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);

    const first = await call(server.url, 'PUT', 'sys/unseal', { body: { key: keys[0] } });
    expect(first.body).toMatchObject({ sealed: true, t: 3, n: 5, progress: 1 });
    expect(first.body!.nonce).toMatch(/^[0-9a-f-]{36}$/);
    const repeated = await call(server.url, 'PUT', 'sys/unseal', { body: { key: keysBase64[0] } });
    expect(repeated.body).toMatchObject({ sealed: true, progress: 1, nonce: first.body!.nonce });
    await call(server.url, 'PUT', 'sys/unseal', { body: { key: keysBase64[3] } });
    const done = await call(server.url, 'PUT', 'sys/unseal', { body: { key: keys[4] } });
    expect(done.body).toMatchObject({ sealed: false, progress: 0, nonce: '', initialized: true });
    expect(done.body!.cluster_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(server.url, 'GET', 'sys/health')).status).toBe(200);
  });

  it('rejects a second init and invalid seal configurations with 400', async () => {
    const bad = await call(server.url, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 1 } });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad)).toEqual(['invalid seal configuration: threshold must be greater than one for multiple shares']);
    const tooHigh = await call(server.url, 'PUT', 'sys/init', { body: { secret_shares: 2, secret_threshold: 3 } });
    expect(errorsOf(tooHigh)).toEqual(['invalid seal configuration: threshold cannot be larger than shares']);
    const pgp = await call(server.url, 'PUT', 'sys/init', { body: { secret_shares: 2, secret_threshold: 2, pgp_keys: ['a'] } });
    expect(errorsOf(pgp)).toEqual(['invalid seal configuration: count mismatch between number of provided PGP keys and number of shares']);
    expect((await call(server.url, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } })).status).toBe(200);
    const again = await call(server.url, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
    expect(again.status).toBe(400);
    expect(errorsOf(again)).toEqual(['Vault is already initialized']);
  });

  it('uses the single 32-byte key directly when there is one share', async () => {
    const { keys } = server.initialize({ shares: 1, threshold: 1 });
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    const done = await call(server.url, 'POST', 'sys/unseal', { body: { key: keys[0] } });
    expect(done.body).toMatchObject({ sealed: false, t: 1, n: 1 });
  });

  it('fails a wrong combination of keys with 400 and starts the unseal over', async () => {
    const { keys } = server.initialize({ shares: 3, threshold: 2 });
    const other = await startVaultTestServer();
    const foreign = other.initialize({ shares: 3, threshold: 2 }).keys;
    await other.close();
    await call(server.url, 'PUT', 'sys/unseal', { body: { key: keys[0] } });
    const wrong = await call(server.url, 'PUT', 'sys/unseal', { body: { key: foreign[1] } });
    expect(wrong.status).toBe(400);
    expect(errorsOf(wrong)[0]).toMatch(/^unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed$/);
    expect((await call(server.url, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, progress: 0 });
    await call(server.url, 'PUT', 'sys/unseal', { body: { key: keys[2] } });
    expect((await call(server.url, 'PUT', 'sys/unseal', { body: { key: keys[1] } })).body).toMatchObject({ sealed: false });
  });

  it('validates unseal requests like Vault and supports reset', async () => {
    const { keys } = server.initialize({ shares: 3, threshold: 2 });
    expect(errorsOf(await call(server.url, 'PUT', 'sys/unseal', { body: {} }))).toEqual(["'key' must be specified in request body as JSON, or 'reset' set to true"]);
    expect(errorsOf(await call(server.url, 'PUT', 'sys/unseal', { body: { key: 'not base64 !' } }))).toEqual(["'key' must be a valid hex or base64 string"]);
    expect(errorsOf(await call(server.url, 'PUT', 'sys/unseal', { body: { key: 'abcd' } }))).toEqual(['invalid key: key is shorter than minimum 16 bytes']);
    await call(server.url, 'PUT', 'sys/unseal', { body: { key: keys[0] } });
    expect((await call(server.url, 'PUT', 'sys/unseal', { body: { reset: true } })).body).toMatchObject({ sealed: true, progress: 0 });
    server.unsealWith(keys.slice(1));
    expect(errorsOf(await call(server.url, 'PUT', 'sys/unseal', { body: { reset: true } }))).toEqual(['vault is unsealed']);
  });

  it('seals with sys/seal, which needs a token with sudo', async () => {
    const { keys, rootToken } = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(keys);
    const weak = server.createToken([]);
    expect((await call(server.url, 'PUT', 'sys/seal', { token: weak })).status).toBe(403);
    expect((await call(server.url, 'PUT', 'sys/seal')).status).toBe(403);
    expect((await call(server.url, 'PUT', 'sys/seal', { token: rootToken })).status).toBe(204);
    expect((await call(server.url, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true });
    expect((await call(server.url, 'GET', 'auth/token/lookup-self', { token: rootToken })).status).toBe(503);
  });

  it('answers sys/health with the code each state and query flag asks for', async () => {
    const { keys } = server.initialize({ shares: 1, threshold: 1 });
    expect((await call(server.url, 'GET', 'sys/health')).status).toBe(503);
    expect((await call(server.url, 'GET', 'sys/health?sealedcode=200')).status).toBe(200);
    expect((await call(server.url, 'GET', 'sys/health?sealedcode=abc')).status).toBe(400);
    server.unsealWith(keys);
    const active = await call(server.url, 'GET', 'sys/health');
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ initialized: true, sealed: false, standby: false, performance_standby: false, replication_dr_mode: 'disabled' });
    expect(typeof active.body!.server_time_utc).toBe('number');
    expect((await call(server.url, 'GET', 'sys/health?activecode=204')).status).toBe(204);
    server.faults.standby = true;
    expect((await call(server.url, 'GET', 'sys/health')).status).toBe(429);
    expect((await call(server.url, 'GET', 'sys/health?standbyok=true')).status).toBe(200);
    expect((await call(server.url, 'GET', 'sys/health?standbycode=200')).status).toBe(200);
    const head = await fetch(`${server.url}/v1/sys/health`, { method: 'HEAD' });
    expect(head.status).toBe(429);
  });

  it('lists only cubbyhole, identity and sys mounts and token auth on a fresh Vault', async () => {
    const { keys, rootToken } = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(keys);
    const mounts = await call(server.url, 'GET', 'sys/mounts', { token: rootToken });
    expect(Object.keys(dataOf(mounts)).sort()).toEqual(['cubbyhole/', 'identity/', 'sys/']);
    expect(mounts.body).toHaveProperty(['sys/', 'type'], 'system');
    const auth = await call(server.url, 'GET', 'sys/auth', { token: rootToken });
    expect(Object.keys(dataOf(auth))).toEqual(['token/']);
  });
});

describe('Vault test server: persistence and restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-test-server-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('comes back sealed on the same port, and opens with the same keys onto the same state', async () => {
    const stateFile = join(dir, 'state.json');
    const server = await startVaultTestServer({ stateFile });
    try {
      const { keys, rootToken } = server.initialize({ shares: 3, threshold: 2 });
      server.unsealWith(keys.slice(0, 2));
      const put = await call(server.url, 'PUT', 'sys/policies/acl/reader', { token: rootToken, body: { policy: 'path "secret/*" { capabilities = ["read"] }' } });
      expect(put.status).toBe(204);
      const port = server.port;
      await server.restart();
      expect(server.port).toBe(port);
      expect((await call(server.url, 'GET', 'sys/seal-status')).body).toMatchObject({ initialized: true, sealed: true });
      expect(server.state.data).toBeNull();
      server.unsealWith([keys[2], keys[0]]);
      const read = await call(server.url, 'GET', 'sys/policies/acl/reader', { token: rootToken });
      expect(dataOf(read).policy).toContain('secret/*');
    } finally {
      await server.close();
    }
  });

  it('keeps nothing readable at rest: no root token, policy text or unseal key in the state file', async () => {
    const stateFile = join(dir, 'state.json');
    const server = await startVaultTestServer({ stateFile });
    const { keys, keysBase64, rootToken } = server.initialize({ shares: 3, threshold: 2 });
    server.unsealWith(keys);
    await call(server.url, 'PUT', 'sys/policies/acl/marker-policy', { token: rootToken, body: { policy: 'path "marker/*" { capabilities = ["read"] }' } });
    await server.close();
    const text = readFileSync(stateFile, 'utf8');
    for (const secret of [rootToken, 'marker-policy', ...keys, ...keysBase64]) expect(text).not.toContain(secret);

    const reopened = await startVaultTestServer({ stateFile });
    try {
      expect(() => reopened.unsealWith([keys[1]])).toThrow('still sealed');
      reopened.unsealWith([keys[2]]);
      expect(reopened.state.data?.policies['marker-policy']).toContain('marker/*');
    } finally {
      await reopened.close();
    }
  });
});
