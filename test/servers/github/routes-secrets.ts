/**
 * TEST SERVER for hardline's tests — NOT the real GitHub API.
 *
 * GitHub Actions secrets: repository, environment (both the current `/repos/{owner}/{repo}/environments/...`
 * form and the `/repositories/{repository_id}/environments/...` form Octokit v10 calls) and organization
 * secrets. PUT bodies are libsodium sealed boxes; the server opens them and keeps the plaintext.
 */
import { authenticate, canSeeRepo, forbidden, githubError, has, invalid, isReply, notFound, type Caller } from './auth';
import { jsonBody, type Handler, type JsonObject, type Reply, type RequestContext, type Router } from '../shared/http';
import { paginate } from './paginate';
import { BASE64_PATTERN, type SealedBoxKeys } from './sealed-box';
import { GitHubState, iso, repoJson, type Repo, type StoredSecret } from './state';
import type { GitHubPermission, GitHubTokenGrant, OrgSecretVisibility, SecretScope } from './types';

export interface GitHubContext {
  state: GitHubState;
  keys: SealedBoxKeys;
  tokens: Record<string, GitHubTokenGrant>;
  baseUrl(): string;
}

const DOC = 'https://docs.github.com/rest/actions/secrets';
const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_SECRET_BYTES = 48 * 1024;
const VISIBILITIES: OrgSecretVisibility[] = ['all', 'private', 'selected'];

interface ResolvedScope {
  scope: SecretScope;
  kind: 'repo' | 'env' | 'org';
  permissions: GitHubPermission[];
  org?: string;
}

type Resolver = (ctx: RequestContext, caller: Caller) => ResolvedScope | Reply;

function visibleRepo(app: GitHubContext, caller: Caller, ctx: RequestContext): Repo | Reply {
  const repo = ctx.params.repository_id
    ? app.state.reposById.get(Number(ctx.params.repository_id))
    : app.state.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
  return repo && canSeeRepo(caller, repo) ? repo : notFound(DOC);
}

const repoScope =
  (app: GitHubContext): Resolver =>
  (ctx, caller) => {
    const repo = visibleRepo(app, caller, ctx);
    if (isReply(repo)) return repo;
    return { scope: `repo:${repo.fullName}`, kind: 'repo', permissions: ['secrets'] };
  };

const envScope =
  (app: GitHubContext): Resolver =>
  (ctx, caller) => {
    const repo = visibleRepo(app, caller, ctx);
    if (isReply(repo)) return repo;
    const env = repo.environments.find((e) => e.toLowerCase() === (ctx.params.env ?? '').toLowerCase());
    if (!env) return notFound(DOC);
    return { scope: `env:${repo.fullName}:${env}`, kind: 'env', permissions: ['secrets', 'environments'] };
  };

const orgScope =
  (app: GitHubContext): Resolver =>
  (ctx) => {
    const org = ctx.params.org ?? '';
    if (!app.state.orgs.has(org.toLowerCase())) return notFound(DOC);
    return { scope: `org:${org}`, kind: 'org', permissions: ['organization_secrets'], org };
  };

function secretJson(app: GitHubContext, resolved: ResolvedScope, s: StoredSecret): JsonObject {
  const json: JsonObject = { name: s.name, created_at: iso(s.createdAt), updated_at: iso(s.updatedAt) };
  if (resolved.kind === 'org') {
    json.visibility = s.visibility ?? 'private';
    if (s.visibility === 'selected') {
      json.selected_repositories_url = `${app.baseUrl()}/orgs/${resolved.org}/actions/secrets/${s.name}/repositories`;
    }
  }
  return json;
}

/** Authenticates, resolves the scope, then checks every permission the scope needs at `level`. */
function guarded(
  app: GitHubContext,
  resolve: Resolver,
  level: 'read' | 'write',
  body: (ctx: RequestContext, resolved: ResolvedScope, caller: Caller) => Reply,
): Handler {
  return (ctx) => {
    const caller = authenticate(ctx, app.tokens);
    if (isReply(caller)) return caller;
    const resolved = resolve(ctx, caller);
    if (isReply(resolved)) return resolved;
    if (!resolved.permissions.every((p) => has(caller, p, level))) return forbidden(DOC);
    return body(ctx, resolved, caller);
  };
}

