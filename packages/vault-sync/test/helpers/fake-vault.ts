import type { VaultApi } from '../../src/live';

type Body = Record<string, unknown>;

/** An in-memory stand-in for the Vault client: answers reads from `reads`, records every call. */
export class FakeVault implements VaultApi {
  readonly calls: string[] = [];
  readonly writes: Array<{ path: string; body: unknown; opts?: unknown }> = [];
  failOn = new Map<string, Error>();
  constructor(
    public reads: Record<string, Body> = {},
    public lists: Record<string, string[]> = {},
  ) {}
  async read<T>(path: string): Promise<T | undefined> {
    this.calls.push(`GET ${path}`);
    this.check(path);
    return this.reads[path] as T | undefined;
  }
  async list(path: string): Promise<string[]> {
    this.calls.push(`LIST ${path}`);
    this.check(path);
    return this.lists[path] ?? [];
  }
  async write<T>(path: string, body?: unknown, opts?: { wrapTtl?: string; idempotent?: boolean }): Promise<T | undefined> {
    this.calls.push(`POST ${path}`);
    this.check(path);
    this.writes.push({ path, body, opts });
    return this.reads[`POST ${path}`] as T | undefined;
  }
  async delete(path: string): Promise<void> {
    this.calls.push(`DELETE ${path}`);
    this.check(path);
  }
  private check(path: string): void {
    const err = this.failOn.get(path);
    if (err) throw err;
  }
}
