/**
 * Vault KV v2 as a secret store: one secret at <mount>/<path>, each store name one key of it.
 * Writes are read-merge-write with check-and-set, so a concurrent writer's keys are never lost;
 * verify() reads the value back. Plain HttpClient calls (retries, backoff, CA) to /v1/<mount>/data/<path>.
 */
import { ConfigurationError, HttpClient, OperationalError, mask, redact, safeUrl, type HttpResponse } from '@hardline/core';
import type { SecretStore, StoreEntry, VaultKvStoreSpec } from './types';

interface KvRead {
  data: Record<string, string>;
  /** 0 when the secret does not exist yet (cas 0 = create only). */
  version: number;
  createdTime?: Date;
}

const CAS_ATTEMPTS = 5;

export class VaultKvStore implements SecretStore {
  readonly label: string;
  private readonly dataUrl: string;
  private readonly apiPath: string;
  private readonly addr: string;

  constructor(
    private readonly spec: VaultKvStoreSpec,
    private readonly http: HttpClient,
  ) {
    mask(spec.token);
    const clean = (s: string) => s.replace(/^\/+|\/+$/g, '');
    const mount = clean(spec.mount);
    const path = clean(spec.path);
    if (!mount || !path) throw new ConfigurationError(`Vault KV store: expected a mount and a path, got "${spec.mount}" and "${spec.path}"`);
    this.addr = spec.addr.replace(/\/+$/, '');
    this.apiPath = `${mount}/data/${path}`;
    this.dataUrl = `${this.addr}/v1/${mount}/data/${path.split('/').map(encodeURIComponent).join('/')}`;
    this.label = `Vault KV secret ${mount}/${path} at ${safeUrl(this.addr)}`;
  }

  async preflight(): Promise<void> {
    const current = await this.read('read the secret (preflight)');
    // Ask Vault whether the token may write here, without writing: sys/capabilities-self.
    const res = await this.http.request({
      method: 'POST',
      url: `${this.addr}/v1/sys/capabilities-self`,
      headers: this.headers(),
      body: { paths: [this.apiPath] },
      idempotent: true,
    });
    const body = res.status === 200 ? (safeJson(res) as { capabilities?: unknown; [path: string]: unknown }) : {};
    const listed = Array.isArray(body[this.apiPath]) ? body[this.apiPath] : body.capabilities;
    if (Array.isArray(listed)) {
      const caps = listed.map(String);
      const missing = caps.includes('root') ? [] : ['create', 'update'].filter((c) => !caps.includes(c));
      if (missing.length) throw this.cannotWrite(`its policies grant [${caps.join(', ')}] on ${this.apiPath}, lacking ${missing.join(' and ')}`);
      return;
    }
    // No answer there: a write that Vault must refuse for its check-and-set proves the permission
    // (the ACL is checked first) without changing anything. It carries the data just read, so even
    // a server ignoring cas would only store an identical version.
    const probe = await this.send('check write access (preflight)', {
      method: 'POST',
      body: { options: { cas: current.version + 1 }, data: current.data },
    });
    if (probe.status === 403) throw this.cannotWrite('Vault answered 403 permission denied to a write');
    if (probe.status === 400 && /check-and-set/i.test(probe.text)) return;
    if (probe.status === 200 || probe.status === 204) return;
    throw this.explain('check write access (preflight)', probe);
  }

  private cannotWrite(why: string): ConfigurationError {
    return new ConfigurationError(
      `${this.label}: the token may not write here: ${why}`,
      {},
      `add a policy with: path "${this.apiPath}" { capabilities = ["create", "read", "update"] }`,
    );
  }

  async write(name: string, value: string): Promise<void> {
    mask(value);
    await this.modify(`write ${name}`, (data) => ({ ...data, [name]: value }));
  }

  async verify(name: string, value: string): Promise<'read-back' | 'updated-at'> {
    mask(value);
    const current = await this.read(`read ${name} back`);
    if (current.data[name] !== value) {
      throw new OperationalError(
        `${this.label}: the value read back for ${name} ${name in current.data ? 'differs from the one written' : 'is missing'}`,
        [`GET ${safeUrl(this.dataUrl)} (version ${current.version})`],
      );
    }
    return 'read-back';
  }

  /** Each key's updatedAt is the creation time of the secret's current version (KV v2 keeps no per-key times). */
  async list(): Promise<StoreEntry[]> {
    const current = await this.read('list keys');
    return Object.keys(current.data)
      .sort()
      .map((name) => ({ name, updatedAt: current.createdTime }));
  }

