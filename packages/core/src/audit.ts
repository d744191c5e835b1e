/**
 * The JSONL audit log: one line per operation (timestamp, command, operation, target, outcome,
 * duration, optional detail). Values are never written; every line also passes through redact()
 * as a second guard.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
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
    if (file) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }

  write(entry: AuditEntry): void {
    if (!this.file) return;
    const line = { timestamp: new Date().toISOString(), command: this.command, ...entry };
    fs.appendFileSync(this.file, redact(JSON.stringify(line)) + '\n');
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
