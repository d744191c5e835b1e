/**
 * Compose YAML → a plain-JS tree with positions (see located.ts): anchors, aliases and merge keys
 * are expanded, `!reset`/`!override` tags are kept in the entry metadata. Every unreadable input
 * (binary, too big, empty, not a mapping, syntax error, duplicate key, alias bomb) is a LoadProblem
 * naming the file, never an exception.
 */
import * as fs from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Scalar } from 'yaml';
import type { Position } from '../model';
import { metaOf as metaFromMerged, setMeta, type ContainerMeta, type EntryMeta, type Tag } from './located';
import type { LoadProblem } from './rules';

/** Files larger than this are rejected unread (a Compose file of 1,000 services is ~100 kB). */
export const MAX_COMPOSE_BYTES = 4 * 1024 * 1024;
/** Upper bound on nodes produced by expanding aliases (billion laughs is rejected before expanding). */
export const MAX_EXPANDED_NODES = 500_000;

export interface ParsedYaml {
  /** Display name (relative to cwd). */
  file: string;
  value: Record<string, unknown>;
  /** Rule IDs disabled by `# hardline-disable-line` comments, per 1-based line. */
  disabled: Map<number, Set<string>>;
}

export type ParseOutcome = { ok: true; parsed: ParsedYaml } | { ok: false; problem: LoadProblem };

const fail = (file: string, message: string, line = 1, column = 1): ParseOutcome => ({
  ok: false,
  problem: { ruleId: 'invalid-yaml', message: `${file}: ${message}`, file, line, column },
});

export function readComposeFile(abs: string, file: string): ParseOutcome | { ok: false; missing: true } {
  let buf: Buffer;
  try {
    const st = fs.statSync(abs);
    if (st.isDirectory()) return fail(file, 'is a directory, expected a Compose YAML file');
    if (st.size > MAX_COMPOSE_BYTES) return fail(file, `is ${st.size} bytes; Compose files over ${MAX_COMPOSE_BYTES} bytes are not read`);
    buf = fs.readFileSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, missing: true };
    return fail(file, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (buf.includes(0)) return fail(file, 'looks like a binary file (it contains NUL bytes), expected YAML text');
  return parseComposeText(buf.toString('utf8'), file);
}

export function parseComposeText(text: string, file: string): ParseOutcome {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length > MAX_COMPOSE_BYTES) return fail(file, `is larger than ${MAX_COMPOSE_BYTES} bytes`);
  const lc = new LineCounter();
  // Plain scalars are typed by coreScalar() below, exactly as the YAML 1.2 core schema would, but only
  // when the converter reads them (and without eight regex tests on every scalar). A document with
  // standard (`!!int`) or verbatim tags, or directives (`%YAML 1.1` selects another schema), is
  // composed with the schema yaml picks by default, exactly as before.
  const options = { lineCounter: lc, uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false } as const;
  const doc = EXPLICIT_TAGS.test(text) ? parseDocument(text, options) : parseDocument(text, { ...options, schema: 'failsafe' });
  const err = doc.errors[0];
  if (err) {
    const p = lc.linePos(err.pos[0]);
    const message = err.code === 'MULTIPLE_DOCS' ? 'holds several YAML documents (---); a Compose file is one document' : err.message.split('\n')[0];
    return fail(file, `invalid YAML: ${message}`, p.line, p.col);
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (scalarValue(root) === null || root.value === ''))) return fail(file, 'is empty, expected a Compose mapping (services: …)');
  if (!isMap(root) && !isAlias(root)) {
    const p = lc.linePos(root.range?.[0] ?? 0);
    return fail(file, `top level is a ${isSeq(root) ? 'list' : 'scalar'}, expected a mapping (services: …)`, p.line, p.col);
  }
  const conv = new Converter(doc, lc, file);
  let value: unknown;
  try {
    // Only a document with anchors can expand; count its expanded size before expanding anything.
    if (text.includes('&') && conv.size(root) > MAX_EXPANDED_NODES) {
      return fail(file, `aliases expand to more than ${MAX_EXPANDED_NODES} nodes (alias bomb); expected a Compose file without deep alias nesting`);
    }
    value = conv.convert(root);
  } catch (e) {
    if (e instanceof YamlShapeError) return fail(file, e.message, e.pos.line, e.pos.column);
    if (e instanceof RangeError) return fail(file, 'nests too deeply to be read');
    throw e;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(file, 'top level is not a mapping, expected services: …');
  return { ok: true, parsed: { file, value: value as Record<string, unknown>, disabled: disabledComments(text) } };
}

