/**
 * Per-file normalisation to the `docker compose config` shape, keeping positions:
 * environment/labels/annotations/sysctls lists → mappings, depends_on list → mapping with
 * condition/required, service networks list → mapping, build.args/labels lists → mappings, env_file → [{path, required, format?}] with
 * absolute paths, build string → {context}, relative build contexts and secret/config files →
 * absolute. Paths starting with `~` are left as written. Volumes and ports keep the syntax written.
 */
import * as path from 'node:path';
import type { Position } from '../model';
import { isRecord, metaOf, setMeta, type ContainerMeta, type EntryMeta } from './located';

const KV_LISTS = ['environment', 'labels', 'annotations', 'sysctls'];

function isRemote(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || p.startsWith('git@') || p.startsWith('github.com/');
}

export function resolvePath(dir: string, p: string): string {
  if (p.startsWith('~') || isRemote(p) || path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p)) return p;
  return path.resolve(dir, p);
}

function posOf(c: object, key: string | number, fallback: Position): EntryMeta {
  return metaOf(c)?.entries.get(key) ?? { value: fallback };
}

/** Turn a `KEY=VALUE` list into a located mapping (a bare `KEY` becomes null). */
function listToMap(list: unknown[], self: Position): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const meta: ContainerMeta = { self, entries: new Map() };
  list.forEach((item, i) => {
    const s = String(item ?? '');
    const eq = s.indexOf('=');
    const key = eq < 0 ? s : s.slice(0, eq);
    out[key] = eq < 0 ? null : s.slice(eq + 1);
    const e = posOf(list, i, self);
    meta.entries.set(key, { key: e.value, value: e.value, ...(e.interp ? { interp: e.interp } : {}), ...(e.tag ? { tag: e.tag } : {}) });
  });
  setMeta(out, meta);
  return out;
}

function namesToMap(list: unknown[], self: Position, value: (name: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const meta: ContainerMeta = { self, entries: new Map() };
  list.forEach((item, i) => {
    const name = String(item);
    const v = value(name);
    out[name] = v;
    const e = posOf(list, i, self);
    meta.entries.set(name, { key: e.value, value: e.value });
    if (isRecord(v)) setMeta(v, { self: e.value, entries: new Map(Object.keys(v).map((k) => [k, { key: e.value, value: e.value }])) });
  });
  setMeta(out, meta);
  return out;
}

function replace(parent: Record<string, unknown>, key: string, value: unknown): void {
  parent[key] = value;
}

function locatedObject(self: Position, fields: Record<string, unknown>): Record<string, unknown> {
  setMeta(fields, { self, entries: new Map(Object.keys(fields).map((k) => [k, { key: self, value: self }])) });
  return fields;
}

/** Normalise one service in place; `dir` resolves its relative paths. */
export function normalizeService(svc: Record<string, unknown>, dir: string): void {
  const self = metaOf(svc)?.self ?? { file: '', line: 0, column: 0 };
  const at = (k: string) => metaOf(svc)?.entries.get(k)?.value ?? self;
  for (const k of KV_LISTS) {
    const v = svc[k];
    if (Array.isArray(v)) replace(svc, k, listToMap(v, at(k)));
  }
  const dep = svc.depends_on;
  if (Array.isArray(dep)) replace(svc, 'depends_on', namesToMap(dep, at('depends_on'), () => ({ condition: 'service_started', required: true })));
  else if (isRecord(dep)) {
    for (const [name, d] of Object.entries(dep)) {
      const pos = metaOf(dep)?.entries.get(name)?.value ?? at('depends_on');
      if (d === null || d === undefined) {
        dep[name] = locatedObject(pos, { condition: 'service_started', required: true });
      } else if (isRecord(d)) {
        const m = metaOf(d);
        if (d.condition === undefined) {
          d.condition = 'service_started';
          m?.entries.set('condition', { value: pos });
        }
        if (d.required === undefined) {
          d.required = true;
          m?.entries.set('required', { value: pos });
        }
      }
    }
  }
  if (Array.isArray(svc.networks)) replace(svc, 'networks', namesToMap(svc.networks, at('networks'), () => null));
  const envFile = svc.env_file;
  if (envFile !== undefined && envFile !== null) {
    const list = Array.isArray(envFile) ? envFile : [envFile];
    const listMeta = Array.isArray(envFile) ? metaOf(envFile) : undefined;
    const out: unknown[] = [];
    const meta: ContainerMeta = { self: at('env_file'), entries: new Map() };
    list.forEach((item, i) => {
      const pos = listMeta?.entries.get(i)?.value ?? at('env_file');
      let entry: Record<string, unknown>;
      if (typeof item === 'string') entry = locatedObject(pos, { path: resolvePath(dir, item), required: true });
      else if (isRecord(item)) {
        entry = item;
        if (typeof item.path === 'string') item.path = resolvePath(dir, item.path);
        if (item.required === undefined) {
          item.required = true;
          metaOf(item)?.entries.set('required', { value: pos });
        }
      } else return;
      meta.entries.set(out.length, { value: pos });
      out.push(entry);
    });
    setMeta(out, meta);
    replace(svc, 'env_file', out);
  }
  const build = svc.build;
  if (typeof build === 'string') replace(svc, 'build', locatedObject(at('build'), { context: resolvePath(dir, build) }));
  else if (isRecord(build)) {
    const bmeta = metaOf(build);
    for (const k of ['args', 'labels']) {
      const v = build[k];
      if (Array.isArray(v)) build[k] = listToMap(v, bmeta?.entries.get(k)?.value ?? at('build'));
    }
    if (typeof build.context === 'string') build.context = resolvePath(dir, build.context);
    else if (build.context === undefined) {
      build.context = dir;
      metaOf(build)?.entries.set('context', { value: at('build') });
    }
  }
}

/** Normalise the top-level sections of one file in place. */
export function normalizeFile(model: Record<string, unknown>, dir: string): void {
  const services = model.services;
  if (isRecord(services)) {
    for (const [name, svc] of Object.entries(services)) {
      if (svc === null) {
        const empty: Record<string, unknown> = {};
        const pos = metaOf(services)?.entries.get(name)?.value ?? { file: '', line: 0, column: 0 };
        setMeta(empty, { self: pos, entries: new Map() });
        services[name] = empty;
      } else if (isRecord(svc)) normalizeService(svc, dir);
    }
  }
  for (const section of ['secrets', 'configs']) {
    const s = model[section];
    if (!isRecord(s)) continue;
    for (const def of Object.values(s)) {
      if (isRecord(def) && typeof def.file === 'string') def.file = resolvePath(dir, def.file);
    }
  }
}
