/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * Token authentication (PRIVATE-TOKEN, JOB-TOKEN, Authorization: Bearer), role and scope checks,
 * and GitLab-shaped error replies.
 */
import type { Reply, RequestContext } from '../shared/http';
import type { Owner } from './state';
import type { AccessLevel, GitLabTokenGrant } from './types';

export const message = (status: number, text: string): Reply => ({ status, body: { message: text } });
export const unauthorized = (): Reply => message(401, '401 Unauthorized');
export const forbidden = (): Reply => message(403, '403 Forbidden');
export const notFound = (what?: string): Reply => message(404, what ? `404 ${what} Not Found` : '404 Not Found');
export const insufficientScope = (): Reply => ({
  status: 403,
  body: {
    error: 'insufficient_scope',
    error_description: 'The request requires higher privileges than provided by the access token.',
    scope: 'api',
  },
});

export interface Caller {
  token: string;
  grant: GitLabTokenGrant;
  username: string;
}

function presented(ctx: RequestContext): string | undefined {
  const h = ctx.headers;
  const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const bearer = /^bearer\s+(\S+)\s*$/i.exec(single(h.authorization) ?? '');
  return single(h['private-token']) ?? single(h['job-token']) ?? bearer?.[1];
}

/**
 * A user for the REST API proper. Job tokens are not accepted by the variables and notes APIs
 * (GitLab then finds no user and answers 401).
 */
export function authenticateUser(ctx: RequestContext, tokens: Record<string, GitLabTokenGrant>): Caller | Reply {
  const token = presented(ctx);
  const grant = token === undefined ? undefined : tokens[token];
  if (!token || !grant || grant.kind === 'job') return unauthorized();
  return { token, grant, username: grant.username ?? 'hardline-bot' };
}

export function canWrite(caller: Caller): boolean {
  return (caller.grant.scopes ?? ['api']).includes('api');
}

/** Access to a project or group; membership of a parent group is inherited. */
export function accessTo(grant: GitLabTokenGrant, owner: Owner): AccessLevel {
  if (typeof grant.access === 'number') return grant.access;
  const segments = owner.path.toLowerCase().split('/');
  let best: AccessLevel = 0;
  for (const [path, level] of Object.entries(grant.access)) {
    const p = path.toLowerCase().split('/');
    if (p.length <= segments.length && p.every((s, i) => s === segments[i]) && level > best) best = level;
  }
  return best;
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}
