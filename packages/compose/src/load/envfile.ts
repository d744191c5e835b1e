/**
 * .env / env_file parsing like compose-go's dotenv: comments, `export`, `KEY=value`, `KEY: value`,
 * unquoted values (inline `#` comments stripped), single quotes (literal), double quotes (escapes
 * \n \r \t \" \\ and interpolation), multi-line quoted values, a bare `KEY` inherited from the
 * lookup, UTF-8 BOM. `format: raw` takes each `KEY=VALUE` line literally.
 */
import * as fs from 'node:fs';
import { interpolate, type Lookup } from './interpolate';
import { disabledComments } from './yaml';

export interface EnvEntry {
  key: string;
  value: string;
  /** 1-based line/column of the key. */
  line: number;
  column: number;
  /** true for a bare `KEY` line whose value came from the lookup. */
  inherited?: boolean;
}

export interface EnvParseError {
  line: number;
  message: string;
}

export interface EnvParseResult {
  entries: EnvEntry[];
  error?: EnvParseError;
  /** `# hardline-disable-line` comments by line (filled by readEnvFile). */
  disabled?: Map<number, Set<string>>;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\v' || c === '\f' || c === '\u00a0';
const KEY_CHAR = /[\p{L}\p{N}_.\-]/u;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/**
 * Parse dotenv text. `lookup` resolves `${VAR}` in unquoted/double-quoted values and bare keys
 * (checked before the file's own earlier entries, as compose-go does).
 */
export function parseDotenv(input: string, lookup: Lookup = () => undefined): EnvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const starts = lineStarts(text);
  const entries: EnvEntry[] = [];
  const own = new Map<string, string>();
  const expandLookup: Lookup = (name) => lookup(name) ?? (own.has(name) ? { value: own.get(name) as string, source: 'dotenv' } : undefined);
  const expand = (v: string) => interpolate(v, expandLookup).value;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // statement start: skip whitespace and comment lines
    while (i < n && (isSpace(text[i]) || text[i] === '\n')) i++;
    if (i >= n) break;
    if (text[i] === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const keyStart = i;
    if (text.startsWith('export', i) && (isSpace(text[i + 6]) || text[i + 6] === undefined)) {
      i += 6;
      while (i < n && isSpace(text[i])) i++;
    }
    const nameFrom = i;
    let term = '';
    for (; i < n; i++) {
      const c = text[i];
      if (c === '=' || c === ':' || c === '\n') {
        term = c;
        break;
      }
      if (isSpace(c) || KEY_CHAR.test(c)) continue;
      return { entries, error: { line: lineOf(starts, i).line, message: `unexpected character "${c}" in variable name` } };
    }
    const key = text.slice(nameFrom, i).trim();
    const pos = lineOf(starts, keyStart);
    if (key === '') return { entries, error: { line: pos.line, message: 'expected KEY=VALUE, found no variable name' } };
    if (/\s/.test(key)) return { entries, error: { line: pos.line, message: 'variable name cannot contain a space (expected KEY=VALUE)' } };
    if (term === '\n' || term === '') {
      i++;
      const v = lookup(key);
      if (v) {
        entries.push({ key, value: v.value, line: pos.line, column: pos.column, inherited: true });
        own.set(key, v.value);
      }
      continue;
    }
    i++; // past = or :
    while (i < n && isSpace(text[i])) i++;
    const q = text[i];
    let value: string;
    if (q === '"' || q === "'") {
      let j = i + 1;
      for (; j < n; j++) if (text[j] === q && text[j - 1] !== '\\') break;
      if (j >= n) return { entries, error: { line: pos.line, message: `unterminated ${q === '"' ? 'double' : 'single'}-quoted value` } };
      value = text.slice(i + 1, j);
      if (q === '"') value = expand(unescape(value));
      i = j + 1;
      // rest of the line after the closing quote is ignored (comments, trailing spaces)
      while (i < n && text[i] !== '\n') i++;
    } else {
      let j = i;
      while (j < n && text[j] !== '\n') j++;
      let raw = text.slice(i, j);
      const hash = raw.indexOf('#');
      if (hash >= 0) raw = raw.slice(0, hash);
      value = expand(raw.replace(/\s+$/, ''));
      i = j;
    }
    entries.push({ key, value, line: pos.line, column: pos.column });
    own.set(key, value);
  }
  return { entries };
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_m, c: string) => {
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '$':
        return '$$'; // a literal dollar through the interpolation step
      default:
        return c;
    }
  });
}

/** `format: raw`: every non-comment line is KEY=VALUE taken literally (no quotes, no interpolation). */
export function parseRawEnv(input: string, lookup: Lookup = () => undefined): EnvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const entries: EnvEntry[] = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const column = line.length - line.trimStart().length + 1;
    if (eq < 0) {
      const v = lookup(trimmed);
      if (v) entries.push({ key: trimmed, value: v.value, line: k + 1, column, inherited: true });
      continue;
    }
    const key = line.slice(0, eq).trim();
    if (key === '' || /\s/.test(key)) return { entries, error: { line: k + 1, message: 'expected KEY=VALUE' } };
    entries.push({ key, value: line.slice(eq + 1), line: k + 1, column });
  }
  return { entries };
}

export type EnvFileRead = { ok: true; result: EnvParseResult } | { ok: false; reason: 'missing' | 'unreadable'; detail: string };

export function readEnvFile(abs: string, format: 'raw' | undefined, lookup: Lookup): EnvFileRead {
  let text: string;
  try {
    const st = fs.statSync(abs);
    if (st.isDirectory()) return { ok: false, reason: 'unreadable', detail: 'is a directory' };
    if (st.size > 4 * 1024 * 1024) return { ok: false, reason: 'unreadable', detail: `is ${st.size} bytes, too big for an env file` };
    text = fs.readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, reason: code === 'ENOENT' ? 'missing' : 'unreadable', detail: code };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'unreadable', detail: 'looks like a binary file' };
  const result = format === 'raw' ? parseRawEnv(text, lookup) : parseDotenv(text, lookup);
  const disabled = disabledComments(text);
  if (disabled.size) result.disabled = disabled;
  return { ok: true, result };
}
