/**
 * TEST SERVER for hardline's tests, not Vault: the AppRole auth method of the Vault test server —
 * roles (LIST, read, write, delete), role-id, and login. Follows builtin/credential/approle:
 * durations are accepted as integer seconds or duration strings and read back as integer
 * seconds, policies are lower-cased and sorted, unknown parameters are ignored with a warning,
 * a role read never shows the role_id, and a failed login is 400 "invalid role or secret ID".
 * Secret IDs are served by approle-secret-ids.ts.
 */
import { addressInCidrs } from './auth';
import type { RouteContext, RouteSpec, VaultResult } from './router';
import { authBlock, createToken, SYSTEM_MAX_TTL } from './tokens';
import type { AppRoleRole } from './types';
import { badRequest, field, sanitizePolicies, unknownFieldsWarning, uuid, VaultHttpError, type JsonObject } from './util';
import { approleState, existingRole, liveSecretIds, roleName } from './approle-store';

export const ROLE_FIELDS = [
  'alias_metadata', 'bind_secret_id', 'bound_cidr_list', 'local_secret_ids', 'period', 'policies', 'role_id', 'secret_id_bound_cidrs',
  'secret_id_num_uses', 'secret_id_ttl', 'token_bound_cidrs', 'token_explicit_max_ttl', 'token_max_ttl', 'token_no_default_policy',
  'token_num_uses', 'token_period', 'token_policies', 'token_ttl', 'token_type',
] as const;
const TOKEN_TYPES = ['default', 'service', 'batch', 'default-service', 'default-batch'];

function newRole(name: string): AppRoleRole {
  return {
    name, roleId: uuid(), bindSecretId: true, secretIdBoundCidrs: [], secretIdNumUses: 0, secretIdTtl: 0, localSecretIds: false,
    tokenPolicies: [], legacyPolicies: false, tokenTtl: 0, tokenMaxTtl: 0, tokenExplicitMaxTtl: 0, tokenPeriod: 0, legacyPeriod: false,
    tokenNumUses: 0, tokenBoundCidrs: [], tokenNoDefaultPolicy: false, tokenType: 'default', entityId: uuid(),
  };
}

/** tokenutil.UpgradeValue: a deprecated field and its replacement cannot both be given. */
function upgraded<T>(body: JsonObject, oldKey: string, newKey: string, read: (b: JsonObject, k: string) => T | undefined): { value?: T; legacy: boolean } {
  const old = read(body, oldKey);
  const current = read(body, newKey);
  if (old !== undefined && current !== undefined) throw badRequest(`Cannot specify both ${JSON.stringify(newKey)} and ${JSON.stringify(oldKey)}`);
  return old !== undefined ? { value: old, legacy: true } : { value: current, legacy: false };
}

