/**
 * The rotation of one plan entry, as AWS Secrets Manager does it (create, set, test, finish), built
 * so that no credential is ever lost:
 *   1 preflight every sink (and the source) before touching the source — any failure skips the entry;
 *     a source that kills the old value at once is refused without a recovery key; --dry-run stops here.
 *   2 create the new value (masked at once)
 *   3 set it in every sink, with retries
 *   4 verify every sink (read-back, or updated_at where the API never returns values)
 *   5 finish: invalidate old values, only when every sink verified and only where the source overlaps.
 * If a sink still fails, the new value stays in every sink that took it and is sealed to the recovery
 * public key in the recovery file; the entry fails with exit 3 naming that file.
 * Every step is written to the audit log (entry, step, sink, outcome, duration); successful sink
 * writes as operation "set" with target "<store label>/<name>" (what `secrets age` reads for GitLab).
 */
import { AuditLog, ConfigurationError, describeError, redact, type AuditEntry } from '@hardline/core';
import { writeRecoveryFile, type SecretStore } from '@hardline/stores';
import { acquireLock, type HeldLock, type LockOptions } from './lock';
import type { PlanEntry, SinkSpec } from './plan';
import type { Created, RotationSource } from './sources/types';

export type Step = 'lock' | 'preflight' | 'create' | 'set' | 'verify' | 'finish';

export interface SinkResult {
  /** Store label and name, never a value. */
  label: string;
  name: string;
  ok: boolean;
  /** The step the sink reached: preflight, set or verify. */
  reached?: 'preflight' | 'set' | 'verify';
  verifiedBy?: 'read-back' | 'updated-at';
  error?: string;
}

export interface EntryResult {
  entry: string;
  source: string;
  status: 'planned' | 'rotated' | 'skipped' | 'failed';
  /** 0 done, 2 refused for configuration (no recovery key), 3 operational failure. */
  exit: 0 | 2 | 3;
  failedStep?: Step;
  reason?: string;
  overlap?: string;
  finished?: string;
  recoveryFile?: string;
  sinks: SinkResult[];
  facts: Record<string, string>;
  durationMs: number;
}

export interface BoundSink {
  spec: SinkSpec;
  store: SecretStore;
}

export interface ProcedureOptions {
  dryRun: boolean;
  audit: AuditLog;
  log: (message: string) => void;
  recoveryPublicKey?: string;
  /** Absolute path of the recovery file. */
  recoveryFile: string;
  /** Attempts per sink write (each also retried by the HTTP client). Default 3. */
  setAttempts?: number;
  /** Base delay between sink write attempts. Default 1000 ms. */
  retryDelayMs?: number;
  lock?: LockOptions;
}

export class Rotator {
  /** Entry name → new value, for every entry this run could not put in all its sinks. */
  private readonly unplaced: Record<string, string> = {};

  constructor(private readonly opts: ProcedureOptions) {}

  private audit(step: Step | 'rotate', entry: string, outcome: AuditEntry['outcome'], durationMs?: number, detail: Record<string, string | number | boolean> = {}): void {
    this.opts.audit.write({ operation: `rotate.${step}`, target: entry, outcome, durationMs, detail: { entry, step, ...detail } });
  }

