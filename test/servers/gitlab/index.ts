/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * A loopback (127.0.0.1, port 0) stand-in for the subset of GitLab's REST API v4 hardline uses:
 * project and group CI/CD variables (with GitLab's masking rules), merge request notes and
 * pipeline triggers, with token roles/scopes and scripted faults.
 * Drive it with real clients: `new Gitlab({ host: server.url, token })` from @gitbeaker/rest.
 */
import { STATUS_CODES } from 'node:http';
import { message } from './auth';
import { FaultInjector, listen, Router, type JsonValue } from '../shared/http';
import { addMergeRequestNoteRoutes } from './routes-merge-request-notes';
import { addPipelineTriggerRoutes } from './routes-pipeline-triggers';
import { addVariableRoutes, type GitLabContext } from './routes-variables';
import { DEFAULT_TRIGGER_TOKEN, GitLabState } from './state';
import type { GitLabTestServer, GitLabTestServerOptions, GitLabTokenGrant } from './types';

export * from './types';

/** Tokens present when `opts.tokens` is not given (all with access to every project and group). */
export const GITLAB_TEST_TOKENS = {
  /** Owner, scope api. */
  owner: 'glpat-test-owner',
  /** Developer, scope api: may comment, may not touch variables. */
  developer: 'glpat-test-developer',
  /** Owner but scope read_api only. */
  readApi: 'glpat-test-read-api',
  /** A CI job token (Developer). */
  job: 'glcbt-test-job-token',
  /** The default project's pipeline trigger token. */
  trigger: DEFAULT_TRIGGER_TOKEN,
} as const;

function defaultTokens(): Record<string, GitLabTokenGrant> {
  return {
    [GITLAB_TEST_TOKENS.owner]: { access: 50 },
    [GITLAB_TEST_TOKENS.developer]: { access: 30, username: 'dev' },
    [GITLAB_TEST_TOKENS.readApi]: { access: 50, scopes: ['read_api'] },
    [GITLAB_TEST_TOKENS.job]: { access: 30, kind: 'job' },
  };
}

export async function startGitLabTestServer(opts: GitLabTestServerOptions = {}): Promise<GitLabTestServer> {
  const state = new GitLabState(opts);
  const faults = new FaultInjector();
  faults.latencyMs = opts.latencyMs ?? 0;
  const router = new Router();
  let baseUrl = '';
  const app: GitLabContext = { state, tokens: opts.tokens ?? defaultTokens(), baseUrl: () => baseUrl };
  addVariableRoutes(router, app);
  addMergeRequestNoteRoutes(router, app);
  addPipelineTriggerRoutes(router, app);

  const running = await listen({
    router,
    faults,
    notFound: () => ({ status: 404, body: { error: '404 Not Found' } }),
    faultBody: (status): JsonValue => (message(status, `${status} ${STATUS_CODES[status] ?? 'Error'}`).body ?? null),
  });
  baseUrl = running.url;

  return {
    url: running.url,
    variable: (scope, key, environmentScope) => {
      const owner = state.ownerFromScope(scope);
      if (!owner) throw new Error(`no such ${scope}`);
      const matches = state
        .variablesOf(owner)
        .filter((v) => v.key === key && (environmentScope === undefined || v.environment_scope === environmentScope));
      if (matches.length > 1) throw new Error(`${key} exists in several environment scopes; pass one`);
      return matches[0] && { ...matches[0] };
    },
    get notes() {
      return [...state.notes];
    },
    get pipelines() {
      return [...state.pipelines];
    },
    get stats() {
      return running.stats();
    },
    failNext: (fault) => faults.add(fault),
    setLatency: (ms) => {
      faults.latencyMs = ms;
    },
    clearFaults: () => faults.clear(),
    close: () => running.close(),
  };
}
