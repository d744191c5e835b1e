/**
 * TEST SERVER for hardline's tests, not Vault: shared helpers of the Vault test server — JSON
 * types, the error type every handler throws, identifiers, durations and request-field parsing
 * with the coercions Vault's framework applies (TypeDurationSecond, TypeCommaStringSlice, ...).
 */
import { randomBytes, randomUUID } from 'node:crypto';

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A failed request: answered as `{"errors": [...]}` with this status, as Vault answers. */
export class VaultHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: string[],
  ) {
    super(errors.join('; ') || `HTTP ${status}`);
  }
}

export const badRequest = (message: string): VaultHttpError => new VaultHttpError(400, [message]);
/** Vault wraps errors from a backend in a go-multierror: "1 error occurred:\n\t* msg\n\n". */
export const multiError = (message: string): string => `1 error occurred:\n\t* ${message}\n\n`;
export const permissionDenied = (): VaultHttpError => new VaultHttpError(403, [multiError('permission denied')]);

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export function base62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** Service tokens look like Vault 1.10+ ones: "hvs." and 24 base62 characters. */
export const newToken = (): string => `hvs.${base62(24)}`;
export const newAccessor = (): string => base62(24);
export const uuid = (): string => randomUUID();

/** Vault prints times as RFC 3339 with nanoseconds; JavaScript has milliseconds. */
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
/** Go's zero time, which Vault prints for "never". */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

const UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a duration as parseutil.ParseDurationSecond does: an integer (seconds), a numeric
 * string (seconds) or a Go duration string ("1h30m", "10m", "90s"; Vault also takes "d").
 * Returns whole seconds; throws on anything else.
 */
export function parseDurationSeconds(value: JsonValue | undefined, field: string): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
    const parts = /^(-?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+)$/.exec(trimmed);
    if (parts) {
      let total = 0;
      for (const [, amount, unit] of parts[2].matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)) {
        total += Number(amount) * UNIT_SECONDS[unit];
      }
      return (parts[1] === '-' ? -1 : 1) * Math.trunc(total);
    }
  }
  throw badRequest(`error converting input ${JSON.stringify(value)} for field "${field}": time: invalid duration "${String(value)}"`);
}

/** Reads one request field with Vault's framework coercions; `undefined` when absent. */
export const field = {
  string(body: JsonObject, name: string): string | undefined {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw badRequest(`error converting input for field "${name}": expected type 'string', got unconvertible type '${Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}'}'`);
  },
  int(body: JsonObject, name: string): number | undefined {
    const value = body[name];
    if (value === undefined || value === null || value === '') return undefined;
    const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isInteger(parsed)) throw badRequest(`error converting input ${JSON.stringify(value)} for field "${name}": cannot parse '' as int`);
    return parsed;
  },
  bool(body: JsonObject, name: string): boolean | undefined {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(1|t|true|0|f|false)$/i.test(value)) return /^(1|t|true)$/i.test(value);
    if (typeof value === 'number') return value !== 0;
    throw badRequest(`error converting input ${JSON.stringify(value)} for field "${name}": cannot parse as bool`);
  },
  duration(body: JsonObject, name: string): number | undefined {
    return body[name] === undefined ? undefined : parseDurationSeconds(body[name], name);
  },
  /** TypeCommaStringSlice: a list, or a comma-separated string; blanks dropped. */
  list(body: JsonObject, name: string): string[] | undefined {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    const items = Array.isArray(value) ? value.map((item) => String(item)) : String(value).split(',');
    return items.map((item) => item.trim()).filter((item) => item !== '');
  },
  object(body: JsonObject, name: string): JsonObject | undefined {
    const value = body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) return value;
    throw badRequest(`error converting input for field "${name}": expected a map`);
  },
};

/** policyutil.SanitizePolicies: trimmed, lower-cased, de-duplicated and sorted. */
export function sanitizePolicies(policies: string[], addDefault: boolean): string[] {
  const set = new Set(policies.map((p) => p.trim().toLowerCase()).filter((p) => p !== ''));
  if (addDefault && !set.has('root')) set.add('default');
  return [...set].sort();
}

/** Framework behaviour for parameters a path does not declare: ignored, with a warning. */
export function unknownFieldsWarning(body: JsonObject, known: readonly string[]): string[] {
  const unknown = Object.keys(body).filter((key) => !known.includes(key)).sort();
  return unknown.length === 0 ? [] : [`Endpoint ignored these unrecognized parameters: [${unknown.join(' ')}]`];
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
