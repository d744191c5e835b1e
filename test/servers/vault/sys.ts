/**
 * TEST SERVER for hardline's tests, not Vault: the Vault test server's seal lifecycle endpoints —
 * sys/init, sys/seal-status, sys/unseal, sys/seal and sys/health — answered as Vault's http
 * package answers them (raw JSON, not the logical envelope), following http/sys_init.go,
 * http/sys_seal.go and http/sys_health.go.
 *
 * pgp_keys / root_token_pgp_key are validated for count like Vault, then refused with a 400:
 * this server does not implement OpenPGP encryption, and answering with plaintext keys to a
 * caller that asked for encrypted ones would hide bugs.
 */
import type { RouteContext, RouteSpec, VaultResult } from './router';
import { validateSealConfig } from './core';
import { badRequest, field, nowSeconds, VaultHttpError, type JsonObject } from './util';

const raw = (body: JsonObject | null, status = 200): VaultResult => ({ kind: 'raw', status, body });

function initStatus(ctx: RouteContext): VaultResult {
  return raw({ initialized: ctx.core.initialized });
}

function initialize(ctx: RouteContext): VaultResult {
  const shares = field.int(ctx.body, 'secret_shares') ?? 0;
  const threshold = field.int(ctx.body, 'secret_threshold') ?? 0;
  const pgpKeys = field.list(ctx.body, 'pgp_keys') ?? [];
  if (ctx.core.initialized) throw badRequest('Vault is already initialized');
  const invalid = validateSealConfig(shares, threshold) ??
    (pgpKeys.length > 0 && pgpKeys.length !== shares ? 'count mismatch between number of provided PGP keys and number of shares' : null);
  if (invalid) throw badRequest(`invalid seal configuration: ${invalid}`);
  if (pgpKeys.length > 0 || field.string(ctx.body, 'root_token_pgp_key')) {
    throw badRequest('pgp_keys and root_token_pgp_key are not supported by the hardline Vault test server');
  }
  const result = ctx.core.initialize(shares, threshold);
  return raw({ keys: result.keys, keys_base64: result.keysBase64, root_token: result.rootToken });
}

function sealStatus(ctx: RouteContext): VaultResult {
  return raw({ ...ctx.core.sealStatus() });
}

/** Vault's UnsealRequest has no JSON tags, so Go matches "key", "Key", "KEY"... alike. */
function caseInsensitive(body: JsonObject, name: string): JsonObject[string] | undefined {
  const key = Object.keys(body).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : body[key];
}

/** hex when it is hex of a plausible key length, else strict standard base64 — as Vault decides. */
export function decodeKey(text: string): Buffer {
  if (/^([0-9a-fA-F]{2})+$/.test(text) && text.length / 2 >= 16 && text.length / 2 <= 33) return Buffer.from(text, 'hex');
  if (text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  throw badRequest("'key' must be a valid hex or base64 string");
}

function unseal(ctx: RouteContext): VaultResult {
  const reset = caseInsensitive(ctx.body, 'reset');
  if (reset === true || reset === 'true') {
    if (!ctx.core.sealed) throw badRequest('vault is unsealed');
    ctx.core.resetUnseal();
    return sealStatus(ctx);
  }
  const key = caseInsensitive(ctx.body, 'key');
  if (typeof key !== 'string' || key === '') {
    throw badRequest("'key' must be specified in request body as JSON, or 'reset' set to true");
  }
  ctx.core.submitUnsealKey(decodeKey(key));
  return sealStatus(ctx);
}

function seal(ctx: RouteContext): VaultResult {
  ctx.core.seal();
  return { kind: 'raw', status: 204, body: null };
}

/** Status codes from the query, defaults as in Vault; a bad value is a 400 with no error text. */
function statusCode(query: URLSearchParams, name: string, fallback: number): number {
  const value = query.get(name);
  if (value === null) return fallback;
  if (!/^-?\d+$/.test(value)) throw new VaultHttpError(400, []);
  return Number(value);
}

function queryBool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  if (/^(1|t|T|TRUE|true|True)$/.test(value)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(value)) return false;
  throw new VaultHttpError(400, []);
}

function health(ctx: RouteContext): VaultResult {
  const query = ctx.query;
  const standbyOk = queryBool(query, 'standbyok');
  queryBool(query, 'perfstandbyok');
  const codes = {
    uninit: statusCode(query, 'uninitcode', 501),
    sealed: statusCode(query, 'sealedcode', 503),
    standby: statusCode(query, 'standbycode', 429),
    active: statusCode(query, 'activecode', 200),
  };
  statusCode(query, 'drsecondarycode', 472);
  statusCode(query, 'performancestandbycode', 473);

  const core = ctx.core;
  const sealed = core.sealed;
  const standby = sealed || ctx.faults.standby;
  let status = codes.active;
  if (!core.initialized) status = codes.uninit;
  else if (sealed) status = codes.sealed;
  else if (standby && !standbyOk) status = codes.standby;

  const body: JsonObject = {
    initialized: core.initialized,
    sealed,
    standby,
    performance_standby: false,
    replication_performance_mode: sealed ? 'unknown' : 'disabled',
    replication_dr_mode: sealed ? 'unknown' : 'disabled',
    server_time_utc: nowSeconds(),
    version: core.version,
    enterprise: false,
    echo_duration_ms: 0,
    clock_skew_ms: 0,
    replication_primary_canary_age_ms: 0,
  };
  if (!sealed) {
    body.cluster_name = core.data.clusterName;
    body.cluster_id = core.data.clusterId;
  }
  return raw(body, status);
}

export const sysRoutes: RouteSpec[] = [
  { mount: 'sys', pattern: 'init', sealedOk: true, unauthenticated: true, handlers: { GET: initStatus, POST: initialize } },
  { mount: 'sys', pattern: 'seal-status', sealedOk: true, unauthenticated: true, handlers: { GET: sealStatus } },
  { mount: 'sys', pattern: 'unseal', sealedOk: true, unauthenticated: true, handlers: { POST: unseal } },
  { mount: 'sys', pattern: 'health', sealedOk: true, unauthenticated: true, handlers: { GET: health } },
  { mount: 'sys', pattern: 'seal', sealedOk: true, sudo: true, handlers: { POST: seal } },
];
