/**
 * Tests of response wrapping in the Vault TEST SERVER (X-Vault-Wrap-TTL, sys/wrapping/unwrap,
 * lookup and wrap) — the server, not Vault.
 */
import { startVaultTestServer, type VaultTestServer } from './index';
import { call, dataOf, errorsOf } from './http-helpers';

interface WrapInfo {
  token: string;
  accessor: string;
  ttl: number;
  creation_time: string;
  creation_path: string;
  wrapped_accessor: string;
}

describe('response wrapping on the Vault test server', () => {
  let server: VaultTestServer;
  let root: string;
  beforeEach(async () => {
    server = await startVaultTestServer();
    const init = server.initialize({ shares: 1, threshold: 1 });
    server.unsealWith(init.keys);
    root = init.rootToken;
    await call(server.url, 'POST', 'sys/auth/approle', { token: root, body: { type: 'approle' } });
    await call(server.url, 'POST', 'auth/approle/role/ci', { token: root, body: { token_policies: 'ci' } });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await server.close();
  });

  const wrappedSecretId = async (ttl: string): Promise<WrapInfo> => {
    const answer = await call(server.url, 'POST', 'auth/approle/role/ci/secret-id', { token: root, body: {}, headers: { 'X-Vault-Wrap-TTL': ttl } });
    expect(answer.status).toBe(200);
    expect(answer.body!.data).toBeNull();
    expect(JSON.stringify(answer.body)).not.toContain('"secret_id"');
    return answer.body!.wrap_info as unknown as WrapInfo;
  };

  it('withholds the data and returns wrap_info instead', async () => {
    const info = await wrappedSecretId('10m');
    expect(info).toMatchObject({ ttl: 600, creation_path: 'auth/approle/role/ci/secret-id' });
    expect(info.token).toMatch(/^hvs\./);
    expect(info.wrapped_accessor).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(info.creation_time)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('unwraps the original response exactly once, with the wrapping token as X-Vault-Token', async () => {
    const info = await wrappedSecretId('300');
    const lookup = await call(server.url, 'POST', 'sys/wrapping/lookup', { body: { token: info.token } });
    expect(dataOf(lookup)).toMatchObject({ creation_path: 'auth/approle/role/ci/secret-id', creation_ttl: 300 });
    const unwrapped = await call(server.url, 'POST', 'sys/wrapping/unwrap', { token: info.token });
    expect(unwrapped.status).toBe(200);
    const secret = dataOf(unwrapped);
    expect(secret.secret_id_accessor).toBe(info.wrapped_accessor);
    const roleId = dataOf(await call(server.url, 'GET', 'auth/approle/role/ci/role-id', { token: root })).role_id;
    expect((await call(server.url, 'POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: secret.secret_id } })).status).toBe(200);

    const again = await call(server.url, 'POST', 'sys/wrapping/unwrap', { token: info.token });
    expect(again.status).toBe(400);
    expect(errorsOf(again)).toEqual(['wrapping token is not valid or does not exist']);
    expect(errorsOf(await call(server.url, 'POST', 'sys/wrapping/lookup', { body: { token: info.token } }))).toEqual(['wrapping token is not valid or does not exist']);
  });

  it('unwraps with the token in the body for a caller allowed by its own token', async () => {
    const info = await wrappedSecretId('5m');
    const noCaller = await call(server.url, 'POST', 'sys/wrapping/unwrap', { body: { token: info.token } });
    expect(noCaller.status).toBe(403);
    const caller = server.createToken([]);
    const unwrapped = await call(server.url, 'POST', 'sys/wrapping/unwrap', { token: caller, body: { token: info.token } });
    expect(dataOf(unwrapped).secret_id_accessor).toBe(info.wrapped_accessor);
  });

  it('expires wrapping tokens after their TTL', async () => {
    const info = await wrappedSecretId('1m');
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 61_000);
    expect(errorsOf(await call(server.url, 'POST', 'sys/wrapping/unwrap', { token: info.token }))).toEqual(['wrapping token is not valid or does not exist']);
  });

  it('wraps login responses (auth) and arbitrary data via sys/wrapping/wrap', async () => {
    const roleId = dataOf(await call(server.url, 'GET', 'auth/approle/role/ci/role-id', { token: root })).role_id;
    const secretId = dataOf(await call(server.url, 'POST', 'auth/approle/role/ci/secret-id', { token: root, body: {} })).secret_id;
    const login = await call(server.url, 'POST', 'auth/approle/login', { body: { role_id: roleId, secret_id: secretId }, headers: { 'X-Vault-Wrap-TTL': '2m' } });
    const info = login.body!.wrap_info as unknown as WrapInfo;
    expect(login.body!.auth).toBeNull();
    const auth = (await call(server.url, 'POST', 'sys/wrapping/unwrap', { token: info.token })).body!.auth as { client_token: string; accessor: string };
    expect(auth.accessor).toBe(info.wrapped_accessor);
    expect((await call(server.url, 'GET', 'auth/token/lookup-self', { token: auth.client_token })).status).toBe(200);

    const wrapped = await call(server.url, 'POST', 'sys/wrapping/wrap', { token: root, body: { answer: 42 } });
    const wrapInfo = wrapped.body!.wrap_info as unknown as WrapInfo;
    expect(wrapInfo.ttl).toBe(300);
    expect(dataOf(await call(server.url, 'POST', 'sys/wrapping/unwrap', { token: wrapInfo.token }))).toEqual({ answer: 42 });
  });
});
