/**
 * A small Vault HTTP API client on core's HttpClient (retries, backoff, timeouts, CA file).
 * Every token or secret Vault returns is masked the moment the response is parsed; Vault's
 * errors become OperationalError naming the path and Vault's own `errors` text.
 */
import { HttpClient, mask, OperationalError, safeUrl, type HttpResponse } from '@hardline/core';

export interface VaultClientOptions {
  /** Vault address, e.g. https://vault.example.com:8200 (no /v1). */
  addr: string;
  token?: string;
  /** Vault Enterprise namespace (sent as X-Vault-Namespace except on root-only sys/ endpoints). */
  namespace?: string;
  caFile?: string;
  /** Skip TLS verification: the caller must warn loudly. */
  insecure?: boolean;
  /** An existing client (tests, shared CA); otherwise one is created for this address. */
  http?: HttpClient;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
}

/** GET /v1/sys/seal-status (also the answer of PUT /v1/sys/unseal). */
export interface SealStatus {
  type: string;
  initialized: boolean;
  sealed: boolean;
  /** Threshold: keys needed to unseal. */
  t: number;
  /** Number of key shares. */
  n: number;
  /** Keys accepted so far in the current unseal attempt. */
  progress: number;
  /** Identifies the current unseal attempt; changes when it completes or is reset. */
  nonce: string;
  version: string;
  build_date?: string;
  migration?: boolean;
  cluster_name?: string;
  cluster_id?: string;
  recovery_seal?: boolean;
  storage_type?: string;
}

/** GET /v1/sys/health. */
export interface HealthBody {
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performance_standby?: boolean;
  replication_performance_mode?: string;
  replication_dr_mode?: string;
  server_time_utc?: number;
  version: string;
  cluster_name?: string;
  cluster_id?: string;
}

/** PUT /v1/sys/init request. */
export interface InitRequest {
  secret_shares: number;
  secret_threshold: number;
  /** Base64 public keys, one per share: Vault returns each key encrypted to its PGP key. */
  pgp_keys?: string[];
  root_token_pgp_key?: string;
}

/** PUT /v1/sys/init answer (keys hex, or PGP-encrypted base64 when pgp_keys was given). */
export interface InitResponse {
  keys: string[];
  keys_base64: string[];
  root_token: string;
}

/** The generic envelope of Vault answers (read/write of secrets, auth, wrapping). */
export interface VaultResponse<D = Record<string, unknown>> {
  request_id?: string;
  lease_id?: string;
  renewable?: boolean;
  lease_duration?: number;
  data?: D;
  wrap_info?: { token: string; accessor?: string; ttl: number; creation_time?: string; creation_path?: string } | null;
  warnings?: string[] | null;
  auth?: {
    client_token: string;
    accessor?: string;
    policies?: string[];
    token_policies?: string[];
    lease_duration?: number;
    renewable?: boolean;
    metadata?: Record<string, string> | null;
  } | null;
}

/** An error answer from Vault (or an answer that is not Vault's): status, Vault's `errors`, the path. */
export class VaultError extends OperationalError {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: string[],
    readonly path: string,
    tried: string[],
    hint?: string,
  ) {
    super(message, tried, hint);
    this.name = 'VaultError';
  }
}

const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

/** Endpoints that exist only in the root namespace and are called without X-Vault-Namespace. */
const ROOT_ONLY = /^sys\/(init|seal-status|unseal|seal|health|leader|step-down)$/;

/** Field names whose string values (or string arrays) are secrets wherever they appear in an answer. */
const SECRET_FIELDS = new Set([
  'client_token',
  'token',
  'root_token',
  'keys',
  'keys_base64',
  'secret_id',
  'password',
  'private_key',
  'secret_key',
  'unseal_key',
  'recovery_keys',
  'recovery_keys_base64',
]);

export class VaultClient {
  readonly addr: string;
  private readonly http: HttpClient;
  private readonly ownsHttp: boolean;
  private token?: string;
  private readonly namespace?: string;
  private readonly connection: { caFile?: string; insecure?: boolean; timeoutMs: number };
  /** One-attempt client for the wait loops, which do their own bounded retrying (created on first use). */
  private probeHttp?: HttpClient;

