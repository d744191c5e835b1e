import { ConfigurationError, HttpClient, OperationalError } from '@hardline/core';
import { startGitLabTestServer, GITLAB_TEST_TOKENS, type GitLabTestServer } from '../../../test/servers/gitlab';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { createStore, type GitLabStoreSpec } from '../src';

const fast = () => new HttpClient({ service: 'GitLab API', baseDelayMs: 2, maxDelayMs: 10, retries: 4 });

describe('GitLab variable store against the GitLab test server', () => {
  let server: GitLabTestServer;
  let http: HttpClient;
  const seen: string[] = [];
  const canaries: string[] = [];

  const store = (over: Partial<GitLabStoreSpec> = {}) =>
    createStore(
      { kind: 'gitlab', scope: 'project', id: 'acme/app', token: GITLAB_TEST_TOKENS.owner, apiUrl: `${server.url}/api/v4`, ...over } as GitLabStoreSpec,
      { http },
    );

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
    server = await startGitLabTestServer();
    http = fast();
  });
  afterEach(async () => {
    http.close();
    await server.close();
  });
  afterAll(() => {
    expect(findCanaries(canaries, seen)).toEqual([]);
  });

  it('writes a masked, protected, raw project variable and verifies it by reading it back', async () => {
    const value = canary('proj');
    canaries.push(value);
    const s = store();
    expect(s.label).toBe('GitLab project variables of acme/app');
    await s.write('DB_PASSWORD', value);
    expect(server.variable('project:acme/app', 'DB_PASSWORD')).toMatchObject({
      value,
      masked: true,
      protected: true,
      raw: true,
      environment_scope: '*',
    });
    await expect(s.verify('DB_PASSWORD', value)).resolves.toBe('read-back');
  });

  it('writes a group variable by numeric id', async () => {
    const value = canary('group');
    canaries.push(value);
    const s = store({ scope: 'group', id: '11' });
    await s.write('SHARED', value);
    expect(server.variable('group:acme', 'SHARED')?.value).toBe(value);
    await expect(s.verify('SHARED', value)).resolves.toBe('read-back');
  });

  it('keeps an environment-scoped variable apart from the same key in other scopes', async () => {
    const all = canary('all');
    const prod = canary('prod');
    canaries.push(all, prod);
    await store().write('API_KEY', all);
    const p = store({ environmentScope: 'production' });
    expect(p.label).toBe('GitLab project variables of acme/app, environment production');
    await p.write('API_KEY', prod);
    expect(server.variable('project:acme/app', 'API_KEY', '*')?.value).toBe(all);
    expect(server.variable('project:acme/app', 'API_KEY', 'production')?.value).toBe(prod);
    await expect(p.verify('API_KEY', prod)).resolves.toBe('read-back');
    expect((await p.list()).map((e) => e.name)).toEqual(['API_KEY']);
  });

  it('updates an existing variable in place', async () => {
    const s = store();
    const first = canary('first');
    const second = canary('second');
    canaries.push(first, second);
    await s.write('ROTATED', first);
    await s.write('ROTATED', second);
    expect(server.variable('project:acme/app', 'ROTATED')?.value).toBe(second);
    await expect(s.verify('ROTATED', second)).resolves.toBe('read-back');
  });

  it('refuses a value GitLab cannot mask before writing anything, and says why without quoting it', async () => {
    const before = server.stats.total;
    const value = `${canary('ws')} with spaces`;
    canaries.push(value);
    const err = await failure(store().write('BAD', value));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('cannot be masked');
    expect(err.message).toContain('whitespace');
    expect(err.message).toContain('nothing was written');
    expect(server.stats.total).toBe(before);
  });

  it('refuses a value shorter than eight characters when masking', async () => {
    const err = await failure(store().write('SHORT', 'abc123'));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('at least 8');
  });

  it('applies the stricter character set to expanded (not raw) variables', async () => {
    const value = `${canary('pipe')}|x`;
    canaries.push(value);
    const err = await failure(store({ raw: false }).write('PIPE', value));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('1 character(s) outside');
    const ok = `${canary('rawpipe')}|x`;
    canaries.push(ok);
    await store().write('PIPE', ok);
    expect(server.variable('project:acme/app', 'PIPE')?.value).toBe(ok);
  });

  it('writes an unmaskable value when masking is turned off', async () => {
    await store({ masked: false }).write('PLAIN', 'short');
    expect(server.variable('project:acme/app', 'PLAIN')).toMatchObject({ value: 'short', masked: false });
  });

  it('fails verification when the value read back differs', async () => {
    const value = canary('v1');
    const other = canary('v2');
    canaries.push(value, other);
    const s = store();
    await s.write('CHECKED', value);
    const err = await failure(s.verify('CHECKED', other));
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.message).toContain('differs');
  });

  it('passes preflight with an owner token and leaves no throw-away variable behind', async () => {
    const s = store();
    await s.preflight();
    expect(await s.list()).toEqual([]);
    expect(server.stats.requests.some((r) => r.method === 'DELETE' && /HARDLINE_PREFLIGHT_/.test(r.path))).toBe(true);
  });

  it('fails preflight with a read_api token, naming the missing api scope', async () => {
    const err = await failure(store({ token: GITLAB_TEST_TOKENS.readApi }).preflight());
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('lacks the api scope');
  });

  it('fails preflight with a Developer token, naming the role needed', async () => {
    const err = await failure(store({ token: GITLAB_TEST_TOKENS.developer }).preflight());
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('Maintainer');
    const group = await failure(store({ token: GITLAB_TEST_TOKENS.developer, scope: 'group', id: 'acme' }).preflight());
    expect(group.message).toContain('Owner of the group');
  });

  it('explains that a CI job token cannot manage variables', async () => {
    const err = await failure(store({ token: GITLAB_TEST_TOKENS.job }).preflight());
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('HTTP 401');
    expect((err as ConfigurationError).hint).toContain('CI_JOB_TOKEN');
  });

  it('says an unknown project is not found', async () => {
    const err = await failure(store({ id: 'acme/nope' }).write('X', canary('nf')));
    expect(err).toBeInstanceOf(ConfigurationError);
    expect(err.message).toContain('HTTP 404');
  });

  it('retries a burst of 500 answers on update and on create', async () => {
    const value = canary('burst');
    canaries.push(value);
    server.failNext({ status: 500, method: 'PUT', count: 2 });
    server.failNext({ status: 500, method: 'POST', count: 2 });
    await store().write('BURST', value);
    expect(server.variable('project:acme/app', 'BURST')?.value).toBe(value);
    expect(server.stats.requests.filter((r) => r.injected && r.status === 500)).toHaveLength(4);
  });

  it('gives up after bounded retries with an operational error naming what was tried', async () => {
    server.failNext({ status: 503, count: Infinity });
    const err = await failure(store().write('DOWN', canary('down')));
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).tried.length).toBeGreaterThan(0);
  });

  it('lists names only, over several pages', async () => {
    const s = store({ masked: false });
    for (let i = 0; i < 105; i++) await s.write(`V_${i}`, `value-${i}`);
    const listed = await s.list();
    expect(listed).toHaveLength(105);
    expect(server.stats.requests.filter((r) => r.method === 'GET' && /\/variables(\?|$)/.test(r.path))).toHaveLength(2);
    expect(listed.every((e) => Object.keys(e).join() === 'name')).toBe(true);
  });

  it('deletes a variable and treats an already missing one as deleted', async () => {
    const s = store();
    await s.write('GONE', canary('gone'));
    await s.delete!('GONE');
    expect(server.variable('project:acme/app', 'GONE')).toBeUndefined();
    await expect(s.delete!('GONE')).resolves.toBeUndefined();
  });

  it('rejects an API URL that is not a /api/v4 address', async () => {
    expect(() => store({ apiUrl: server.url })).toThrow(ConfigurationError);
  });
});

describe('GitLab variable store against a proxy that answers HTML as JSON', () => {
  it('fails with an operational error (exit 3), not a crash, when a 200 answer is not JSON', async () => {
    const http = await import('node:http');
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>captive portal</html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const client = fast();
    try {
      const s = createStore({ kind: 'gitlab', scope: 'project', id: 'acme/app', token: GITLAB_TEST_TOKENS.owner, apiUrl: `http://127.0.0.1:${port}/api/v4` } as GitLabStoreSpec, { http: client });
      const err = await s.list().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(OperationalError);
      expect((err as Error).message).toContain('not JSON');
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
