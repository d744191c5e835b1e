/**
 * TEST SERVER for hardline's tests, not Vault: the KV version 2 secrets engine of the Vault test
 * server — data (read any version, write with check-and-set, soft delete, merge PATCH), metadata
 * (read, LIST, write, PATCH, delete all), delete/undelete/destroy of versions, and config. As in
 * Vault: a missing secret or version is 404 {"errors":[]}, a deleted or destroyed version is 404
 * with its metadata, versions beyond max_versions (default 10) are pruned oldest first.
 * Not modelled: delete_version_after expiry, subkeys.
 */
import type { RouteContext, RouteSpec, VaultResult } from './router';
import type { KvMountState, KvSecret, KvVersion } from './types';
import { badRequest, field, isoTime, VaultHttpError, type JsonObject, type JsonValue } from './util';

const DEFAULT_MAX_VERSIONS = 10;

export function kvState(ctx: RouteContext): KvMountState {
  const state = ctx.core.data.kv[ctx.mountPath];
  if (!state) throw new VaultHttpError(500, [`no KV storage for ${ctx.mountPath}`]);
  return state;
}

/** Go's time.Duration String() for whole seconds ("0s", "1h0m0s"). */
export function goDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

const secretPath = (ctx: RouteContext): string => ctx.params.path;

function versionMetadata(secret: KvSecret, number: number): JsonObject {
  const version = secret.versions[String(number)];
  return {
    created_time: version.createdTime,
    custom_metadata: secret.customMetadata,
    deletion_time: version.deletionTime,
    destroyed: version.destroyed,
    version: number,
  };
}

const isDeleted = (version: KvVersion): boolean => version.deletionTime !== '' && Date.parse(version.deletionTime) <= Date.now();

function readData(ctx: RouteContext): VaultResult {
  const secret = kvState(ctx).v2[secretPath(ctx)];
  const requested = Number(ctx.query.get('version') ?? '0');
  if (!secret || secret.currentVersion === 0) return { kind: 'logical', status: 404 };
  const number = requested > 0 ? requested : secret.currentVersion;
  const version = secret.versions[String(number)];
  if (!version) return { kind: 'logical', status: 404 };
  const metadata = versionMetadata(secret, number);
  if (version.destroyed || isDeleted(version)) return { kind: 'logical', status: 404, data: { data: null, metadata } };
  return { kind: 'logical', data: { data: version.data, metadata } };
}

function newSecret(): KvSecret {
  const now = isoTime(Date.now());
  return { versions: {}, currentVersion: 0, oldestVersion: 0, maxVersions: 0, casRequired: false, deleteVersionAfter: 0, customMetadata: null, createdTime: now, updatedTime: now };
}

function addVersion(ctx: RouteContext, data: JsonObject, cas: number | undefined): VaultResult {
  const state = kvState(ctx);
  const secret = state.v2[secretPath(ctx)] ?? newSecret();
  if ((state.config.casRequired || secret.casRequired) && cas === undefined) throw badRequest('check-and-set parameter required for this call');
  if (cas !== undefined && cas !== secret.currentVersion) throw badRequest('check-and-set parameter did not match the current version');
  const now = isoTime(Date.now());
  const number = secret.currentVersion + 1;
  secret.versions[String(number)] = { data, createdTime: now, deletionTime: '', destroyed: false };
  secret.currentVersion = number;
  secret.updatedTime = now;
  if (secret.oldestVersion === 0) secret.oldestVersion = number;
  const max = secret.maxVersions || state.config.maxVersions || DEFAULT_MAX_VERSIONS;
  while (number - secret.oldestVersion + 1 > max) delete secret.versions[String(secret.oldestVersion++)];
  state.v2[secretPath(ctx)] = secret;
  ctx.core.touch();
  return { kind: 'logical', data: versionMetadata(secret, number) };
}

function casOption(body: JsonObject): number | undefined {
  const options = field.object(body, 'options');
  return options ? field.int(options, 'cas') : undefined;
}

function writeData(ctx: RouteContext): VaultResult {
  const data = ctx.body.data;
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) throw badRequest('no data provided');
  return addVersion(ctx, data, casOption(ctx.body));
}

/** JSON merge patch (RFC 7386) over the current version, as `vault kv patch` sends it. */
function patchData(ctx: RouteContext): VaultResult {
  const secret = kvState(ctx).v2[secretPath(ctx)];
  const current = secret?.versions[String(secret.currentVersion)];
  if (!secret || !current || current.destroyed || isDeleted(current) || !current.data) return { kind: 'logical', status: 404 };
  const patch = field.object(ctx.body, 'data');
  if (!patch) throw badRequest('no data provided');
  const merge = (target: JsonObject, changes: JsonObject): JsonObject => {
    const out: JsonObject = { ...target };
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete out[key];
      else if (typeof value === 'object' && !Array.isArray(value) && typeof out[key] === 'object' && out[key] !== null && !Array.isArray(out[key])) {
        out[key] = merge(out[key] as JsonObject, value);
      } else out[key] = value;
    }
    return out;
  };
  return addVersion(ctx, merge(current.data, patch), casOption(ctx.body));
}

function deleteLatest(ctx: RouteContext): VaultResult {
  const secret = kvState(ctx).v2[secretPath(ctx)];
  const current = secret?.versions[String(secret.currentVersion)];
  if (current && current.deletionTime === '') {
    current.deletionTime = isoTime(Date.now());
    ctx.core.touch();
  }
  return { kind: 'logical' };
}

