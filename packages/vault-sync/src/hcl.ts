/**
 * Vault ACL policy HCL: a small parser for the subset Vault policies use
 * (`path "…" { capabilities = [...] … }`, comments, lists, maps), validated with line numbers so a
 * bad policy is a ConfigurationError at file:line (exit 2) before anything is written to Vault.
 */
import { ConfigurationError } from '@hardline/core';

export const CAPABILITIES = ['create', 'read', 'update', 'patch', 'delete', 'list', 'sudo', 'deny', 'subscribe', 'recover'] as const;
const PATH_KEYS = new Set([
  'capabilities',
  'policy',
  'required_parameters',
  'allowed_parameters',
  'denied_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
  'mfa_methods',
  'control_group',
  'subscribe_event_types',
]);
const LEGACY_POLICY = ['deny', 'read', 'write', 'sudo', 'list'];

export interface PolicyRule {
  path: string;
  line: number;
  capabilities: string[];
}

/** Where the HCL text sits: its file, and the file line of the text's first line. */
export interface HclOrigin {
  file: string;
  firstLine: number;
}

type Tok = { kind: 'str' | 'ident' | 'num' | 'punct'; value: string; line: number };

/** Lists and blocks nest a few levels in a real policy; far deeper is a broken file, not a stack overflow. */
const MAX_NESTING = 64;
type HclValue = string | number | boolean | HclValue[] | { [k: string]: HclValue };

export function parsePolicy(text: string, origin: HclOrigin): PolicyRule[] {
  const toks = tokenize(text, origin);
  const fail = (msg: string, line: number): never => {
    throw new ConfigurationError(`policy HCL: ${msg}`, { file: origin.file, line: origin.firstLine + line - 1 });
  };
  let i = 0;
  let depth = 0;
  const peek = (): Tok | undefined => toks[i];
  const lastLine = toks.length ? toks[toks.length - 1].line : 1;
  const next = (what: string): Tok => {
    const t = toks[i++];
    if (!t) return fail(`expected ${what}, got the end of the policy`, lastLine);
    return t;
  };
  const expect = (value: string): Tok => {
    const t = next(`"${value}"`);
    if (t.kind !== 'punct' || t.value !== value) fail(`expected "${value}", got ${show(t)}`, t.line);
    return t;
  };
  const parseValue = (): HclValue => {
    const t = next('a value');
    if (t.kind === 'punct' && (t.value === '[' || t.value === '{') && depth >= MAX_NESTING) {
      fail(`lists and blocks nest more than ${MAX_NESTING} levels deep (a policy needs a few)`, t.line);
    }
    if (t.kind === 'str') return t.value;
    if (t.kind === 'num') return Number(t.value);
    if (t.kind === 'ident') {
      if (t.value === 'true' || t.value === 'false') return t.value === 'true';
      return fail(`expected a value, got ${show(t)}`, t.line);
    }
    if (t.value === '[') {
      depth++;
      const items: HclValue[] = [];
      while (peek() && !(peek()!.kind === 'punct' && peek()!.value === ']')) {
        items.push(parseValue());
        const sep = peek();
        if (sep && sep.kind === 'punct' && sep.value === ',') i++;
        else if (!(sep && sep.kind === 'punct' && sep.value === ']')) fail(`expected "," or "]" in a list, got ${sep ? show(sep) : 'the end'}`, sep?.line ?? lastLine);
      }
      expect(']');
      depth--;
      return items;
    }
    if (t.value === '{') {
      depth++;
      const body = parseBody(t.line);
      depth--;
      return body;
    }
    return fail(`expected a value, got ${show(t)}`, t.line);
  };
  const parseBody = (openLine: number): { [k: string]: HclValue } => {
    const out: { [k: string]: HclValue } = {};
    for (;;) {
      const t = peek();
      if (!t) return fail('a "{" is never closed', openLine);
      if (t.kind === 'punct' && t.value === '}') {
        i++;
        return out;
      }
      if (t.kind === 'punct' && t.value === ',') {
        i++;
        continue;
      }
      if (t.kind !== 'ident' && t.kind !== 'str') fail(`expected a key, got ${show(t)}`, t.line);
      i++;
      const eq = peek();
      if (eq && eq.kind === 'punct' && (eq.value === '=' || eq.value === ':')) i++;
      if (Object.prototype.hasOwnProperty.call(out, t.value)) fail(`duplicate key "${t.value}"`, t.line);
      out[t.value] = parseValue();
    }
  };

  const rules: PolicyRule[] = [];
  while (i < toks.length) {
    const t = next('path');
    if (t.kind !== 'ident' || t.value !== 'path') {
      if (t.kind === 'ident' && t.value === 'name') {
        // Old policies may carry `name = "…"`: Vault ignores it.
        if (peek()?.value === '=') i++;
        parseValue();
        continue;
      }
      fail(`expected a path block (path "secret/*" { … }), got ${show(t)}`, t.line);
    }
    const p = next('a quoted path');
    if (p.kind !== 'str') fail(`expected a quoted path after "path", got ${show(p)}`, p.line);
    const open = expect('{');
    const startIndex = i;
    const body = parseBody(open.line);
    const keyLine = (key: string): number => toks.slice(startIndex, i).find((k) => (k.kind === 'ident' || k.kind === 'str') && k.value === key)?.line ?? open.line;
    for (const key of Object.keys(body)) {
      if (!PATH_KEYS.has(key)) fail(`unknown key "${key}" in path "${p.value}" (expected one of ${[...PATH_KEYS].join(', ')})`, keyLine(key));
    }
    const caps = body.capabilities;
    if (caps === undefined && body.policy === undefined) fail(`path "${p.value}" has no capabilities (expected capabilities = ["read", …])`, open.line);
    if (caps !== undefined) {
      if (!Array.isArray(caps) || caps.some((c) => typeof c !== 'string')) fail(`capabilities of path "${p.value}" must be a list of strings`, keyLine('capabilities'));
      for (const c of caps as string[]) {
        if (!(CAPABILITIES as readonly string[]).includes(c)) fail(`unknown capability "${c}" in path "${p.value}" (expected ${CAPABILITIES.join(', ')})`, keyLine('capabilities'));
      }
    }
    if (body.policy !== undefined && (typeof body.policy !== 'string' || !LEGACY_POLICY.includes(body.policy))) {
      fail(`policy of path "${p.value}" must be one of ${LEGACY_POLICY.join(', ')}`, keyLine('policy'));
    }
    for (const key of ['required_parameters', 'mfa_methods', 'subscribe_event_types']) {
      const v = body[key];
      if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) fail(`${key} of path "${p.value}" must be a list of strings`, keyLine(key));
    }
    for (const key of ['allowed_parameters', 'denied_parameters']) {
      const v = body[key];
      if (v !== undefined && (typeof v !== 'object' || Array.isArray(v))) fail(`${key} of path "${p.value}" must be a map of parameter = [values]`, keyLine(key));
    }
    rules.push({ path: p.value, line: origin.firstLine + t.line - 1, capabilities: Array.isArray(caps) ? (caps as string[]) : [] });
  }
  if (rules.length === 0) fail('the policy has no path blocks', 1);
  return rules;
}

