import { ConfigurationError, isRegisteredSecret } from '@hardline/core';
import { login, resolveMethod, type AuthInputs } from '../src/auth';

const base: AuthInputs = { method: 'auto', approleMount: 'approle', jwtMount: 'jwt', audience: 'vault', idTokenVariable: 'VAULT_ID_TOKEN' };

class FakeLogin {
  token?: string;
  calls: Array<{ path: string; body: unknown }> = [];
  constructor(private readonly answer: unknown = { auth: { client_token: 'hvs.logged-in-token-1' } }) {}
  setToken(t: string): void {
    this.token = t;
  }
  async write<T>(path: string, body?: unknown): Promise<T | undefined> {
    this.calls.push({ path, body });
    return this.answer as T;
  }
}

describe('resolveMethod', () => {
  it('picks the first method whose credentials are present', () => {
    expect(resolveMethod({ ...base, token: 't' }, {})).toBe('token');
    expect(resolveMethod({ ...base, roleId: 'r', secretId: 's' }, {})).toBe('approle');
    expect(resolveMethod({ ...base, jwtRole: 'ci' }, { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x' })).toBe('github-oidc');
    expect(resolveMethod({ ...base, jwtRole: 'ci' }, { VAULT_ID_TOKEN: 'jwt' })).toBe('gitlab-jwt');
  });

  it('says which credentials to set when none are given', () => {
    expect(() => resolveMethod(base, {})).toThrow(/must specify exactly one of vault-token, role-id \+ secret-id, or jwt-role/);
  });
});

describe('login', () => {
  it('uses a given token as is and does not revoke it', async () => {
    const v = new FakeLogin();
    expect(await login(v, { ...base, token: 'hvs.given-token-1' }, {})).toEqual({ method: 'token', revoke: false });
    expect(v.token).toBe('hvs.given-token-1');
    expect(v.calls).toEqual([]);
  });

  it('logs in with AppRole, masks the token and asks for revocation', async () => {
    const v = new FakeLogin();
    const r = await login(v, { ...base, roleId: 'role', secretId: 'secret-id-value-1' }, {});
    expect(r).toEqual({ method: 'approle', revoke: true });
    expect(v.calls).toEqual([{ path: 'auth/approle/login', body: { role_id: 'role', secret_id: 'secret-id-value-1' } }]);
    expect(v.token).toBe('hvs.logged-in-token-1');
    expect(isRegisteredSecret('hvs.logged-in-token-1')).toBe(true);
    expect(isRegisteredSecret('secret-id-value-1')).toBe(true);
  });

  it('requires both role-id and secret-id for approle', async () => {
    await expect(login(new FakeLogin(), { ...base, method: 'approle', roleId: 'r' }, {})).rejects.toThrow(ConfigurationError);
  });

  it('logs in with a GitHub OIDC token for the audience given', async () => {
    const v = new FakeLogin();
    const audiences: string[] = [];
    const idToken = async (aud: string) => {
      audiences.push(aud);
      return 'github-oidc-jwt-1';
    };
    const r = await login(v, { ...base, jwtRole: 'deploy', audience: 'https://vault' }, { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://runner' }, idToken);
    expect(r.method).toBe('github-oidc');
    expect(audiences).toEqual(['https://vault']);
    expect(v.calls).toEqual([{ path: 'auth/jwt/login', body: { role: 'deploy', jwt: 'github-oidc-jwt-1' } }]);
    expect(isRegisteredSecret('github-oidc-jwt-1')).toBe(true);
  });

  it('tells the user to grant id-token: write when the runner offers no ID token', async () => {
    const err = await login(new FakeLogin(), { ...base, method: 'github-oidc', jwtRole: 'deploy' }, {}).catch((e: ConfigurationError) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as ConfigurationError).hint).toContain('id-token: write');
  });

  it('logs in with a GitLab id_tokens token, falling back to CI_JOB_JWT_V2', async () => {
    const v = new FakeLogin();
    await login(v, { ...base, method: 'gitlab-jwt', jwtRole: 'deploy' }, { CI_JOB_JWT_V2: 'gitlab-jwt-v2-1' });
    expect(v.calls[0]).toEqual({ path: 'auth/jwt/login', body: { role: 'deploy', jwt: 'gitlab-jwt-v2-1' } });
  });

  it('fails with exit 3 when Vault answers a login without a token', async () => {
    await expect(login(new FakeLogin({}), { ...base, roleId: 'r', secretId: 'secret-x-1' }, {})).rejects.toThrow(/without a client token/);
  });
});
