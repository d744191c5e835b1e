/**
 * Tests of the GitLab TEST SERVER (not the real GitLab), driven by the real @gitbeaker/rest client.
 */
import { Gitlab } from '@gitbeaker/rest';
import { GITLAB_TEST_TOKENS, startGitLabTestServer, type GitLabTestServer } from './index';

type Client = InstanceType<typeof Gitlab<false>>;

/** gitbeaker's edit() wants a filter; '*' is the default environment scope. */
const STAR = { filter: { environment_scope: '*' } };

/**
 * gitbeaker throws GitbeakerRequestError; its `cause` holds the Response (body already read) and
 * `description`: the body's `error` or `message` (JSON-encoded when not a string).
 */
async function failure(p: Promise<unknown>): Promise<{ status: number; message: unknown }> {
  try {
    await p;
  } catch (err) {
    const cause = (err as { cause?: { response?: Response; description?: string } }).cause;
    if (!cause?.response) throw err;
    let message: unknown = cause.description;
    try {
      message = JSON.parse(String(message));
    } catch {
      // a plain string
    }
    return { status: cause.response.status, message };
  }
  throw new Error('expected the request to fail');
}

describe('GitLab test server', () => {
  let server: GitLabTestServer;
  let gl: Client;
  const client = (token: string, kind: 'token' | 'jobToken' | 'oauthToken' = 'token'): Client =>
    new Gitlab({ host: server.url, [kind]: token } as ConstructorParameters<typeof Gitlab<false>>[0]);

  beforeEach(async () => {
    server = await startGitLabTestServer({
      projects: [{ id: 101, path: 'acme/app', mergeRequests: [7], triggerTokens: [GITLAB_TEST_TOKENS.trigger] }],
      groups: [{ id: 11, path: 'acme' }],
      tokens: {
        [GITLAB_TEST_TOKENS.owner]: { access: 50, username: 'root' },
        [GITLAB_TEST_TOKENS.developer]: { access: 30, username: 'dev' },
        [GITLAB_TEST_TOKENS.readApi]: { access: 50, scopes: ['read_api'] },
        [GITLAB_TEST_TOKENS.job]: { access: 30, kind: 'job' },
        'glpat-app-maintainer': { access: { 'acme/app': 40 } },
        'glpat-elsewhere': { access: { 'other/thing': 50 } },
        'glpat-other-dev': { access: 30, username: 'other' },
        'glpat-group-maintainer': { access: { acme: 40 } },
      },
    });
    gl = client(GITLAB_TEST_TOKENS.owner);
  });

  afterEach(async () => {
    await server.close();
  });

  it('creates a masked, protected variable by project path and stores it as given', async () => {
    const created = await gl.ProjectVariables.create('acme/app', 'DB_PASSWORD', 'c29tZS1zZWNyZXQ=', {
      masked: true,
      protected: true,
      description: 'rotated by hardline',
    });
    expect(created).toEqual({
      variable_type: 'env_var',
      key: 'DB_PASSWORD',
      value: 'c29tZS1zZWNyZXQ=',
      hidden: false,
      protected: true,
      masked: true,
      raw: false,
      environment_scope: '*',
      description: 'rotated by hardline',
    });
    expect(server.variable('project:101', 'DB_PASSWORD')).toMatchObject({ value: 'c29tZS1zZWNyZXQ=', masked: true });
    expect(server.variable('project:acme/app', 'DB_PASSWORD')).not.toHaveProperty('updated_at');
  });

  it("rejects masked values that break GitLab's masking rule with 400 value is invalid", async () => {
    for (const bad of ['short', 'has a space in it', 'line1\nline2xx', 'bang!bang!bang']) {
      expect(await failure(gl.ProjectVariables.create(101, 'BAD', bad, { masked: true }))).toEqual({
        status: 400,
        message: { value: ['is invalid'] },
      });
    }
    // Allowed: Base64 alphabet plus @ : . ~ - _, 8+ characters; raw variables take any 8+ non-whitespace.
    await gl.ProjectVariables.create(101, 'OK_ONE', 'user@host:8080/~x.y-z_', { masked: true });
    await gl.ProjectVariables.create(101, 'OK_RAW', 'bang!bang!bang', { masked: true, raw: true });
    expect(server.variable('project:101', 'BAD')).toBeUndefined();

    expect(await failure(gl.ProjectVariables.create(101, 'bad-key', 'v'))).toEqual({
      status: 400,
      message: { key: ["can contain only letters, digits and '_'."] },
    });
  });

  it('refuses a duplicate key in the same environment scope but allows another scope', async () => {
    await gl.ProjectVariables.create(101, 'API_URL', 'https://prod', { environmentScope: 'production' });
    expect(await failure(gl.ProjectVariables.create(101, 'API_URL', 'x', { environmentScope: 'production' }))).toEqual({
      status: 400,
      message: { key: ['(API_URL) has already been taken'] },
    });
    await gl.ProjectVariables.create(101, 'API_URL', 'https://staging', { environmentScope: 'staging' });

    expect((await failure(gl.ProjectVariables.show(101, 'API_URL'))).status).toBe(409);
    const staging = await gl.ProjectVariables.show(101, 'API_URL', { filter: { environment_scope: 'staging' } });
    expect(staging.value).toBe('https://staging');

    await gl.ProjectVariables.edit(101, 'API_URL', 'https://prod-2', { filter: { environment_scope: 'production' } });
    expect(server.variable('project:101', 'API_URL', 'production')?.value).toBe('https://prod-2');
    expect(server.variable('project:101', 'API_URL', 'staging')?.value).toBe('https://staging');

    await gl.ProjectVariables.remove(101, 'API_URL', { filter: { environment_scope: 'staging' } });
    expect(server.variable('project:101', 'API_URL', 'staging')).toBeUndefined();
  });

  it('updates a variable, re-checking the masking rule on the new value', async () => {
    await gl.ProjectVariables.create(101, 'TOKEN', 'first-value-1', { masked: true });
    const edited = await gl.ProjectVariables.edit(101, 'TOKEN', 'second-value-2', STAR);
    expect(edited.value).toBe('second-value-2');
    expect(server.variable('project:101', 'TOKEN')?.value).toBe('second-value-2');
    expect((await failure(gl.ProjectVariables.edit(101, 'TOKEN', 'no spaces!', STAR))).status).toBe(400);
    expect(server.variable('project:101', 'TOKEN')?.value).toBe('second-value-2');
    expect((await failure(gl.ProjectVariables.edit(101, 'MISSING', 'v', STAR))).message).toBe('404 Variable Not Found');
  });

  it('lists variables across pages with GitLab pagination headers', async () => {
    for (let i = 0; i < 5; i++) await gl.ProjectVariables.create(101, `VAR_${i}`, `value-${i}`);
    const firstPage = await fetch(`${server.url}/api/v4/projects/101/variables?per_page=2`, {
      headers: { 'PRIVATE-TOKEN': GITLAB_TEST_TOKENS.owner },
    });
    expect(firstPage.headers.get('x-total')).toBe('5');
    expect(firstPage.headers.get('x-total-pages')).toBe('3');
    expect(firstPage.headers.get('x-next-page')).toBe('2');
    expect(((await firstPage.json()) as unknown[]).length).toBe(2);

    const all = await gl.ProjectVariables.all(101, { perPage: 2 });
    expect(all.map((v) => v.key)).toEqual(['VAR_0', 'VAR_1', 'VAR_2', 'VAR_3', 'VAR_4']);
    const listCalls = server.stats.requests.filter((r) => r.method === 'GET' && r.route === '/api/v4/projects/:id/variables');
    expect(listCalls).toHaveLength(4); // one by fetch, three pages by gitbeaker following `link`
  });

  it('hides the value of a masked_and_hidden variable from every read', async () => {
    const options = { masked_and_hidden: true } as Record<string, unknown>;
    const created = await gl.ProjectVariables.create(101, 'HIDDEN_KEY', 'c2VjcmV0LXZhbHVl', options);
    expect(created).toMatchObject({ value: null, hidden: true, masked: true });
    expect((await gl.ProjectVariables.show(101, 'HIDDEN_KEY')).value).toBeNull();
    expect(server.variable('project:101', 'HIDDEN_KEY')?.value).toBe('c2VjcmV0LXZhbHVl');
    expect((await failure(gl.ProjectVariables.edit(101, 'HIDDEN_KEY', 'c2VjcmV0LXZhbHVl', { masked: false, ...STAR }))).status).toBe(400);
  });

  it('manages group variables, which need the Owner role', async () => {
    await gl.GroupVariables.create('acme', 'ORG_WIDE', 'org-value', { protected: true });
    expect(server.variable('group:11', 'ORG_WIDE')).toMatchObject({ value: 'org-value', protected: true });
    const projectMaintainer = client('glpat-app-maintainer');
    expect(await failure(projectMaintainer.GroupVariables.all(11))).toEqual({ status: 404, message: '404 Group Not Found' });
    await projectMaintainer.ProjectVariables.create(101, 'BY_MAINTAINER', 'v');
    // A group Maintainer sees the group but may not manage its variables; it inherits Maintainer on the project.
    const groupMaintainer = client('glpat-group-maintainer');
    expect(await failure(groupMaintainer.GroupVariables.all('acme'))).toEqual({ status: 403, message: '403 Forbidden' });
    await groupMaintainer.ProjectVariables.create('acme/app', 'INHERITED', 'v');
  });

  it('answers 401 / 403 / 404 like GitLab', async () => {
    expect(await failure(client('glpat-wrong').ProjectVariables.all(101))).toEqual({
      status: 401,
      message: '401 Unauthorized',
    });
    // CI job tokens are not accepted by the variables API.
    expect((await failure(client(GITLAB_TEST_TOKENS.job, 'jobToken').ProjectVariables.all(101))).status).toBe(401);
    expect(await failure(client(GITLAB_TEST_TOKENS.developer).ProjectVariables.all(101))).toEqual({
      status: 403,
      message: '403 Forbidden',
    });
    expect(await failure(client(GITLAB_TEST_TOKENS.readApi).ProjectVariables.create(101, 'X', 'y'))).toMatchObject({
      status: 403,
      message: 'insufficient_scope',
    });
    expect((await client(GITLAB_TEST_TOKENS.readApi).ProjectVariables.all(101)).length).toBe(0);
    expect(await failure(client('glpat-elsewhere').ProjectVariables.all(101))).toEqual({
      status: 404,
      message: '404 Project Not Found',
    });
    expect((await failure(gl.ProjectVariables.all('acme/ghost'))).status).toBe(404);
    // Authorization: Bearer is accepted too.
    expect(await client(GITLAB_TEST_TOKENS.owner, 'oauthToken').ProjectVariables.all(101)).toEqual([]);
  });

  it('creates, lists and updates merge request notes', async () => {
    const dev = client(GITLAB_TEST_TOKENS.developer);
    const note = await dev.MergeRequestNotes.create(101, 7, 'hardline: 0 findings');
    expect(note).toMatchObject({ body: 'hardline: 0 findings', author: { username: 'dev' }, noteable_type: 'MergeRequest' });
    await dev.MergeRequestNotes.create(101, 7, 'second');
    const edited = await dev.MergeRequestNotes.edit(101, 7, note.id, { body: 'hardline: 2 findings' });
    expect(edited.body).toBe('hardline: 2 findings');

    const listed = await dev.MergeRequestNotes.all(101, 7);
    expect(listed.map((n) => n.body)).toEqual(['second', 'hardline: 2 findings']);
    expect(server.notes.map((n) => n.body)).toEqual(['hardline: 2 findings', 'second']);

    expect((await failure(dev.MergeRequestNotes.create(101, 8, 'x'))).status).toBe(404);
    // Another non-maintainer may read but not edit someone else's note; a maintainer may.
    const other = client('glpat-other-dev');
    expect(await other.MergeRequestNotes.all(101, 7)).toHaveLength(2);
    expect(await failure(other.MergeRequestNotes.edit(101, 7, note.id, { body: 'hijack' }))).toEqual({
      status: 403,
      message: '403 Forbidden',
    });
    expect((await gl.MergeRequestNotes.edit(101, 7, note.id, { body: 'by owner' })).body).toBe('by owner');
  });

  it('triggers a pipeline with a trigger token and variables, and records it', async () => {
    const anonymous = new Gitlab({ host: server.url, token: 'unused' });
    const pipeline = await anonymous.PipelineTriggerTokens.trigger('acme/app', 'main', GITLAB_TEST_TOKENS.trigger, {
      variables: { DEPLOY_ENV: 'production', ROTATE: 'db' },
    });
    expect(pipeline).toMatchObject({ ref: 'main', status: 'created', source: 'trigger', project_id: 101 });
    expect(server.pipelines).toEqual([
      {
        id: pipeline.id,
        projectId: 101,
        ref: 'main',
        variables: { DEPLOY_ENV: 'production', ROTATE: 'db' },
        source: 'trigger',
        at: expect.any(Date),
      },
    ]);
    await anonymous.PipelineTriggerTokens.trigger(101, 'main', GITLAB_TEST_TOKENS.job);
    expect(server.pipelines[1]).toMatchObject({ source: 'pipeline', variables: {} });
    expect(await failure(anonymous.PipelineTriggerTokens.trigger(101, 'main', 'glptt-wrong'))).toEqual({
      status: 404,
      message: '404 Not Found',
    });
  });

  it('injects failures; gitbeaker retries 502s by itself', async () => {
    server.failNext({ status: 502, count: 2 });
    await gl.ProjectVariables.create(101, 'AFTER_RETRY', 'v');
    expect(server.variable('project:101', 'AFTER_RETRY')?.value).toBe('v');
    expect(server.stats.requests.filter((r) => r.injected).map((r) => r.status)).toEqual([502, 502]);

    server.failNext({ status: 500, method: 'PUT', path: '/api/v4/projects/:id/variables/:key', count: Infinity });
    expect(await failure(gl.ProjectVariables.edit(101, 'AFTER_RETRY', 'w', STAR))).toEqual({
      status: 500,
      message: '500 Internal Server Error',
    });
    expect((await gl.ProjectVariables.show(101, 'AFTER_RETRY')).value).toBe('v');
    server.clearFaults();
    expect((await gl.ProjectVariables.edit(101, 'AFTER_RETRY', 'w', STAR)).value).toBe('w');
  });
});