function secretHandlers(app: GitHubContext, resolve: Resolver) {
  const store = (r: ResolvedScope) => app.state.secretsIn(GitHubState.scopeKey(r.scope));
  return {
    publicKey: guarded(app, resolve, 'read', (_ctx, r) => {
      const { keyId, key } = app.keys.publicKey(GitHubState.scopeKey(r.scope));
      return { status: 200, body: { key_id: keyId, key } };
    }),
    list: guarded(app, resolve, 'read', (ctx, r) => {
      const all = [...store(r).values()].sort((a, b) => a.name.localeCompare(b.name));
      const page = paginate(ctx, app.baseUrl(), all);
      return {
        status: 200,
        headers: page.headers,
        body: { total_count: all.length, secrets: page.items.map((s) => secretJson(app, r, s)) },
      };
    }),
    get: guarded(app, resolve, 'read', (ctx, r) => {
      const s = store(r).get(GitHubState.secretName(ctx.params.name ?? ''));
      return s ? { status: 200, body: secretJson(app, r, s) } : notFound(DOC);
    }),
    put: guarded(app, resolve, 'write', (ctx, r) => putSecret(app, ctx, r, store(r))),
    delete: guarded(app, resolve, 'write', (ctx, r) => {
      const deleted = store(r).delete(GitHubState.secretName(ctx.params.name ?? ''));
      return deleted ? { status: 204 } : notFound(DOC);
    }),
  };
}

function putSecret(app: GitHubContext, ctx: RequestContext, r: ResolvedScope, secrets: Map<string, StoredSecret>): Reply {
  const rawName = ctx.params.name ?? '';
  if (!NAME_RULE.test(rawName) || /^GITHUB_/i.test(rawName)) {
    return invalid(
      'Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_), ' +
        'must not start with a number and must not start with the GITHUB_ prefix.',
      DOC,
    );
  }
  const body = jsonBody(ctx);
  if (body === null) return githubError(400, 'Problems parsing JSON', DOC);
  const encrypted = body?.encrypted_value;
  const keyId = body?.key_id;
  if (typeof encrypted !== 'string') return invalid('"encrypted_value" wasn\'t supplied.', DOC);
  if (typeof keyId !== 'string') return invalid('"key_id" wasn\'t supplied.', DOC);
  if (!BASE64_PATTERN.test(encrypted)) return invalid(`${encrypted} does not match ${BASE64_PATTERN.source}.`, DOC);

  let visibility: OrgSecretVisibility | undefined;
  let selected: number[] | undefined;
  if (r.kind === 'org') {
    const v = body?.visibility;
    if (v === undefined) return invalid('"visibility" wasn\'t supplied.', DOC);
    if (typeof v !== 'string' || !VISIBILITIES.includes(v as OrgSecretVisibility)) {
      return invalid(`${JSON.stringify(v)} is not a member of ${JSON.stringify(VISIBILITIES)}.`, DOC);
    }
    visibility = v as OrgSecretVisibility;
    const ids = body?.selected_repository_ids;
    if (ids !== undefined) {
      if (!Array.isArray(ids) || !ids.every((x) => Number.isInteger(Number(x)))) {
        return invalid('"selected_repository_ids" must be an array of repository ids.', DOC);
      }
      selected = ids.map(Number);
    }
  }

  const opened = app.keys.open(GitHubState.scopeKey(r.scope), keyId, encrypted);
  if (!opened.ok) {
    return githubError(422, 'Bad request - validation failed due to an improperly encrypted secret', DOC);
  }
  if (Buffer.byteLength(opened.value, 'utf8') > MAX_SECRET_BYTES) {
    return invalid('Secret value is too large (maximum 48 KB).', DOC);
  }

  const name = GitHubState.secretName(rawName);
  const now = new Date();
  const existing = secrets.get(name);
  const stored: StoredSecret = {
    name,
    value: opened.value,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    visibility,
    selectedRepositoryIds: visibility === 'selected' ? (selected ?? existing?.selectedRepositoryIds ?? []) : undefined,
  };
  secrets.set(name, stored);
  // GitHub: 201 with an empty object when created, 204 when updated.
  return existing ? { status: 204 } : { status: 201, body: {} };
}

