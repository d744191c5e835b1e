/**
 * Compose-spec merge rules (several -f files, override files, extends):
 * mappings merge key by key, scalars are replaced, `command`/`entrypoint`/`healthcheck.test` are
 * replaced, `volumes`/`devices` merge by container path, service `secrets`/`configs` by target,
 * other sequences are appended without duplicates. `!reset` removes the value, `!override`
 * replaces it whole. Entry positions follow the side that won.
 */
import type { Position } from '../model';
import { isContainer, isRecord, metaOf, setMeta, type ContainerMeta, type EntryMeta } from './located';

type Path = ReadonlyArray<string>;

const REPLACED_SEQUENCES = new Set(['command', 'entrypoint']);

function fallbackPos(c: object | undefined): Position {
  return (c && metaOf(c)?.self) ?? { file: '', line: 0, column: 0 };
}

/** Merge `over` onto `base` (neither is modified). `path` is the model path of both (e.g. ['services','web']). */
export function mergeMappings(base: Record<string, unknown>, over: Record<string, unknown>, path: Path = []): Record<string, unknown> {
  const bm = metaOf(base);
  const om = metaOf(over);
  const out: Record<string, unknown> = {};
  const meta: ContainerMeta = { self: om?.self ?? bm?.self ?? fallbackPos(over), entries: new Map() };
  for (const [k, v] of Object.entries(base)) {
    out[k] = v;
    const e = bm?.entries.get(k);
    if (e) meta.entries.set(k, e);
  }
  for (const [k, v] of Object.entries(over)) {
    const e = om?.entries.get(k);
    const childPath = [...path, k];
    if (e?.tag === '!reset') {
      delete out[k];
      meta.entries.delete(k);
      continue;
    }
    const prev = out[k];
    let merged: unknown = v;
    if (e?.tag !== '!override' && prev !== undefined) {
      if (isRecord(prev) && isRecord(v)) merged = mergeMappings(prev, v, childPath);
      else if (Array.isArray(prev) && Array.isArray(v)) merged = mergeSequences(prev, v, childPath);
    }
    out[k] = merged;
    if (e) meta.entries.set(k, e);
  }
  setMeta(out, meta);
  return out;
}

/** A key that identifies "the same item" in a sequence at `path`, or undefined to append. */
function itemKey(path: Path, item: unknown): string | undefined {
  const last = path[path.length - 1];
  const inService = path.length === 3 && path[0] === 'services';
  if (inService && (last === 'volumes' || last === 'devices')) {
    if (typeof item === 'string') {
      const parts = splitVolume(item);
      return 'target:' + (parts.length > 1 ? parts[1] : parts[0]);
    }
    if (isRecord(item) && typeof item.target === 'string') return 'target:' + item.target;
    return undefined;
  }
  if (inService && (last === 'secrets' || last === 'configs')) {
    if (typeof item === 'string') return 'target:' + item;
    if (isRecord(item)) return 'target:' + String(item.target ?? item.source);
  }
  return 'json:' + JSON.stringify(item);
}

/** Split a short volume spec on ':' while keeping Windows drive letters (C:\…) together. */
export function splitVolume(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === ':' && !(cur.length === 1 && /[A-Za-z]/.test(cur) && (spec[i + 1] === '\\' || spec[i + 1] === '/'))) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

export function mergeSequences(base: unknown[], over: unknown[], path: Path): unknown[] {
  const last = path[path.length - 1];
  const isTest = last === 'test' && path[path.length - 2] === 'healthcheck';
  if (REPLACED_SEQUENCES.has(last) || isTest) return over;
  const bm = metaOf(base);
  const om = metaOf(over);
  const out: unknown[] = [];
  const entries: Array<EntryMeta | undefined> = [];
  const index = new Map<string, number>();
  const add = (item: unknown, e: EntryMeta | undefined) => {
    const key = isContainer(item) && !isRecord(item) ? undefined : itemKey(path, item);
    const at = key === undefined ? undefined : index.get(key);
    if (at !== undefined) {
      out[at] = item;
      entries[at] = e;
      return;
    }
    if (key !== undefined) index.set(key, out.length);
    out.push(item);
    entries.push(e);
  };
  base.forEach((item, i) => add(item, bm?.entries.get(i)));
  over.forEach((item, i) => add(item, om?.entries.get(i)));
  const meta: ContainerMeta = { self: om?.self ?? bm?.self ?? fallbackPos(over), entries: new Map() };
  entries.forEach((e, i) => e && meta.entries.set(i, e));
  setMeta(out, meta);
  return out;
}

/** Remove every value tagged `!reset` that no merge consumed (a `!reset` with nothing under it). */
export function stripResets(node: unknown): void {
  if (!isContainer(node)) return;
  const meta = metaOf(node);
  if (isRecord(node)) {
    for (const k of Object.keys(node)) {
      if (meta?.entries.get(k)?.tag === '!reset') {
        delete node[k];
        meta.entries.delete(k);
      } else stripResets(node[k]);
    }
  } else for (const item of node) stripResets(item);
}
