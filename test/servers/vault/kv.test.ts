/**
 * Tests of the Vault TEST SERVER's KV secrets engines (v1 and v2) and secret mounts
 * (sys/mounts) — the server, not Vault.
 */
import { startVaultTestServer, type VaultTestServer } from './index';
import { call, dataOf, errorsOf } from './http-helpers';

describe('KV secrets engines on the Vault test server', () => {
  let server: VaultTestServer;
  let root: string;
  beforeEach(async () => {
    server = await startVaultTestServer();
    const init = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(init.keys);
    root = init.rootToken;
  });
  afterEach(() => server.close());

  const kv = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(server.url, method, path, { token: root, body, headers });

  it('mounts kv v2 with options.version "2" (or type kv-v2) and refuses a path in use', async () => {
    expect((await kv('POST', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } })).status).toBe(204);
    expect((await kv('POST', 'sys/mounts/other', { type: 'kv-v2' })).status).toBe(204);
    const mounts = dataOf(await kv('GET', 'sys/mounts'));
    expect(mounts['secret/']).toMatchObject({ type: 'kv', options: { version: '2' } });
    expect(mounts['other/']).toMatchObject({ type: 'kv', options: { version: '2' } });
    expect(errorsOf(await kv('POST', 'sys/mounts/secret', { type: 'kv' }))).toEqual(['path is already in use at secret/']);
    expect(errorsOf(await kv('POST', 'sys/mounts/x', { type: 'nosuch' }))).toEqual(['plugin not found in the catalog: nosuch']);
    expect(dataOf(await kv('GET', 'sys/mounts/secret/tune')).options).toEqual({ version: '2' });
    expect((await kv('DELETE', 'sys/mounts/other')).status).toBe(204);
    expect((await kv('DELETE', 'sys/mounts/never-there')).status).toBe(204);
    expect(Object.keys(dataOf(await kv('GET', 'sys/mounts')))).not.toContain('other/');
    const unmounted = await kv('GET', 'other/data/x');
    expect(unmounted.status).toBe(404);
    expect(errorsOf(unmounted)).toEqual(['no handler for route "other/data/x". route entry not found.']);
  });

  it('writes versions with check-and-set and reads any of them', async () => {
    await kv('POST', 'sys/mounts/secret', { type: 'kv-v2' });
    const v1 = await kv('POST', 'secret/data/app/db', { data: { password: 'one' } });
    expect(dataOf(v1)).toMatchObject({ version: 1, destroyed: false, deletion_time: '' });
    expect(errorsOf(await kv('POST', 'secret/data/app/db', { data: { password: 'two' }, options: { cas: 0 } }))).toEqual(['check-and-set parameter did not match the current version']);
    expect(dataOf(await kv('POST', 'secret/data/app/db', { data: { password: 'two' }, options: { cas: 1 } })).version).toBe(2);
    const latest = dataOf(await kv('GET', 'secret/data/app/db'));
    expect(latest.data).toEqual({ password: 'two' });
    expect(latest.metadata).toMatchObject({ version: 2, destroyed: false, deletion_time: '', custom_metadata: null });
    expect(dataOf(await kv('GET', 'secret/data/app/db?version=1')).data).toEqual({ password: 'one' });
    expect((await kv('GET', 'secret/data/app/db?version=9')).body).toEqual({ errors: [] });
    expect((await kv('GET', 'secret/data/missing')).body).toEqual({ errors: [] });
    expect(errorsOf(await kv('POST', 'secret/data/app/db', { password: 'not wrapped in data' }))).toEqual(['no data provided']);
  });

  it('requires cas when the mount or the secret says so', async () => {
    await kv('POST', 'sys/mounts/secret', { type: 'kv-v2' });
    await kv('POST', 'secret/config', { cas_required: true });
    expect(dataOf(await kv('GET', 'secret/config'))).toEqual({ cas_required: true, delete_version_after: '0s', max_versions: 0 });
    expect(errorsOf(await kv('POST', 'secret/data/a', { data: { k: 'v' } }))).toEqual(['check-and-set parameter required for this call']);
    expect((await kv('POST', 'secret/data/a', { data: { k: 'v' }, options: { cas: 0 } })).status).toBe(200);
  });

  it('soft-deletes, undeletes and destroys versions, answering deleted ones with 404 and metadata', async () => {
    await kv('POST', 'sys/mounts/secret', { type: 'kv-v2' });
    await kv('POST', 'secret/data/s', { data: { v: 1 } });
    await kv('POST', 'secret/data/s', { data: { v: 2 } });
    expect((await kv('DELETE', 'secret/data/s')).status).toBe(204);
    const deleted = await kv('GET', 'secret/data/s');
    expect(deleted.status).toBe(404);
    expect(dataOf(deleted).data).toBeNull();
    expect((dataOf(deleted).metadata as { deletion_time: string }).deletion_time).not.toBe('');
    expect((await kv('POST', 'secret/undelete/s', { versions: [2] })).status).toBe(204);
    expect(dataOf(await kv('GET', 'secret/data/s')).data).toEqual({ v: 2 });
    await kv('POST', 'secret/destroy/s', { versions: [1] });
    expect(dataOf(await kv('GET', 'secret/data/s?version=1')).metadata).toMatchObject({ destroyed: true });
    const metadata = dataOf(await kv('GET', 'secret/metadata/s'));
    expect(metadata).toMatchObject({ current_version: 2, oldest_version: 1, max_versions: 0, cas_required: false, delete_version_after: '0s' });
    expect(metadata.versions).toMatchObject({ '1': { destroyed: true }, '2': { destroyed: false, deletion_time: '' } });
    expect(errorsOf(await kv('POST', 'secret/delete/s', {}))).toEqual(['no version number provided']);
  });

  it('keeps at most max_versions versions, pruning the oldest', async () => {
    await kv('POST', 'sys/mounts/secret', { type: 'kv-v2' });
    await kv('POST', 'secret/metadata/pruned', { max_versions: 2, custom_metadata: { owner: 'ops' } });
    for (const v of [1, 2, 3]) await kv('POST', 'secret/data/pruned', { data: { v } });
    const metadata = dataOf(await kv('GET', 'secret/metadata/pruned'));
    expect(metadata).toMatchObject({ current_version: 3, oldest_version: 2, custom_metadata: { owner: 'ops' } });
    expect(Object.keys(metadata.versions as object)).toEqual(['2', '3']);
    expect((await kv('GET', 'secret/data/pruned?version=1')).status).toBe(404);
  });

  it('lists keys with folders suffixed "/", deletes all metadata, and merge-patches data', async () => {
    await kv('POST', 'sys/mounts/secret', { type: 'kv-v2' });
    for (const path of ['a', 'team/x', 'team/y/z']) await kv('POST', `secret/data/${path}`, { data: { k: path } });
    expect(dataOf(await kv('LIST', 'secret/metadata')).keys).toEqual(['a', 'team/']);
    expect(dataOf(await kv('GET', 'secret/metadata/team?list=true')).keys).toEqual(['x', 'y/']);
    expect((await kv('LIST', 'secret/metadata/nothing')).body).toEqual({ errors: [] });
    expect((await kv('PATCH', 'secret/data/a', { data: { extra: 'e' } })).status).toBe(415);
    const patched = await kv('PATCH', 'secret/data/a', { data: { extra: 'e', k: null } }, { 'Content-Type': 'application/merge-patch+json' });
    expect(dataOf(patched).version).toBe(2);
    expect(dataOf(await kv('GET', 'secret/data/a')).data).toEqual({ extra: 'e' });
    expect((await kv('DELETE', 'secret/metadata/team/x')).status).toBe(204);
    expect((await kv('GET', 'secret/metadata/team/x')).status).toBe(404);
  });

  it('serves KV v1: write replaces, read, list and delete', async () => {
    await kv('POST', 'sys/mounts/kv1', { type: 'kv' });
    expect((await kv('POST', 'kv1/app/config', { user: 'u', port: 5432 })).status).toBe(204);
    expect((await kv('GET', 'kv1/app/config')).body).toMatchObject({ data: { user: 'u', port: 5432 }, mount_type: 'kv' });
    await kv('PUT', 'kv1/app/config', { user: 'v' });
    expect(dataOf(await kv('GET', 'kv1/app/config'))).toEqual({ user: 'v' });
    expect(dataOf(await kv('LIST', 'kv1/app')).keys).toEqual(['config']);
    expect(dataOf(await kv('LIST', 'kv1')).keys).toEqual(['app/']);
    expect((await kv('DELETE', 'kv1/app/config')).status).toBe(204);
    expect((await kv('GET', 'kv1/app/config')).status).toBe(404);
  });

  it('upgrades a v1 mount to v2 when tuned to version 2', async () => {
    await kv('POST', 'sys/mounts/kv', { type: 'kv' });
    await kv('POST', 'kv/old', { k: 'v' });
    expect((await kv('POST', 'sys/mounts/kv/tune', { options: { version: '2' } })).status).toBe(204);
    expect(dataOf(await kv('GET', 'kv/data/old')).data).toEqual({ k: 'v' });
  });
});