function writeRole(ctx: RouteContext): VaultResult {
  const state = approleState(ctx);
  const body = ctx.body;
  const existing = state.roles[roleName(ctx)];
  const role: AppRoleRole = existing ? { ...existing } : newRole(roleName(ctx));
  role.roleId = field.string(body, 'role_id') ?? role.roleId;
  role.bindSecretId = field.bool(body, 'bind_secret_id') ?? role.bindSecretId;
  const local = field.bool(body, 'local_secret_ids');
  if (existing && local !== undefined && local !== existing.localSecretIds) throw badRequest('local_secret_ids can only be modified during role creation');
  role.localSecretIds = local ?? role.localSecretIds;

  const cidrs = upgraded(body, 'bound_cidr_list', 'secret_id_bound_cidrs', field.list);
  role.secretIdBoundCidrs = cidrs.value ?? role.secretIdBoundCidrs;
  role.secretIdNumUses = field.int(body, 'secret_id_num_uses') ?? role.secretIdNumUses;
  if (role.secretIdNumUses < 0) throw badRequest('secret_id_num_uses cannot be negative');
  role.secretIdTtl = field.duration(body, 'secret_id_ttl') ?? role.secretIdTtl;

  const policies = upgraded(body, 'policies', 'token_policies', field.list);
  if (policies.value !== undefined) {
    role.tokenPolicies = sanitizePolicies(policies.value, false);
    role.legacyPolicies = policies.legacy;
  }
  const period = upgraded(body, 'period', 'token_period', field.duration);
  if (period.value !== undefined) {
    role.tokenPeriod = period.value;
    role.legacyPeriod = period.legacy;
  }
  role.tokenTtl = field.duration(body, 'token_ttl') ?? role.tokenTtl;
  role.tokenMaxTtl = field.duration(body, 'token_max_ttl') ?? role.tokenMaxTtl;
  role.tokenExplicitMaxTtl = field.duration(body, 'token_explicit_max_ttl') ?? role.tokenExplicitMaxTtl;
  role.tokenNumUses = field.int(body, 'token_num_uses') ?? role.tokenNumUses;
  role.tokenBoundCidrs = field.list(body, 'token_bound_cidrs') ?? role.tokenBoundCidrs;
  role.tokenNoDefaultPolicy = field.bool(body, 'token_no_default_policy') ?? role.tokenNoDefaultPolicy;
  role.tokenType = field.string(body, 'token_type') ?? role.tokenType;

  if (!TOKEN_TYPES.includes(role.tokenType)) throw badRequest(`invalid 'token_type' value ${JSON.stringify(role.tokenType)}`);
  if (role.tokenNumUses < 0) throw badRequest("'token_num_uses' cannot be negative");
  if (role.tokenMaxTtl > 0 && role.tokenTtl > role.tokenMaxTtl) throw badRequest("'token_ttl' cannot be greater than 'token_max_ttl'");
  if (!role.bindSecretId && role.secretIdBoundCidrs.length === 0 && role.tokenBoundCidrs.length === 0) {
    throw badRequest('at least one constraint should be enabled on the role');
  }
  const clash = Object.values(state.roles).find((other) => other.roleId === role.roleId && other.name !== role.name);
  if (clash) throw badRequest('role_id already in use');

  state.roles[role.name] = role;
  ctx.core.touch();
  const warnings = unknownFieldsWarning(body, ROLE_FIELDS);
  return warnings.length > 0 ? { kind: 'logical', warnings } : { kind: 'logical' };
}

function readRole(ctx: RouteContext): VaultResult {
  const role = approleState(ctx).roles[roleName(ctx)];
  if (!role) return { kind: 'logical', status: 404 };
  const data: JsonObject = {
    bind_secret_id: role.bindSecretId,
    local_secret_ids: role.localSecretIds,
    secret_id_bound_cidrs: role.secretIdBoundCidrs,
    secret_id_num_uses: role.secretIdNumUses,
    secret_id_ttl: role.secretIdTtl,
    token_bound_cidrs: role.tokenBoundCidrs,
    token_explicit_max_ttl: role.tokenExplicitMaxTtl,
    token_max_ttl: role.tokenMaxTtl,
    token_no_default_policy: role.tokenNoDefaultPolicy,
    token_num_uses: role.tokenNumUses,
    token_period: role.tokenPeriod,
    token_policies: role.tokenPolicies,
    token_ttl: role.tokenTtl,
    token_type: role.tokenType,
  };
  if (role.legacyPolicies) data.policies = role.tokenPolicies;
  if (role.legacyPeriod) data.period = role.tokenPeriod;
  return { kind: 'logical', data };
}

function deleteRole(ctx: RouteContext): VaultResult {
  const state = approleState(ctx);
  const name = roleName(ctx);
  if (state.roles[name]) {
    delete state.roles[name];
    for (const [secret, entry] of Object.entries(state.secretIds)) if (entry.roleName === name) delete state.secretIds[secret];
    ctx.core.touch();
  }
  return { kind: 'logical' };
}

function listRoles(ctx: RouteContext): VaultResult {
  const keys = Object.keys(approleState(ctx).roles).sort();
  return keys.length === 0 ? { kind: 'logical', status: 404 } : { kind: 'logical', data: { keys } };
}

function readRoleId(ctx: RouteContext): VaultResult {
  return { kind: 'logical', data: { role_id: existingRole(ctx).roleId } };
}

