/**
 * vault.yml → the normalised desired objects: durations in seconds, policy lists lower-cased and
 * sorted as Vault stores them, sets sorted, lists whose order matters (SQL statements) kept, and
 * the exact writes that create or update each object.
 */
import { parseDuration, type PathSegment } from '@hardline/core';
import type { Duration, RawAppRole, RawConnection, RawMount, RawStaticRole, VaultFile } from './file';
import type { DesiredObject, DesiredState, Fields, FieldValue, VaultWrite } from './model';

export const DEFAULT_APPROLE_MOUNT = 'approle';
export const DEFAULT_DATABASE_MOUNT = 'database';

/** Fields Vault cannot change in place: a difference is a conflict, never a write. */
export const IMMUTABLE: Partial<Record<DesiredObject['kind'], readonly string[]>> = {
  mount: ['type'],
  auth: ['type'],
  'db-connection': ['plugin_name'],
  'db-static-role': ['username'],
};

export const sortedSet = (items: readonly string[]): string[] => [...new Set(items.map((s) => s.trim()).filter(Boolean))].sort();
export const policySet = (items: readonly string[]): string[] => sortedSet(items.map((s) => s.toLowerCase()));

function seconds(v: Duration, label: string, file: VaultFile, at: PathSegment[]): number {
  return Math.round(parseDuration(v, label, { file: file.file, line: file.lineOf(at) }));
}

function pick(fields: Fields, names: readonly string[]): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const n of names) if (fields[n] !== undefined) out[n] = fields[n];
  return out;
}

export function buildDesired(file: VaultFile): DesiredState {
  const objects: DesiredObject[] = [];
  const raw = file.raw;
  for (const [p, m] of Object.entries(raw.mounts ?? {})) objects.push(mountObject('mount', p, m, file));
  for (const [p, m] of Object.entries(raw.auth ?? {})) objects.push(mountObject('auth', p, m, file));
  for (const pol of file.policies) {
    const text = pol.text;
    objects.push({
      kind: 'policy',
      id: `policy ${pol.name}`,
      path: `sys/policies/acl/${pol.name}`,
      fields: { policy: normalisePolicyText(text) },
      create: () => [{ method: 'write', path: `sys/policies/acl/${pol.name}`, body: { policy: text } }],
      update: () => [{ method: 'write', path: `sys/policies/acl/${pol.name}`, body: { policy: text } }],
      file: file.file,
      line: pol.line,
    });
  }
  const approleMounts = new Set<string>();
  for (const [name, role] of Object.entries(raw.approles ?? {})) {
    const mount = role.mount ?? DEFAULT_APPROLE_MOUNT;
    approleMounts.add(mount);
    objects.push(approleObject(name, mount, role, file));
  }
  const dbMount = raw.database?.mount ?? DEFAULT_DATABASE_MOUNT;
  for (const [name, conn] of Object.entries(raw.database?.connections ?? {})) objects.push(connectionObject(name, dbMount, conn, file));
  for (const [name, role] of Object.entries(raw.database?.static_roles ?? {})) objects.push(staticRoleObject(name, dbMount, role, file));
  for (const [mount, secrets] of Object.entries(raw.kv ?? {})) {
    for (const [secretPath, values] of Object.entries(secrets)) {
      const data: Record<string, string> = {};
      for (const key of Object.keys(values)) data[key] = file.secrets.get(['kv', mount, secretPath, key].join('/')) ?? '';
      const fields: Fields = { keys: Object.keys(data).sort() };
      for (const [k, v] of Object.entries(data)) fields[`data.${k}`] = v;
      const write: VaultWrite = { method: 'write', path: `${mount}/data/${secretPath}`, body: { data } };
      objects.push({
        kind: 'kv',
        id: `kv ${mount}/${secretPath}`,
        path: `${mount}/data/${secretPath}`,
        fields,
        secret: true,
        create: () => [write],
        update: () => [write],
        file: file.file,
        line: file.lineOf(['kv', mount, secretPath]),
      });
    }
  }
  return {
    objects,
    prune: {
      policies: raw.policies !== undefined,
      approleMounts: raw.approles !== undefined ? [...approleMounts] : [],
      staticRoleMount: raw.database?.static_roles !== undefined ? dbMount : undefined,
    },
  };
}

