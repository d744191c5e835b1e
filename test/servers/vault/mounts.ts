/**
 * TEST SERVER for hardline's tests, not Vault: secret engine and auth method mounts of the Vault
 * test server — sys/mounts and sys/auth (list, read, enable, disable, tune). Engines it serves:
 * kv (v1, or v2 with options.version "2" or type "kv-v2") and database; auth methods: token
 * (built in) and approle. Other types are refused the way Vault refuses unknown plugins.
 * Disabling a mount that does not exist succeeds, as in Vault ("disabled ... if it existed").
 */
import type { VaultCore } from './core';
import type { RouteContext, RouteSpec, VaultResult } from './router';
import { newMountEntry } from './state';
import { SYSTEM_MAX_TTL } from './tokens';
import type { MountEntry } from './types';
import { badRequest, field, type JsonObject } from './util';

const SECRET_TYPES = ['kv', 'kv-v2', 'database'];
const AUTH_TYPES = ['approle'];
const BUILTIN_MOUNTS = ['sys/', 'cubbyhole/', 'identity/'];
const PLUGIN_TYPES = ['kv', 'database', 'approle'];

function mountJson(core: VaultCore, entry: MountEntry, auth: boolean): JsonObject {
  const json: JsonObject = {
    accessor: entry.accessor,
    config: {
      default_lease_ttl: entry.defaultLeaseTtl,
      force_no_cache: entry.forceNoCache,
      max_lease_ttl: entry.maxLeaseTtl,
      ...(auth ? { token_type: 'default-service' } : {}),
    },
    description: entry.description,
    external_entropy_access: entry.externalEntropyAccess,
    local: entry.local,
    options: entry.options,
    plugin_version: '',
    running_plugin_version: `v${core.version}+builtin.vault`,
    running_sha256: '',
    seal_wrap: entry.sealWrap,
    type: entry.type,
    uuid: entry.uuid,
  };
  if (PLUGIN_TYPES.includes(entry.type)) json.deprecation_status = 'supported';
  return json;
}

const normalise = (path: string): string => `${path.replace(/^\/+/, '').replace(/\/+$/, '')}/`;

function stringOptions(options: JsonObject | undefined): Record<string, string> | null {
  if (!options) return null;
  return Object.fromEntries(Object.entries(options).map(([key, value]) => [key, String(value)]));
}

/** Creates (or removes) the storage a backend keeps for a mount. */
function initialiseEngine(core: VaultCore, fullPath: string, entry: MountEntry | null): void {
  const data = core.data;
  delete data.kv[fullPath];
  delete data.database[fullPath];
  delete data.approle[fullPath];
  if (!entry) return;
  if (entry.type === 'kv') {
    data.kv[fullPath] = { version: entry.options?.version === '2' ? 2 : 1, config: { maxVersions: 0, casRequired: false, deleteVersionAfter: 0 }, v1: {}, v2: {} };
  } else if (entry.type === 'database') {
    data.database[fullPath] = { connections: {}, staticRoles: {} };
  } else if (entry.type === 'approle') {
    data.approle[fullPath] = { roles: {}, secretIds: {} };
  }
}

function enable(auth: boolean) {
  return (ctx: RouteContext): VaultResult => {
    const table = auth ? ctx.core.data.authMounts : ctx.core.data.mounts;
    const path = normalise(ctx.params.path);
    let type = field.string(ctx.body, 'type') ?? '';
    if (type === '') throw badRequest('backend type must be specified as a string');
    if (!(auth ? AUTH_TYPES : SECRET_TYPES).includes(type)) throw badRequest(`plugin not found in the catalog: ${type}`);
    if (!auth && ['sys/', 'auth/', 'audit/', 'cubbyhole/', 'identity/'].some((reserved) => path.startsWith(reserved))) {
      throw badRequest(`cannot mount under ${JSON.stringify(path)}: reserved path`);
    }
    const conflict = Object.keys(table).find((existing) => existing.startsWith(path) || path.startsWith(existing));
    if (conflict) throw badRequest(`path is already in use at ${auth ? 'auth/' : ''}${conflict}`);

    let options = stringOptions(field.object(ctx.body, 'options'));
    if (type === 'kv-v2') {
      type = 'kv';
      options = { ...options, version: '2' };
    }
    const entry = newMountEntry(type, field.string(ctx.body, 'description') ?? '', options, auth ? `auth_${type}` : type);
    entry.local = field.bool(ctx.body, 'local') ?? false;
    entry.sealWrap = field.bool(ctx.body, 'seal_wrap') ?? false;
    entry.externalEntropyAccess = field.bool(ctx.body, 'external_entropy_access') ?? false;
    applyConfig(entry, field.object(ctx.body, 'config') ?? {});
    table[path] = entry;
    initialiseEngine(ctx.core, auth ? `auth/${path}` : path, entry);
    ctx.core.touch();
    return { kind: 'logical' };
  };
}