function orgSecretRepoHandlers(app: GitHubContext) {
  const resolve = orgScope(app);
  const withSelected = (
    level: 'read' | 'write',
    fn: (ctx: RequestContext, s: StoredSecret) => Reply,
  ): Handler =>
    guarded(app, resolve, level, (ctx, r) => {
      const s = app.state.secretsIn(GitHubState.scopeKey(r.scope)).get(GitHubState.secretName(ctx.params.name ?? ''));
      if (!s) return notFound(DOC);
      if (s.visibility !== 'selected') {
        return githubError(409, 'Conflict when visibility type is not set to selected', DOC);
      }
      return fn(ctx, s);
    });
  return {
    list: withSelected('read', (ctx, s) => {
      const repos = (s.selectedRepositoryIds ?? []).flatMap((id) => app.state.reposById.get(id) ?? []);
      const page = paginate(ctx, app.baseUrl(), repos);
      return {
        status: 200,
        headers: page.headers,
        body: { total_count: repos.length, repositories: page.items.map((repo) => repoJson(repo, app.baseUrl())) },
      };
    }),
    set: withSelected('write', (ctx, s) => {
      const ids = jsonBody(ctx)?.selected_repository_ids;
      if (!Array.isArray(ids)) return invalid('"selected_repository_ids" wasn\'t supplied.', DOC);
      s.selectedRepositoryIds = ids.map(Number);
      return { status: 204 };
    }),
    add: withSelected('write', (ctx, s) => {
      const id = Number(ctx.params.repository_id);
      if (!(s.selectedRepositoryIds ?? []).includes(id)) s.selectedRepositoryIds = [...(s.selectedRepositoryIds ?? []), id];
      return { status: 204 };
    }),
    remove: withSelected('write', (ctx, s) => {
      const id = Number(ctx.params.repository_id);
      s.selectedRepositoryIds = (s.selectedRepositoryIds ?? []).filter((x) => x !== id);
      return { status: 204 };
    }),
  };
}

/** Org secrets a repository can use: visibility all, private (for private repos) or selected including it. */
function repoOrgSecrets(app: GitHubContext): Handler {
  return guarded(app, repoScope(app), 'read', (ctx) => {
    const repo = app.state.repo(ctx.params.owner ?? '', ctx.params.repo ?? '')!;
    const secrets = [...app.state.secretsIn(GitHubState.scopeKey(`org:${repo.owner}`)).values()]
      .filter(
        (s) =>
          s.visibility === 'all' ||
          (s.visibility === 'private' && repo.private) ||
          (s.visibility === 'selected' && (s.selectedRepositoryIds ?? []).includes(repo.id)),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = paginate(ctx, app.baseUrl(), secrets);
    return {
      status: 200,
      headers: page.headers,
      body: {
        total_count: secrets.length,
        secrets: page.items.map((s) => ({ name: s.name, created_at: iso(s.createdAt), updated_at: iso(s.updatedAt) })),
      },
    };
  });
}

export function addSecretRoutes(router: Router, app: GitHubContext): void {
  const scoped: Array<[string, Resolver]> = [
    ['/repos/:owner/:repo/actions/secrets', repoScope(app)],
    ['/repos/:owner/:repo/environments/:env/secrets', envScope(app)],
    ['/repositories/:repository_id/environments/:env/secrets', envScope(app)],
    ['/orgs/:org/actions/secrets', orgScope(app)],
  ];
  for (const [base, resolve] of scoped) {
    const h = secretHandlers(app, resolve);
    router
      .add('GET', `${base}/public-key`, h.publicKey)
      .add('GET', base, h.list)
      .add('GET', `${base}/:name`, h.get)
      .add('PUT', `${base}/:name`, h.put)
      .add('DELETE', `${base}/:name`, h.delete);
  }
  const org = orgSecretRepoHandlers(app);
  router
    .add('GET', '/orgs/:org/actions/secrets/:name/repositories', org.list)
    .add('PUT', '/orgs/:org/actions/secrets/:name/repositories', org.set)
    .add('PUT', '/orgs/:org/actions/secrets/:name/repositories/:repository_id', org.add)
    .add('DELETE', '/orgs/:org/actions/secrets/:name/repositories/:repository_id', org.remove)
    .add('GET', '/repos/:owner/:repo/actions/organization-secrets', repoOrgSecrets(app));
}