/** Vault stores policy text as sent; trailing whitespace and line-ending differences are not drift. */
export function normalisePolicyText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .trim();
}

function mountObject(kind: 'mount' | 'auth', p: string, m: RawMount, file: VaultFile): DesiredObject {
  const section = kind === 'mount' ? 'mounts' : 'auth';
  // Vault stores `kv-v2` as type kv with options.version 2, and answers it that way.
  const type = m.type === 'kv-v2' ? 'kv' : m.type;
  const fields: Fields = { type };
  if (m.description !== undefined) fields.description = m.description;
  const options: Record<string, string> = { ...(m.options ?? {}) };
  if (m.type === 'kv-v2') options.version = '2';
  if (m.version !== undefined) options.version = String(m.version);
  for (const [k, v] of Object.entries(options)) fields[`options.${k}`] = v;
  if (m.default_lease_ttl !== undefined) fields.default_lease_ttl = seconds(m.default_lease_ttl, `${section}.${p}.default_lease_ttl`, file, [section, p, 'default_lease_ttl']);
  if (m.max_lease_ttl !== undefined) fields.max_lease_ttl = seconds(m.max_lease_ttl, `${section}.${p}.max_lease_ttl`, file, [section, p, 'max_lease_ttl']);
  const sys = kind === 'mount' ? `sys/mounts/${p}` : `sys/auth/${p}`;
  const tunePath = kind === 'mount' ? `sys/mounts/${p}/tune` : `sys/auth/${p}/tune`;
  const tuneBody = (names: readonly string[]): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    const opts: Record<string, string> = {};
    for (const n of names) {
      if (n.startsWith('options.')) opts[n.slice('options.'.length)] = fields[n] as string;
      else if (n === 'default_lease_ttl' || n === 'max_lease_ttl') body[n] = `${fields[n]}s`;
      else if (n !== 'type') body[n] = fields[n];
    }
    if (Object.keys(opts).length > 0) body.options = opts;
    return body;
  };
  return {
    kind,
    id: `${kind === 'mount' ? 'mount' : 'auth'} ${p}/`,
    path: sys,
    fields,
    create: () => {
      const body: Record<string, unknown> = { type };
      if (m.description !== undefined) body.description = m.description;
      if (Object.keys(options).length > 0) body.options = options;
      const config: Record<string, string> = {};
      if (fields.default_lease_ttl !== undefined) config.default_lease_ttl = `${fields.default_lease_ttl}s`;
      if (fields.max_lease_ttl !== undefined) config.max_lease_ttl = `${fields.max_lease_ttl}s`;
      if (Object.keys(config).length > 0) body.config = config;
      return [{ method: 'write', path: sys, body }];
    },
    update: (changed) => [{ method: 'write', path: tunePath, body: tuneBody(changed) }],
    file: file.file,
    line: file.lineOf([section, p]),
  };
}

const APPROLE_DURATIONS = ['secret_id_ttl', 'token_ttl', 'token_max_ttl', 'token_explicit_max_ttl', 'token_period'] as const;
const APPROLE_SETS = ['secret_id_bound_cidrs', 'token_bound_cidrs'] as const;
const APPROLE_SCALARS = ['role_id', 'bind_secret_id', 'secret_id_num_uses', 'local_secret_ids', 'token_num_uses', 'token_no_default_policy', 'token_type'] as const;

