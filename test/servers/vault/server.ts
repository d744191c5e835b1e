/**
 * TEST SERVER for hardline's tests, not Vault: the Vault test server process — a node:http
 * server on 127.0.0.1 (random port), request statistics, fault injection (refused connections,
 * 500/503 bursts, slowness, standby), restart from the persisted state, and the test helpers
 * (initialize, unsealWith, seal, createToken) that act on the server directly, without HTTP.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { VaultCore } from './core';
import { handleRequest } from './pipeline';
import { createToken, SYSTEM_MAX_TTL } from './tokens';
import type { InitResult, VaultFaults, VaultStateView, VaultStats, VaultTestServerOptions } from './types';
import { decodeKey } from './sys';
import { sanitizePolicies, type JsonObject } from './util';

export interface VaultTestServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Stops and starts again on the same port from the persisted state: it comes back sealed. */
  restart(): Promise<void>;
  faults: VaultFaults;
  stats: VaultStats;
  resetStats(): void;
  initialize(opts: { shares: number; threshold: number }): InitResult;
  /** Submits unseal keys (hex or base64) as sys/unseal would; throws if Vault stays sealed. */
  unsealWith(keys: string[]): void;
  seal(): void;
  /** A new service token with these policies (plus "default" unless "root" is among them). */
  createToken(policies: string[]): string;
  readonly state: VaultStateView;
  /** Resolves once the port accepts connections (again), e.g. after `faults.refuseUntil` passed. */
  waitUntilListening(): Promise<void>;
}

