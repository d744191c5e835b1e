/**
 * Tests of the GitHub TEST SERVER (not the real GitHub), driven by the real Octokit from
 * @actions/github and real libsodium sealed boxes.
 */
import { getOctokit } from '@actions/github';
import sodium from 'libsodium-wrappers';
import { GITHUB_TEST_TOKENS, startGitHubTestServer, type GitHubTestServer } from './index';

type Octokit = ReturnType<typeof getOctokit>;

async function seal(publicKeyB64: string, value: string): Promise<string> {
  await sodium.ready;
  const key = sodium.from_base64(publicKeyB64, sodium.base64_variants.ORIGINAL);
  return sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key), sodium.base64_variants.ORIGINAL);
}

describe('GitHub test server', () => {
  let server: GitHubTestServer;
  let gh: Octokit;
  const repo = { owner: 'acme', repo: 'app' };

  beforeEach(async () => {
    server = await startGitHubTestServer({
      repos: [
        { owner: 'acme', name: 'app', id: 4242, workflows: ['deploy.yml'] },
        { owner: 'acme', name: 'site', id: 4343, private: false },
      ],
      tokens: {
        [GITHUB_TEST_TOKENS.write]: {
          permissions: {
            secrets: 'write',
            environments: 'write',
            organization_secrets: 'write',
            actions: 'write',
            pull_requests: 'write',
          },
        },
        ro: { permissions: { secrets: 'read', actions: 'read', pull_requests: 'read' } },
        'secrets-only': { permissions: { secrets: 'write' } },
        'site-only': { permissions: { secrets: 'write' }, repositories: ['acme/site'] },
      },
    });
    gh = getOctokit(GITHUB_TEST_TOKENS.write, { baseUrl: server.url });
  });

  afterEach(async () => {
    await server.close();
  });

  async function putRepoSecret(client: Octokit, name: string, value: string) {
    const { data: key } = await client.rest.actions.getRepoPublicKey(repo);
    return client.rest.actions.createOrUpdateRepoSecret({
      ...repo,
      secret_name: name,
      encrypted_value: await seal(key.key, value),
      key_id: key.key_id,
    });
  }

  it('serves a curve25519 public key and decrypts a sealed secret to the same plaintext', async () => {
    const { data: key } = await gh.rest.actions.getRepoPublicKey(repo);
    expect(key.key_id).toMatch(/^\d+$/);
    expect(Buffer.from(key.key, 'base64')).toHaveLength(32);

    const created = await putRepoSecret(gh, 'db_password', 'p@ss w0rd ✓');
    expect(created.status).toBe(201);
    expect(server.secretValue('repo:acme/app', 'DB_PASSWORD')).toBe('p@ss w0rd ✓');

    const { data } = await gh.rest.actions.getRepoSecret({ ...repo, secret_name: 'DB_PASSWORD' });
    expect(Object.keys(data).sort()).toEqual(['created_at', 'name', 'updated_at']);
    expect(data.name).toBe('DB_PASSWORD');
  });

  it('answers 204 on update, keeps created_at and moves updated_at', async () => {
    await putRepoSecret(gh, 'API_KEY', 'v1');
    server.setSecretUpdatedAt('repo:acme/app', 'API_KEY', new Date('2020-01-02T03:04:05Z'));
    const before = (await gh.rest.actions.getRepoSecret({ ...repo, secret_name: 'API_KEY' })).data;
    expect(before.updated_at).toBe('2020-01-02T03:04:05Z');

    const updated = await putRepoSecret(gh, 'API_KEY', 'v2');
    expect(updated.status).toBe(204);
    expect(server.secretValue('repo:acme/app', 'API_KEY')).toBe('v2');
    const after = (await gh.rest.actions.getRepoSecret({ ...repo, secret_name: 'API_KEY' })).data;
    expect(after.created_at).toBe(before.created_at);
    expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse('2020-01-02T03:04:05Z'));
  });

  it('lists secrets with updated_at, paginated by per_page/page with a Link header', async () => {
    for (const name of ['C_ONE', 'A_TWO', 'B_THREE']) await putRepoSecret(gh, name, `value-${name}`);
    const first = await gh.rest.actions.listRepoSecrets({ ...repo, per_page: 2 });
    expect(first.data.total_count).toBe(3);
    expect(first.data.secrets.map((s) => s.name)).toEqual(['A_TWO', 'B_THREE']);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.data.secrets[0]!.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const all = await gh.paginate(gh.rest.actions.listRepoSecrets, { ...repo, per_page: 2 });
    expect(all.map((s) => s.name)).toEqual(['A_TWO', 'B_THREE', 'C_ONE']);

    expect((await gh.rest.actions.deleteRepoSecret({ ...repo, secret_name: 'A_TWO' })).status).toBe(204);
    expect(server.secretValue('repo:acme/app', 'A_TWO')).toBeUndefined();
  });

  it('refuses a read-only token with 403 and bad or missing credentials with 401', async () => {
    await putRepoSecret(gh, 'TOKEN', 'x');
    const ro = getOctokit('ro', { baseUrl: server.url });
    expect((await ro.rest.actions.listRepoSecrets(repo)).data.total_count).toBe(1);
    await expect(putRepoSecret(ro, 'TOKEN', 'y')).rejects.toMatchObject({
      status: 403,
      response: { data: { message: 'Resource not accessible by integration' } },
    });
    expect(server.secretValue('repo:acme/app', 'TOKEN')).toBe('x');

    const bad = getOctokit('nope', { baseUrl: server.url });
    await expect(bad.rest.actions.listRepoSecrets(repo)).rejects.toMatchObject({
      status: 401,
      response: { data: { message: 'Bad credentials', documentation_url: expect.stringContaining('docs.github.com') } },
    });
    const anonymous = await fetch(`${server.url}/repos/acme/app/actions/secrets`);
    expect(anonymous.status).toBe(401);
  });

  it('answers 404 for an unknown repository and for one the token cannot see', async () => {
    await expect(gh.rest.actions.getRepoPublicKey({ owner: 'acme', repo: 'ghost' })).rejects.toMatchObject({
      status: 404,
      response: { data: { message: 'Not Found' } },
    });
    const siteOnly = getOctokit('site-only', { baseUrl: server.url });
    await expect(siteOnly.rest.actions.getRepoPublicKey(repo)).rejects.toMatchObject({ status: 404 });
    expect((await siteOnly.rest.actions.getRepoPublicKey({ owner: 'acme', repo: 'site' })).status).toBe(200);
  });

  it('answers 422 for a wrong key_id, an undecryptable value, a stale key and non-base64', async () => {
    const { data: key } = await gh.rest.actions.getRepoPublicKey(repo);
    const put = (encrypted_value: string, key_id: string) =>
      gh.rest.actions.createOrUpdateRepoSecret({ ...repo, secret_name: 'S', encrypted_value, key_id });

    await expect(put(await seal(key.key, 'v'), '1')).rejects.toMatchObject({ status: 422 });

    await sodium.ready;
    const other = sodium.to_base64(sodium.crypto_box_keypair().publicKey, sodium.base64_variants.ORIGINAL);
    await expect(put(await seal(other, 'v'), key.key_id)).rejects.toMatchObject({
      status: 422,
      response: { data: { message: expect.stringContaining('improperly encrypted secret') } },
    });

    await expect(put('not base64!', key.key_id)).rejects.toMatchObject({ status: 422 });

    const sealed = await seal(key.key, 'v');
    server.rotatePublicKey('repo:acme/app');
    await expect(put(sealed, key.key_id)).rejects.toMatchObject({ status: 422 });
    expect(server.secretValue('repo:acme/app', 'S')).toBeUndefined();
  });

  it('stores environment secrets through both the /repositories/{id} and /repos/{owner}/{repo} paths', async () => {
    const { data: repoInfo } = await gh.rest.repos.get(repo);
    expect(repoInfo.id).toBe(4242);
    const { data: envKey } = await gh.rest.actions.getEnvironmentPublicKey({
      repository_id: repoInfo.id,
      environment_name: 'production',
    });
    const { data: repoKey } = await gh.rest.actions.getRepoPublicKey(repo);
    expect(envKey.key).not.toBe(repoKey.key);

    const created = await gh.rest.actions.createOrUpdateEnvironmentSecret({
      repository_id: repoInfo.id,
      environment_name: 'production',
      secret_name: 'DEPLOY_KEY',
      encrypted_value: await seal(envKey.key, 'prod-key'),
      key_id: envKey.key_id,
    });
    expect(created.status).toBe(201);
    expect(server.secretValue('env:acme/app:production', 'DEPLOY_KEY')).toBe('prod-key');

    const viaRepoPath = await gh.request('PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}', {
      ...repo,
      environment_name: 'production',
      secret_name: 'DEPLOY_KEY',
      encrypted_value: await seal(envKey.key, 'prod-key-2'),
      key_id: envKey.key_id,
    });
    expect(viaRepoPath.status).toBe(204);
    expect(server.secretValue('env:acme/app:production', 'DEPLOY_KEY')).toBe('prod-key-2');

    // Sealed for the repository key, not the environment's: refused.
    await expect(
      gh.rest.actions.createOrUpdateEnvironmentSecret({
        repository_id: repoInfo.id,
        environment_name: 'production',
        secret_name: 'OTHER',
        encrypted_value: await seal(repoKey.key, 'x'),
        key_id: repoKey.key_id,
      }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      gh.rest.actions.getEnvironmentPublicKey({ repository_id: repoInfo.id, environment_name: 'nowhere' }),
    ).rejects.toMatchObject({ status: 404 });
    // Environment secrets need the environments permission as well as secrets.
    const secretsOnly = getOctokit('secrets-only', { baseUrl: server.url });
    await expect(
      secretsOnly.rest.actions.getEnvironmentPublicKey({ repository_id: repoInfo.id, environment_name: 'production' }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('stores organization secrets with visibility and selected repositories', async () => {
    const { data: key } = await gh.rest.actions.getOrgPublicKey({ org: 'acme' });
    const created = await gh.rest.actions.createOrUpdateOrgSecret({
      org: 'acme',
      secret_name: 'NPM_TOKEN',
      encrypted_value: await seal(key.key, 'npm_abc'),
      key_id: key.key_id,
      visibility: 'selected',
      selected_repository_ids: [4343],
    });
    expect(created.status).toBe(201);
    expect(server.secretValue('org:acme', 'NPM_TOKEN')).toBe('npm_abc');

    const { data } = await gh.rest.actions.getOrgSecret({ org: 'acme', secret_name: 'NPM_TOKEN' });
    expect(data.visibility).toBe('selected');
    expect(data.selected_repositories_url).toBe(`${server.url}/orgs/acme/actions/secrets/NPM_TOKEN/repositories`);
    const selected = await gh.rest.actions.listSelectedReposForOrgSecret({ org: 'acme', secret_name: 'NPM_TOKEN' });
    expect(selected.data.repositories.map((r) => r.full_name)).toEqual(['acme/site']);

    await gh.rest.actions.addSelectedRepoToOrgSecret({ org: 'acme', secret_name: 'NPM_TOKEN', repository_id: 4242 });
    const forApp = await gh.rest.actions.listRepoOrganizationSecrets(repo);
    expect(forApp.data.secrets.map((s) => s.name)).toEqual(['NPM_TOKEN']);

    await expect(
      gh.rest.actions.createOrUpdateOrgSecret({
        org: 'acme',
        secret_name: 'NO_VIS',
        encrypted_value: await seal(key.key, 'x'),
        key_id: key.key_id,
      } as Parameters<Octokit['rest']['actions']['createOrUpdateOrgSecret']>[0]),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('records workflow dispatches and checks the workflow and the actions permission', async () => {
    const res = await gh.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: 'deploy.yml',
      ref: 'main',
      inputs: { environment: 'production' },
    });
    expect(res.status).toBe(204);
    expect(server.dispatches).toEqual([
      { repo: 'acme/app', workflow: 'deploy.yml', ref: 'main', inputs: { environment: 'production' }, at: expect.any(Date) },
    ]);
    await expect(
      gh.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'missing.yml', ref: 'main' }),
    ).rejects.toMatchObject({ status: 404 });
    const ro = getOctokit('ro', { baseUrl: server.url });
    await expect(ro.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'deploy.yml', ref: 'main' })).rejects.toMatchObject({
      status: 403,
    });
    expect(server.dispatches).toHaveLength(1);
  });

  it('creates, lists and edits PR comments', async () => {
    const { data: created } = await gh.rest.issues.createComment({ ...repo, issue_number: 7, body: 'scan: 0 findings' });
    expect(created.user?.login).toBe('github-actions[bot]');
    const { data: edited } = await gh.rest.issues.updateComment({ ...repo, comment_id: created.id, body: 'scan: 1 finding' });
    expect(edited.body).toBe('scan: 1 finding');
    const { data: listed } = await gh.rest.issues.listComments({ ...repo, issue_number: 7 });
    expect(listed.map((c) => c.body)).toEqual(['scan: 1 finding']);
    expect(server.comments).toMatchObject([{ repo: 'acme/app', issueNumber: 7, body: 'scan: 1 finding' }]);
    const ro = getOctokit('ro', { baseUrl: server.url });
    await expect(ro.rest.issues.createComment({ ...repo, issue_number: 7, body: 'x' })).rejects.toMatchObject({ status: 403 });
  });

  it('injects failures: failNext by count, per route, and latency; logs every request', async () => {
    server.failNext({ status: 502, count: 2 });
    await expect(gh.rest.actions.getRepoPublicKey(repo)).rejects.toMatchObject({ status: 502 });
    await expect(gh.rest.actions.getRepoPublicKey(repo)).rejects.toMatchObject({ status: 502 });
    expect((await gh.rest.actions.getRepoPublicKey(repo)).status).toBe(200);

    server.failNext({ status: 503, method: 'PUT', path: '/repos/:owner/:repo/actions/secrets/:name', count: Infinity });
    await expect(putRepoSecret(gh, 'X', 'y')).rejects.toMatchObject({ status: 503 });
    expect((await gh.rest.actions.listRepoSecrets(repo)).status).toBe(200);
    server.clearFaults();
    expect((await putRepoSecret(gh, 'X', 'y')).status).toBe(201);

    server.setLatency(60);
    const started = Date.now();
    await gh.rest.actions.listRepoSecrets(repo);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);

    const { requests, byStatus } = server.stats;
    expect(byStatus[502]).toBe(2);
    expect(requests.filter((r) => r.injected)).toHaveLength(3);
    expect(requests.at(-1)).toMatchObject({ method: 'GET', route: '/repos/:owner/:repo/actions/secrets', status: 200 });
  });
});
