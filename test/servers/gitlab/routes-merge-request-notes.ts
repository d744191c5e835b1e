/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * Merge request notes: `/api/v4/projects/:id/merge_requests/:iid/notes` list (newest first by
 * default, `sort`/`order_by`), create, show, update (author or Maintainer) and delete. Reporter+ may read and comment.
 */
import { accessTo, forbidden, isReply, notFound } from './auth';
import type { JsonObject, Reply, Router } from '../shared/http';
import { paginate } from './paginate';
import { requireParams, str, type Params } from './params';
import { ownerRoute, type GitLabContext } from './routes-variables';
import type { Owner } from './state';
import type { GitLabProjectConfig, MergeRequestNoteRecord } from './types';

const REPORTER = 20;
const MAINTAINER = 40;

function noteJson(n: MergeRequestNoteRecord): JsonObject {
  return {
    id: n.id,
    type: null,
    body: n.body,
    attachment: null,
    author: { id: 1, username: n.author, name: n.author, state: 'active' },
    created_at: n.createdAt,
    updated_at: n.updatedAt,
    system: false,
    noteable_id: n.projectId * 1000 + n.mergeRequestIid,
    noteable_type: 'MergeRequest',
    project_id: n.projectId,
    noteable_iid: n.mergeRequestIid,
    resolvable: false,
    confidential: false,
    internal: false,
  };
}

function mergeRequestIid(owner: Owner, raw: string | undefined): number | Reply {
  const iid = Number(raw);
  const known = (owner.config as GitLabProjectConfig).mergeRequests;
  if (!Number.isInteger(iid) || iid <= 0 || (known && !known.includes(iid))) return notFound('Merge Request');
  return iid;
}

export function addMergeRequestNoteRoutes(router: Router, app: GitLabContext): void {
  const base = '/api/v4/projects/:id/merge_requests/:iid/notes';
  const notesOf = (owner: Owner, iid: number) =>
    app.state.notes.filter((n) => n.projectId === owner.id && n.mergeRequestIid === iid);
  const findNote = (owner: Owner, iid: number, id: string | undefined) =>
    notesOf(owner, iid).find((n) => n.id === Number(id)) ?? notFound('Note');

  router.add(
    'GET',
    base,
    ownerRoute(app, 'project', { write: false, level: REPORTER }, (ctx, owner, params: Params) => {
      const iid = mergeRequestIid(owner, ctx.params.iid);
      if (isReply(iid)) return iid;
      const field = str(params, 'order_by') === 'updated_at' ? 'updatedAt' : 'createdAt';
      const asc = str(params, 'sort') === 'asc';
      const sorted = [...notesOf(owner, iid)].sort((a, b) => {
        const cmp = a[field].localeCompare(b[field]) || a.id - b.id;
        return asc ? cmp : -cmp;
      });
      const page = paginate(ctx, app.baseUrl(), sorted);
      return { status: 200, headers: page.headers, body: page.items.map(noteJson) };
    }),
  );

  router.add(
    'POST',
    base,
    ownerRoute(app, 'project', { write: true, level: REPORTER }, (ctx, owner, params, caller) => {
      const iid = mergeRequestIid(owner, ctx.params.iid);
      if (isReply(iid)) return iid;
      const missing = requireParams(params, ['body']);
      if (missing) return missing;
      const note = app.state.addNote(owner.id, iid, str(params, 'body') ?? '', caller.username);
      return { status: 201, body: noteJson(note) };
    }),
  );

  router.add(
    'GET',
    `${base}/:note_id`,
    ownerRoute(app, 'project', { write: false, level: REPORTER }, (ctx, owner) => {
      const iid = mergeRequestIid(owner, ctx.params.iid);
      if (isReply(iid)) return iid;
      const note = findNote(owner, iid, ctx.params.note_id);
      return isReply(note) ? note : { status: 200, body: noteJson(note) };
    }),
  );

  router.add(
    'PUT',
    `${base}/:note_id`,
    ownerRoute(app, 'project', { write: true, level: REPORTER }, (ctx, owner, params, caller) => {
      const iid = mergeRequestIid(owner, ctx.params.iid);
      if (isReply(iid)) return iid;
      const note = findNote(owner, iid, ctx.params.note_id);
      if (isReply(note)) return note;
      if (note.author !== caller.username && accessTo(caller.grant, owner) < MAINTAINER) return forbidden();
      const body = str(params, 'body');
      if (body !== undefined) {
        note.body = body;
        note.updatedAt = new Date().toISOString();
      }
      return { status: 200, body: noteJson(note) };
    }),
  );

  router.add(
    'DELETE',
    `${base}/:note_id`,
    ownerRoute(app, 'project', { write: true, level: REPORTER }, (ctx, owner, _params, caller) => {
      const iid = mergeRequestIid(owner, ctx.params.iid);
      if (isReply(iid)) return iid;
      const note = findNote(owner, iid, ctx.params.note_id);
      if (isReply(note)) return note;
      if (note.author !== caller.username && accessTo(caller.grant, owner) < MAINTAINER) return forbidden();
      app.state.notes.splice(app.state.notes.indexOf(note), 1);
      return { status: 204 };
    }),
  );
}
