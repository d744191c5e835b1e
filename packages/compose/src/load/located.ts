/**
 * Positions travel with the plain-JS tree in a side table: every object/array of a loaded Compose
 * file has a ContainerMeta holding where it was written and, per key/index, where the key and the
 * value were written. Merges copy the entry of the side that won, so the merged model can still
 * say which file and line each node came from.
 */
import type { Position } from '../model';

export type Tag = '!reset' | '!override';

export interface EntryMeta {
  key?: Position;
  value: Position;
  tag?: Tag;
  /** The value came from interpolating this variable (the first one in the string). */
  interp?: { variable: string; origin?: Position; source: 'dotenv' | 'environment' | 'default' | 'compose' };
}

export interface ContainerMeta {
  self: Position;
  entries: Map<string | number, EntryMeta>;
}

export type Container = Record<string, unknown> | unknown[];

const META = new WeakMap<object, ContainerMeta>();

export function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function metaOf(c: object): ContainerMeta | undefined {
  return META.get(c);
}

export function setMeta(c: object, meta: ContainerMeta): void {
  META.set(c, meta);
}

/** The meta of `c`, created (positioned at `fallback`) when missing. */
export function ensureMeta(c: object, fallback: Position): ContainerMeta {
  let m = META.get(c);
  if (!m) {
    m = { self: fallback, entries: new Map() };
    META.set(c, m);
  }
  return m;
}

export function entryOf(c: unknown, key: string | number): EntryMeta | undefined {
  return isContainer(c) ? META.get(c)?.entries.get(key) : undefined;
}

/** Walk `path` from `root`; returns the deepest entry/container positions found on the way. */
export function walkPath(
  root: unknown,
  path: ReadonlyArray<string | number>,
): { entry?: EntryMeta; container?: ContainerMeta; complete: boolean } {
  let node: unknown = root;
  let entry: EntryMeta | undefined;
  let container: ContainerMeta | undefined = isContainer(root) ? META.get(root) : undefined;
  for (const seg of path) {
    if (!isContainer(node)) return { entry, container, complete: false };
    const meta = META.get(node);
    const key = Array.isArray(node) ? Number(seg) : String(seg);
    const e = meta?.entries.get(key);
    const next = Array.isArray(node) ? node[key as number] : (node as Record<string, unknown>)[key as string];
    if (!e && next === undefined) return { entry, container, complete: false };
    if (e) entry = e;
    node = next;
    if (isContainer(node)) container = META.get(node) ?? container;
  }
  return { entry, container, complete: true };
}

/** Deep copy of a located tree, metas included (used when one base service is extended twice). */
export function cloneLocated<T>(v: T): T {
  if (!isContainer(v)) return v;
  const meta = META.get(v);
  let out: Container;
  if (Array.isArray(v)) out = v.map((x) => cloneLocated(x));
  else {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = cloneLocated(x);
    out = o;
  }
  if (meta) META.set(out, { self: meta.self, entries: new Map(meta.entries) });
  return out as T;
}

export function relPos(file: string, line: number, column: number): Position {
  return { file, line, column };
}