const emptyStats = (): VaultStats => ({ reads: 0, writes: 0, byRoute: {}, requests: [] });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class VaultTestServerImpl implements VaultTestServer {
  url = '';
  port = 0;
  readonly stats = emptyStats();
  readonly faults: VaultFaults;
  private readonly core: VaultCore;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private refuseUntilValue = 0;
  private listenWaiters: Array<() => void> = [];
  private relistenTimer: NodeJS.Timeout | undefined;
  private listening = false;
  private listenPromise: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: VaultTestServerOptions) {
    this.core = new VaultCore(options.stateFile, options.version ?? '1.21.0');
    const faults = { failNext: null, slowMs: 0, standby: options.standby ?? false } as unknown as VaultFaults;
    Object.defineProperty(faults, 'refuseUntil', {
      enumerable: true,
      get: () => this.refuseUntilValue,
      set: (until: number) => {
        this.refuseUntilValue = until;
        this.applyRefusal();
      },
    });
    this.faults = faults;
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('clientError', (error: Error, socket: Socket) => void this.onClientError(error, socket));
    this.server.on('connection', (socket: Socket) => {
      if (Date.now() < this.refuseUntilValue) return socket.destroy();
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<void> {
    await this.listen(0);
    const { refuseUntil, ...rest } = this.options.faults ?? {};
    Object.assign(this.faults, rest);
    if (refuseUntil !== undefined) this.faults.refuseUntil = refuseUntil;
  }

  async waitUntilListening(): Promise<void> {
    await this.listenPromise;
    if (this.listening) return;
    if (this.closed) throw new Error('the Vault test server is closed');
    await new Promise<void>((resolve) => this.listenWaiters.push(resolve));
  }

  get state(): VaultStateView {
    return this.core.view();
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats());
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.relistenTimer);
    await this.stopListening();
    this.core.flush();
  }

  async restart(): Promise<void> {
    await this.stopListening();
    this.core.reload();
    if (Date.now() >= this.refuseUntilValue) await this.listen(this.port);
  }

  initialize(opts: { shares: number; threshold: number }): InitResult {
    return this.core.initialize(opts.shares, opts.threshold);
  }

  unsealWith(keys: string[]): void {
    for (const key of keys) {
      this.core.submitUnsealKey(decodeKey(key));
      if (!this.core.sealed) return;
    }
    const { unsealProgress, sealConfig } = this.core.view();
    throw new Error(`Vault is still sealed: ${unsealProgress} of ${sealConfig?.threshold ?? '?'} key shares submitted`);
  }

  seal(): void {
    this.core.seal();
  }

  createToken(policies: string[]): string {
    const sanitized = sanitizePolicies(policies, !policies.includes('root'));
    const entry = createToken(this.core, {
      policies: sanitized,
      displayName: 'token',
      path: 'auth/token/create',
      ttl: sanitized.includes('root') ? 0 : SYSTEM_MAX_TTL,
      orphan: false,
    });
    this.core.flush();
    return entry.id;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? 'GET';
    const { status, body } = await this.answer(method, req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), req.socket.remoteAddress ?? '');
    res.writeHead(status, { 'Cache-Control': 'no-store', ...(body !== null ? { 'Content-Type': 'application/json' } : {}) });
    res.end(body === null || method === 'HEAD' ? '' : `${JSON.stringify(body)}\n`);
  }

  /**
   * Node's HTTP parser rejects Vault's LIST method, so LIST requests arrive here as a client
   * error with the raw bytes; they are answered by hand, closing the connection afterwards.
   */
  private async onClientError(error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): Promise<void> {
    const raw = error.rawPacket?.toString('utf8') ?? '';
    const headEnd = raw.indexOf('\r\n\r\n');
    if (error.code !== 'HPE_INVALID_METHOD' || !raw.startsWith('LIST ') || headEnd < 0) {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const [requestLine, ...headerLines] = raw.slice(0, headEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const { status, body } = await this.answer('LIST', requestLine.split(' ')[1] ?? '/', headers, raw.slice(headEnd + 4), socket.remoteAddress ?? '');
    const text = body === null ? '' : `${JSON.stringify(body)}\n`;
    const type = body === null ? '' : 'Content-Type: application/json\r\n';
    if (socket.writable) {
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nCache-Control: no-store\r\n${type}Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    }
  }

  /** One request through delay, injected failures and the pipeline, recorded in the stats. */
  private async answer(method: string, rawUrl: string, headers: Record<string, string | string[] | undefined>, bodyText: string, remoteAddress: string): Promise<{ status: number; body: JsonObject | null }> {
    const delay = (this.options.latencyMs ?? 0) + this.faults.slowMs;
    if (delay > 0) await sleep(delay);
    const path = new URL(rawUrl, 'http://vault.test').pathname;
    let status: number;
    let body: JsonObject | null;
    let routeKey: string;
    let isWrite = false;
    const failure = this.faults.failNext;
    if (failure && failure.count > 0) {
      failure.count -= 1;
      if (failure.count === 0) this.faults.failNext = null;
      status = failure.status;
      body = { errors: failure.errors ?? [failure.status === 503 ? 'Vault is sealed' : 'internal error'] };
      routeKey = `${method} ${path} (injected failure)`;
    } else {
      ({ status, body, routeKey, isWrite } = await handleRequest(this.core, this.options, this.faults, { method, url: rawUrl, headers, body: bodyText, remoteAddress }));
    }
    this.options.onResponse?.({ route: routeKey, status, body });
    this.stats.requests.push({ method, path, status });
    this.stats.byRoute[routeKey] = (this.stats.byRoute[routeKey] ?? 0) + 1;
    if (method === 'GET' || method === 'HEAD' || method === 'LIST') this.stats.reads += 1;
    if (isWrite) this.stats.writes += 1;
    return { status, body };
  }

  /** Closes the port while `refuseUntil` is in the future and reopens it when it passes. */
  private applyRefusal(): void {
    clearTimeout(this.relistenTimer);
    if (this.closed) return;
    const wait = this.refuseUntilValue - Date.now();
    if (wait > 0) {
      if (this.listening) void this.stopListening();
      this.relistenTimer = setTimeout(() => this.applyRefusal(), wait);
    } else if (!this.listening) {
      // A port taken meanwhile leaves the server down: connections keep failing, as they should.
      this.listen(this.port).catch(() => (this.listening = false));
    }
  }

  private listen(port: number): Promise<void> {
    this.listening = true;
    this.listenPromise = new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address && typeof address === 'object') this.port = address.port;
        this.url = `http://127.0.0.1:${this.port}`;
        resolve();
        for (const wake of this.listenWaiters.splice(0)) wake();
      });
    });
    return this.listenPromise;
  }

  private stopListening(): Promise<void> {
    if (!this.listening) return Promise.resolve();
    this.listening = false;
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) socket.destroy();
    });
  }
}

/** Starts a Vault test server on 127.0.0.1 with a random port. */
export async function startVaultTestServer(opts: VaultTestServerOptions = {}): Promise<VaultTestServer> {
  const server = new VaultTestServerImpl(opts);
  await server.start();
  return server;
}