function versionsAction(action: 'delete' | 'undelete' | 'destroy') {
  return (ctx: RouteContext): VaultResult => {
    const versions = (field.list(ctx.body, 'versions') ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (versions.length === 0) throw badRequest('no version number provided');
    const secret = kvState(ctx).v2[secretPath(ctx)];
    for (const number of versions) {
      const version = secret?.versions[String(number)];
      if (!version || version.destroyed) continue;
      if (action === 'delete' && version.deletionTime === '') version.deletionTime = isoTime(Date.now());
      if (action === 'undelete') version.deletionTime = '';
      if (action === 'destroy') {
        version.destroyed = true;
        version.data = null;
      }
    }
    ctx.core.touch();
    return { kind: 'logical' };
  };
}

function readMetadata(ctx: RouteContext): VaultResult {
  const secret = kvState(ctx).v2[secretPath(ctx)];
  if (!secret) return { kind: 'logical', status: 404 };
  const versions: JsonObject = {};
  for (const [number, version] of Object.entries(secret.versions)) {
    versions[number] = { created_time: version.createdTime, deletion_time: version.deletionTime, destroyed: version.destroyed };
  }
  return {
    kind: 'logical',
    data: {
      cas_required: secret.casRequired,
      created_time: secret.createdTime,
      current_version: secret.currentVersion,
      custom_metadata: secret.customMetadata,
      delete_version_after: goDuration(secret.deleteVersionAfter),
      max_versions: secret.maxVersions,
      oldest_version: secret.oldestVersion,
      updated_time: secret.updatedTime,
      versions,
    },
  };
}

function stringMap(value: JsonObject | undefined, current: Record<string, string> | null, patch: boolean): Record<string, string> | null {
  if (!value) return current;
  const base: Record<string, string> = patch ? { ...current } : {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null && patch) delete base[key];
    else base[key] = String(item as JsonValue);
  }
  return base;
}

function writeMetadata(patch: boolean) {
  return (ctx: RouteContext): VaultResult => {
    const state = kvState(ctx);
    const existing = state.v2[secretPath(ctx)];
    if (patch && !existing) return { kind: 'logical', status: 404 };
    const secret = existing ?? newSecret();
    const body = ctx.body;
    secret.maxVersions = field.int(body, 'max_versions') ?? secret.maxVersions;
    secret.casRequired = field.bool(body, 'cas_required') ?? secret.casRequired;
    secret.deleteVersionAfter = field.duration(body, 'delete_version_after') ?? secret.deleteVersionAfter;
    secret.customMetadata = stringMap(field.object(body, 'custom_metadata'), secret.customMetadata, patch);
    secret.updatedTime = isoTime(Date.now());
    state.v2[secretPath(ctx)] = secret;
    ctx.core.touch();
    return { kind: 'logical' };
  };
}

function deleteMetadata(ctx: RouteContext): VaultResult {
  const state = kvState(ctx);
  if (state.v2[secretPath(ctx)]) {
    delete state.v2[secretPath(ctx)];
    ctx.core.touch();
  }
  return { kind: 'logical' };
}

/** Immediate children of a prefix; sub-folders keep a trailing "/". Nothing there is 404. */
export function listKeys(paths: string[], prefix: string): VaultResult {
  const base = prefix === '' ? '' : `${prefix}/`;
  const keys = new Set<string>();
  for (const path of paths) {
    if (!path.startsWith(base)) continue;
    const rest = path.slice(base.length);
    const slash = rest.indexOf('/');
    keys.add(slash < 0 ? rest : rest.slice(0, slash + 1));
  }
  return keys.size === 0 ? { kind: 'logical', status: 404 } : { kind: 'logical', data: { keys: [...keys].sort() } };
}

function readConfig(ctx: RouteContext): VaultResult {
  const { config } = kvState(ctx);
  return { kind: 'logical', data: { cas_required: config.casRequired, delete_version_after: goDuration(config.deleteVersionAfter), max_versions: config.maxVersions } };
}

function writeConfig(ctx: RouteContext): VaultResult {
  const { config } = kvState(ctx);
  config.maxVersions = field.int(ctx.body, 'max_versions') ?? config.maxVersions;
  config.casRequired = field.bool(ctx.body, 'cas_required') ?? config.casRequired;
  config.deleteVersionAfter = field.duration(ctx.body, 'delete_version_after') ?? config.deleteVersionAfter;
  ctx.core.touch();
  return { kind: 'logical' };
}

const exists = (ctx: RouteContext): boolean => kvState(ctx).v2[secretPath(ctx)] !== undefined;
const greedy = ['path'];
const METADATA_FIELDS = ['cas_required', 'custom_metadata', 'delete_version_after', 'max_versions'];

export const kv2Routes: RouteSpec[] = [
  { mount: 'kv2', pattern: 'config', accepts: ['cas_required', 'delete_version_after', 'max_versions'], handlers: { GET: readConfig, POST: writeConfig } },
  { mount: 'kv2', pattern: 'data/{path}', greedy, exists, accepts: ['data', 'options'], handlers: { GET: readData, POST: writeData, PATCH: patchData, DELETE: deleteLatest } },
  { mount: 'kv2', pattern: 'metadata/{path}/', greedy, handlers: { LIST: (ctx) => listKeys(Object.keys(kvState(ctx).v2), secretPath(ctx)) } },
  { mount: 'kv2', pattern: 'metadata/{path}', greedy, exists, accepts: METADATA_FIELDS, handlers: { GET: readMetadata, POST: writeMetadata(false), PATCH: writeMetadata(true), DELETE: deleteMetadata } },
  { mount: 'kv2', pattern: 'delete/{path}', greedy, accepts: ['versions'], handlers: { POST: versionsAction('delete') } },
  { mount: 'kv2', pattern: 'undelete/{path}', greedy, accepts: ['versions'], handlers: { POST: versionsAction('undelete') } },
  { mount: 'kv2', pattern: 'destroy/{path}', greedy, accepts: ['versions'], handlers: { POST: versionsAction('destroy') } },
];
