/**
 * TEST SERVER for hardline's tests — NOT the real GitHub API.
 *
 * Token authentication, permission checks and GitHub-shaped error replies.
 */
import type { JsonValue, Reply, RequestContext } from '../shared/http';
import type { Repo } from './state';
import type { GitHubPermission, GitHubTokenGrant, PermissionLevel } from './types';

export const DOCS = 'https://docs.github.com/rest';

export function githubError(status: number, message: string, doc = DOCS, extra?: Record<string, JsonValue>): Reply {
  return { status, body: { message, documentation_url: doc, status: String(status), ...extra } };
}

export const notFound = (doc?: string): Reply => githubError(404, 'Not Found', doc);
export const forbidden = (doc?: string): Reply => githubError(403, 'Resource not accessible by integration', doc);
export const invalid = (detail: string, doc?: string): Reply => githubError(422, `Invalid request.\n\n${detail}`, doc);

export interface Caller {
  token: string;
  grant: GitHubTokenGrant;
  login: string;
}

/** `Authorization: token X` or `Bearer X` (any case), as Octokit and curl send it. */
export function authenticate(ctx: RequestContext, tokens: Record<string, GitHubTokenGrant>): Caller | Reply {
  const header = ctx.headers.authorization;
  if (!header) return githubError(401, 'Requires authentication');
  const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  const grant = m ? tokens[m[1]!] : undefined;
  if (!m || !grant) return githubError(401, 'Bad credentials');
  return { token: m[1]!, grant, login: grant.login ?? 'github-actions[bot]' };
}

const RANK: Record<PermissionLevel, number> = { none: 0, read: 1, write: 2 };

export function has(caller: Caller, permission: GitHubPermission, level: 'read' | 'write'): boolean {
  return RANK[caller.grant.permissions[permission] ?? 'none'] >= RANK[level];
}

export function canSeeRepo(caller: Caller, repo: Repo): boolean {
  const allowed = caller.grant.repositories;
  if (allowed && !allowed.some((r) => r.toLowerCase() === repo.fullName.toLowerCase())) return false;
  // Any repository permission implies metadata:read; a token with none at all sees nothing.
  return Object.values(caller.grant.permissions).some((l) => l === 'read' || l === 'write');
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as Reply).status === 'number';
}
