/**
 * TEST SERVER for hardline's tests, not Vault: the KV version 1 secrets engine of the Vault test
 * server — read, write (replaces the whole secret), delete and LIST. A missing secret or an empty
 * listing is 404 {"errors":[]}, as in Vault. Version 2 is in kv2.ts.
 */
import { kvState, listKeys } from './kv2';
import type { RouteContext, RouteSpec, VaultResult } from './router';
import { badRequest } from './util';

function read(ctx: RouteContext): VaultResult {
  const data = kvState(ctx).v1[ctx.params.path];
  return data ? { kind: 'logical', data } : { kind: 'logical', status: 404 };
}

function write(ctx: RouteContext): VaultResult {
  if (Object.keys(ctx.body).length === 0) throw badRequest('missing data fields');
  kvState(ctx).v1[ctx.params.path] = ctx.body;
  ctx.core.touch();
  return { kind: 'logical' };
}

function remove(ctx: RouteContext): VaultResult {
  const state = kvState(ctx);
  if (state.v1[ctx.params.path]) {
    delete state.v1[ctx.params.path];
    ctx.core.touch();
  }
  return { kind: 'logical' };
}

const exists = (ctx: RouteContext): boolean => kvState(ctx).v1[ctx.params.path] !== undefined;

export const kv1Routes: RouteSpec[] = [
  { mount: 'kv1', pattern: '{path}/', greedy: ['path'], handlers: { LIST: (ctx) => listKeys(Object.keys(kvState(ctx).v1), ctx.params.path) } },
  { mount: 'kv1', pattern: '{path}', greedy: ['path'], exists, handlers: { GET: read, POST: write, DELETE: remove } },
];