  async delete(name: string): Promise<void> {
    await this.modify(`delete ${name}`, (data) => {
      if (!(name in data)) return undefined;
      const next = { ...data };
      delete next[name];
      return next;
    });
  }

  private headers(): Record<string, string> {
    const h: Record<string, string> = { 'x-vault-token': this.spec.token, 'x-vault-request': 'true' };
    if (this.spec.namespace) h['x-vault-namespace'] = this.spec.namespace;
    return h;
  }

  private async read(action: string): Promise<KvRead> {
    const res = await this.send(action, { method: 'GET' });
    if (res.status === 404) {
      // A missing secret answers 404 with no errors; a soft-deleted current version answers 404 with its metadata.
      const body = safeJson(res) as { data?: { metadata?: { version?: number } } | null; errors?: string[] };
      if (body.errors && body.errors.length > 0) throw this.explain(action, res);
      return { data: {}, version: body.data?.metadata?.version ?? 0 };
    }
    if (res.status !== 200) throw this.explain(action, res);
    const body = safeJson(res) as { data?: { data?: Record<string, unknown> | null; metadata?: { version?: number; created_time?: string } } };
    const data: Record<string, string> = {};
    for (const [k, v] of Object.entries(body.data?.data ?? {})) {
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      data[k] = mask(s);
    }
    const created = body.data?.metadata?.created_time ? new Date(body.data.metadata.created_time) : undefined;
    return { data, version: body.data?.metadata?.version ?? 0, createdTime: created && !Number.isNaN(created.getTime()) ? created : undefined };
  }

  /** Read, change, write with cas = the version read; a concurrent write makes Vault refuse, and we start over. */
  private async modify(action: string, change: (data: Record<string, string>) => Record<string, string> | undefined): Promise<void> {
    const tried: string[] = [];
    for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
      const current = await this.read(action);
      const next = change(current.data);
      if (!next) return;
      const res = await this.send(action, { method: 'POST', body: { options: { cas: current.version }, data: next } });
      if (res.status === 200 || res.status === 204) return;
      if (res.status === 400 && /check-and-set/i.test(res.text)) {
        tried.push(`POST ${safeUrl(this.dataUrl)} with cas=${current.version} → another writer was first (attempt ${attempt})`);
        continue;
      }
      throw this.explain(action, res);
    }
    throw new OperationalError(`${this.label}: could not ${action}: the secret kept changing under us`, tried);
  }

  private async send(action: string, req: { method: string; body?: unknown }): Promise<HttpResponse> {
    try {
      return await this.http.request({ method: req.method, url: this.dataUrl, headers: this.headers(), body: req.body, idempotent: true });
    } catch (err) {
      if (err instanceof OperationalError) throw new OperationalError(`${this.label}: could not ${action}: ${err.message}`, err.tried, err.hint);
      throw err;
    }
  }

  private explain(action: string, res: HttpResponse): Error {
    const body = safeJson(res) as { errors?: unknown };
    const errors = Array.isArray(body.errors)
      ? redact(body.errors.map((e) => String(e).replace(/^\d+ errors? occurred:\s*\*\s*/, '').replace(/\s+/g, ' ').trim()).join('; ')).slice(0, 300)
      : `${res.text.length} bytes`;
    const where = `${res.status === 404 ? 'GET/POST' : ''} ${safeUrl(this.dataUrl)}`.trim();
    if (res.status === 403) {
      return new ConfigurationError(
        `${this.label}: permission denied when trying to ${action} (HTTP 403: ${errors})`,
        {},
        `the token needs a policy with: path "${this.apiPath}" { capabilities = ["create", "read", "update"] }; check also that it has not expired`,
      );
    }
    if (res.status === 503 && /sealed/i.test(errors)) {
      return new OperationalError(`${this.label}: Vault is sealed, so it cannot ${action}`, [where], 'unseal it first (hardline vault unseal)');
    }
    if (res.status === 404 || res.status === 405) {
      return new ConfigurationError(
        `${this.label}: no KV version 2 secrets engine answers at ${this.spec.mount} (HTTP ${res.status}: ${errors}) when trying to ${action}`,
        {},
        'check the mount name; a KV version 1 mount has no /data/ paths (enable version 2 with: vault kv enable-versioning <mount>)',
      );
    }
    if (res.status === 400) return new ConfigurationError(`${this.label}: Vault refused to ${action} (HTTP 400: ${errors})`);
    return new OperationalError(`${this.label}: Vault answered HTTP ${res.status} when trying to ${action}, after retries`, [`${where} → HTTP ${res.status}`]);
  }
}

function safeJson(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    return {};
  }
}
