/**
 * TEST SERVER for hardline's tests, not Vault: response wrapping in the Vault test server. A
 * request with X-Vault-Wrap-TTL gets `wrap_info` instead of its data; sys/wrapping/unwrap hands
 * the original response back exactly once (the token in the body, or as X-Vault-Token itself),
 * after which — or after the TTL — the token is "not valid or does not exist" (400).
 * sys/wrapping/lookup (unauthenticated) and sys/wrapping/wrap are served too; rewrap is not.
 */
import { authenticate, authorize } from './auth';
import type { VaultCore } from './core';
import type { RouteContext, RouteSpec, VaultResult } from './router';
import type { WrappedResponse } from './types';
import { badRequest, field, isoTime, newAccessor, newToken, parseDurationSeconds, type JsonObject } from './util';

export const INVALID_WRAPPING_TOKEN = 'wrapping token is not valid or does not exist';
/** sys/wrapping/wrap without X-Vault-Wrap-TTL wraps for five minutes, as Vault does. */
export const DEFAULT_WRAP_TTL = 300;

/** Parses X-Vault-Wrap-TTL; null when absent. */
export function wrapTtlHeader(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string' || value === '') return null;
  let ttl: number;
  try {
    ttl = parseDurationSeconds(value, 'X-Vault-Wrap-TTL');
  } catch {
    throw badRequest('error parsing wrap TTL: invalid duration');
  }
  if (ttl < 0) throw badRequest('requested wrap ttl cannot be negative');
  return ttl === 0 ? null : ttl;
}

/** Stores `response` behind a new wrapping token and returns the body the caller gets instead. */
export function wrap(core: VaultCore, response: JsonObject, ttl: number, creationPath: string, wrappedAccessor: string): JsonObject {
  const entry: WrappedResponse = { token: newToken(), accessor: newAccessor(), ttl, creationTime: Date.now(), creationPath, response };
  core.data.wrapping[entry.token] = entry;
  core.touch();
  return {
    request_id: String(response.request_id ?? ''),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: {
      token: entry.token,
      accessor: entry.accessor,
      ttl,
      creation_time: isoTime(entry.creationTime),
      creation_path: creationPath,
      wrapped_accessor: wrappedAccessor,
    },
    warnings: null,
    auth: null,
  };
}

function liveEntry(core: VaultCore, token: string | undefined | null): WrappedResponse {
  const entry = token ? core.data.wrapping[token] : undefined;
  if (!entry) throw badRequest(INVALID_WRAPPING_TOKEN);
  if (Date.now() >= entry.creationTime + entry.ttl * 1000) {
    delete core.data.wrapping[entry.token];
    core.touch();
    throw badRequest(INVALID_WRAPPING_TOKEN);
  }
  return entry;
}

function unwrap(ctx: RouteContext): VaultResult {
  const bodyToken = field.string(ctx.body, 'token');
  let wrappingToken = ctx.headerToken;
  if (bodyToken && bodyToken !== ctx.headerToken) {
    const caller = authenticate(ctx.core, ctx.headerToken, ctx.remoteAddress);
    authorize(ctx.core, caller, 'sys/wrapping/unwrap', 'update', false);
    wrappingToken = bodyToken;
  }
  const entry = liveEntry(ctx.core, wrappingToken);
  delete ctx.core.data.wrapping[entry.token];
  ctx.core.touch();
  return { kind: 'raw', status: 200, body: entry.response };
}

function lookup(ctx: RouteContext): VaultResult {
  const entry = liveEntry(ctx.core, field.string(ctx.body, 'token') ?? ctx.query.get('token'));
  return {
    kind: 'logical',
    data: { creation_path: entry.creationPath, creation_time: isoTime(entry.creationTime), creation_ttl: entry.ttl },
  };
}

function wrapData(ctx: RouteContext): VaultResult {
  if (Object.keys(ctx.body).length === 0) throw badRequest('empty request body');
  return { kind: 'logical', data: ctx.body };
}

export const wrappingRoutes: RouteSpec[] = [
  { mount: 'sys', pattern: 'wrapping/unwrap', selfAuthenticating: true, handlers: { POST: unwrap } },
  { mount: 'sys', pattern: 'wrapping/lookup', unauthenticated: true, lookupOnly: true, handlers: { GET: lookup, POST: lookup } },
  { mount: 'sys', pattern: 'wrapping/wrap', defaultWrapTtl: DEFAULT_WRAP_TTL, handlers: { POST: wrapData } },
];
