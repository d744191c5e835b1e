/**
 * TEST SERVER support for hardline's tests, not Vault: a thin wrapper over fetch for the Vault
 * test server's own tests — one call, status and parsed JSON body back.
 */
import type { JsonObject } from './util';

export interface VaultAnswer {
  status: number;
  body: JsonObject | null;
  headers: Headers;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `path` is after /v1/, e.g. "sys/seal-status" or "secret/data/app?version=2". */
export async function call(url: string, method: string, path: string, options: CallOptions = {}): Promise<VaultAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['X-Vault-Token'] = options.token;
  if (options.body !== undefined) headers['Content-Type'] ??= 'application/json';
  const response = await fetch(`${url}/v1/${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as JsonObject), headers: response.headers };
}

/** The `errors` of an error answer. */
export function errorsOf(answer: VaultAnswer): string[] {
  const errors = answer.body?.errors;
  return Array.isArray(errors) ? errors.map(String) : [];
}

/** The `data` object of a logical answer. */
export function dataOf(answer: VaultAnswer): JsonObject {
  const data = answer.body?.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`no data in ${JSON.stringify(answer.body)} (HTTP ${answer.status})`);
  return data;
}
