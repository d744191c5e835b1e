/**
 * TEST SERVER plumbing for hardline's tests — NOT any real service; shared by the GitHub, GitLab and Keycloak test servers.
 *
 * A tiny loopback HTTP core: route table, body reading, JSON replies, fault injection
 * (failNext / latency / per-route failures) and a request log. Self-contained on purpose:
 * the GitHub, GitLab and Keycloak test servers each carry their own copy so each server folder stands alone.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Reply {
  status: number;
  /** JSON-encoded unless a string (then sent as-is with the given content-type). */
  body?: JsonValue;
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: string;
  /** Raw (still percent-encoded) pathname. */
  path: string;
  /** Route pattern that matched, e.g. `/repos/:owner/:repo` or `/api/v4/projects/:id`. */
  route: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

/** A scripted failure. Without `method`/`path` it hits any request; `count` defaults to 1 (use Infinity to keep failing). */
export interface FaultSpec {
  status: number;
  count?: number;
  method?: string;
  /** A route pattern (`/repos/:owner/:repo/actions/secrets/:name`), an exact raw path, or a RegExp tested on the raw path. */
  path?: string | RegExp;
  body?: JsonValue;
  headers?: Record<string, string>;
}

export interface RequestRecord {
  method: string;
  path: string;
  route: string | null;
  status: number;
  /** True when the reply came from an injected fault. */
  injected: boolean;
  at: Date;
}

export interface ServerStats {
  total: number;
  byStatus: Record<number, number>;
  requests: readonly RequestRecord[];
}

interface CompiledRoute {
  method: string;
  pattern: string;
  regex: RegExp;
  keys: string[];
  handler: Handler;
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          keys.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern, regex: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return undefined;
  }

  /** Pattern that a raw path would match, whatever the method (for fault matching). */
  patternFor(path: string): string | null {
    return this.routes.find((r) => r.regex.test(path))?.pattern ?? null;
  }
}

export class FaultInjector {
  private faults: Array<FaultSpec & { remaining: number }> = [];
  latencyMs = 0;

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
    this.latencyMs = 0;
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, path: string, pattern: string | null): FaultSpec | undefined {
    const index = this.faults.findIndex((f) => {
      if (f.method && f.method.toUpperCase() !== method) return false;
      if (f.path === undefined) return true;
      if (f.path instanceof RegExp) return f.path.test(path);
      return f.path === path || f.path === pattern;
    });
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

export interface ServiceShape {
  router: Router;
  faults: FaultInjector;
  /** Body for an unknown route. */
  notFound(): Reply;
  /** Body for an injected fault without an explicit body. */
  faultBody(status: number): JsonValue;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
  stats(): ServerStats;
}

export async function listen(shape: ServiceShape): Promise<RunningServer> {
  const log: RequestRecord[] = [];
  const server = http.createServer((req, res) => {
    void handle(shape, log, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    stats: () => {
      const byStatus: Record<number, number> = {};
      for (const r of log) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      return { total: log.length, byStatus, requests: [...log] };
    },
  };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined;
  if (reply.body !== undefined && reply.status !== 204) {
    if (typeof reply.body === 'string' && headers['content-type']) {
      payload = reply.body;
    } else {
      payload = JSON.stringify(reply.body);
      headers['content-type'] = 'application/json; charset=utf-8';
    }
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

async function handle(shape: ServiceShape, log: RequestRecord[], req: http.IncomingMessage, res: http.ServerResponse) {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname;
  const record = (status: number, route: string | null, injected: boolean) =>
    log.push({ method, path, route, status, injected, at: new Date() });
  try {
    const rawBody = await readBody(req);
    if (shape.faults.latencyMs > 0) await delay(shape.faults.latencyMs);
    const pattern = shape.router.patternFor(path);
    const fault = shape.faults.take(method, path, pattern);
    if (fault) {
      send(res, { status: fault.status, body: fault.body ?? shape.faultBody(fault.status), headers: fault.headers });
      record(fault.status, pattern, true);
      return;
    }
    const found = shape.router.match(method, path);
    if (!found) {
      send(res, shape.notFound());
      record(404, null, false);
      return;
    }
    const reply = await found.route.handler({
      method,
      path,
      route: found.route.pattern,
      params: found.params,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
    });
    send(res, reply);
    record(reply.status, found.route.pattern, false);
  } catch (err) {
    send(res, { status: 500, body: { message: `test server error: ${(err as Error).message}` } });
    record(500, null, false);
  }
}

/** Parses a JSON object body; undefined when the body is empty, null when it is not a JSON object. */
export function jsonBody(ctx: RequestContext): JsonObject | undefined | null {
  const text = ctx.rawBody.toString('utf8').trim();
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as JsonObject) : null;
  } catch {
    return null;
  }
}
