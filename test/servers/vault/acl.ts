/**
 * TEST SERVER for hardline's tests, not Vault: ACL policies of the Vault test server — parsing a
 * policy's HCL with Vault's checks and messages (vault/policy.go) and deciding whether a set of
 * policies allows an operation on a path with Vault's matching rules (vault/acl.go):
 *
 * - an exact path wins; for LIST the path without its trailing slash also counts as exact;
 * - otherwise the glob (`secret/*`, longest prefix) and segment-wildcard (`secret/+/config`)
 *   rules that match are ranked: later first wildcard, then non-glob, then fewer `+`, then
 *   longer, then lexically greater wins;
 * - the same path in several policies unions its capabilities, and `deny` beats everything;
 * - `sudo` is needed on top of the operation's capability for root-protected paths.
 *
 * Not modelled: allowed/denied/required_parameters, min/max_wrapping_ttl, control groups and MFA
 * (parsed and accepted, not enforced), and identity templating (templated paths never match).
 */
import { HclSyntaxError, parseHcl, type HclItem, type HclValue } from './hcl';

export type Operation = 'read' | 'list' | 'create' | 'update' | 'delete' | 'patch';
export const CAPABILITIES = ['deny', 'create', 'read', 'update', 'delete', 'list', 'sudo', 'patch'] as const;
export type Capability = (typeof CAPABILITIES)[number];
const BIT: Record<Capability, number> = { deny: 1, create: 2, read: 4, update: 8, delete: 16, list: 32, sudo: 64, patch: 128 };
const OLD_POLICIES: Record<string, Capability[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};
const PATH_KEYS = ['comment', 'policy', 'capabilities', 'allowed_parameters', 'denied_parameters', 'required_parameters', 'min_wrapping_ttl', 'max_wrapping_ttl', 'mfa_methods', 'control_group'];

export interface PathRule {
  path: string;
  isPrefix: boolean;
  hasSegmentWildcards: boolean;
  templated: boolean;
  capabilities: number;
}

export class PolicyParseError extends Error {}

const fail = (message: string): never => {
  throw new PolicyParseError(`failed to parse policy: ${message}`);
};

function invalidKeys(items: HclItem[], valid: string[], prefix: string): void {
  const bad = items.filter((item) => !valid.includes(item.keys[0]));
  if (bad.length === 0) return;
  const lines = bad.map((item) => `\t* ${prefix}invalid key "${item.keys[0]}" on line ${item.line}`);
  fail(`${bad.length} error${bad.length > 1 ? 's' : ''} occurred:\n${lines.join('\n')}\n\n`);
}

function stringList(value: HclValue, key: string): string[] {
  if (value.kind === 'string') return [value.value];
  if (value.kind !== 'list') return fail(`path ${key}: capabilities must be a list of strings`);
  return value.items.map((item) => (item.kind === 'string' ? item.value : fail(`path ${key}: capabilities must be a list of strings`)));
}

function parsePath(item: HclItem): PathRule {
  const label = item.keys[1];
  if (label === undefined || item.value.kind !== 'object') return fail(`line ${item.line}: path blocks need a quoted path and a body`);
  const quoted = JSON.stringify(label);
  invalidKeys(item.value.items, PATH_KEYS, `path ${quoted}: `);

  let path = label.startsWith('/') ? label.slice(1) : label;
  if (path.includes('+*')) fail(`path ${JSON.stringify(path)}: invalid use of wildcards ('+*' is forbidden)`);
  const hasSegmentWildcards = path === '+' || path.includes('/+') || path.startsWith('+/');
  let isPrefix = false;
  if (path.endsWith('*') && !hasSegmentWildcards) {
    path = path.slice(0, -1);
    isPrefix = true;
  }

  const capabilities: string[] = [];
  for (const entry of item.value.items) {
    if (entry.keys[0] === 'capabilities') capabilities.push(...stringList(entry.value, quoted));
    if (entry.keys[0] === 'policy') {
      const old = entry.value.kind === 'string' ? OLD_POLICIES[entry.value.value] : undefined;
      if (!old) fail(`path ${quoted}: invalid policy ${JSON.stringify(entry.value.kind === 'string' ? entry.value.value : '')}`);
      capabilities.push(...old!);
    }
  }
  let bits = 0;
  for (const capability of capabilities) {
    if (!(CAPABILITIES as readonly string[]).includes(capability)) fail(`path ${quoted}: invalid capability ${JSON.stringify(capability)}`);
    if (capability === 'deny') {
      bits = BIT.deny;
      break;
    }
    bits |= BIT[capability as Capability];
  }
  return { path, isPrefix, hasSegmentWildcards, templated: path.includes('{{'), capabilities: bits };
}

