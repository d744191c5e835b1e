/**
 * The one HTTP helper: per-attempt timeout, bounded retries with exponential backoff and jitter
 * (connection errors, 429, 5xx; Retry-After honoured), a total time limit, an optional CA file.
 * It never logs headers or bodies; URLs are logged without query string or credentials.
 * After the last attempt it throws OperationalError listing every attempt (exit 3).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { ConfigurationError, OperationalError } from './errors';

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  /** Statuses to retry (default 429, 500, 502, 503, 504). */
  retryStatuses?: readonly number[];
  /** False: retry only when the request surely was not processed (connection refused, 429). Default: true except POST/PATCH. */
  idempotent?: boolean;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json<T = unknown>(): T;
}

export interface HttpClientOptions {
  /** Name of the service for messages ("Vault", "GitHub API"). */
  service?: string;
  caFile?: string;
  /** Skip TLS verification: only with a loud warning from the caller. */
  insecure?: boolean;
  timeoutMs?: number;
  retries?: number;
  totalTimeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  userAgent?: string;
  /** Debug logger for attempts (method, URL without query, status, duration). */
  log?: (message: string) => void;
}

const DEFAULT_RETRY_STATUSES = [429, 500, 502, 503, 504];
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class HttpClient {
  private readonly opts: Required<Omit<HttpClientOptions, 'caFile' | 'log'>> & Pick<HttpClientOptions, 'log'>;
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  constructor(options: HttpClientOptions = {}) {
    this.opts = {
      service: options.service ?? 'server',
      insecure: options.insecure ?? false,
      timeoutMs: options.timeoutMs ?? 30_000,
      retries: options.retries ?? 4,
      totalTimeoutMs: options.totalTimeoutMs ?? 120_000,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 10_000,
      userAgent: options.userAgent ?? 'hardline',
      log: options.log,
    };
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      maxSockets: 16,
      rejectUnauthorized: !this.opts.insecure,
      ...(options.caFile ? { ca: [...tls.rootCertificates, readCa(options.caFile)] } : {}),
    });
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    const idempotent = req.idempotent ?? !(method === 'POST' || method === 'PATCH');
    const retryStatuses = req.retryStatuses ?? DEFAULT_RETRY_STATUSES;
    const started = Date.now();
    const tried: string[] = [];
    const where = `${method} ${safeUrl(req.url)}`;
    for (let attempt = 1; ; attempt++) {
      const t0 = Date.now();
      let retryable = false;
      let retryAfterMs: number | undefined;
      try {
        // No attempt may outlive the total time limit.
        const remaining = Math.max(1, this.opts.totalTimeoutMs - (Date.now() - started));
        const res = await this.once(method, req, remaining);
        this.opts.log?.(`${where} → ${res.status} (${Date.now() - t0} ms)`);
        const statusRetry = retryStatuses.includes(res.status) && (idempotent || res.status === 429 || res.status === 503);
        if (!statusRetry) return res;
        tried.push(`${where} → HTTP ${res.status} (attempt ${attempt})`);
        retryable = true;
        retryAfterMs = parseRetryAfter(res.headers['retry-after']);
        if (this.exhausted(attempt, started, retryAfterMs)) return res;
      } catch (err) {
        const code = errorCode(err);
        this.opts.log?.(`${where} → ${code} (${Date.now() - t0} ms)`);
        tried.push(`${where} → ${code} (attempt ${attempt})`);
        retryable = CONNECT_ERRORS.has(code) || idempotent;
        if (!retryable || this.exhausted(attempt, started)) {
          throw new OperationalError(
            `could not reach ${this.opts.service} at ${safeUrl(req.url)} (${code}) after ${attempt} attempt(s) in ${Math.round((Date.now() - started) / 1000)} s`,
            tried,
            tlsHint(code),
          );
        }
      }
      await delay(this.backoff(attempt, retryAfterMs));
    }
  }

  async json<T>(req: HttpRequest): Promise<{ status: number; body: T }> {
    const res = await this.request(req);
    return { status: res.status, body: res.json<T>() };
  }

  /** A fetch-compatible function over this client (for Octokit and other SDKs that accept one). */
  fetch = async (input: string | URL | { url: string }, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const headers: Record<string, string> = {};
    new Headers(init.headers ?? {}).forEach((v, k) => (headers[k] = v));
    const res = await this.request({ method: init.method ?? 'GET', url, headers, body: init.body ?? undefined });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : v);
    const nullBody = [101, 204, 205, 304].includes(res.status);
    return new Response(nullBody ? null : res.text, { status: res.status, headers: out });
  };

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private exhausted(attempt: number, started: number, nextDelay = 0): boolean {
    return attempt > this.opts.retries || Date.now() - started + nextDelay >= this.opts.totalTimeoutMs;
  }

  private backoff(attempt: number, retryAfterMs?: number): number {
    const cap = Math.min(this.opts.maxDelayMs, this.opts.baseDelayMs * 2 ** (attempt - 1));
    const jittered = cap / 2 + Math.random() * (cap / 2);
    return Math.min(this.opts.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
  }

  private once(method: string, req: HttpRequest, remainingMs: number): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new ConfigurationError(`not a valid URL for ${this.opts.service}: "${safeUrl(req.url)}" (expected http:// or https://…)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigurationError(`${this.opts.service} address must start with http:// or https://, got "${url.protocol}"`);
    }
    const body = encodeBody(req.body);
    const headers: Record<string, string> = { 'user-agent': this.opts.userAgent, ...lower(req.headers ?? {}) };
    if (body !== undefined) {
      headers['content-length'] = String(body.length);
      if (!headers['content-type'] && !(typeof req.body === 'string' || Buffer.isBuffer(req.body))) headers['content-type'] = 'application/json';
    }
    const mod = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    const timeoutMs = Math.min(req.timeoutMs ?? this.opts.timeoutMs, remainingMs);
    return new Promise<HttpResponse>((resolve, reject) => {
      const r = mod.request(url, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => parseJson<T>(text, res.statusCode ?? 0, this.opts.service, `${method} ${safeUrl(req.url)}`),
          });
        });
      });
      const timedOut = () => {
        const err = Object.assign(new Error('timeout'), { code: `timeout after ${timeoutMs} ms` });
        // Settle first: once the response has begun, destroying the request need not surface this error.
        reject(err);
        r.destroy(err);
      };
      // setTimeout on the request only fires after the socket is idle that long: a server that trickles
      // a byte now and then would keep the attempt alive for ever. The deadline bounds the whole attempt.
      r.setTimeout(timeoutMs, timedOut);
      const deadline = setTimeout(timedOut, timeoutMs);
      r.on('close', () => clearTimeout(deadline));
      r.on('error', reject);
      if (body !== undefined) r.write(body);
      r.end();
    });
  }
}

