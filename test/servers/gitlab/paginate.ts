/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * GitLab's offset pagination: `page` / `per_page` (default 20, max 100) and the headers
 * x-page, x-per-page, x-total, x-total-pages, x-next-page, x-prev-page and `link` (which gitbeaker follows).
 */
import type { RequestContext } from '../shared/http';

export function paginate<T>(ctx: RequestContext, baseUrl: string, all: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.get('per_page')) || 20));
  const page = Math.max(1, Number(ctx.query.get('page')) || 1);
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(p));
    q.set('per_page', String(perPage));
    return `<${baseUrl}${ctx.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(page - 1, 'prev')] : []),
    ...(page < totalPages ? [link(page + 1, 'next')] : []),
    link(1, 'first'),
    link(totalPages, 'last'),
  ];
  return {
    items: all.slice((page - 1) * perPage, page * perPage),
    headers: {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-total': String(all.length),
      'x-total-pages': String(totalPages),
      'x-next-page': page < totalPages ? String(page + 1) : '',
      'x-prev-page': page > 1 ? String(page - 1) : '',
      link: links.join(', '),
    },
  };
}