function approleObject(name: string, mount: string, role: RawAppRole, file: VaultFile): DesiredObject {
  const at = ['approles', name];
  const fields: Fields = {};
  for (const k of APPROLE_SCALARS) if (role[k] !== undefined) fields[k] = role[k] as FieldValue;
  for (const k of APPROLE_DURATIONS) if (role[k] !== undefined) fields[k] = seconds(role[k] as Duration, `approles.${name}.${k}`, file, [...at, k]);
  for (const k of APPROLE_SETS) if (role[k] !== undefined) fields[k] = sortedSet(role[k] as string[]);
  if (role.token_policies !== undefined) fields.token_policies = policySet(role.token_policies);
  const rolePath = `auth/${mount}/role/${name}`;
  const names = Object.keys(fields);
  return {
    kind: 'approle',
    id: `approle ${mount}/${name}`,
    path: rolePath,
    fields,
    create: () => [{ method: 'write', path: rolePath, body: pick(fields, names) }],
    update: (changed) => [{ method: 'write', path: rolePath, body: pick(fields, changed) }],
    file: file.file,
    line: file.lineOf(at),
  };
}

const CONNECTION_DETAILS = ['connection_url', 'username', 'max_open_connections', 'max_idle_connections', 'username_template'] as const;

function connectionObject(name: string, mount: string, conn: RawConnection, file: VaultFile): DesiredObject {
  const at = ['database', 'connections', name];
  const fields: Fields = { plugin_name: conn.plugin_name };
  for (const k of CONNECTION_DETAILS) if (conn[k] !== undefined) fields[k] = conn[k] as FieldValue;
  if (conn.max_connection_lifetime !== undefined) fields.max_connection_lifetime = seconds(conn.max_connection_lifetime, `database.connections.${name}.max_connection_lifetime`, file, [...at, 'max_connection_lifetime']);
  if (conn.plugin_version !== undefined) fields.plugin_version = conn.plugin_version;
  if (conn.allowed_roles !== undefined) fields.allowed_roles = sortedSet(conn.allowed_roles);
  if (conn.password_policy !== undefined) fields.password_policy = conn.password_policy;
  if (conn.root_rotation_statements !== undefined) fields.root_rotation_statements = [...conn.root_rotation_statements];
  const p = `${mount}/config/${name}`;
  // One write carries the whole connection (and its password): Vault verifies the connection as a whole.
  const write = (): VaultWrite[] => {
    const body: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) body[k] = k === 'max_connection_lifetime' ? `${v}s` : v;
    if (conn.verify_connection !== undefined) body.verify_connection = conn.verify_connection;
    const password = file.secrets.get(['database', 'connections', name, 'password'].join('/'));
    if (password !== undefined) body.password = password;
    return [{ method: 'write', path: p, body }];
  };
  return { kind: 'db-connection', id: `database connection ${mount}/${name}`, path: p, fields, create: write, update: write, file: file.file, line: file.lineOf(at) };
}

function staticRoleObject(name: string, mount: string, role: RawStaticRole, file: VaultFile): DesiredObject {
  const at = ['database', 'static_roles', name];
  const fields: Fields = { db_name: role.db_name, username: role.username };
  if (role.rotation_period !== undefined) fields.rotation_period = seconds(role.rotation_period, `database.static_roles.${name}.rotation_period`, file, [...at, 'rotation_period']);
  if (role.rotation_schedule !== undefined) fields.rotation_schedule = role.rotation_schedule;
  if (role.rotation_window !== undefined) fields.rotation_window = seconds(role.rotation_window, `database.static_roles.${name}.rotation_window`, file, [...at, 'rotation_window']);
  if (role.rotation_statements !== undefined) fields.rotation_statements = [...role.rotation_statements];
  if (role.credential_type !== undefined) fields.credential_type = role.credential_type;
  const p = `${mount}/static-roles/${name}`;
  const names = Object.keys(fields);
  return {
    kind: 'db-static-role',
    id: `database static role ${mount}/${name}`,
    path: p,
    fields,
    create: () => [{ method: 'write', path: p, body: pick(fields, names) }],
    // db_name and username identify the account: Vault wants them on every update.
    update: (changed) => [{ method: 'write', path: p, body: pick(fields, [...new Set(['db_name', 'username', ...changed])]) }],
    file: file.file,
    line: file.lineOf(at),
  };
}
