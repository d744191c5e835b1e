/**
 * TEST SERVER for hardline's tests, not Vault: how the Vault test server answers one request,
 * in Vault's order — seal check (503 "Vault is sealed" for all but the seal lifecycle
 * endpoints), route, token (403 "permission denied"), ACL (403), backend, response wrapping.
 * Answers use Vault's shapes: the logical envelope (request_id, lease_id, renewable,
 * lease_duration, data, wrap_info, warnings, auth, mount_type), with the data fields repeated at
 * the top level for sys/ paths as Vault's HTTPSysInjector does; 204 when there is nothing to
 * say; `{"errors": [...]}` for every error. X-Vault-Namespace is accepted and ignored, as on
 * Vault Community Edition, which has only the root namespace.
 */
import { randomUUID } from 'node:crypto';
import { approleRoutes } from './approle';
import { secretIdRoutes } from './approle-secret-ids';
import { authenticate, authorize, headerToken } from './auth';
import type { VaultCore } from './core';
import { SEALED_ERROR } from './core';
import { databaseRoutes } from './database';
import { kv1Routes } from './kv';
import { kv2Routes } from './kv2';
import { mountRoutes } from './mounts';
import { policyRoutes } from './policies';
import { compileRoute, matchMount, matchRoute, type CompiledRoute, type RouteContext, type RouteMatch, type RouteMethod, type VaultResult } from './router';
import { newMountEntry } from './state';
import { sysRoutes } from './sys';
import { tokenRoutes, useToken } from './tokens';
import type { MountEntry, VaultFaults, VaultTestServerOptions } from './types';
import { badRequest, multiError, VaultHttpError, type JsonObject } from './util';
import { wrap, wrappingRoutes, wrapTtlHeader } from './wrapping';

/** Every route the server serves, in matching order (within a mount kind the first match wins). */
export const ROUTES: CompiledRoute[] = [
  ...sysRoutes, ...wrappingRoutes, ...policyRoutes, ...mountRoutes, ...tokenRoutes, ...approleRoutes, ...secretIdRoutes, ...kv2Routes, ...kv1Routes, ...databaseRoutes,
].map(compileRoute);
const SEALED_ROUTES = ROUTES.filter((route) => route.sealedOk);

export interface IncomingVaultRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  remoteAddress: string;
}

export interface PipelineResult {
  status: number;
  body: JsonObject | null;
  /** "METHOD /template", or "METHOD /path" when no route matched. */
  routeKey: string;
  /** The request changed state (a successful, non-lookup POST/PUT/PATCH/DELETE). */
  isWrite: boolean;
}

const METHOD_OPERATION = { GET: 'read', LIST: 'list', DELETE: 'delete', PATCH: 'patch' } as const;
const SYSTEM_MOUNT = newMountEntry('system', 'system endpoints used for control, policy and debugging', null);

function routeMethod(method: string, query: URLSearchParams): RouteMethod {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return query.get('list') === 'true' ? 'LIST' : 'GET';
    case 'PUT':
    case 'POST':
      return 'POST';
    case 'LIST':
    case 'DELETE':
    case 'PATCH':
      return method;
    default:
      throw new VaultHttpError(405, []);
  }
}

