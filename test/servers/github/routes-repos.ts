/**
 * TEST SERVER for hardline's tests — NOT the real GitHub API.
 *
 * Repository lookup, workflow dispatches and issue / pull-request comments.
 */
import { authenticate, canSeeRepo, forbidden, githubError, has, invalid, isReply, notFound, type Caller } from './auth';
import { jsonBody, type Handler, type JsonObject, type Reply, type RequestContext, type Router } from '../shared/http';
import { paginate } from './paginate';
import type { GitHubContext } from './routes-secrets';
import { iso, repoJson as repoJsonBase, type Repo } from './state';
import type { IssueCommentRecord } from './types';

const DISPATCH_DOC = 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event';
const COMMENTS_DOC = 'https://docs.github.com/rest/issues/comments';

function withRepo(app: GitHubContext, fn: (ctx: RequestContext, repo: Repo, caller: Caller) => Reply): Handler {
  return (ctx) => {
    const caller = authenticate(ctx, app.tokens);
    if (isReply(caller)) return caller;
    const repo = app.state.repo(ctx.params.owner ?? '', ctx.params.repo ?? '');
    if (!repo || !canSeeRepo(caller, repo)) return notFound();
    return fn(ctx, repo, caller);
  };
}

function commentJson(app: GitHubContext, c: IssueCommentRecord): JsonObject {
  const api = `${app.baseUrl()}/repos/${c.repo}`;
  return {
    id: c.id,
    node_id: Buffer.from(`012:IssueComment${c.id}`).toString('base64'),
    url: `${api}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.repo}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    issue_url: `${api}/issues/${c.issueNumber}`,
    body: c.body,
    user: { login: c.user, id: 41898282, type: c.user.endsWith('[bot]') ? 'Bot' : 'User' },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: 'NONE',
  };
}

/** Comments live on issues and pull requests alike, so either permission will do. */
const canComment = (caller: Caller, level: 'read' | 'write') =>
  has(caller, 'issues', level) || has(caller, 'pull_requests', level);

export function addRepoRoutes(router: Router, app: GitHubContext): void {
  router.add(
    'GET',
    '/repos/:owner/:repo',
    withRepo(app, (_ctx, repo) => ({ status: 200, body: repoJsonBase(repo, app.baseUrl()) })),
  );

  router.add(
    'POST',
    '/repos/:owner/:repo/actions/workflows/:workflow_id/dispatches',
    withRepo(app, (ctx, repo, caller) => {
      if (!has(caller, 'actions', 'write')) return forbidden(DISPATCH_DOC);
      const wanted = ctx.params.workflow_id ?? '';
      let workflow = wanted;
      if (repo.workflows) {
        const found = repo.workflows.find(([id, file]) => String(id) === wanted || file === wanted);
        if (!found) return notFound(DISPATCH_DOC);
        workflow = found[1];
      }
      const body = jsonBody(ctx);
      if (body === null) return githubError(400, 'Problems parsing JSON', DISPATCH_DOC);
      const ref = body?.ref;
      if (typeof ref !== 'string' || !ref) return invalid('"ref" wasn\'t supplied.', DISPATCH_DOC);
      const inputs = body?.inputs ?? {};
      if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
        return invalid('For \'properties/inputs\', it is not an object.', DISPATCH_DOC);
      }
      app.state.dispatches.push({ repo: repo.fullName, workflow, ref, inputs, at: new Date() });
      return { status: 204 };
    }),
  );

  const issueExists = (repo: Repo, n: number) => Number.isInteger(n) && n > 0 && (!repo.issues || repo.issues.includes(n));

  router.add(
    'GET',
    '/repos/:owner/:repo/issues/:number/comments',
    withRepo(app, (ctx, repo, caller) => {
      if (!canComment(caller, 'read')) return forbidden(COMMENTS_DOC);
      const n = Number(ctx.params.number);
      if (!issueExists(repo, n)) return notFound(COMMENTS_DOC);
      const since = ctx.query.get('since');
      const all = app.state.comments.filter(
        (c) => c.repo === repo.fullName && c.issueNumber === n && (!since || c.updatedAt >= since),
      );
      const page = paginate(ctx, app.baseUrl(), all);
      return { status: 200, headers: page.headers, body: page.items.map((c) => commentJson(app, c)) };
    }),
  );

  router.add(
    'POST',
    '/repos/:owner/:repo/issues/:number/comments',
    withRepo(app, (ctx, repo, caller) => {
      if (!canComment(caller, 'write')) return forbidden(COMMENTS_DOC);
      const n = Number(ctx.params.number);
      if (!issueExists(repo, n)) return notFound(COMMENTS_DOC);
      const body = jsonBody(ctx);
      if (typeof body?.body !== 'string') return invalid('"body" wasn\'t supplied.', COMMENTS_DOC);
      const comment = app.state.addComment(repo, n, body.body, caller.login);
      return { status: 201, headers: { location: String(commentJson(app, comment).url) }, body: commentJson(app, comment) };
    }),
  );

  router.add(
    'PATCH',
    '/repos/:owner/:repo/issues/comments/:comment_id',
    withRepo(app, (ctx, repo, caller) => {
      if (!canComment(caller, 'write')) return forbidden(COMMENTS_DOC);
      const comment = app.state.comments.find((c) => c.repo === repo.fullName && c.id === Number(ctx.params.comment_id));
      if (!comment) return notFound(COMMENTS_DOC);
      const body = jsonBody(ctx);
      if (typeof body?.body !== 'string') return invalid('"body" wasn\'t supplied.', COMMENTS_DOC);
      comment.body = body.body;
      comment.updatedAt = iso(new Date());
      return { status: 200, body: commentJson(app, comment) };
    }),
  );
}
