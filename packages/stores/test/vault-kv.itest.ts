import { ConfigurationError, HttpClient, OperationalError } from '@hardline/core';
import { startVaultTestServer, type VaultTestServer } from '../../../test/servers/vault';
import { call } from '../../../test/servers/vault/http-helpers';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { createStore, type VaultKvStoreSpec } from '../src';

describe('Vault KV v2 store against the Vault test server', () => {
  let server: VaultTestServer;
  let http: HttpClient;
  let root: string;
  let writer: string;
  let reader: string;
  const seen: string[] = [];
  const canaries: string[] = [];

  const store = (over: Partial<VaultKvStoreSpec> = {}) =>
    createStore({ kind: 'vault-kv', addr: server.url, token: writer, mount: 'secret', path: 'ci/creds', ...over }, { http });
  const stored = async (): Promise<{ data: Record<string, string>; version: number }> => {
    const res = await call(server.url, 'GET', 'secret/data/ci/creds', { token: root });
    const data = res.body?.data as { data: Record<string, string>; metadata: { version: number } };
    return { data: data.data, version: data.metadata.version };
  };
  const failure = async (p: Promise<unknown>): Promise<Error> => {
    try {
      await p;
    } catch (err) {
      const e = err as Error & { describe?: () => string };
      seen.push(e.message, e.describe ? e.describe() : '');
      return e;
    }
    throw new Error('expected the call to fail');
  };

  beforeEach(async () => {
    server = await startVaultTestServer();
    const init = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(init.keys);
    root = init.rootToken;
    expect((await call(server.url, 'POST', 'sys/mounts/secret', { token: root, body: { type: 'kv', options: { version: '2' } } })).status).toBe(204);
    const policy = (caps: string) => `path "secret/data/ci/*" {\n  capabilities = [${caps}]\n}\n`;
    await call(server.url, 'PUT', 'sys/policies/acl/ci-writer', { token: root, body: { policy: policy('"create", "read", "update"') } });
    await call(server.url, 'PUT', 'sys/policies/acl/ci-reader', { token: root, body: { policy: policy('"read"') } });
    writer = server.createToken(['ci-writer']);
    reader = server.createToken(['ci-reader']);
    http = new HttpClient({ service: 'Vault', baseDelayMs: 2, maxDelayMs: 10, retries: 4 });
  });
  afterEach(async () => {
    http.close();
    await server.close();
  });
  afterAll(() => {
    expect(findCanaries(canaries, seen)).toEqual([]);
  });

  it('writes keys of one secret and verifies each by reading it back', async () => {
    const a = canary('kva');
    const b = canary('kvb');
    canaries.push(a, b);
    const s = store();
    expect(s.label).toBe(`Vault KV secret secret/ci/creds at ${server.url}/`);
    await s.write('DB_PASSWORD', a);
    await s.write('API_KEY', b);
    expect((await stored()).data).toEqual({ DB_PASSWORD: a, API_KEY: b });
    await expect(s.verify('DB_PASSWORD', a)).resolves.toBe('read-back');
    await expect(s.verify('API_KEY', b)).resolves.toBe('read-back');
  });

  it('keeps the keys another writer added in between', async () => {
    const s = store();
    await s.write('MINE', canary('mine'));
    await call(server.url, 'POST', 'secret/data/ci/creds', { token: root, body: { data: { ...(await stored()).data, THEIRS: 'their-value' } } });
    await s.write('MINE_TOO', canary('mine2'));
    expect(Object.keys((await stored()).data).sort()).toEqual(['MINE', 'MINE_TOO', 'THEIRS']);
  });

  it('lists the keys with the time of the current version', async () => {
    const s = store();
    await s.write('B_KEY', canary('b'));
    await s.write('A_KEY', canary('a'));
    const listed = await s.list();
    expect(listed.map((e) => e.name)).toEqual(['A_KEY', 'B_KEY']);
    expect(Date.now() - listed[0]!.updatedAt!.getTime()).toBeLessThan(3_600_000);
    expect(await store({ path: 'ci/empty' }).list()).toEqual([]);
  });

  it('removes one key and leaves the others', async () => {
    const s = store();
    await s.write('KEEP', canary('keep'));
    await s.write('DROP', canary('drop'));
    await s.delete!('DROP');
    expect(Object.keys((await stored()).data)).toEqual(['KEEP']);
  });

  it('passes preflight with a writing policy without creating a version', async () => {
    const s = store();
    await s.write('EXISTING', canary('existing'));
    const before = (await stored()).version;
    await s.preflight();
    expect((await stored()).version).toBe(before);
  });

  it('fails preflight with a read-only policy, naming the capabilities needed', async () => {
    const err = await failure(store({ token: reader }).preflight());
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('may not write');
    expect((err as ConfigurationError).hint).toContain('"create", "read", "update"');
  });

  it('names the policy needed when a token may not even read', async () => {
    const err = await failure(store({ token: reader, path: 'other/place' }).write('X', canary('x')));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('permission denied');
    expect(err.message).not.toContain('error occurred');
    expect((err as ConfigurationError).hint).toContain('secret/data/other/place');
  });

  it('fails verification when the value read back differs', async () => {
    const s = store();
    const value = canary('v1');
    canaries.push(value);
    await s.write('CHECKED', value);
    const err = await failure(s.verify('CHECKED', canary('v2')));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.message).toContain('differs');
  });

  it('retries a burst of 500 answers', async () => {
    const value = canary('burst');
    canaries.push(value);
    server.faults.failNext = { status: 500, count: 3 };
    await store().write('BURST', value);
    expect((await stored()).data.BURST).toBe(value);
  });

  it('says Vault is sealed and what to do', async () => {
    server.seal();
    const err = await failure(store().write('X', canary('sealed')));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.message).toContain('sealed');
    expect((err as OperationalError).hint).toContain('unseal');
  });

  it('says when no KV version 2 engine is mounted there', async () => {
    const err = await failure(store({ mount: 'nothing', token: root }).write('X', canary('nomount')));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('no KV version 2 secrets engine');
  });
});