  constructor(opts: VaultClientOptions) {
    this.addr = opts.addr.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
    this.namespace = opts.namespace?.trim().replace(/^\/+|\/+$/g, '') || undefined;
    this.token = mask(opts.token);
    this.ownsHttp = opts.http === undefined;
    this.connection = { caFile: opts.caFile, insecure: opts.insecure, timeoutMs: opts.timeoutMs ?? 30_000 };
    this.http = opts.http ?? new HttpClient({ service: 'Vault', caFile: opts.caFile, insecure: opts.insecure, timeoutMs: opts.timeoutMs });
  }

  /** The address as shown in messages: no credentials, query or trailing slash. */
  get where(): string {
    return safeUrl(this.addr).replace(/\/$/, '');
  }

  setToken(t: string): void {
    this.token = mask(t);
  }

  /** GET sys/seal-status: works sealed, unsealed and uninitialised, without a token. */
  async sealStatus(): Promise<SealStatus> {
    const body = await this.call<SealStatus>('GET', 'sys/seal-status');
    if (!body || typeof body.sealed !== 'boolean') throw this.unexpected('GET', 'sys/seal-status');
    return body;
  }

  /**
   * seal-status for the wait loops: one attempt that lasts no longer than the time left, so that the
   * loop's deadline (the user's timeout) bounds the wait rather than the HTTP client's own retries.
   */
  private async sealStatusWithin(remainingMs: number): Promise<SealStatus> {
    const timeoutMs = Math.max(250, Math.min(this.connection.timeoutMs, remainingMs));
    const http = this.ownsHttp
      ? (this.probeHttp ??= new HttpClient({ service: 'Vault', caFile: this.connection.caFile, insecure: this.connection.insecure, timeoutMs: this.connection.timeoutMs, retries: 0 }))
      : this.http;
    const body = await this.call<SealStatus>('GET', 'sys/seal-status', undefined, { http, timeoutMs });
    if (!body || typeof body.sealed !== 'boolean') throw this.unexpected('GET', 'sys/seal-status');
    return body;
  }

  /**
   * GET sys/health. The status code is part of the answer (200 active, 429 standby, 472 DR secondary,
   * 473 performance standby, 501 not initialised, 503 sealed), so only 500/502/504 and connection
   * errors are retried.
   */
  async health(): Promise<{ status: number; body: HealthBody }> {
    const res = await this.raw('GET', 'sys/health', undefined, { retryStatuses: [500, 502, 504] });
    let body: HealthBody | undefined;
    try {
      body = res.text ? (JSON.parse(res.text) as HealthBody) : undefined;
    } catch {
      body = undefined;
    }
    if (!body || typeof body.initialized !== 'boolean') {
      throw new VaultError(`Vault at ${this.where} answered GET /v1/sys/health with HTTP ${res.status}${errorsText(res)}`, res.status, errorsOf(res), 'sys/health', [
        `GET ${this.where}/v1/sys/health → HTTP ${res.status}`,
      ]);
    }
    return { status: res.status, body };
  }

  /** PUT sys/unseal with one key (hex or base64). Not retried once it may have been processed. */
  async unseal(key: string): Promise<SealStatus> {
    mask(key);
    const body = await this.call<SealStatus>('PUT', 'sys/unseal', { key }, { idempotent: false });
    if (!body || typeof body.sealed !== 'boolean') throw this.unexpected('PUT', 'sys/unseal');
    return body;
  }

  /** PUT sys/unseal {reset:true}: discards the keys given so far in the current attempt. */
  async resetUnseal(): Promise<SealStatus> {
    const body = await this.call<SealStatus>('PUT', 'sys/unseal', { reset: true });
    if (!body || typeof body.sealed !== 'boolean') throw this.unexpected('PUT', 'sys/unseal');
    return body;
  }

  /** GET sys/init. */
  async initialized(): Promise<boolean> {
    const body = await this.call<{ initialized: boolean }>('GET', 'sys/init');
    if (!body || typeof body.initialized !== 'boolean') throw this.unexpected('GET', 'sys/init');
    return body.initialized;
  }

  /** PUT sys/init: never retried after it may have reached Vault (a second init would fail, and keys would be lost). */
  async init(req: InitRequest): Promise<InitResponse> {
    const body = await this.call<InitResponse>('PUT', 'sys/init', req, { idempotent: false });
    if (!body || !Array.isArray(body.keys) || typeof body.root_token !== 'string') throw this.unexpected('PUT', 'sys/init');
    return body;
  }