class YamlShapeError extends Error {
  constructor(message: string, readonly pos: Position) {
    super(message);
  }
}

class Converter {
  private readonly sizes = new Map<unknown, number>();
  constructor(private readonly doc: Document, private readonly lc: LineCounter, private readonly file: string) {}

  /** Index into lineStarts of the last lookup: offsets arrive mostly in ascending order. */
  private hint = 0;

  /** Same result as LineCounter.linePos (1-based line and column), one allocation, no search for the common forward step. */
  pos(offset: number | undefined): Position {
    const o = offset ?? 0;
    // A block mapping starts where its first key does: both ask for the same offset in a row.
    if (o === this.lastOffset && this.lastPos) return this.lastPos;
    const p = this.lookup(o);
    this.lastOffset = o;
    this.lastPos = p;
    return p;
  }

  private lastOffset = -1;
  private lastPos: Position | undefined;

  private lookup(o: number): Position {
    const starts = this.lc.lineStarts;
    const n = starts.length;
    // `low` = number of line starts strictly before `o` (what LineCounter's binary search computes).
    let low: number;
    const h = this.hint;
    if (h < n && starts[h] < o && (h + 1 >= n || starts[h + 1] >= o)) low = h + 1;
    else if (h + 1 < n && starts[h + 1] < o && (h + 2 >= n || starts[h + 2] >= o)) low = h + 2;
    else {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] < o) lo = mid + 1;
        else hi = mid;
      }
      low = lo;
    }
    this.hint = low > 0 ? low - 1 : 0;
    if (starts[low] === o) return { file: this.file, line: low + 1, column: 1 };
    if (low === 0) return { file: this.file, line: 0, column: o };
    return { file: this.file, line: low, column: o - starts[low - 1] + 1 };
  }

  private target(node: unknown): unknown {
    if (!isAlias(node)) return node;
    let n: unknown = node;
    for (let i = 0; i < 100 && isAlias(n); i++) {
      const target = n.resolve(this.doc);
      if (target === undefined) throw new YamlShapeError(`alias "*${n.source}" refers to an undefined anchor`, this.pos(n.range?.[0]));
      n = target;
    }
    return n;
  }

  /** Expanded node count, memoised per node, computed without expanding (rejects alias bombs in linear time). */
  size(node: unknown): number {
    const n = this.target(node);
    const cached = this.sizes.get(n);
    if (cached !== undefined) return cached;
    this.sizes.set(n, 1); // guards alias cycles
    let s = 1;
    if (isMap(n)) for (const p of n.items) s += this.size(p.key) + this.size(p.value);
    else if (isSeq(n)) for (const it of n.items) s += this.size(it);
    s = Math.min(s, Number.MAX_SAFE_INTEGER);
    this.sizes.set(n, s);
    return s;
  }

  convert(node: unknown, depth = 0): unknown {
    if (depth > 200) throw new YamlShapeError('nesting is deeper than 200 levels', this.pos((node as Node | null)?.range?.[0]));
    const n = isAlias(node) ? this.target(node) : node;
    if (n === null || n === undefined) return null;
    if (isScalar(n)) return scalarValue(n);
    if (isSeq(n)) {
      const out: unknown[] = [];
      const meta: ContainerMeta = { self: this.pos(n.range?.[0]), entries: new Map() };
      const items = n.items;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        out.push(this.convert(item, depth + 1));
        const e: EntryMeta = { value: this.valuePos(item as Node | null, meta.self) };
        const tag = tagOf(isAlias(item) ? (this.target(item) as Node | null) : (item as Node | null));
        if (tag) e.tag = tag;
        meta.entries.set(i, e);
      }
      setMeta(out, meta);
      return out;
    }
    if (isMap(n)) {
      const out: Record<string, unknown> = {};
      const meta: ContainerMeta = { self: this.pos(n.range?.[0]), entries: new Map() };
      const merges: unknown[] = [];
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = this.target(pair.key);
        const keyValue = isScalar(keyNode) ? scalarValue(keyNode) : keyNode;
        const key = isScalar(keyNode) ? (keyValue === null ? '' : String(keyValue)) : String(keyNode);
        if (key === '<<' && isScalar(keyNode) && keyNode.source === '<<') {
          merges.push(pair.value);
          continue;
        }
        const keyPos = this.pos((pair.key as Node | null)?.range?.[0]);
        const valNode = pair.value as Node | null;
        if (Object.prototype.hasOwnProperty.call(out, key)) {
          throw new YamlShapeError(`duplicate key "${key}"`, keyPos);
        }
        out[key] = this.convert(valNode, depth + 1);
        const e: EntryMeta = { key: keyPos, value: this.valuePos(valNode, keyPos) };
        const tag = tagOf(isAlias(valNode) ? (this.target(valNode) as Node | null) : valNode);
        if (tag) e.tag = tag;
        meta.entries.set(key, e);
      }
      // YAML merge keys: explicit keys win, then earlier merged maps win over later ones.
      for (const m of merges) {
        const t = this.target(m);
        const sources = isSeq(t) ? t.items : [m];
        for (const src of sources) {
          const merged = this.convert(src, depth + 1);
          if (typeof merged !== 'object' || merged === null || Array.isArray(merged)) {
            throw new YamlShapeError('merge key "<<" expects a mapping or a list of mappings', this.pos((src as Node | null)?.range?.[0]));
          }
          const srcMeta = metaFromMerged(merged);
          for (const [k, v] of Object.entries(merged)) {
            if (Object.prototype.hasOwnProperty.call(out, k)) continue;
            out[k] = v;
            const e = srcMeta?.entries.get(k);
            if (e) meta.entries.set(k, e);
          }
        }
      }
      setMeta(out, meta);
      return out;
    }
    return null;
  }

  private valuePos(node: Node | null, fallback: Position): Position {
    if (!node || !node.range) return fallback;
    if (isScalar(node) && node.range[0] === node.range[1]) return fallback;
    return this.pos(node.range[0]);
  }
}

