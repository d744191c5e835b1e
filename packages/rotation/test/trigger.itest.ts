import { ConfigurationError, HttpClient, OperationalError } from '@hardline/core';
import { startGitHubTestServer, GITHUB_TEST_TOKENS, type GitHubTestServer } from '../../../test/servers/github';
import { startGitLabTestServer, GITLAB_TEST_TOKENS, type GitLabTestServer } from '../../../test/servers/gitlab';
import { runTriggers } from '../src/trigger';

let github: GitHubTestServer;
let gitlab: GitLabTestServer;
let http: HttpClient;
beforeAll(async () => {
  github = await startGitHubTestServer({ repos: [{ owner: 'acme', name: 'app', workflows: ['deploy.yml'] }] });
  gitlab = await startGitLabTestServer();
  http = new HttpClient({ baseDelayMs: 1 });
});
afterAll(async () => {
  http.close();
  await github.close();
  await gitlab.close();
});

describe('runTriggers', () => {
  it('dispatches the GitHub workflow and triggers the GitLab pipeline with their inputs', async () => {
    const done = await runTriggers(
      { githubWorkflow: { repository: 'acme/app', workflow: 'deploy.yml', ref: 'main', inputs: { why: 'rotation' } }, gitlabPipeline: { project: 'acme/app', ref: 'main', variables: { WHY: 'rotation' } } },
      { githubToken: GITHUB_TEST_TOKENS.write, githubApiUrl: github.url, gitlabTriggerToken: GITLAB_TEST_TOKENS.trigger, gitlabApiUrl: `${gitlab.url}/api/v4` },
      'E',
      http,
    );
    expect(done).toEqual(['workflow_dispatch acme/app/deploy.yml@main', 'pipeline trigger acme/app@main']);
    expect(github.dispatches).toEqual([expect.objectContaining({ repo: 'acme/app', workflow: 'deploy.yml', ref: 'main', inputs: { why: 'rotation' } })]);
    expect(gitlab.pipelines).toEqual([expect.objectContaining({ ref: 'main', variables: { WHY: 'rotation' }, source: 'trigger' })]);
  });

  it('names the workflow and the permission when a dispatch is refused', async () => {
    const err = (await runTriggers({ githubWorkflow: { repository: 'acme/app', workflow: 'nope.yml', ref: 'main', inputs: {} } }, { githubToken: GITHUB_TEST_TOKENS.write, githubApiUrl: github.url }, 'E', http).catch((e: unknown) => e)) as OperationalError;
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.describe()).toContain('workflow_dispatch of nope.yml in acme/app failed (HTTP 404)');
    expect(err.describe()).toContain('actions: write');
  });

  it('says which token is missing, and what a 404 from GitLab means', async () => {
    await expect(runTriggers({ gitlabPipeline: { project: 'acme/app', ref: 'main', variables: {} } }, {}, 'E', http)).rejects.toThrow(ConfigurationError);
    const err = (await runTriggers({ gitlabPipeline: { project: 'acme/app', ref: 'main', variables: {} } }, { gitlabTriggerToken: 'glptt-wrong', gitlabApiUrl: `${gitlab.url}/api/v4` }, 'E', http).catch((e: unknown) => e)) as OperationalError;
    expect(err.describe()).toContain('pipeline trigger of acme/app@main failed (HTTP 404)');
    expect(err.describe()).toContain('trigger token');
  });
});
