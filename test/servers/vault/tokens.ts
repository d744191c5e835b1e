/**
 * TEST SERVER for hardline's tests, not Vault: the Vault test server's token store and the
 * auth/token routes it serves (create, lookup-self, revoke-self). Tokens carry policies, a TTL
 * (expired tokens are gone), a use count (a token is revoked after its last use) and optional
 * bound CIDRs. Not modelled: parent/child revocation trees, batch tokens, renewal, token roles.
 */
import type { RouteContext, RouteSpec, VaultResult } from './router';
import type { TokenEntry } from './types';
import { badRequest, field, isoTime, newAccessor, newToken, sanitizePolicies, type JsonObject } from './util';
import type { VaultCore } from './core';

/** The system max lease TTL (768h), used as the default TTL of tokens without one. */
export const SYSTEM_MAX_TTL = 768 * 3600;

/** The live token with this id, or null (expired tokens are removed on sight). */
export function lookupToken(core: VaultCore, id: string): TokenEntry | null {
  const entry = core.data.tokens[id];
  if (!entry) return null;
  if (entry.ttl > 0 && Date.now() >= entry.creationTime + entry.ttl * 1000) {
    delete core.data.tokens[id];
    core.touch();
    return null;
  }
  return entry;
}

/** Counts one use of a limited-use token, revoking it after its last use. */
export function useToken(core: VaultCore, entry: TokenEntry): void {
  if (entry.numUses === 0) return;
  entry.numUses -= 1;
  if (entry.numUses === 0) delete core.data.tokens[entry.id];
  core.touch();
}

export interface NewToken {
  policies: string[];
  meta?: Record<string, string> | null;
  displayName: string;
  path: string;
  ttl: number;
  explicitMaxTtl?: number;
  period?: number;
  numUses?: number;
  orphan: boolean;
  renewable?: boolean;
  entityId?: string;
  boundCidrs?: string[];
  id?: string;
}

export function createToken(core: VaultCore, spec: NewToken): TokenEntry {
  const id = spec.id ?? newToken();
  if (core.data.tokens[id]) throw badRequest('cannot create a token with a duplicate ID');
  const isRoot = spec.policies.includes('root');
  const entry: TokenEntry = {
    id,
    accessor: newAccessor(),
    policies: spec.policies,
    meta: spec.meta ?? null,
    displayName: spec.displayName,
    path: spec.path,
    creationTime: Date.now(),
    ttl: spec.ttl,
    explicitMaxTtl: spec.explicitMaxTtl ?? 0,
    period: spec.period ?? 0,
    numUses: spec.numUses ?? 0,
    orphan: spec.orphan,
    renewable: spec.renewable ?? !(isRoot && spec.ttl === 0),
    entityId: spec.entityId ?? '',
    boundCidrs: spec.boundCidrs ?? [],
  };
  core.data.tokens[id] = entry;
  core.touch();
  return entry;
}

/** The `auth` block of a login or token-create response. */
export function authBlock(entry: TokenEntry, tokenPolicies: string[] = entry.policies): JsonObject {
  return {
    client_token: entry.id,
    accessor: entry.accessor,
    policies: entry.policies,
    token_policies: tokenPolicies,
    metadata: entry.meta,
    lease_duration: entry.ttl,
    renewable: entry.renewable,
    entity_id: entry.entityId,
    token_type: 'service',
    orphan: entry.orphan,
    mfa_requirement: null,
    num_uses: entry.numUses,
  };
}

function tokenCreate(ctx: RouteContext): VaultResult {
  const parent = ctx.token!;
  const parentIsRoot = parent.policies.includes('root');
  const body = ctx.body;
  const type = field.string(body, 'type');
  if (type !== undefined && type !== 'service' && type !== '') throw badRequest(`unsupported token type ${JSON.stringify(type)} (this test server issues service tokens only)`);
  const id = field.string(body, 'id');
  if (id !== undefined && !parentIsRoot) throw badRequest('root or sudo privileges required to specify token id');
  const noParent = field.bool(body, 'no_parent') ?? false;
  if (noParent && !parentIsRoot) throw badRequest('root or sudo privileges required to create orphan token');

  const requested = field.list(body, 'policies');
  const noDefault = field.bool(body, 'no_default_policy') ?? false;
  let policies = sanitizePolicies(requested ?? parent.policies.filter((p) => p !== 'default' || !noDefault), false);
  if (!parentIsRoot && policies.some((p) => p !== 'default' && !parent.policies.includes(p))) {
    throw badRequest('child policies must be subset of parent');
  }
  if (!policies.includes('root') && !noDefault) policies = sanitizePolicies([...policies, 'default'], false);

  const ttl = field.duration(body, 'ttl') ?? 0;
  const period = field.duration(body, 'period') ?? 0;
  const explicitMaxTtl = field.duration(body, 'explicit_max_ttl') ?? 0;
  const effectiveTtl = period > 0 ? period : ttl > 0 ? ttl : policies.includes('root') ? 0 : SYSTEM_MAX_TTL;
  const displayName = field.string(body, 'display_name');
  const meta = field.object(body, 'meta');
  const entry = createToken(ctx.core, {
    id,
    policies,
    meta: meta ? Object.fromEntries(Object.entries(meta).map(([k, v]) => [k, String(v)])) : null,
    displayName: displayName ? `token-${displayName}` : 'token',
    path: 'auth/token/create',
    ttl: explicitMaxTtl > 0 && effectiveTtl > explicitMaxTtl ? explicitMaxTtl : effectiveTtl,
    explicitMaxTtl,
    period,
    numUses: field.int(body, 'num_uses') ?? 0,
    orphan: noParent,
    renewable: field.bool(body, 'renewable'),
  });
  return { kind: 'logical', auth: authBlock(entry) };
}

function lookupSelf(ctx: RouteContext): VaultResult {
  const entry = ctx.token!;
  const expires = entry.ttl > 0 ? entry.creationTime + entry.ttl * 1000 : 0;
  return {
    kind: 'logical',
    data: {
      accessor: entry.accessor,
      creation_time: Math.floor(entry.creationTime / 1000),
      creation_ttl: entry.ttl,
      display_name: entry.displayName,
      entity_id: entry.entityId,
      expire_time: expires ? isoTime(expires) : null,
      explicit_max_ttl: entry.explicitMaxTtl,
      id: entry.id,
      issue_time: isoTime(entry.creationTime),
      meta: entry.meta,
      num_uses: entry.numUses,
      orphan: entry.orphan,
      path: entry.path,
      policies: entry.policies,
      renewable: entry.renewable,
      ttl: expires ? Math.max(0, Math.round((expires - Date.now()) / 1000)) : 0,
      type: 'service',
    },
  };
}

function revokeSelf(ctx: RouteContext): VaultResult {
  delete ctx.core.data.tokens[ctx.token!.id];
  ctx.core.touch();
  return { kind: 'logical' };
}

export const tokenRoutes: RouteSpec[] = [
  { mount: 'token', pattern: 'create', handlers: { POST: tokenCreate } },
  { mount: 'token', pattern: 'lookup-self', handlers: { GET: lookupSelf, POST: lookupSelf }, lookupOnly: true },
  { mount: 'token', pattern: 'revoke-self', handlers: { POST: revokeSelf } },
];
