/**
 * TEST SERVER for hardline's tests — NOT the real GitHub API.
 *
 * A loopback (127.0.0.1, port 0) stand-in for the subset of the GitHub REST API hardline uses:
 * Actions secrets (repository, environment, organization; libsodium sealed boxes opened server-side),
 * workflow dispatches and issue / PR comments, with token permissions and scripted faults.
 * Drive it with real clients: `getOctokit(token, { baseUrl: server.url })`.
 */
import { FaultInjector, listen, Router, type JsonValue, type Reply } from '../shared/http';
import { githubError } from './auth';
import { addRepoRoutes } from './routes-repos';
import { addSecretRoutes, type GitHubContext } from './routes-secrets';
import { SealedBoxKeys } from './sealed-box';
import { GitHubState } from './state';
import type { GitHubTestServer, GitHubTestServerOptions, GitHubTokenGrant, SecretScope } from './types';

export * from './types';

/** Tokens present when `opts.tokens` is not given. */
export const GITHUB_TEST_TOKENS = {
  /** Every permission at write. */
  write: 'ghs_test_write_all',
  /** Every permission at read. */
  read: 'ghs_test_read_only',
} as const;

const EVERY: GitHubTokenGrant['permissions'] = {
  secrets: 'write',
  environments: 'write',
  organization_secrets: 'write',
  actions: 'write',
  issues: 'write',
  pull_requests: 'write',
  metadata: 'read',
};

function defaultTokens(): Record<string, GitHubTokenGrant> {
  const read = Object.fromEntries(Object.keys(EVERY).map((k) => [k, 'read'])) as GitHubTokenGrant['permissions'];
  return { [GITHUB_TEST_TOKENS.write]: { permissions: EVERY }, [GITHUB_TEST_TOKENS.read]: { permissions: read } };
}

export async function startGitHubTestServer(opts: GitHubTestServerOptions = {}): Promise<GitHubTestServer> {
  const state = new GitHubState(opts);
  const keys = await SealedBoxKeys.create();
  const faults = new FaultInjector();
  faults.latencyMs = opts.latencyMs ?? 0;
  const router = new Router();
  let baseUrl = '';
  const app: GitHubContext = { state, keys, tokens: opts.tokens ?? defaultTokens(), baseUrl: () => baseUrl };
  addSecretRoutes(router, app);
  addRepoRoutes(router, app);

  const running = await listen({
    router,
    faults,
    notFound: (): Reply => githubError(404, 'Not Found'),
    faultBody: (status): JsonValue =>
      status >= 500 ? { message: 'Server Error' } : { message: `Injected ${status}`, status: String(status) },
  });
  baseUrl = running.url;

  const mustFind = (scope: SecretScope, name: string) => {
    const secret = state.findSecret(scope, name);
    if (!secret) throw new Error(`no secret ${name} in ${scope}`);
    return secret;
  };

  return {
    url: running.url,
    secretValue: (scope, name) => state.findSecret(scope, name)?.value,
    setSecretUpdatedAt: (scope, name, date) => {
      mustFind(scope, name).updatedAt = date;
    },
    rotatePublicKey: (scope) => {
      keys.rotate(GitHubState.scopeKey(scope));
    },
    get dispatches() {
      return [...state.dispatches];
    },
    get comments() {
      return [...state.comments];
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
