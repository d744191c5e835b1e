/**
 * The JSONL audit log: one line per operation (timestamp, command, operation, target, outcome,
 * duration, optional detail). Values are never written; every line also passes through redact()
 * as a second guard.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDir } from './dirs';
import { ConfigurationError } from './errors';
import { redact } from './redact';

export type AuditOutcome = 'planned' | 'ok' | 'unchanged' | 'failed' | 'skipped' | 'started';

export interface AuditEntry {
  operation: string;
  target: string;
  outcome: AuditOutcome;
  durationMs?: number;
  /** Non-secret context: sink name, HTTP status, the field names that changed. */
  detail?: Record<string, string | number | boolean>;
}

export class AuditLog {
  constructor(
    readonly file: string | undefined,
    private readonly command: string,
  ) {
    if (!file) return;
    // A path that cannot hold the log is bad input (exit 2), found before any operation runs.
    try {
      ensureDir(path.dirname(path.resolve(file)));
      fs.closeSync(fs.openSync(file, 'a'));
    } catch (err) {
      throw new ConfigurationError(`cannot write the audit log ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file }, 'set the audit-log input to a writable file path');
    }
  }

  write(entry: AuditEntry): void {
    if (!this.file) return;
    const line = { timestamp: new Date().toISOString(), command: this.command, ...entry };
    try {
      fs.appendFileSync(this.file, redact(JSON.stringify(line)) + '\n');
    } catch (err) {
      throw new ConfigurationError(`cannot write the audit log ${this.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file: this.file });
    }
  }

  /** Time an operation and record its outcome; rethrows failures after recording them. */
  async time<T>(operation: string, target: string, fn: () => Promise<T>, detail?: AuditEntry['detail']): Promise<T> {
    const t0 = Date.now();
    try {
      const result = await fn();
      this.write({ operation, target, outcome: 'ok', durationMs: Date.now() - t0, detail });
      return result;
    } catch (err) {
      this.write({ operation, target, outcome: 'failed', durationMs: Date.now() - t0, detail: { ...detail, error: (err as Error).name } });
      throw err;
    }
  }
}

/** Read an audit log back (age audit, tests). Malformed lines are skipped. */
export function readAuditLog(file: string): Array<AuditEntry & { timestamp: string; command: string }> {
  if (!fs.existsSync(file)) return [];
  const out: Array<AuditEntry & { timestamp: string; command: string }> = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      /* a torn last line after a crash */
    }
  }
  return out;
}