function parseJson<T>(text: string, status: number, service: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new OperationalError(`${service} answered ${where} with HTTP ${status} and a body that is not JSON (${text.length} bytes)`);
  }
}

function encodeBody(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function lower(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

/** Scheme, host, port and path only: no credentials, no query string (tokens hide there). */
export function safeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function errorCode(err: unknown): string {
  if (err instanceof ConfigurationError) throw err;
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? 'error';
}

function tlsHint(code: string): string | undefined {
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return 'the server certificate is not trusted: pass its CA with ca-cert (or HARDLINE_CA_CERT)';
  }
  return undefined;
}

function parseRetryAfter(v: string | string[] | undefined): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  if (Number.isFinite(n)) return n * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - Date.now()) : undefined;
}

function readCa(file: string): string {
  try {
    const pem = fs.readFileSync(file, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigurationError(`${file}: expected a PEM certificate (-----BEGIN CERTIFICATE-----)`, { file });
    }
    return pem;
  } catch (err) {
    if (err instanceof ConfigurationError) throw err;
    throw new ConfigurationError(`${file}: cannot read the CA certificate file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
}

function delay(ms: number): Promise<void> {
  // Not unref'd: a pending retry must keep the process alive, or the CLI would exit 0 mid-retry.
  return new Promise((resolve) => setTimeout(resolve, ms));
}