/** Standard (`!!x`) or verbatim (`!<…>`) tags and `%` directives: such documents keep the core schema. */
const EXPLICIT_TAGS = /!!|!<|^%/m;

/** The value of a scalar node: plain untagged scalars composed with the failsafe schema are typed here. */
function scalarValue(n: Scalar): unknown {
  const v = n.value;
  if (v === undefined) return null;
  if (typeof v !== 'string' || n.type !== 'PLAIN' || n.tag) return v;
  return coreScalar(v);
}

const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_INT_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * A plain scalar typed by the YAML 1.2 core schema, as the `yaml` package resolves it (same tests in
 * the same order, same conversions, integers as numbers): null, booleans, ints (decimal, 0o, 0x),
 * floats (.inf/.nan, exponent, decimal); anything else stays a string.
 */
export function coreScalar(s: string): unknown {
  const c = s.charCodeAt(0);
  // Every non-string form starts with one of ~ n N t T f F 0-9 + - . (or is empty).
  const maybe = s === '' || c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46 || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
  if (!maybe) return s;
  if (CORE_NULL.test(s)) return null;
  if (CORE_BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (CORE_INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (CORE_INT.test(s)) return parseInt(s.substring(0), 10);
  if (CORE_INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (CORE_FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (CORE_FLOAT_EXP.test(s)) return parseFloat(s);
  if (CORE_FLOAT.test(s)) return parseFloat(s);
  return s;
}

function tagOf(node: Node | null): Tag | undefined {
  const t = node?.tag;
  return t === '!reset' || t === '!override' ? t : undefined;
}

const DISABLE_RE = /#\s*hardline-disable-line\s+([A-Za-z0-9_,\s-]+)/;

/** `# hardline-disable-line id[,id…]` comments by 1-based line (Compose files and env files). */
export function disabledComments(text: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  if (!text.includes('hardline-disable-line')) return out;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = DISABLE_RE.exec(lines[i]);
    if (!m) continue;
    const ids = m[1].split(/[\s,]+/).filter(Boolean);
    out.set(i + 1, new Set(ids));
  }
  return out;
}
