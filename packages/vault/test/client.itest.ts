import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { HttpClient, OperationalError, isRegisteredSecret } from '@hardline/core';
import { startVaultTestServer, type VaultTestServer } from '../../../test/servers/vault';
import { VaultClient, VaultError, type VaultResponse } from '../src/client';

let server: VaultTestServer;
let root: string;
const fast = () => new HttpClient({ service: 'Vault', baseDelayMs: 20, maxDelayMs: 100 });

beforeAll(async () => {
  server = await startVaultTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('VaultClient against the Vault test server', () => {
  it('reads the seal status of an uninitialised Vault without a token', async () => {
    const c = new VaultClient({ addr: server.url });
    const s = await c.sealStatus();
    expect(s).toMatchObject({ initialized: false, sealed: true });
    expect((await c.health()).status).toBe(501);
    c.close();
  });

  it('initialises Vault through sys/init and masks the keys and root token it returns', async () => {
    const c = new VaultClient({ addr: `${server.url}/` });
    expect(await c.initialized()).toBe(false);
    const init = await c.init({ secret_shares: 1, secret_threshold: 1 });
    root = init.root_token;
    expect(isRegisteredSecret(init.root_token)).toBe(true);
    expect(isRegisteredSecret(init.keys[0])).toBe(true);
    expect(isRegisteredSecret(init.keys_base64[0])).toBe(true);
    expect((await c.health()).status).toBe(503);
    const s = await c.unseal(init.keys_base64[0]);
    expect(s.sealed).toBe(false);
    expect((await c.health()).body.sealed).toBe(false);
    c.close();
  });

  it('writes, reads, lists and deletes a KV v2 secret, masking its values', async () => {
    const c = new VaultClient({ addr: server.url, token: root });
    await c.write('sys/mounts/secret', { type: 'kv', options: { version: '2' } });
    await c.write('secret/data/app/db', { data: { password: 'kv-value-Zq81xL' } });
    const r = await c.read<VaultResponse<{ data: Record<string, string> }>>('secret/data/app/db');
    expect(r?.data?.data.password).toBe('kv-value-Zq81xL');
    expect(isRegisteredSecret('kv-value-Zq81xL')).toBe(true);
    expect(await c.list('secret/metadata/app')).toEqual(['db']);
    await c.delete('secret/metadata/app/db');
    expect(await c.read('secret/data/app/db')).toBeUndefined();
    expect(await c.list('secret/metadata/nothing-here')).toEqual([]);
    c.close();
  });

  it('turns a 403 into "permission denied on <path>"', async () => {
    const limited = server.createToken(['default']);
    const c = new VaultClient({ addr: server.url, token: limited });
    const err = await c.read('secret/data/app/db').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).status).toBe(403);
    expect((err as Error).message).toContain('permission denied on secret/data/app/db');
    c.close();
  });

  it('wraps a response when asked and masks the wrapping token', async () => {
    const c = new VaultClient({ addr: server.url, token: root });
    const r = await c.write<VaultResponse>('sys/wrapping/wrap', { hello: 'world' }, { wrapTtl: '60s' });
    expect(r?.wrap_info?.token).toBeTruthy();
    expect(isRegisteredSecret(r?.wrap_info?.token ?? '')).toBe(true);
    c.close();
  });

  it('revokes its own token', async () => {
    const token = server.createToken(['default']);
    const c = new VaultClient({ addr: server.url, token });
    await c.read('auth/token/lookup-self');
    await c.revokeSelf();
    await expect(c.read('auth/token/lookup-self')).rejects.toThrow(/permission denied/);
    c.close();
  });

  it('waits out a 503 burst on reads', async () => {
    const c = new VaultClient({ addr: server.url, http: fast() });
    server.faults.failNext = { status: 503, count: 2, errors: ['Vault is sealed'] };
    expect((await c.sealStatus()).sealed).toBe(false);
  });

  it('says clearly that Vault is sealed when a call hits a sealed Vault', async () => {
    server.seal();
    const c = new VaultClient({ addr: server.url, token: root, http: new HttpClient({ service: 'Vault', retries: 0 }) });
    const err = await c.read('secret/data/app/db').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).message).toMatch(/is sealed/);
    expect((err as OperationalError).hint).toMatch(/vault unseal/);
  });

  it('waits, with backoff, for a Vault that refuses connections for a few seconds', async () => {
    // One HTTP retry only, so that the waiting is done by waitUntilReachable's own backoff.
    const c = new VaultClient({ addr: server.url, http: new HttpClient({ service: 'Vault', retries: 1 }) });
    server.faults.refuseUntil = Date.now() + 3000;
    const waits: string[] = [];
    const s = await c.waitUntilReachable(60, (reason) => waits.push(reason));
    expect(s.initialized).toBe(true);
    expect(waits.length).toBeGreaterThan(0);
    c.close();
  });

  it('bounds each wait attempt by the time left when Vault accepts connections but never answers', async () => {
    const sockets = new Set<net.Socket>();
    const hang = net.createServer((sock) => {
      sockets.add(sock);
    });
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    // No injected HTTP client: the client's own (30 s per attempt, several retries) is what the timeout must bound.
    const c = new VaultClient({ addr: `http://127.0.0.1:${(hang.address() as AddressInfo).port}` });
    try {
      const err = await c.waitUntilReachable(1).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OperationalError);
      expect((err as OperationalError).message).toContain('did not answer within 1 s');
      const attemptTimeouts = (err as OperationalError).tried.map((t) => Number(/timeout after (\d+) ms/.exec(t)?.[1]));
      expect(attemptTimeouts.length).toBeGreaterThan(0);
      for (const ms of attemptTimeouts) expect(ms).toBeLessThanOrEqual(1000);
    } finally {
      c.close();
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  }, 60_000);

  it('gives up after the timeout, naming what it tried', async () => {
    const c = new VaultClient({ addr: 'http://127.0.0.1:1', http: new HttpClient({ service: 'Vault', retries: 0 }) });
    const err = await c.waitUntilReachable(1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).message).toContain('did not answer within 1 s');
    expect((err as OperationalError).tried.length).toBeGreaterThan(0);
  });
});
