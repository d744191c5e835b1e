/**
 * Desired vs live → the plan: per object create / update (with the changed fields) / unchanged,
 * delete for objects the file does not name when pruning (never built-ins, only per kind the
 * file lists), conflict when a field Vault cannot change in place differs. Entries come out in
 * dependency order: mounts & auth → policies → approles → db connections → static roles → kv,
 * deletes last in the reverse order.
 */
import { formatDuration } from '@hardline/core';
import { IMMUTABLE } from './desired';
import { BUILTIN_POLICIES, KINDS, type DesiredState, type FieldChange, type FieldValue, type Fields, type LiveState, type Plan, type PlanEntry } from './model';

const DURATION_FIELDS = /(_ttl|_period|_window|_lifetime)$/;

export function diff(desired: DesiredState, live: LiveState, opts: { prune: boolean }): Plan {
  const entries: PlanEntry[] = [];
  const rank = (k: PlanEntry['kind']) => KINDS.indexOf(k);
  const objects = [...desired.objects].sort((a, b) => rank(a.kind) - rank(b.kind));
  for (const obj of objects) {
    const base = { kind: obj.kind, id: obj.id, path: obj.path, file: obj.file, line: obj.line };
    const current = live.objects.get(obj.path);
    if (!current) {
      const changes = Object.keys(obj.fields).map((f) => change(f, undefined, obj.fields[f], obj.secret));
      entries.push({ ...base, action: 'create', changes, writes: obj.create() });
      continue;
    }
    const changed = Object.keys(obj.fields).filter((f) => !sameValue(obj.fields[f], current[f]));
    if (changed.length === 0) {
      entries.push({ ...base, action: 'unchanged', changes: [], writes: [] });
      continue;
    }
    const changes = changed.map((f) => change(f, current[f], obj.fields[f], obj.secret));
    const immutable = changed.filter((f) => (IMMUTABLE[obj.kind] ?? []).includes(f));
    if (immutable.length > 0) {
      entries.push({
        ...base,
        action: 'conflict',
        changes,
        writes: [],
        reason: `${immutable.join(', ')} cannot be changed in place; delete ${obj.path} by hand (or rename it in the file) to recreate it`,
      });
      continue;
    }
    entries.push({ ...base, action: 'update', changes, writes: obj.update(changed) });
  }
  if (opts.prune) entries.push(...pruneEntries(desired, live));
  return { entries };
}

function pruneEntries(desired: DesiredState, live: LiveState): PlanEntry[] {
  const wanted = new Set(desired.objects.map((o) => o.path));
  const out: PlanEntry[] = [];
  const del = (kind: PlanEntry['kind'], id: string, path: string) =>
    out.push({ kind, id, path, action: 'delete', changes: [], writes: [{ method: 'delete', path }] });
  const { prune } = desired;
  if (prune.staticRoleMount) {
    for (const name of live.listings.get(`db-static-role:${prune.staticRoleMount}`) ?? []) {
      const path = `${prune.staticRoleMount}/static-roles/${name}`;
      if (!wanted.has(path)) del('db-static-role', `database static role ${prune.staticRoleMount}/${name}`, path);
    }
  }
  for (const mount of prune.approleMounts) {
    for (const name of live.listings.get(`approle:${mount}`) ?? []) {
      const path = `auth/${mount}/role/${name}`;
      if (!wanted.has(path)) del('approle', `approle ${mount}/${name}`, path);
    }
  }
  if (prune.policies) {
    for (const name of live.listings.get('policy') ?? []) {
      const path = `sys/policies/acl/${name}`;
      if (!BUILTIN_POLICIES.includes(name) && !wanted.has(path)) del('policy', `policy ${name}`, path);
    }
  }
  return out;
}

export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (typeof a === 'object' || typeof b === 'object') {
    if (typeof a !== 'object' || typeof b !== 'object') return false;
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameValue(ka, kb) && ka.every((k) => a[k] === b[k]);
  }
  return a === b;
}

function change(field: string, from: FieldValue | undefined, to: FieldValue | undefined, secret?: boolean): FieldChange {
  if (secret && field !== 'keys') return { field };
  return { field, from: display(field, from), to: display(field, to) };
}

export function display(field: string, v: FieldValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number' && DURATION_FIELDS.test(field)) return formatDuration(v);
  if (field === 'policy' && typeof v === 'string') return `${v.split('\n').length} lines of HCL`;
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function countActions(plan: Plan): Record<PlanEntry['action'], number> {
  const out = { create: 0, update: 0, delete: 0, unchanged: 0, conflict: 0 };
  for (const e of plan.entries) out[e.action]++;
  return out;
}

export type { Fields };