function applyConfig(entry: MountEntry, config: JsonObject): void {
  entry.defaultLeaseTtl = field.duration(config, 'default_lease_ttl') ?? entry.defaultLeaseTtl;
  entry.maxLeaseTtl = field.duration(config, 'max_lease_ttl') ?? entry.maxLeaseTtl;
  entry.forceNoCache = field.bool(config, 'force_no_cache') ?? entry.forceNoCache;
}

function disable(auth: boolean) {
  return (ctx: RouteContext): VaultResult => {
    const table = auth ? ctx.core.data.authMounts : ctx.core.data.mounts;
    const path = normalise(ctx.params.path);
    if (auth && path === 'token/') throw badRequest('token credential backend cannot be disabled');
    if (!auth && BUILTIN_MOUNTS.includes(path)) throw badRequest(`cannot unmount ${JSON.stringify(path)}`);
    if (table[path]) {
      delete table[path];
      initialiseEngine(ctx.core, auth ? `auth/${path}` : path, null);
      ctx.core.touch();
    }
    return { kind: 'logical' };
  };
}

function existing(ctx: RouteContext, auth: boolean): MountEntry {
  const path = normalise(ctx.params.path);
  const entry = (auth ? ctx.core.data.authMounts : ctx.core.data.mounts)[path];
  if (!entry) throw badRequest(`no mount entry found for path ${JSON.stringify(path)}`);
  return entry;
}

const listMounts = (auth: boolean) => (ctx: RouteContext): VaultResult => {
  const table = auth ? ctx.core.data.authMounts : ctx.core.data.mounts;
  return { kind: 'logical', data: Object.fromEntries(Object.entries(table).map(([path, entry]) => [path, mountJson(ctx.core, entry, auth)])) };
};

const readMount = (auth: boolean) => (ctx: RouteContext): VaultResult => ({ kind: 'logical', data: mountJson(ctx.core, existing(ctx, auth), auth) });

const readTune = (auth: boolean) => (ctx: RouteContext): VaultResult => {
  const entry = existing(ctx, auth);
  return {
    kind: 'logical',
    data: {
      default_lease_ttl: entry.defaultLeaseTtl || SYSTEM_MAX_TTL,
      max_lease_ttl: entry.maxLeaseTtl || SYSTEM_MAX_TTL,
      force_no_cache: entry.forceNoCache,
      description: entry.description,
      options: entry.options,
      ...(auth ? { token_type: 'default-service' } : {}),
    },
  };
};

const writeTune = (auth: boolean) => (ctx: RouteContext): VaultResult => {
  const entry = existing(ctx, auth);
  applyConfig(entry, ctx.body);
  entry.description = field.string(ctx.body, 'description') ?? entry.description;
  const options = stringOptions(field.object(ctx.body, 'options'));
  if (options) {
    const kv = ctx.core.data.kv[normalise(ctx.params.path)];
    if (kv && options.version === '1' && kv.version === 2) throw badRequest('cannot downgrade mount from KV version 2 to KV version 1');
    if (kv && options.version === '2' && kv.version === 1) upgradeKv(kv);
    entry.options = { ...entry.options, ...options };
  }
  ctx.core.touch();
  return { kind: 'logical' };
};

/** The KV v1 to v2 upgrade Vault performs when a mount is tuned to version 2. */
function upgradeKv(kv: VaultCore['data']['kv'][string]): void {
  const now = new Date().toISOString();
  for (const [key, data] of Object.entries(kv.v1)) {
    kv.v2[key] = {
      versions: { '1': { data, createdTime: now, deletionTime: '', destroyed: false } },
      currentVersion: 1,
      oldestVersion: 1,
      maxVersions: 0,
      casRequired: false,
      deleteVersionAfter: 0,
      customMetadata: null,
      createdTime: now,
      updatedTime: now,
    };
  }
  kv.v1 = {};
  kv.version = 2;
}

export const mountRoutes: RouteSpec[] = [
  { mount: 'sys', pattern: 'mounts', handlers: { GET: listMounts(false) } },
  { mount: 'sys', pattern: 'mounts/{path}/tune', greedy: ['path'], handlers: { GET: readTune(false), POST: writeTune(false) } },
  { mount: 'sys', pattern: 'mounts/{path}', greedy: ['path'], handlers: { GET: readMount(false), POST: enable(false), DELETE: disable(false) } },
  { mount: 'sys', pattern: 'auth', handlers: { GET: listMounts(true) } },
  { mount: 'sys', pattern: 'auth/{path}/tune', greedy: ['path'], sudo: true, handlers: { GET: readTune(true), POST: writeTune(true) } },
  { mount: 'sys', pattern: 'auth/{path}', greedy: ['path'], sudo: true, handlers: { GET: readMount(true), POST: enable(true), DELETE: disable(true) } },
];