function parseBody(text: string): JsonObject {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`failed to parse JSON input: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('failed to parse JSON input: body must be a JSON object');
  return parsed as JsonObject;
}

function envelope(ctx: RouteContext, result: Extract<VaultResult, { kind: 'logical' }>): JsonObject {
  const body: JsonObject = {
    request_id: randomUUID(),
    lease_id: result.leaseId ?? '',
    renewable: result.renewable ?? false,
    lease_duration: result.leaseDuration ?? 0,
    data: result.data ?? null,
    wrap_info: null,
    warnings: result.warnings ?? null,
    auth: result.auth ?? null,
    mount_type: ctx.mount.type,
  };
  return ctx.path.startsWith('sys/') && result.data ? { ...result.data, ...body } : body;
}

function wrappedAccessor(result: Extract<VaultResult, { kind: 'logical' }>): string {
  const fromAuth = result.auth?.accessor;
  const fromData = result.data?.secret_id_accessor;
  return typeof fromAuth === 'string' ? fromAuth : typeof fromData === 'string' ? fromData : '';
}

interface Resolved {
  match: RouteMatch | null;
  mount: MountEntry;
  mountPath: string;
  mountFound: boolean;
}

/** The mount and route for a path. While sealed only the seal lifecycle routes exist (else 503). */
function resolve(core: VaultCore, path: string): Resolved {
  if (core.sealed) {
    const match = path.startsWith('sys/') ? matchRoute(SEALED_ROUTES, 'sys', path.slice(4)) : null;
    if (!match) throw new VaultHttpError(503, [SEALED_ERROR]);
    return { match, mount: SYSTEM_MOUNT, mountPath: 'sys/', mountFound: true };
  }
  const found = matchMount(core.data.mounts, core.data.authMounts, path);
  if (!found) return { match: null, mount: SYSTEM_MOUNT, mountPath: '', mountFound: false };
  return { match: found.kind ? matchRoute(ROUTES, found.kind, found.remainder) : null, mount: found.entry, mountPath: found.mountPath, mountFound: true };
}

/** Answers one request. Never throws: failures become Vault-shaped error answers. */
export async function handleRequest(core: VaultCore, options: VaultTestServerOptions, faults: VaultFaults, request: IncomingVaultRequest): Promise<PipelineResult> {
  const url = new URL(request.url, 'http://vault.test');
  let routeKey = `${request.method} ${url.pathname}`;
  try {
    if (!url.pathname.startsWith('/v1/')) throw new VaultHttpError(404, []);
    const method = routeMethod(request.method, url.searchParams);
    if (method === 'PATCH' && !String(request.headers['content-type'] ?? '').startsWith('application/merge-patch+json')) {
      throw new VaultHttpError(415, [`PATCH requires Content-Type of application/merge-patch+json, got ${JSON.stringify(request.headers['content-type'] ?? '')}`]);
    }
    let path = url.pathname.slice(4);
    if (method === 'LIST' && !path.endsWith('/')) path += '/';
    const body = method === 'GET' || method === 'LIST' ? {} : parseBody(request.body);
    const requestedWrapTtl = wrapTtlHeader(request.headers['x-vault-wrap-ttl']);

    const { match, mount, mountPath, mountFound } = resolve(core, path);
    const route = match?.route;
    if (route) routeKey = `${method} ${route.template}`;
    const ctx: RouteContext = {
      core, method, operation: 'read', path, mountPath, mount, params: match?.params ?? {}, query: url.searchParams, body,
      token: null, headerToken: headerToken(request.headers), remoteAddress: request.remoteAddress, options, faults, template: route?.template ?? '',
    };
    ctx.operation = method === 'POST' ? (route?.exists && !route.exists(ctx) ? 'create' : 'update') : METHOD_OPERATION[method];

    if (!(route?.unauthenticated || route?.selfAuthenticating || (route?.sealedOk && core.sealed))) {
      ctx.token = authenticate(core, ctx.headerToken, request.remoteAddress);
      useToken(core, ctx.token);
      authorize(core, ctx.token, path, ctx.operation, route?.sudo ?? false);
    }
    if (!mountFound) throw new VaultHttpError(404, [`no handler for route ${JSON.stringify(path)}. route entry not found.`]);
    if (!route) throw new VaultHttpError(404, [multiError('unsupported path')]);
    const handler = route.handlers[method];
    if (!handler) throw new VaultHttpError(405, [multiError('unsupported operation')]);

    const result = await handler(ctx);
    const changes = (status: number): boolean => method !== 'GET' && method !== 'LIST' && !route.lookupOnly && status < 400;
    if (result.kind === 'raw') return { status: result.status, body: result.body, routeKey, isWrite: changes(result.status) };

    const status = result.status ?? (result.data || result.auth || result.warnings?.length ? 200 : 204);
    const done = (answer: JsonObject | null): PipelineResult => ({ status, body: answer, routeKey, isWrite: changes(status) });
    if (status === 204) return done(null);
    if (status >= 400 && !result.data) return done({ errors: [] });
    const answer = envelope(ctx, result);
    const wrapTtl = requestedWrapTtl ?? route.defaultWrapTtl ?? null;
    if (wrapTtl !== null && status === 200 && (result.data || result.auth)) return done(wrap(core, answer, wrapTtl, path, wrappedAccessor(result)));
    return done(answer);
  } catch (error) {
    if (error instanceof VaultHttpError) return { status: error.status, body: { errors: error.errors }, routeKey, isWrite: false };
    return { status: 500, body: { errors: [`internal error: ${(error as Error).message}`] }, routeKey, isWrite: false };
  } finally {
    core.flush();
  }
}
