import { ConfigurationError, HttpClient, OperationalError } from '@hardline/core';
import { startGitHubTestServer, GITHUB_TEST_TOKENS, type GitHubTestServer } from '../../../test/servers/github';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { createStore } from '../src';
import type { GitHubStoreSpec } from '../src';

const fast = () => new HttpClient({ service: 'GitHub API', baseDelayMs: 2, maxDelayMs: 10, retries: 4 });

describe('GitHub secret store against the GitHub test server', () => {
  let server: GitHubTestServer;
  let http: HttpClient;
  const seen: string[] = [];
  const canaries: string[] = [];

  const store = (over: Partial<GitHubStoreSpec> = {}) =>
    createStore(
      { kind: 'github', scope: 'repository', repository: 'acme/app', token: GITHUB_TEST_TOKENS.write, apiUrl: server.url, ...over } as GitHubStoreSpec,
      { http },
    );

  /** Runs a call expected to fail and keeps its message for the canary check. */
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
    server = await startGitHubTestServer({ repos: [{ owner: 'acme', name: 'app' }, { owner: 'acme', name: 'web' }] });
    http = fast();
  });
  afterEach(async () => {
    http.close();
    await server.close();
  });
  afterAll(() => {
    expect(findCanaries(canaries, seen)).toEqual([]);
  });

  it('writes a repository secret that the server decrypts to exactly that value, then verifies it by updated_at', async () => {
    const value = canary('repo');
    canaries.push(value);
    const s = store();
    expect(s.label).toBe('GitHub repository secrets of acme/app');
    await s.write('DB_PASSWORD', value);
    expect(server.secretValue('repo:acme/app', 'DB_PASSWORD')).toBe(value);
    await expect(s.verify('DB_PASSWORD', value)).resolves.toBe('updated-at');
  });

  it('writes an environment secret into that environment only', async () => {
    const value = canary('env');
    canaries.push(value);
    const s = store({ scope: 'environment', environment: 'production' });
    await s.write('DEPLOY_KEY', value);
    expect(server.secretValue('env:acme/app:production', 'DEPLOY_KEY')).toBe(value);
    expect(server.secretValue('env:acme/app:staging', 'DEPLOY_KEY')).toBeUndefined();
    expect(server.secretValue('repo:acme/app', 'DEPLOY_KEY')).toBeUndefined();
    await expect(s.verify('DEPLOY_KEY', value)).resolves.toBe('updated-at');
  });

  it('writes an organization secret with the selected repositories', async () => {
    const value = canary('org');
    canaries.push(value);
    const s = store({ scope: 'organization', organization: 'acme', visibility: 'selected', selectedRepositoryIds: [1002] });
    await s.write('SHARED_TOKEN', value);
    expect(server.secretValue('org:acme', 'SHARED_TOKEN')).toBe(value);
    await expect(s.verify('SHARED_TOKEN', value)).resolves.toBe('updated-at');
    const seenByRepo = (await http.json<{ secrets: Array<{ name: string }> }>({
      url: `${server.url}/repos/acme/web/actions/organization-secrets`,
      headers: { authorization: `token ${GITHUB_TEST_TOKENS.write}` },
    })).body.secrets.map((x) => x.name);
    expect(seenByRepo).toEqual(['SHARED_TOKEN']);
  });

  it('lists secrets with their update times, including a backdated one', async () => {
    const s = store();
    await s.write('FRESH', canary('fresh'));
    await s.write('STALE', canary('stale'));
    const old = new Date(Date.now() - 45 * 86_400_000);
    server.setSecretUpdatedAt('repo:acme/app', 'STALE', old);
    const listed = await s.list();
    expect(listed.map((e) => e.name)).toEqual(['FRESH', 'STALE']);
    const stale = listed.find((e) => e.name === 'STALE')!;
    expect(Math.abs(stale.updatedAt!.getTime() - old.getTime())).toBeLessThan(1000);
    expect(Date.now() - listed.find((e) => e.name === 'FRESH')!.updatedAt!.getTime()).toBeLessThan(86_400_000);
  });

  it('lists every page when there are more than a hundred secrets', async () => {
    const s = store();
    for (let i = 0; i < 105; i++) await s.write(`S_${String(i).padStart(3, '0')}`, `value-${i}-xxxxxxxx`);
    expect((await s.list()).length).toBe(105);
  });

  it('passes preflight with a write token and leaves no throw-away secret behind', async () => {
    const s = store();
    await s.preflight();
    expect(await s.list()).toEqual([]);
    const puts = server.stats.requests.filter((r) => r.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.path).toMatch(/HARDLINE_PREFLIGHT_[0-9A-F]{12}$/);
  });

  it('fails preflight with a read-only token, naming the missing permission', async () => {
    const err = await failure(store({ token: GITHUB_TEST_TOKENS.read }).preflight());
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('lacks secrets: write');
    expect((err as ConfigurationError).hint).toContain('GITHUB_TOKEN');
  });

  it('names both permissions an environment secret needs when preflight is refused', async () => {
    const err = await failure(store({ token: GITHUB_TEST_TOKENS.read, scope: 'environment', environment: 'production' }).preflight());
    expect(err.message).toContain('secrets: write and environments: write');
  });

  it('names the organization permission when an organization preflight is refused', async () => {
    const err = await failure(store({ token: GITHUB_TEST_TOKENS.read, scope: 'organization', organization: 'acme' }).preflight());
    expect(err.message).toContain('organization_secrets: write');
  });

  it('says a rejected token is the problem, without echoing the token or the value', async () => {
    const token = canary('token');
    const value = canary('value');
    canaries.push(token, value);
    const err = await failure(store({ token }).write('X_TOKEN', value));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('HTTP 401');
  });

  it('says the repository is not found or not visible to the token', async () => {
    const err = await failure(store({ repository: 'acme/nope' }).write('X', canary('nf')));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('HTTP 404');
  });

  it('refuses a name GitHub would refuse before sending anything', async () => {
    const before = server.stats.total;
    const err = await failure(store().write('GITHUB_TOKEN', canary('gh')));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('GITHUB_');
    expect(server.stats.total).toBe(before);
  });

  it('retries a burst of 500 answers on the write and lands the value', async () => {
    const value = canary('burst');
    canaries.push(value);
    server.failNext({ status: 500, method: 'PUT', path: '/repos/:owner/:repo/actions/secrets/:name', count: 3 });
    await store().write('BURST', value);
    expect(server.secretValue('repo:acme/app', 'BURST')).toBe(value);
    expect(server.stats.requests.filter((r) => r.injected && r.status === 500)).toHaveLength(3);
  });

  it('seals again with a fresh public key when GitHub refuses a value sealed for a rotated key', async () => {
    const value = canary('rekey');
    canaries.push(value);
    server.failNext({
      status: 422,
      method: 'PUT',
      count: 1,
      body: { message: 'Bad request - validation failed due to an improperly encrypted secret' },
    });
    await store().write('REKEYED', value);
    expect(server.secretValue('repo:acme/app', 'REKEYED')).toBe(value);
    expect(server.stats.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/public-key'))).toHaveLength(2);
  });

  it('gives up after bounded retries with an operational error naming what was tried', async () => {
    const value = canary('down');
    canaries.push(value);
    server.failNext({ status: 502, count: Infinity });
    const err = await failure(store().write('DOWN', value));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.message).toContain('HTTP 502');
    expect((err as OperationalError).tried.length).toBeGreaterThan(0);
  });

  it('reports an unreachable API as an operational error listing the attempts', async () => {
    const url = server.url;
    await server.close();
    const s = createStore({ kind: 'github', scope: 'repository', repository: 'acme/app', token: GITHUB_TEST_TOKENS.write, apiUrl: url }, { http });
    const err = await failure(s.write('X', canary('unreach')));
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).tried.join('\n')).toContain('ECONNREFUSED');
    server = await startGitHubTestServer();
  });

  it('fails verification when updated_at is older than the write', async () => {
    const value = canary('verify');
    canaries.push(value);
    const s = store();
    await s.write('LATE', value);
    server.setSecretUpdatedAt('repo:acme/app', 'LATE', new Date(Date.now() - 3_600_000));
    const err = await failure(s.verify('LATE', value));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.message).toContain('did not land');
  });

  it('refuses to verify a secret this run did not write', async () => {
    const err = await failure(store().verify('NEVER_WRITTEN', canary('nw')));
    expect(err).toBeInstanceOf(OperationalError);
  });

  it('deletes a secret and treats an already missing one as deleted', async () => {
    const s = store();
    await s.write('GONE', canary('gone'));
    await s.delete!('GONE');
    expect(server.secretValue('repo:acme/app', 'GONE')).toBeUndefined();
    await expect(s.delete!('GONE')).resolves.toBeUndefined();
  });

  it('updates an existing secret in place', async () => {
    const s = store();
    const first = canary('first');
    const second = canary('second');
    canaries.push(first, second);
    await s.write('ROTATED', first);
    await s.write('ROTATED', second);
    expect(server.secretValue('repo:acme/app', 'ROTATED')).toBe(second);
  });
});
