/**
 * TEST SERVER for hardline's tests, not Vault: ACL policy management of the Vault test server —
 * sys/policies/acl (LIST, GET, POST, DELETE) and the older sys/policy endpoints. Behaves as
 * Vault does: names are lower-cased, the policy text may be sent base64-encoded, invalid HCL is a
 * 400 naming the line, `root` cannot be written or deleted, `default` cannot be deleted, and
 * `root` is listed (with empty rules) though never stored.
 */
import { parsePolicy, PolicyParseError, type PathRule } from './acl';
import type { VaultCore } from './core';
import type { RouteContext, RouteSpec, VaultResult } from './router';
import { badRequest, field } from './util';

const parsedCache = new Map<string, PathRule[]>();

/** The parsed rules of a stored policy, or undefined if there is no such policy. */
export function policyRules(core: VaultCore, name: string): PathRule[] | undefined {
  const text = core.data.policies[name];
  if (text === undefined) return undefined;
  let rules = parsedCache.get(text);
  if (!rules) {
    rules = parsePolicy(text);
    parsedCache.set(text, rules);
  }
  return rules;
}

function policyNames(core: VaultCore): string[] {
  return [...new Set([...Object.keys(core.data.policies), 'root'])].sort();
}

const nameOf = (ctx: RouteContext): string => ctx.params.name.trim().toLowerCase();

function list(ctx: RouteContext): VaultResult {
  const keys = policyNames(ctx.core);
  return { kind: 'logical', data: { keys, policies: keys } };
}

function read(textField: 'policy' | 'rules') {
  return (ctx: RouteContext): VaultResult => {
    const name = nameOf(ctx);
    const text = name === 'root' ? '' : ctx.core.data.policies[name];
    if (text === undefined) return { kind: 'logical', status: 404 };
    return { kind: 'logical', data: { name, [textField]: text } };
  };
}

function write(ctx: RouteContext): VaultResult {
  const name = nameOf(ctx);
  let text = field.string(ctx.body, 'policy') ?? field.string(ctx.body, 'rules') ?? '';
  if (text.trim() === '') throw badRequest("'policy' parameter not supplied or empty");
  if (name === 'root') throw badRequest('cannot update "root" policy');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0) text = Buffer.from(text, 'base64').toString('utf8');
  try {
    parsePolicy(text);
  } catch (error) {
    if (error instanceof PolicyParseError) throw badRequest(error.message);
    throw error;
  }
  ctx.core.data.policies[name] = text;
  ctx.core.touch();
  return { kind: 'logical' };
}

function remove(ctx: RouteContext): VaultResult {
  const name = nameOf(ctx);
  if (name === 'root' || name === 'default') throw badRequest(`cannot delete ${JSON.stringify(name)} policy`);
  if (ctx.core.data.policies[name] !== undefined) {
    delete ctx.core.data.policies[name];
    ctx.core.touch();
  }
  return { kind: 'logical' };
}

export const policyRoutes: RouteSpec[] = [
  { mount: 'sys', pattern: 'policies/acl/', handlers: { LIST: list } },
  { mount: 'sys', pattern: 'policies/acl/{name}', handlers: { GET: read('policy'), POST: write, DELETE: remove } },
  { mount: 'sys', pattern: 'policy', handlers: { GET: list } },
  { mount: 'sys', pattern: 'policy/', handlers: { LIST: list } },
  { mount: 'sys', pattern: 'policy/{name}', handlers: { GET: read('rules'), POST: write, DELETE: remove } },
];
