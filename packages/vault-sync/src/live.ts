/**
 * Reads the live state of every object the file declares, normalised to the desired form:
 * durations as integer seconds (as Vault answers them), sets sorted, policy names lower-cased,
 * AppRole role_id read from role-id (a role read does not include it). Mounts and auth methods are
 * read first (two reads) so nothing is read under a mount that does not exist; the rest is read
 * with bounded concurrency. Listings are read only for the kinds that are pruned.
 */
import { parseDuration } from '@hardline/core';
import type { VaultClient } from '@hardline/vault';
import { normalisePolicyText, policySet, sortedSet } from './desired';
import type { DesiredObject, DesiredState, Fields, FieldValue, LiveState } from './model';
import { createLimiter } from './pool';

/** The part of the Vault client vault sync uses. */
export type VaultApi = Pick<VaultClient, 'read' | 'list' | 'write' | 'delete'>;

type Obj = Record<string, unknown>;

export interface ReadOptions {
  concurrency: number;
  prune: boolean;
}

export async function readLive(vault: VaultApi, desired: DesiredState, opts: ReadOptions): Promise<LiveState> {
  const objects = new Map<string, Fields>();
  const listings = new Map<string, string[]>();
  let reads = 0;
  // After the first failure no new request starts, and the failure is thrown only once every
  // request in flight has settled: nothing keeps retrying after the command has given up.
  const state: { failure?: { error: unknown } } = {};
  const guard = async <R>(fn: () => Promise<R>): Promise<R> => {
    if (state.failure) throw state.failure.error;
    try {
      return await fn();
    } catch (error) {
      state.failure ??= { error };
      throw error;
    }
  };
  const read = (path: string): Promise<Obj | undefined> =>
    guard(async () => {
      reads++;
      return (await vault.read<Obj>(path)) ?? undefined;
    });
  const list = (path: string): Promise<string[]> =>
    guard(async () => {
      reads++;
      return vault.list(path);
    });

  // Every request goes through one limiter. Policies do not depend on any mount and are read while
  // the mount tables load; everything under a secrets engine or auth method waits for the tables,
  // so nothing is read under a mount that does not exist.
  const limit = createLimiter(opts.concurrency);
  const started: Array<Promise<void>> = [];
  const run = (task: () => Promise<void>) => {
    const p = limit(task);
    p.catch(() => undefined); // observed below (allSettled); an early failure must not be unhandled meanwhile
    started.push(p);
  };
  if (opts.prune && desired.prune.policies) run(async () => void listings.set('policy', await list('sys/policies/acl')));
  for (const obj of desired.objects) {
    if (obj.kind === 'policy') run(policyTask(obj, read, objects));
  }
  const tables = await Promise.allSettled([limit(() => read('sys/mounts')), limit(() => read('sys/auth'))]);
  if (state.failure) {
    await Promise.allSettled(started);
    throw state.failure.error;
  }
  const [mountTable, authTable] = tables.map((t) => (t.status === 'fulfilled' ? t.value : undefined));
  const mounts = mountMap(mountTable);
  const auths = mountMap(authTable);
  for (const obj of desired.objects) {
    if (obj.kind === 'mount' || obj.kind === 'auth') {
      const key = obj.path.replace(/^sys\/(mounts|auth)\//, '') + '/';
      const entry = (obj.kind === 'mount' ? mounts : auths).get(key);
      if (entry) objects.set(obj.path, normaliseMount(entry));
    }
  }
  const hasMount = (p: string) => mounts.has(`${p}/`);
  const hasAuth = (p: string) => auths.has(`${p}/`);

  if (opts.prune) {
    for (const m of desired.prune.approleMounts) if (hasAuth(m)) run(async () => void listings.set(`approle:${m}`, stripSlash(await list(`auth/${m}/role`))));
    const db = desired.prune.staticRoleMount;
    if (db && hasMount(db)) run(async () => void listings.set(`db-static-role:${db}`, stripSlash(await list(`${db}/static-roles`))));
  }
  const roleIds = new Map<string, string>();
  for (const obj of desired.objects) {
    const task = readTask(obj, { read, hasMount, hasAuth, objects });
    if (!task) continue;
    run(task);
    if (obj.kind === 'approle' && obj.fields.role_id !== undefined) {
      // A role read does not include role_id: it is a separate read with its own slot.
      run(async () => {
        const id = dataOf(await read(`${obj.path}/role-id`))?.role_id;
        if (typeof id === 'string') roleIds.set(obj.path, id);
      });
    }
  }
  await Promise.allSettled(started);
  const failed = state.failure as { error: unknown } | undefined; // set by the tasks just awaited
  if (failed) throw failed.error;
  for (const [p, id] of roleIds) {
    const fields = objects.get(p);
    if (fields) fields.role_id = id;
  }
  return { objects, listings, reads };
}

function policyTask(obj: DesiredObject, read: (path: string) => Promise<Obj | undefined>, objects: Map<string, Fields>): () => Promise<void> {
  return async () => {
    const data = dataOf(await read(obj.path));
    if (data && typeof (data.policy ?? data.rules) === 'string') objects.set(obj.path, { policy: normalisePolicyText(String(data.policy ?? data.rules)) });
  };
}

interface TaskCtx {
  read(path: string): Promise<Obj | undefined>;
  hasMount(p: string): boolean;
  hasAuth(p: string): boolean;
  objects: Map<string, Fields>;
}

function readTask(obj: DesiredObject, ctx: TaskCtx): (() => Promise<void>) | undefined {
  const { read, objects } = ctx;
  switch (obj.kind) {
    case 'mount':
    case 'auth':
      return undefined;
    case 'policy':
      return undefined;
    case 'approle': {
      const mount = obj.path.replace(/^auth\//, '').replace(/\/role\/[^/]+$/, '');
      if (!ctx.hasAuth(mount)) return undefined;
      // The role and its role-id are two reads; each takes its own slot of the concurrency limit.
      return async () => {
        const data = dataOf(await read(obj.path));
        if (!data) return;
        const fields = normaliseAppRole(data);
        objects.set(obj.path, fields);
      };
    }
    case 'db-connection':
    case 'db-static-role':
    case 'kv': {
      const mount = mountOfPath(obj.path, obj.kind);
      if (!ctx.hasMount(mount)) return undefined;
      return async () => {
        const data = dataOf(await read(obj.path));
        if (!data) return;
        if (obj.kind === 'db-connection') objects.set(obj.path, normaliseConnection(data));
        else if (obj.kind === 'db-static-role') objects.set(obj.path, normaliseStaticRole(data));
        else if (data.data && typeof data.data === 'object') objects.set(obj.path, normaliseKv(data.data as Obj));
      };
    }
  }
}

function mountOfPath(path: string, kind: 'db-connection' | 'db-static-role' | 'kv'): string {
  const marker = kind === 'db-connection' ? '/config/' : kind === 'db-static-role' ? '/static-roles/' : '/data/';
  return path.slice(0, path.lastIndexOf(marker));
}

function dataOf(body: Obj | undefined): Obj | undefined {
  if (!body) return undefined;
  const d = body.data;
  return d && typeof d === 'object' ? (d as Obj) : undefined;
}

function mountMap(body: Obj | undefined): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (!body) return out;
  // Vault answers the table under data and (older versions) at the top level too.
  const table = (body.data && typeof body.data === 'object' ? body.data : body) as Obj;
  for (const [k, v] of Object.entries(table)) if (k.endsWith('/') && v && typeof v === 'object') out.set(k, v as Obj);
  return out;
}

const stripSlash = (names: string[]): string[] => names.filter((n) => !n.endsWith('/'));

function secondsOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') {
    try {
      return Math.round(parseDuration(v.replace(/(\d)(ns|us|µs)/g, '$1ms'), 'Vault answer'));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function strings(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v === '' ? [] : v.split(',');
  if (v === null) return [];
  return undefined;
}

function set(fields: Fields, name: string, v: FieldValue | undefined): void {
  if (v !== undefined) fields[name] = v;
}

export function normaliseMount(entry: Obj): Fields {
  const fields: Fields = {};
  set(fields, 'type', typeof entry.type === 'string' ? entry.type : undefined);
  set(fields, 'description', typeof entry.description === 'string' ? entry.description : undefined);
  const options = entry.options && typeof entry.options === 'object' ? (entry.options as Obj) : {};
  for (const [k, v] of Object.entries(options)) if (v !== null && v !== undefined) fields[`options.${k}`] = String(v);
  const config = entry.config && typeof entry.config === 'object' ? (entry.config as Obj) : {};
  set(fields, 'default_lease_ttl', secondsOf(config.default_lease_ttl));
  set(fields, 'max_lease_ttl', secondsOf(config.max_lease_ttl));
  return fields;
}

export function normaliseAppRole(d: Obj): Fields {
  const fields: Fields = {};
  for (const k of ['bind_secret_id', 'local_secret_ids', 'token_no_default_policy']) if (typeof d[k] === 'boolean') fields[k] = d[k] as boolean;
  for (const k of ['secret_id_num_uses', 'token_num_uses']) if (typeof d[k] === 'number') fields[k] = d[k] as number;
  for (const k of ['secret_id_ttl', 'token_ttl', 'token_max_ttl', 'token_explicit_max_ttl', 'token_period']) set(fields, k, secondsOf(d[k]));
  for (const k of ['secret_id_bound_cidrs', 'token_bound_cidrs']) {
    const l = strings(d[k]);
    if (l) fields[k] = sortedSet(l);
  }
  const policies = strings(d.token_policies) ?? strings(d.policies);
  if (policies) fields.token_policies = policySet(policies);
  if (typeof d.token_type === 'string') fields.token_type = d.token_type;
  return fields;
}

export function normaliseConnection(d: Obj): Fields {
  const fields: Fields = {};
  if (typeof d.plugin_name === 'string') fields.plugin_name = d.plugin_name;
  if (typeof d.plugin_version === 'string' && d.plugin_version !== '') fields.plugin_version = d.plugin_version;
  const details = d.connection_details && typeof d.connection_details === 'object' ? (d.connection_details as Obj) : {};
  for (const k of ['connection_url', 'username', 'username_template']) if (typeof details[k] === 'string') fields[k] = details[k] as string;
  for (const k of ['max_open_connections', 'max_idle_connections']) if (typeof details[k] === 'number') fields[k] = details[k] as number;
  set(fields, 'max_connection_lifetime', secondsOf(details.max_connection_lifetime));
  const roles = strings(d.allowed_roles);
  if (roles) fields.allowed_roles = sortedSet(roles);
  if (typeof d.password_policy === 'string') fields.password_policy = d.password_policy;
  const rootStatements = strings(d.root_credentials_rotate_statements) ?? strings(d.root_rotation_statements);
  if (rootStatements) fields.root_rotation_statements = rootStatements;
  return fields;
}

export function normaliseStaticRole(d: Obj): Fields {
  const fields: Fields = {};
  for (const k of ['db_name', 'username', 'credential_type']) if (typeof d[k] === 'string') fields[k] = d[k] as string;
  set(fields, 'rotation_period', secondsOf(d.rotation_period));
  set(fields, 'rotation_window', secondsOf(d.rotation_window));
  if (typeof d.rotation_schedule === 'string' && d.rotation_schedule !== '') fields.rotation_schedule = d.rotation_schedule;
  const statements = strings(d.rotation_statements);
  if (statements) fields.rotation_statements = statements;
  return fields;
}

export function normaliseKv(data: Obj): Fields {
  const fields: Fields = { keys: Object.keys(data).sort() };
  for (const [k, v] of Object.entries(data)) fields[`data.${k}`] = typeof v === 'string' ? v : JSON.stringify(v);
  return fields;
}