  async rotateEntry(entry: PlanEntry, source: RotationSource, sinks: BoundSink[]): Promise<EntryResult> {
    const t0 = Date.now();
    const result: EntryResult = {
      entry: entry.name,
      source: source.label,
      status: 'skipped',
      exit: 0,
      sinks: sinks.map((s) => ({ label: s.store.label, name: s.spec.name, ok: false })),
      facts: {},
      durationMs: 0,
    };
    const done = (r: EntryResult): EntryResult => {
      r.durationMs = Date.now() - t0;
      this.audit('rotate', entry.name, r.status === 'rotated' || r.status === 'planned' ? 'ok' : r.status === 'skipped' ? 'skipped' : 'failed', r.durationMs, {
        status: r.status,
        ...(r.failedStep ? { failedStep: r.failedStep } : {}),
      });
      return r;
    };

    let lock: HeldLock | undefined;
    if (this.opts.lock) {
      const tl = Date.now();
      try {
        lock = acquireLock(entry.name, this.opts.lock);
        this.audit('lock', entry.name, 'ok', Date.now() - tl, lock.tookOver ? { tookOverStaleLockOfPid: lock.tookOver.pid } : {});
        if (lock.tookOver) this.opts.log(`${entry.name}: took over the stale lock of an earlier run (pid ${lock.tookOver.pid} on ${lock.tookOver.host}, started ${lock.tookOver.startedAt})`);
      } catch (err) {
        this.audit('lock', entry.name, 'skipped', Date.now() - tl);
        return done({ ...result, status: 'skipped', exit: err instanceof ConfigurationError ? 2 : 3, failedStep: 'lock', reason: describeError(err) });
      }
    }
    try {
      return done(await this.run(entry, source, sinks, result));
    } finally {
      lock?.release();
      source.close?.();
    }
  }

