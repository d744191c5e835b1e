/**
 * TEST SERVER for hardline's tests — NOT the real GitHub API.
 *
 * GitHub's page-number pagination: `per_page` (default 30, max 100) and `page` (from 1), with a
 * `Link` header (rel next/prev/first/last) that Octokit's paginate() follows.
 */
import type { RequestContext } from '../shared/http';

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export function paginate<T>(ctx: RequestContext, baseUrl: string, all: T[]): Page<T> {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page')) || 30));
  const page = Math.max(1, Number(ctx.query.get('page')) || 1);
  const lastPage = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set('per_page', String(perPage));
    q.set('page', String(p));
    return `<${baseUrl}${ctx.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { items, headers: links.length ? { link: links.join(', ') } : {} };
}