function tokenize(text: string, origin: HclOrigin): Tok[] {
  const toks: Tok[] = [];
  let line = 1;
  let i = 0;
  const fail = (msg: string, at: number): never => {
    throw new ConfigurationError(`policy HCL: ${msg}`, { file: origin.file, line: origin.firstLine + at - 1 });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const start = line;
      const end = text.indexOf('*/', i + 2);
      if (end < 0) fail('a /* comment is never closed', start);
      for (let k = i; k < end; k++) if (text[k] === '\n') line++;
      i = end + 2;
    } else if (c === '"') {
      const start = line;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length || text[i] === '\n') fail('a string is never closed (missing ")', start);
        const ch = text[i];
        if (ch === '\\') {
          const esc = text[i + 1];
          value += esc === 'n' ? '\n' : esc === 't' ? '\t' : esc;
          i += 2;
          continue;
        }
        if (ch === '"') {
          i++;
          break;
        }
        value += ch;
        i++;
      }
      toks.push({ kind: 'str', value, line: start });
    } else if ('{}[]=,:'.includes(c)) {
      toks.push({ kind: 'punct', value: c, line });
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_-]/.test(text[j])) j++;
      toks.push({ kind: 'ident', value: text.slice(i, j), line });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[0-9.]/.test(text[j])) j++;
      toks.push({ kind: 'num', value: text.slice(i, j), line });
      i = j;
    } else {
      fail(`unexpected character ${JSON.stringify(c)}`, line);
    }
  }
  return toks;
}

function show(t: Tok): string {
  return t.kind === 'str' ? `"${t.value}"` : `"${t.value}"`;
}
