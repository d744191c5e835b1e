/**
 * TEST SERVER for hardline's tests — NOT the real GitLab API.
 *
 * Request parameters the way GitLab's Grape API sees them: query string and body (JSON,
 * x-www-form-urlencoded or multipart) merged, bracket keys (`filter[environment_scope]`,
 * `variables[KEY]`) nested, and Grape's coercion errors (`{"error": "masked is invalid"}`).
 */
import type { JsonObject, JsonValue, Reply, RequestContext } from '../shared/http';

export type Params = JsonObject;

function setParam(target: Params, key: string, value: string): void {
  const m = /^([^[\]]+)\[([^\]]*)\]$/.exec(key);
  if (!m) {
    target[key] = value;
    return;
  }
  const [, outer, inner] = m as unknown as [string, string, string];
  if (inner === '') {
    const list = Array.isArray(target[outer]) ? (target[outer] as JsonValue[]) : [];
    list.push(value);
    target[outer] = list;
    return;
  }
  const existing = target[outer];
  const obj: JsonObject =
    existing && typeof existing === 'object' && !Array.isArray(existing) ? (existing as JsonObject) : {};
  obj[inner] = value;
  target[outer] = obj;
}

export async function readParams(ctx: RequestContext): Promise<{ params: Params } | { error: Reply }> {
  const params: Params = {};
  for (const [k, v] of ctx.query) setParam(params, k, v);
  if (ctx.rawBody.length === 0) return { params };
  const type = String(ctx.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(ctx.rawBody.toString('utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) Object.assign(params, parsed as JsonObject);
      return { params };
    } catch {
      return { error: { status: 400, body: { error: 'The provided content-type \'application/json\' is not valid JSON' } } };
    }
  }
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    const form = await new Response(new Uint8Array(ctx.rawBody), { headers: { 'content-type': type } }).formData();
    for (const [k, v] of form) setParam(params, k, typeof v === 'string' ? v : '');
  }
  return { params };
}

/** Grape's Boolean coercion; undefined when absent, a 400 reply when not a boolean. */
export function bool(params: Params, name: string): boolean | undefined | Reply {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (v === true || v === 'true' || v === '1' || v === 1 || v === 't') return true;
  if (v === false || v === 'false' || v === '0' || v === 0 || v === 'f') return false;
  return { status: 400, body: { error: `${name} is invalid` } };
}

export function str(params: Params, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Grape's message for missing required params: `{"error": "key is missing, value is missing"}`. */
export function requireParams(params: Params, names: string[]): Reply | undefined {
  const missing = names.filter((n) => params[n] === undefined || params[n] === null);
  return missing.length ? { status: 400, body: { error: missing.map((n) => `${n} is missing`).join(', ') } } : undefined;
}

/** `filter[environment_scope]`, from the query or (as gitbeaker sends it on PUT/DELETE) the body. */
export function filterScope(params: Params): string | undefined {
  const filter = params.filter;
  if (filter && typeof filter === 'object' && !Array.isArray(filter)) {
    const scope = (filter as JsonObject).environment_scope;
    return typeof scope === 'string' ? scope : undefined;
  }
  return undefined;
}