  private async step<T>(step: Step, entry: string, fn: () => Promise<T>, detail: Record<string, string> = {}): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
    const t = Date.now();
    try {
      const value = await fn();
      this.audit(step, entry, 'ok', Date.now() - t, detail);
      return { ok: true, value };
    } catch (err) {
      const error = redact(describeError(err));
      this.audit(step, entry, 'failed', Date.now() - t, { ...detail, error: (err as Error).name ?? 'Error' });
      return { ok: false, error };
    }
  }

  private async run(entry: PlanEntry, source: RotationSource, sinks: BoundSink[], result: EntryResult): Promise<EntryResult> {
    const log = this.opts.log;
    // 1. Preflight: every sink, then the source, before anything changes.
    const problems: string[] = [];
    for (const [i, s] of sinks.entries()) {
      const r = await this.step('preflight', entry.name, () => s.store.preflight(), { sink: s.store.label });
      result.sinks[i]!.reached = 'preflight';
      if (!r.ok) {
        result.sinks[i]!.error = r.error;
        problems.push(`${s.store.label}: ${r.error}`);
      }
    }
    const pre = await this.step('preflight', entry.name, () => source.preflight(), { source: source.label });
    if (!pre.ok) problems.push(`${source.label}: ${pre.error}`);
    if (problems.length > 0) {
      return { ...result, status: 'skipped', exit: 3, failedStep: 'preflight', reason: `preflight failed, nothing was changed: ${problems.join('; ')}` };
    }
    const overlap = await source.overlap();
    result.overlap = overlap.explanation;
    if (!overlap.keepsOld && !this.opts.recoveryPublicKey) {
      this.audit('preflight', entry.name, 'skipped', 0, { reason: 'no-recovery-key' });
      return {
        ...result,
        status: 'skipped',
        exit: 2,
        failedStep: 'preflight',
        reason:
          `refused: ${overlap.explanation}, so if a sink failed after the rotation the new value would be the only working credential; ` +
          'set recovery-public-key (a libsodium X25519 public key) so it can be sealed to a recovery file instead of being lost',
      };
    }
    if (this.opts.dryRun) {
      result.sinks.forEach((s) => (s.ok = true));
      log(`${entry.name}: preflight passed; dry run — would rotate ${source.label} into ${sinks.map((s) => `${s.store.label} as ${s.spec.name}`).join(', ')} (${overlap.explanation})`);
      this.audit('preflight', entry.name, 'planned', 0, { dryRun: true });
      return { ...result, status: 'planned', exit: 0 };
    }

    // 2. Create.
    const created = await this.step('create', entry.name, () => source.create(), { source: source.label });
    if (!created.ok) {
      return { ...result, status: 'failed', exit: 3, failedStep: 'create', reason: `${source.label}: ${created.error} (no sink was changed)` };
    }
    const value: Created = created.value;
    result.facts = { ...value.facts };
    log(`${entry.name}: new value created by ${source.label}`);

    // 3. Set, 4. verify.
    const attempts = this.opts.setAttempts ?? 3;
    const delay = this.opts.retryDelayMs ?? 1000;
    for (const [i, s] of sinks.entries()) {
      const r = result.sinks[i]!;
      const target = `${s.store.label}/${s.spec.name}`;
      let lastError = '';
      for (let attempt = 1; attempt <= attempts && !r.ok; attempt++) {
        const t = Date.now();
        try {
          await s.store.write(s.spec.name, value.value);
          r.ok = true;
          r.reached = 'set';
          this.opts.audit.write({ operation: 'set', target, outcome: 'ok', durationMs: Date.now() - t, detail: { entry: entry.name, step: 'set', sink: s.store.label, attempt } });
        } catch (err) {
          lastError = redact(describeError(err));
          this.opts.audit.write({ operation: 'set', target, outcome: 'failed', durationMs: Date.now() - t, detail: { entry: entry.name, step: 'set', sink: s.store.label, attempt, error: (err as Error).name ?? 'Error' } });
          if (attempt < attempts) await new Promise((res) => setTimeout(res, delay * 2 ** (attempt - 1)));
        }
      }
      if (!r.ok) r.error = lastError;
    }
    for (const [i, s] of sinks.entries()) {
      const r = result.sinks[i]!;
      if (!r.ok) continue;
      const v = await this.step('verify', entry.name, () => s.store.verify(s.spec.name, value.value), { sink: s.store.label });
      if (v.ok) {
        r.reached = 'verify';
        r.verifiedBy = v.value;
      } else {
        r.ok = false;
        r.error = v.error;
      }
    }
    const failed = result.sinks.filter((r) => !r.ok);
    if (failed.length > 0) {
      const where = failed.map((f) => `${f.label} (${f.name}): ${f.error ?? 'failed'}`).join('; ');
      const kept = result.sinks.filter((r) => r.ok).map((r) => r.label);
      const keptText = kept.length ? `the new value stays in ${kept.join(', ')}` : 'no sink holds the new value';
      const stepName: Step = failed.some((f) => f.reached === 'set') ? 'verify' : 'set';
      if (this.opts.recoveryPublicKey) {
        this.unplaced[entry.name] = value.value;
        const rec = await this.step('set', entry.name, () =>
          writeRecoveryFile(this.opts.recoveryFile, this.opts.recoveryPublicKey!, { ...this.unplaced }, { command: 'hardline rotate', entries: Object.keys(this.unplaced).join(',') }),
          { sink: 'recovery-file' },
        );
        if (rec.ok) {
          return {
            ...result,
            status: 'failed',
            exit: 3,
            failedStep: stepName,
            recoveryFile: this.opts.recoveryFile,
            reason: `${where}; ${keptText}, and it is sealed to the recovery key in ${this.opts.recoveryFile}; the old value was NOT invalidated`,
          };
        }
        return { ...result, status: 'failed', exit: 3, failedStep: stepName, reason: `${where}; ${keptText}; writing the recovery file ${this.opts.recoveryFile} ALSO failed: ${rec.error}` };
      }
      return { ...result, status: 'failed', exit: 3, failedStep: stepName, reason: `${where}; ${keptText}; the old value was NOT invalidated (${result.overlap})` };
    }

    // 5. Finish.
    const fin = await this.step('finish', entry.name, () => source.finish(value), { source: source.label });
    if (!fin.ok) {
      return { ...result, status: 'failed', exit: 3, failedStep: 'finish', reason: `every sink holds and verified the new value, but finishing failed: ${fin.error}` };
    }
    result.finished = fin.value;
    log(`${entry.name}: rotated into ${result.sinks.map((s) => s.label).join(', ')}; ${fin.value}`);
    return { ...result, status: 'rotated', exit: 0 };
  }
}
