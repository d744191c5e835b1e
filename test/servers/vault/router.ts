/**
 * TEST SERVER for hardline's tests, not Vault: routing of the Vault test server. Like Vault's
 * router, a request path is first matched to a mount (longest prefix among the secret engine and
 * auth method mounts), then to a path pattern of that mount's backend. Routes are declared with
 * OpenAPI-style templates so the contract test can check each one against Vault's openapi.json.
 */
import type { Operation } from './acl';
import type { VaultCore } from './core';
import type { MountEntry, TokenEntry, VaultFaults, VaultTestServerOptions } from './types';
import type { JsonObject } from './util';

/** HTTP methods as the route table names them; PUT is served as POST, GET ?list=true as LIST. */
export type RouteMethod = 'GET' | 'LIST' | 'POST' | 'DELETE' | 'PATCH';
export type MountKind = 'sys' | 'token' | 'approle' | 'database' | 'kv1' | 'kv2';

const TEMPLATE_PREFIX: Record<MountKind, string> = {
  sys: '/sys/',
  token: '/auth/token/',
  approle: '/auth/{approle_mount_path}/',
  database: '/{database_mount_path}/',
  kv1: '/{kv_v1_mount_path}/',
  kv2: '/{kv_v2_mount_path}/',
};

export interface RouteContext {
  core: VaultCore;
  method: RouteMethod;
  operation: Operation;
  /** Request path after /v1/, without a leading slash (LIST paths end in "/"). */
  path: string;
  /** The mount the path falls in: "sys/", "auth/approle/", "secret/"... */
  mountPath: string;
  mount: MountEntry;
  params: Record<string, string>;
  query: URLSearchParams;
  body: JsonObject;
  token: TokenEntry | null;
  /** The token the request carried (X-Vault-Token / Bearer), whether or not it was checked. */
  headerToken: string | null;
  remoteAddress: string;
  options: VaultTestServerOptions;
  faults: VaultFaults;
  /** The route template that matched, for messages. */
  template: string;
}

/** A backend's answer. A logical answer without data, auth or warnings is sent as 204, as Vault does. */
export type VaultResult =
  | { kind: 'logical'; data?: JsonObject | null; auth?: JsonObject | null; warnings?: string[]; status?: number; leaseId?: string; leaseDuration?: number; renewable?: boolean }
  | { kind: 'raw'; status: number; body: JsonObject | null };

export type Handler = (ctx: RouteContext) => VaultResult | Promise<VaultResult>;

export interface RouteSpec {
  mount: MountKind;
  /** Path after the mount, with {params}; a trailing "/" marks a LIST path. */
  pattern: string;
  handlers: Partial<Record<RouteMethod, Handler>>;
  /** Params that may contain "/" (mount paths, KV secret paths). */
  greedy?: string[];
  /** Needs `sudo` on top of the operation's capability (x-vault-sudo). */
  sudo?: boolean;
  /** Served without a token (x-vault-unauthenticated). */
  unauthenticated?: boolean;
  /** Existence check (x-vault-createSupported): POST is "create" when false, "update" when true. */
  exists?: (ctx: RouteContext) => boolean;
  /** Body parameters the POST handler understands (checked against the spec's request schema). */
  accepts?: readonly string[];
  /** POSTs here only look things up: they are not counted as writes. */
  lookupOnly?: boolean;
  /** The handler authenticates the caller itself (sys/wrapping/unwrap: the token may be the wrapping token). */
  selfAuthenticating?: boolean;
  /** Responses are wrapped for this long even without X-Vault-Wrap-TTL (sys/wrapping/wrap). */
  defaultWrapTtl?: number;
  /** Served while sealed or uninitialised (sys/init, seal-status, unseal, health, seal); raw JSON answers. */
  sealedOk?: boolean;
}

export interface CompiledRoute extends RouteSpec {
  template: string;
  regex: RegExp;
  paramNames: string[];
}

export function compileRoute(spec: RouteSpec): CompiledRoute {
  const paramNames: string[] = [];
  const greedy = new Set(spec.greedy ?? []);
  let source = '';
  const tokens = spec.pattern.split(/(\{[a-z_]+\})/).filter((part) => part !== '');
  tokens.forEach((part, index) => {
    const param = /^\{([a-z_]+)\}$/.exec(part);
    if (!param) {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return;
    }
    paramNames.push(param[1]);
    const listTail = tokens[index + 1] === '/' && index + 2 === tokens.length;
    if (greedy.has(param[1]) && listTail) {
      source += '(?:(.+)';
      tokens[index + 1] = '';
      source += '/)?';
    } else {
      source += greedy.has(param[1]) ? '(.+?)' : '([^/]+)';
    }
  });
  return { ...spec, template: TEMPLATE_PREFIX[spec.mount] + spec.pattern, regex: new RegExp(`^${source}$`), paramNames };
}

export interface MountMatch {
  mountPath: string;
  entry: MountEntry;
  kind: MountKind | null;
  remainder: string;
}

function longestMount(table: Record<string, MountEntry>, path: string): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if ((path.startsWith(key) || `${path}/` === key) && (best === undefined || key.length > best.length)) best = key;
  }
  return best;
}

/** Finds the mount a request path falls in, as Vault's router does. */
export function matchMount(mounts: Record<string, MountEntry>, authMounts: Record<string, MountEntry>, path: string): MountMatch | null {
  if (path.startsWith('auth/')) {
    const key = longestMount(authMounts, path.slice(5));
    if (key === undefined) return null;
    const entry = authMounts[key];
    const kind = entry.type === 'token' ? 'token' : entry.type === 'approle' ? 'approle' : null;
    return { mountPath: `auth/${key}`, entry, kind, remainder: path.slice(5 + key.length) };
  }
  const key = longestMount(mounts, path);
  if (key === undefined) return null;
  const entry = mounts[key];
  const kinds: Record<string, MountKind> = { system: 'sys', database: 'database' };
  const kind = entry.type === 'kv' ? (entry.options?.version === '2' ? 'kv2' : 'kv1') : (kinds[entry.type] ?? null);
  return { mountPath: key, entry, kind, remainder: path.slice(key.length) };
}

export interface RouteMatch {
  route: CompiledRoute;
  params: Record<string, string>;
}

/** The first route of the mount's kind whose pattern matches (methods are checked by the caller). */
export function matchRoute(routes: CompiledRoute[], kind: MountKind, remainder: string): RouteMatch | null {
  for (const route of routes) {
    if (route.mount !== kind) continue;
    const found = route.regex.exec(remainder);
    if (!found) continue;
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
    return { route, params };
  }
  return null;
}