  /** GET a path; 404 → undefined. The full JSON body is returned (not unwrapped). */
  async read<T = VaultResponse>(path: string): Promise<T | undefined> {
    return this.call<T>('GET', path, undefined, { notFound: 'undefined' });
  }

  /** LIST a path (GET ?list=true); 404 → []. */
  async list(path: string): Promise<string[]> {
    const body = await this.call<VaultResponse<{ keys?: string[] }>>('GET', path, undefined, { notFound: 'undefined', query: 'list=true', maskFields: false });
    return body?.data?.keys ?? [];
  }

  /** POST (or PUT when idempotent) a path; an empty answer (204) → undefined. */
  async write<T = VaultResponse>(path: string, body?: unknown, opts: { wrapTtl?: string; idempotent?: boolean } = {}): Promise<T | undefined> {
    const headers: Record<string, string> = {};
    if (opts.wrapTtl) headers['x-vault-wrap-ttl'] = opts.wrapTtl;
    return this.call<T>(opts.idempotent ? 'PUT' : 'POST', path, body ?? {}, { idempotent: opts.idempotent ?? false, headers });
  }

  async delete(path: string): Promise<void> {
    await this.call('DELETE', path, undefined, { notFound: 'undefined' });
  }

  /**
   * Polls seal-status until Vault answers at all (connection refused, timeouts and 5xx are waited out
   * with backoff), up to timeoutSec. Returns the first seal status read.
   */
  async waitUntilReachable(timeoutSec: number, onWait?: (reason: string) => void): Promise<SealStatus> {
    const deadline = Date.now() + timeoutSec * 1000;
    const tried: string[] = [];
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sealStatusWithin(deadline - Date.now());
      } catch (err) {
        if (!(err instanceof OperationalError)) throw err;
        if (err instanceof VaultError && err.status < 500 && err.status !== 429) throw err;
        // A certificate Vault's TLS is not trusted with will not become trusted by waiting.
        if (TLS_ERROR.test(err.message)) throw err;
        tried.push(...err.tried.slice(-1));
        const wait = backoff(attempt);
        if (Date.now() + wait >= deadline) {
          throw new OperationalError(
            `Vault at ${this.where} did not answer within ${timeoutSec} s: ${err.message}`,
            trimTried(tried),
            err.hint ?? 'check vault-addr, that Vault is running, and raise timeout if it starts slowly',
          );
        }
        onWait?.(err.message);
        await delay(wait);
      }
    }
  }

  /** Polls seal-status until sealed is false, up to timeoutSec. */
  async waitUntilUnsealed(timeoutSec: number): Promise<void> {
    const deadline = Date.now() + timeoutSec * 1000;
    for (let attempt = 1; ; attempt++) {
      let last = 'no answer';
      try {
        const s = await this.sealStatusWithin(deadline - Date.now());
        if (!s.sealed) return;
        last = `sealed, progress ${s.progress}/${s.t}`;
      } catch (err) {
        if (!(err instanceof OperationalError)) throw err;
        last = err.message;
      }
      const wait = backoff(attempt);
      if (Date.now() + wait >= deadline) {
        throw new OperationalError(`Vault at ${this.where} was still sealed after ${timeoutSec} s (${last})`, [
          `GET ${this.where}/v1/sys/seal-status (${attempt} times)`,
        ]);
      }
      await delay(wait);
    }
  }

  /** POST auth/token/revoke-self: revokes the client's own token. */
  async revokeSelf(): Promise<void> {
    await this.call('POST', 'auth/token/revoke-self', {}, { idempotent: true });
  }

  close(): void {
    if (this.ownsHttp) this.http.close();
    this.probeHttp?.close();
  }

  private url(path: string, query?: string): string {
    const p = path.replace(/^\/+/, '').replace(/^v1\//, '');
    return `${this.addr}/v1/${p}${query ? `?${query}` : ''}`;
  }

  private async raw(
    method: string,
    path: string,
    body: unknown,
    opts: { idempotent?: boolean; retryStatuses?: number[]; headers?: Record<string, string>; query?: string; http?: HttpClient; timeoutMs?: number } = {},
  ): Promise<HttpResponse> {
    const p = path.replace(/^\/+/, '').replace(/^v1\//, '');
    const headers: Record<string, string> = { 'x-vault-request': 'true', ...(opts.headers ?? {}) };
    if (this.token) headers['x-vault-token'] = this.token;
    if (this.namespace && !ROOT_ONLY.test(p)) headers['x-vault-namespace'] = this.namespace;
    return (opts.http ?? this.http).request({ method, url: this.url(p, opts.query), headers, body, idempotent: opts.idempotent, retryStatuses: opts.retryStatuses, timeoutMs: opts.timeoutMs });
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    opts: { idempotent?: boolean; headers?: Record<string, string>; notFound?: 'undefined'; query?: string; maskFields?: boolean; http?: HttpClient; timeoutMs?: number } = {},
  ): Promise<T | undefined> {
    const p = path.replace(/^\/+/, '').replace(/^v1\//, '');
    const res = await this.raw(method, p, body, opts);
    if (res.status >= 200 && res.status < 300) {
      if (res.status === 204 || res.text.trim() === '') return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(res.text);
      } catch {
        throw this.unexpected(method, p, res.status);
      }
      if (opts.maskFields !== false) maskSecrets(parsed, /(^|\/)data\//.test(p));
      return parsed as T;
    }
    if (res.status === 404 && opts.notFound === 'undefined' && errorsOf(res).length === 0) return undefined;
    throw this.failure(method, p, res);
  }

  private failure(method: string, path: string, res: HttpResponse): VaultError {
    const where = `${method} ${this.where}/v1/${path}`;
    const errors = errorsOf(res);
    const text = errors.join('; ');
    const tried = [`${where} → HTTP ${res.status}`];
    if (res.status === 403) {
      return new VaultError(`Vault: permission denied on ${path}${text && !/^permission denied$/i.test(text) ? ` (${text})` : ''}`, res.status, errors, path, tried, 'the token lacks a policy that allows this path and operation (check its policies, namespace and that it has not expired)');
    }
    if (res.status === 503 && /sealed/i.test(text)) {
      return new VaultError(`Vault at ${this.where} is sealed (${method} /v1/${path})`, res.status, errors, path, tried, 'unseal it first (hardline vault unseal)');
    }
    if (res.status === 400 && /not initialized|not yet initialized/i.test(text)) {
      return new VaultError(`Vault at ${this.where} is not initialised (${method} /v1/${path})`, res.status, errors, path, tried, 'initialise it first (hardline vault init)');
    }
    return new VaultError(`Vault answered ${method} /v1/${path} with HTTP ${res.status}${text ? `: ${text}` : ''}`, res.status, errors, path, tried);
  }

  private unexpected(method: string, path: string, status = 200): VaultError {
    return new VaultError(
      `Vault at ${this.where} gave an unexpected answer to ${method} /v1/${path} (HTTP ${status})`,
      status,
      [],
      path,
      [`${method} ${this.where}/v1/${path}`],
      'check that vault-addr points at Vault itself, not a proxy or another service',
    );
  }
}

function errorsOf(res: HttpResponse): string[] {
  try {
    const b = JSON.parse(res.text) as { errors?: unknown };
    return Array.isArray(b.errors) ? b.errors.filter((e): e is string => typeof e === 'string' && e.length > 0) : [];
  } catch {
    return [];
  }
}

function errorsText(res: HttpResponse): string {
  const e = errorsOf(res);
  return e.length ? `: ${e.join('; ')}` : '';
}

/**
 * Masks, in place of nothing (the body is unchanged), every secret a Vault answer may hold:
 * the well-known secret fields anywhere, and every string value of a KV v2 secret (`data.data`).
 */
export function maskSecrets(body: unknown, kvV2 = false): void {
  const walk = (v: unknown, key: string | undefined, all: boolean): void => {
    if (typeof v === 'string') {
      if (all || (key !== undefined && SECRET_FIELDS.has(key))) mask(v);
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, key, all);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, k, all);
    }
  };
  walk(body, undefined, false);
  if (kvV2 && body && typeof body === 'object') {
    const data = (body as { data?: { data?: unknown } }).data;
    if (data && typeof data === 'object' && data.data) walk(data.data, undefined, true);
  }
}

function backoff(attempt: number): number {
  const cap = Math.min(5000, 250 * 2 ** (attempt - 1));
  return cap / 2 + Math.random() * (cap / 2);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function trimTried(tried: string[]): string[] {
  return tried.length <= 6 ? tried : [...tried.slice(0, 3), `… ${tried.length - 5} more attempts …`, ...tried.slice(-2)];
}