/** Parses a policy's HCL; throws {@link PolicyParseError} with Vault's "failed to parse policy: ..." text. */
export function parsePolicy(text: string): PathRule[] {
  let items: HclItem[];
  try {
    items = parseHcl(text);
  } catch (error) {
    if (error instanceof HclSyntaxError) return fail(error.message);
    throw error;
  }
  invalidKeys(items, ['name', 'path'], '');
  return items.filter((item) => item.keys[0] === 'path').map(parsePath);
}

export interface Acl {
  root: boolean;
  exact: Map<string, number>;
  prefix: Map<string, number>;
  segment: Map<string, number>;
}

const merge = (existing: number | undefined, added: number): number =>
  existing === undefined ? added : (existing | added) & BIT.deny ? BIT.deny : existing | added;

/** Builds one ACL out of the named policies' rules. `root` among the names grants everything. */
export function compileAcl(policyNames: string[], rulesOf: (name: string) => PathRule[] | undefined): Acl {
  const acl: Acl = { root: policyNames.includes('root'), exact: new Map(), prefix: new Map(), segment: new Map() };
  for (const name of policyNames) {
    for (const rule of rulesOf(name) ?? []) {
      if (rule.templated) continue;
      const tree = rule.hasSegmentWildcards ? acl.segment : rule.isPrefix ? acl.prefix : acl.exact;
      tree.set(rule.path, merge(tree.get(rule.path), rule.capabilities));
    }
  }
  return acl;
}

interface Candidate {
  firstWildcard: number;
  isPrefix: boolean;
  wildcards: number;
  path: string;
  capabilities: number;
}

/** acl.go's ordering: negative when `a` has the lower priority. */
function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.firstWildcard !== b.firstWildcard) return a.firstWildcard - b.firstWildcard;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix ? -1 : 1;
  if (a.wildcards !== b.wildcards) return b.wildcards - a.wildcards;
  if (a.path.length !== b.path.length) return a.path.length - b.path.length;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function nonExactCapabilities(acl: Acl, path: string): number | undefined {
  const candidates: Candidate[] = [];
  let longest: string | undefined;
  for (const prefix of acl.prefix.keys()) {
    if (path.startsWith(prefix) && (longest === undefined || prefix.length > longest.length)) longest = prefix;
  }
  if (longest !== undefined) {
    candidates.push({ firstWildcard: longest.length, isPrefix: true, wildcards: 0, path: longest, capabilities: acl.prefix.get(longest)! });
  }
  const parts = path.split('/');
  for (const [full, capabilities] of acl.segment) {
    const isPrefix = full.endsWith('*');
    const pattern = isPrefix ? full.slice(0, -1) : full;
    const segments = pattern.split('/');
    if (parts.length < segments.length || (!isPrefix && parts.length !== segments.length)) continue;
    let wildcards = 0;
    const matches = segments.every((segment, i) => {
      if (segment === '+') return ++wildcards > 0;
      if (segment === parts[i]) return true;
      return isPrefix && i === segments.length - 1 && parts[i].startsWith(segment);
    });
    if (matches) candidates.push({ firstWildcard: full.indexOf('+'), isPrefix, wildcards, path: pattern, capabilities });
  }
  if (candidates.length === 0) return undefined;
  return candidates.sort(compareCandidates)[candidates.length - 1].capabilities;
}

/** The capabilities the ACL grants on `path`; undefined when no rule matches. */
export function capabilitiesFor(acl: Acl, path: string, operation: Operation): number | undefined {
  const exact = acl.exact.get(path) ?? (operation === 'list' ? acl.exact.get(path.replace(/\/$/, '')) : undefined);
  return exact ?? nonExactCapabilities(acl, path);
}

export function isAllowed(acl: Acl, path: string, operation: Operation, needsSudo: boolean): boolean {
  if (acl.root) return true;
  const capabilities = capabilitiesFor(acl, path, operation);
  if (capabilities === undefined || capabilities & BIT.deny) return false;
  if (!(capabilities & BIT[operation])) return false;
  return !needsSudo || (capabilities & BIT.sudo) !== 0;
}
