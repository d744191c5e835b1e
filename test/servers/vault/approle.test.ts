/**
 * Tests of the Vault TEST SERVER's AppRole auth method and mounts (sys/auth) — the server, not
 * Vault. Time-based limits are checked by moving Date.now forward, never by sleeping.
 */
import { startVaultTestServer, type VaultTestServer } from './index';
import { call, dataOf, errorsOf } from './http-helpers';

describe('AppRole on the Vault test server', () => {
  let server: VaultTestServer;
  let root: string;
  beforeEach(async () => {
    server = await startVaultTestServer();
    const init = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(init.keys);
    root = init.rootToken;
    expect((await call(server.url, 'POST', 'sys/auth/approle', { token: root, body: { type: 'approle' } })).status).toBe(204);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await server.close();
  });

  const roleId = async (role: string): Promise<string> => String(dataOf(await call(server.url, 'GET', `auth/approle/role/${role}/role-id`, { token: root })).role_id);
  const secretId = async (role: string, body: object = {}): Promise<string> =>
    String(dataOf(await call(server.url, 'POST', `auth/approle/role/${role}/secret-id`, { token: root, body })).secret_id);
  const login = (role_id: string, secret_id: string) => call(server.url, 'POST', 'auth/approle/login', { body: { role_id, secret_id } });

  it('mounts approle under sys/auth, refuses a second mount at the same path and unknown types', async () => {
    const auth = await call(server.url, 'GET', 'sys/auth', { token: root });
    expect(dataOf(auth)['approle/']).toMatchObject({ type: 'approle', accessor: expect.stringMatching(/^auth_approle_[0-9a-f]{8}$/) });
    expect(errorsOf(await call(server.url, 'POST', 'sys/auth/approle', { token: root, body: { type: 'approle' } }))).toEqual(['path is already in use at auth/approle/']);
    expect(errorsOf(await call(server.url, 'POST', 'sys/auth/other', { token: root, body: { type: 'nosuch' } }))).toEqual(['plugin not found in the catalog: nosuch']);
    expect((await call(server.url, 'GET', 'sys/auth/approle/tune', { token: root })).body).toMatchObject({ data: { default_lease_ttl: 2764800 } });
  });

  it('stores every role field, durations as strings or seconds, and reads them back as seconds without role_id', async () => {
    const write = await call(server.url, 'POST', 'auth/approle/role/App', {
      token: root,
      body: {
        token_policies: 'b,A', token_ttl: '10m', token_max_ttl: 3600, token_type: 'service', secret_id_ttl: '1h30m',
        secret_id_num_uses: 5, token_num_uses: 0, token_period: 0, token_explicit_max_ttl: '2h', token_no_default_policy: false,
        secret_id_bound_cidrs: ['127.0.0.0/8'], token_bound_cidrs: '127.0.0.1/32', bind_secret_id: true, local_secret_ids: false,
      },
    });
    expect(write.status).toBe(204);
    const read = dataOf(await call(server.url, 'GET', 'auth/approle/role/app', { token: root }));
    expect(read).toEqual({
      bind_secret_id: true, local_secret_ids: false, secret_id_bound_cidrs: ['127.0.0.0/8'], secret_id_num_uses: 5, secret_id_ttl: 5400,
      token_bound_cidrs: ['127.0.0.1/32'], token_explicit_max_ttl: 7200, token_max_ttl: 3600, token_no_default_policy: false,
      token_num_uses: 0, token_period: 0, token_policies: ['a', 'b'], token_ttl: 600, token_type: 'service',
    });
    const legacy = await call(server.url, 'POST', 'auth/approle/role/old', { token: root, body: { policies: ['x'], period: '1m', bogus: 1 } });
    expect(legacy.status).toBe(200);
    expect(legacy.body!.warnings).toEqual(['Endpoint ignored these unrecognized parameters: [bogus]']);
    expect(dataOf(await call(server.url, 'GET', 'auth/approle/role/old', { token: root }))).toMatchObject({ policies: ['x'], token_policies: ['x'], period: 60, token_period: 60 });
    expect(errorsOf(await call(server.url, 'POST', 'auth/approle/role/bad', { token: root, body: { token_ttl: 100, token_max_ttl: 10 } }))).toEqual(["'token_ttl' cannot be greater than 'token_max_ttl'"]);
    expect(errorsOf(await call(server.url, 'POST', 'auth/approle/role/bad', { token: root, body: { bind_secret_id: false } }))).toEqual(['at least one constraint should be enabled on the role']);
    expect(dataOf(await call(server.url, 'LIST', 'auth/approle/role', { token: root })).keys).toEqual(['app', 'old']);
    expect((await call(server.url, 'GET', 'auth/approle/role/nosuch', { token: root })).status).toBe(404);
  });

  it('logs in with role_id and secret_id, and a one-use secret_id only once', async () => {
    await call(server.url, 'POST', 'auth/approle/role/ci', { token: root, body: { token_policies: ['deploy'], token_ttl: '20m' } });
    const id = await roleId('ci');
    const secret = await secretId('ci', { num_uses: 1, metadata: JSON.stringify({ job: '42' }) });
    const first = await login(id, secret);
    expect(first.status).toBe(200);
    expect(first.body!.auth).toMatchObject({
      policies: ['default', 'deploy'], token_policies: ['default', 'deploy'], lease_duration: 1200, renewable: true, metadata: { role_name: 'ci', job: '42' }, token_type: 'service',
    });
    const token = (first.body!.auth as { client_token: string }).client_token;
    expect(dataOf(await call(server.url, 'GET', 'auth/token/lookup-self', { token })).policies).toEqual(['default', 'deploy']);
    const second = await login(id, secret);
    expect(second.status).toBe(400);
    expect(errorsOf(second)).toEqual(['invalid role or secret ID']);
    expect(errorsOf(await login('nosuch', secret))).toEqual(['invalid role or secret ID']);
    const missing = await call(server.url, 'POST', 'auth/approle/login', { body: { secret_id: secret } });
    expect(missing.status).toBe(500);
    expect(errorsOf(missing)).toEqual(['missing role_id']);
  });

  it('expires secret IDs after their TTL and tokens after theirs', async () => {
    await call(server.url, 'POST', 'auth/approle/role/short', { token: root, body: { secret_id_ttl: '1m', token_ttl: 30 } });
    const id = await roleId('short');
    const secret = await secretId('short');
    const tooLong = await call(server.url, 'POST', 'auth/approle/role/short/secret-id', { token: root, body: { ttl: '2m' } });
    expect(errorsOf(tooLong)).toEqual(["ttl cannot be longer than the role's secret_id_ttl"]);
    const token = ((await login(id, secret)).body!.auth as { client_token: string }).client_token;
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start + 31_000);
    expect((await call(server.url, 'GET', 'auth/token/lookup-self', { token })).status).toBe(403);
    now.mockReturnValue(start + 61_000);
    expect(errorsOf(await login(id, secret))).toEqual(['invalid role or secret ID']);
  });

  it('lists, looks up and destroys secret IDs by value and by accessor', async () => {
    await call(server.url, 'POST', 'auth/approle/role/r', { token: root, body: {} });
    expect((await call(server.url, 'LIST', 'auth/approle/role/r/secret-id', { token: root })).status).toBe(404);
    const generated = dataOf(await call(server.url, 'POST', 'auth/approle/role/r/secret-id', { token: root, body: {} }));
    expect(Object.keys(generated).sort()).toEqual(['secret_id', 'secret_id_accessor', 'secret_id_num_uses', 'secret_id_ttl']);
    const accessor = String(generated.secret_id_accessor);
    expect(dataOf(await call(server.url, 'LIST', 'auth/approle/role/r/secret-id', { token: root })).keys).toEqual([accessor]);
    const byValue = await call(server.url, 'POST', 'auth/approle/role/r/secret-id/lookup', { token: root, body: { secret_id: generated.secret_id } });
    expect(dataOf(byValue)).toMatchObject({ secret_id_accessor: accessor, expiration_time: '0001-01-01T00:00:00Z', metadata: {} });
    const byAccessor = await call(server.url, 'POST', 'auth/approle/role/r/secret-id-accessor/lookup', { token: root, body: { secret_id_accessor: accessor } });
    expect(dataOf(byAccessor).secret_id_accessor).toBe(accessor);
    expect((await call(server.url, 'POST', 'auth/approle/role/r/secret-id-accessor/destroy', { token: root, body: { secret_id_accessor: accessor } })).status).toBe(204);
    expect((await call(server.url, 'POST', 'auth/approle/role/r/secret-id/lookup', { token: root, body: { secret_id: generated.secret_id } })).status).toBe(204);
    const gone = await call(server.url, 'POST', 'auth/approle/role/r/secret-id-accessor/lookup', { token: root, body: { secret_id_accessor: accessor } });
    expect(gone.status).toBe(404);
    expect(errorsOf(await call(server.url, 'POST', 'auth/approle/role/r/secret-id-accessor/destroy', { token: root, body: { secret_id_accessor: accessor } }))).toEqual([
      `1 error occurred:\n\t* failed to find accessor entry for secret_id_accessor: "${accessor}"\n\n`,
    ]);
    const other = await secretId('r');
    expect((await call(server.url, 'POST', 'auth/approle/role/r/secret-id/destroy', { token: root, body: { secret_id: other } })).status).toBe(204);
    expect(errorsOf(await login(await roleId('r'), other))).toEqual(['invalid role or secret ID']);
  });

  it('sets a custom role_id and deletes a role with its secret IDs', async () => {
    await call(server.url, 'POST', 'auth/approle/role/r', { token: root, body: {} });
    expect((await call(server.url, 'POST', 'auth/approle/role/r/role-id', { token: root, body: { role_id: 'fixed-id' } })).status).toBe(204);
    const secret = await secretId('r');
    expect((await login('fixed-id', secret)).status).toBe(200);
    expect((await call(server.url, 'DELETE', 'auth/approle/role/r', { token: root })).status).toBe(204);
    expect(errorsOf(await login('fixed-id', secret))).toEqual(['invalid role or secret ID']);
    expect(server.state.data?.approle['auth/approle/'].secretIds).toEqual({});
  });
});