function writeRoleId(ctx: RouteContext): VaultResult {
  const role = existingRole(ctx);
  const roleId = field.string(ctx.body, 'role_id') ?? '';
  if (roleId === '') throw badRequest('missing role_id');
  if (Object.values(approleState(ctx).roles).some((other) => other.roleId === roleId && other.name !== role.name)) throw badRequest('role_id already in use');
  role.roleId = roleId;
  ctx.core.touch();
  return { kind: 'logical' };
}

const INVALID_LOGIN = 'invalid role or secret ID';

function login(ctx: RouteContext): VaultResult {
  const state = approleState(ctx);
  const roleId = (field.string(ctx.body, 'role_id') ?? '').trim();
  if (roleId === '') throw new VaultHttpError(500, ['missing role_id']);
  const role = Object.values(state.roles).find((candidate) => candidate.roleId === roleId);
  if (!role) throw badRequest(INVALID_LOGIN);

  let metadata: Record<string, string> = {};
  let tokenBoundCidrs = role.tokenBoundCidrs;
  if (role.bindSecretId) {
    const secretId = field.string(ctx.body, 'secret_id') ?? '';
    if (secretId === '') throw badRequest('missing secret_id');
    const entry = liveSecretIds(ctx.core, state, role.name)[secretId];
    if (!entry) throw badRequest(INVALID_LOGIN);
    const cidrs = entry.cidrList.length > 0 ? entry.cidrList : role.secretIdBoundCidrs;
    if (cidrs.length > 0 && !addressInCidrs(ctx.remoteAddress, cidrs)) {
      throw badRequest(`source address ${JSON.stringify(ctx.remoteAddress)} unauthorized through CIDR restrictions on the secret ID`);
    }
    if (entry.numUses > 0) {
      entry.numUses -= 1;
      if (entry.numUses === 0) delete state.secretIds[secretId];
    }
    metadata = { ...entry.metadata };
    if (entry.tokenBoundCidrs.length > 0) tokenBoundCidrs = entry.tokenBoundCidrs;
  } else if (!addressInCidrs(ctx.remoteAddress, role.secretIdBoundCidrs)) {
    throw badRequest(`source address ${JSON.stringify(ctx.remoteAddress)} unauthorized by CIDR restrictions on the role`);
  }

  const maxTtl = role.tokenMaxTtl || ctx.mount.maxLeaseTtl || SYSTEM_MAX_TTL;
  const ttl = role.tokenPeriod > 0 ? role.tokenPeriod : Math.min(role.tokenTtl || ctx.mount.defaultLeaseTtl || SYSTEM_MAX_TTL, maxTtl);
  const policies = sanitizePolicies(role.tokenPolicies, !role.tokenNoDefaultPolicy);
  const entry = createToken(ctx.core, {
    policies,
    meta: { ...metadata, role_name: role.name },
    displayName: ctx.mountPath.replace(/^auth\//, '').replace(/\/$/, ''),
    path: `${ctx.mountPath}login`,
    ttl: role.tokenExplicitMaxTtl > 0 ? Math.min(ttl, role.tokenExplicitMaxTtl) : ttl,
    explicitMaxTtl: role.tokenExplicitMaxTtl,
    period: role.tokenPeriod,
    numUses: role.tokenNumUses,
    orphan: true,
    renewable: true,
    entityId: role.entityId,
    boundCidrs: tokenBoundCidrs,
  });
  return { kind: 'logical', auth: authBlock(entry) };
}

const roleExists = (ctx: RouteContext): boolean => approleState(ctx).roles[roleName(ctx)] !== undefined;

export const approleRoutes: RouteSpec[] = [
  { mount: 'approle', pattern: 'login', unauthenticated: true, accepts: ['role_id', 'secret_id'], handlers: { POST: login } },
  { mount: 'approle', pattern: 'role/', handlers: { LIST: listRoles } },
  { mount: 'approle', pattern: 'role/{role_name}', exists: roleExists, accepts: ROLE_FIELDS, handlers: { GET: readRole, POST: writeRole, DELETE: deleteRole } },
  { mount: 'approle', pattern: 'role/{role_name}/role-id', accepts: ['role_id'], handlers: { GET: readRoleId, POST: writeRoleId } },
];
