/**
 * Compose-spec interpolation: $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?err},
 * ${VAR?err}, ${VAR:+alt}, ${VAR+alt}, nesting inside the argument, and `$$` for a literal `$`.
 * Applied to every string value of one file (keys are not interpolated), before schema validation.
 */
import type { Position } from '../model';
import { isContainer, metaOf, type EntryMeta } from './located';
import type { LoadProblem } from './rules';

export interface VarValue {
  value: string;
  origin?: Position;
  source: 'dotenv' | 'environment';
}
export type Lookup = (name: string) => VarValue | undefined;

export interface InterpolationIssue {
  kind: 'missing' | 'required' | 'invalid';
  variable?: string;
  message: string;
}

export interface Interpolated {
  value: string;
  /** The first variable whose value (or default) made it into the result. */
  used?: { variable: string; origin?: Position; source: 'dotenv' | 'environment' | 'default' | 'compose' };
  issues: InterpolationIssue[];
}

const NAME_START = /[_A-Za-z]/;
const NAME_CHAR = /[_A-Za-z0-9]/;

export function interpolate(template: string, lookup: Lookup): Interpolated {
  const issues: InterpolationIssue[] = [];
  const state: { used?: Interpolated['used'] } = {};
  const value = substitute(template, lookup, issues, state);
  return { value, used: state.used, issues };
}

function substitute(s: string, lookup: Lookup, issues: InterpolationIssue[], state: { used?: Interpolated['used'] }): string {
  if (!s.includes('$')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < s.length && NAME_CHAR.test(s[j])) j++;
      const name = s.slice(i + 1, j);
      out += plain(name, lookup, issues, state);
      i = j;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(s, i + 2);
      if (close < 0) {
        issues.push({ kind: 'invalid', message: `invalid interpolation: "\${" is never closed` });
        return out + s.slice(i);
      }
      out += braced(s.slice(i + 2, close), lookup, issues, state);
      i = close + 1;
      continue;
    }
    issues.push({ kind: 'invalid', message: 'invalid interpolation: "$" must be followed by a variable name, "{" or "$" (write a literal dollar sign as "$$")' });
    out += '$';
    i++;
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from`, honouring nested `${…}`. */
function closingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '$' && s[i + 1] === '$') {
      i++;
      continue;
    }
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
      continue;
    }
    if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function note(state: { used?: Interpolated['used'] }, variable: string, v: VarValue | undefined, viaDefault = false): void {
  if (state.used) return;
  state.used = viaDefault || !v ? { variable, source: 'default' } : { variable, origin: v.origin, source: v.source };
}

function plain(name: string, lookup: Lookup, issues: InterpolationIssue[], state: { used?: Interpolated['used'] }): string {
  const v = lookup(name);
  if (!v) {
    issues.push({ kind: 'missing', variable: name, message: `variable "${name}" is not set and has no default; Compose substitutes an empty string` });
    note(state, name, undefined);
    return '';
  }
  note(state, name, v);
  return v.value;
}

function braced(body: string, lookup: Lookup, issues: InterpolationIssue[], state: { used?: Interpolated['used'] }): string {
  let j = 0;
  if (!NAME_START.test(body[0] ?? '')) {
    // the text after "${" is not echoed: in a mistyped literal it may be part of a secret
    issues.push({ kind: 'invalid', message: 'invalid interpolation: "${" must be followed by a variable name ([A-Za-z_][A-Za-z0-9_]*); write a literal dollar sign as "$$"' });
    return '';
  }
  while (j < body.length && NAME_CHAR.test(body[j])) j++;
  const name = body.slice(0, j);
  if (j === body.length) return plain(name, lookup, issues, state);
  let op = body[j];
  let argStart = j + 1;
  if (op === ':') {
    op = ':' + (body[j + 1] ?? '');
    argStart = j + 2;
  }
  if (!['-', '?', '+', ':-', ':?', ':+'].includes(op)) {
    issues.push({ kind: 'invalid', message: `invalid interpolation in "\${${name}…}": expected "}", ":-", "-", ":?", "?", ":+" or "+" after the variable name` });
    return '';
  }
  const arg = body.slice(argStart);
  const v = lookup(name);
  const set = v !== undefined;
  const nonEmpty = set && v.value !== '';
  const evalArg = () => substitute(arg, lookup, issues, state);
  switch (op) {
    case ':-':
      if (nonEmpty) {
        note(state, name, v);
        return v.value;
      }
      note(state, name, undefined, true);
      return evalArg();
    case '-':
      if (set) {
        note(state, name, v);
        return v.value;
      }
      note(state, name, undefined, true);
      return evalArg();
    case ':?':
    case '?': {
      const ok = op === ':?' ? nonEmpty : set;
      if (ok && v) {
        note(state, name, v);
        return v.value;
      }
      // the message as written (never interpolated: it could carry another variable's value)
      const msg = arg.length > 200 ? arg.slice(0, 200) + '…' : arg;
      issues.push({
        kind: 'required',
        variable: name,
        message: `required variable "${name}" is ${set ? 'empty' : 'not set'}${msg ? `: ${msg}` : ''}`,
      });
      return '';
    }
    case ':+':
      if (nonEmpty) {
        note(state, name, v);
        return evalArg();
      }
      return '';
    default: // '+'
      if (set) {
        note(state, name, v);
        return evalArg();
      }
      return '';
  }
}

/**
 * Interpolate every string value in a located tree in place; records the variable in the entry
 * metadata and returns the problems positioned at each value.
 */
export function interpolateTree(root: unknown, lookup: Lookup, fallback: Position): LoadProblem[] {
  const problems: LoadProblem[] = [];
  const interpolateAt = (v: string, entry: EntryMeta | undefined, pos: Position): string => {
    const r = interpolate(v, lookup);
    if (r.used && entry) entry.interp = r.used;
    for (const issue of r.issues) {
      problems.push({
        ruleId: issue.kind === 'invalid' ? 'invalid-interpolation' : 'missing-variable',
        severity: issue.kind === 'missing' ? 'warning' : 'error',
        message: issue.message,
        file: pos.file,
        line: pos.line,
        column: pos.column,
        ...(issue.variable ? { properties: { variable: issue.variable } } : {}),
      });
    }
    return r.value;
  };
  // Only strings holding a `$` and containers need their entry metadata: everything else is skipped unlooked-up.
  const visit = (node: unknown, where: Position): void => {
    if (!isContainer(node)) return;
    const meta = metaOf(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const v: unknown = node[i];
        if (typeof v === 'string') {
          if (!v.includes('$')) continue;
          const entry = meta?.entries.get(i);
          node[i] = interpolateAt(v, entry, entry?.value ?? meta?.self ?? where);
        } else if (isContainer(v)) visit(v, meta?.entries.get(i)?.value ?? meta?.self ?? where);
      }
      return;
    }
    const rec = node as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      const v = rec[k];
      if (typeof v === 'string') {
        if (!v.includes('$')) continue;
        const entry = meta?.entries.get(k);
        rec[k] = interpolateAt(v, entry, entry?.value ?? meta?.self ?? where);
      } else if (isContainer(v)) visit(v, meta?.entries.get(k)?.value ?? meta?.self ?? where);
    }
  };
  visit(root, fallback);
  return problems;
}
