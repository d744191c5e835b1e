/**
 * TEST SERVER for hardline's tests, not Vault: AppRole secret IDs in the Vault test server —
 * generate (secret-id, custom-secret-id), LIST accessors, lookup and destroy by secret ID or by
 * accessor. Limits follow Vault: a secret ID's ttl/num_uses may not exceed the role's, metadata
 * is a JSON string of string values, a missing secret ID looks up as 204, a missing accessor
 * looks up as 404 and destroys as 500 (as Vault 1.9+ answers).
 */
import { approleState, existingRole, liveSecretIds } from './approle-store';
import type { RouteContext, RouteSpec, VaultResult } from './router';
import type { AppRoleSecretId } from './types';
import { badRequest, field, isoTime, multiError, uuid, VaultHttpError, ZERO_TIME, type JsonObject } from './util';

const SECRET_ID_FIELDS = ['cidr_list', 'metadata', 'num_uses', 'token_bound_cidrs', 'ttl'] as const;

function parseMetadata(body: JsonObject): Record<string, string> {
  const text = field.string(body, 'metadata');
  if (text === undefined || text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badRequest(`failed to parse metadata: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw badRequest('failed to parse metadata: metadata must be a JSON object of string values');
  }
  return parsed as Record<string, string>;
}

function generate(custom: boolean) {
  return (ctx: RouteContext): VaultResult => {
    const role = existingRole(ctx);
    if (!role.bindSecretId) throw badRequest('bind_secret_id is not set on the role');
    const body = ctx.body;
    const secretId = custom ? (field.string(body, 'secret_id') ?? '') : uuid();
    if (secretId === '') throw badRequest('missing secret_id');
    const state = approleState(ctx);
    if (state.secretIds[secretId]) throw badRequest('SecretID is already registered');

    const ttl = field.duration(body, 'ttl') ?? role.secretIdTtl;
    if (ttl < 0) throw badRequest('ttl cannot be negative');
    if (role.secretIdTtl > 0 && (ttl === 0 || ttl > role.secretIdTtl)) throw badRequest("ttl cannot be longer than the role's secret_id_ttl");
    const numUses = field.int(body, 'num_uses') ?? role.secretIdNumUses;
    if (numUses < 0) throw badRequest('num_uses cannot be negative');
    if (role.secretIdNumUses > 0 && (numUses === 0 || numUses > role.secretIdNumUses)) {
      throw badRequest("num_uses cannot be higher than the role's secret_id_num_uses");
    }
    const now = Date.now();
    const entry: AppRoleSecretId = {
      secretId,
      accessor: uuid(),
      roleName: role.name,
      metadata: parseMetadata(body),
      cidrList: field.list(body, 'cidr_list') ?? [],
      tokenBoundCidrs: field.list(body, 'token_bound_cidrs') ?? [],
      creationTime: now,
      lastUpdatedTime: now,
      expirationTime: ttl > 0 ? now + ttl * 1000 : 0,
      ttl,
      numUses,
    };
    state.secretIds[secretId] = entry;
    ctx.core.touch();
    return {
      kind: 'logical',
      data: { secret_id: secretId, secret_id_accessor: entry.accessor, secret_id_ttl: ttl, secret_id_num_uses: numUses },
    };
  };
}

function describe(entry: AppRoleSecretId): JsonObject {
  return {
    cidr_list: entry.cidrList,
    creation_time: isoTime(entry.creationTime),
    expiration_time: entry.expirationTime > 0 ? isoTime(entry.expirationTime) : ZERO_TIME,
    last_updated_time: isoTime(entry.lastUpdatedTime),
    metadata: entry.metadata,
    secret_id_accessor: entry.accessor,
    secret_id_num_uses: entry.numUses,
    secret_id_ttl: entry.ttl,
    token_bound_cidrs: entry.tokenBoundCidrs,
  };
}

const live = (ctx: RouteContext): Record<string, AppRoleSecretId> => liveSecretIds(ctx.core, approleState(ctx), existingRole(ctx).name);

function listAccessors(ctx: RouteContext): VaultResult {
  const keys = Object.values(live(ctx)).map((entry) => entry.accessor).sort();
  return keys.length === 0 ? { kind: 'logical', status: 404 } : { kind: 'logical', data: { keys } };
}

function bySecretId(ctx: RouteContext): AppRoleSecretId | undefined {
  const secretId = field.string(ctx.body, 'secret_id') ?? '';
  if (secretId === '') throw badRequest('missing secret_id');
  return live(ctx)[secretId];
}

function byAccessor(ctx: RouteContext): { entry?: AppRoleSecretId; accessor: string } {
  const accessor = field.string(ctx.body, 'secret_id_accessor') ?? '';
  if (accessor === '') throw badRequest('missing secret_id_accessor');
  return { entry: Object.values(live(ctx)).find((candidate) => candidate.accessor === accessor), accessor };
}

function lookup(ctx: RouteContext): VaultResult {
  const entry = bySecretId(ctx);
  return entry ? { kind: 'logical', data: describe(entry) } : { kind: 'logical' };
}

function destroy(ctx: RouteContext): VaultResult {
  const entry = bySecretId(ctx);
  if (entry) {
    delete approleState(ctx).secretIds[entry.secretId];
    ctx.core.touch();
  }
  return { kind: 'logical' };
}

const missingAccessor = (accessor: string): string => `failed to find accessor entry for secret_id_accessor: ${JSON.stringify(accessor)}`;

function lookupAccessor(ctx: RouteContext): VaultResult {
  const { entry, accessor } = byAccessor(ctx);
  return entry ? { kind: 'logical', data: describe(entry) } : { kind: 'logical', status: 404, data: { error: missingAccessor(accessor) } };
}

function destroyAccessor(ctx: RouteContext): VaultResult {
  const { entry, accessor } = byAccessor(ctx);
  if (!entry) throw new VaultHttpError(500, [multiError(missingAccessor(accessor))]);
  delete approleState(ctx).secretIds[entry.secretId];
  ctx.core.touch();
  return { kind: 'logical' };
}

export const secretIdRoutes: RouteSpec[] = [
  { mount: 'approle', pattern: 'role/{role_name}/secret-id/', handlers: { LIST: listAccessors } },
  { mount: 'approle', pattern: 'role/{role_name}/secret-id', accepts: SECRET_ID_FIELDS, handlers: { POST: generate(false) } },
  { mount: 'approle', pattern: 'role/{role_name}/custom-secret-id', accepts: ['secret_id', ...SECRET_ID_FIELDS], handlers: { POST: generate(true) } },
  { mount: 'approle', pattern: 'role/{role_name}/secret-id/lookup', lookupOnly: true, accepts: ['secret_id'], handlers: { POST: lookup } },
  { mount: 'approle', pattern: 'role/{role_name}/secret-id/destroy', accepts: ['secret_id'], handlers: { POST: destroy, DELETE: destroy } },
  { mount: 'approle', pattern: 'role/{role_name}/secret-id-accessor/lookup', lookupOnly: true, accepts: ['secret_id_accessor'], handlers: { POST: lookupAccessor } },
  { mount: 'approle', pattern: 'role/{role_name}/secret-id-accessor/destroy', accepts: ['secret_id_accessor'], handlers: { POST: destroyAccessor, DELETE: destroyAccessor } },
];
