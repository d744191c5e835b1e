/**
 * Makes exactly the writes of the plan, in dependency order (mounts & auth → policies → approles →
 * db connections → static roles → kv, then deletes in the reverse order), each tier with bounded
 * concurrency. Every write is recorded in the audit log (object, action, outcome; never a value).
 * A failure stops before the next tier: the result says what was applied, what failed and what
 * was not attempted, and a rerun converges because the next plan starts from the live state.
 */
import type { AuditLog } from '@hardline/core';
import type { VaultApi } from './live';
import { KINDS, type PlanEntry, type Plan } from './model';

export interface ApplyFailure {
  entry: PlanEntry;
  error: Error;
}

export interface ApplyResult {
  applied: PlanEntry[];
  failed: ApplyFailure[];
  notAttempted: PlanEntry[];
  writes: number;
}

export function tiers(plan: Plan): PlanEntry[][] {
  const pending = plan.entries.filter((e) => e.writes.length > 0 && (e.action === 'create' || e.action === 'update' || e.action === 'delete'));
  const out: PlanEntry[][] = [];
  for (const kind of KINDS) {
    const tier = pending.filter((e) => e.kind === kind && e.action !== 'delete');
    if (tier.length) out.push(tier);
  }
  for (const kind of [...KINDS].reverse()) {
    const tier = pending.filter((e) => e.kind === kind && e.action === 'delete');
    if (tier.length) out.push(tier);
  }
  return out;
}

export async function applyPlan(vault: VaultApi, plan: Plan, audit: AuditLog, opts: { concurrency: number }): Promise<ApplyResult> {
  const result: ApplyResult = { applied: [], failed: [], notAttempted: [], writes: 0 };
  const all = tiers(plan);
  for (let t = 0; t < all.length; t++) {
    if (result.failed.length > 0) {
      result.notAttempted.push(...all[t]);
      continue;
    }
    const tier = all[t];
    let next = 0;
    const worker = async () => {
      while (next < tier.length) {
        const entry = tier[next++];
        try {
          await applyEntry(vault, entry, audit, () => result.writes++);
          result.applied.push(entry);
        } catch (err) {
          result.failed.push({ entry, error: err instanceof Error ? err : new Error(String(err)) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency, tier.length) }, worker));
  }
  return result;
}

async function applyEntry(vault: VaultApi, entry: PlanEntry, audit: AuditLog, counted: () => void): Promise<void> {
  for (const w of entry.writes) {
    const detail: Record<string, string> = { object: entry.id, action: entry.action };
    if (entry.changes.length && entry.action === 'update') detail.fields = entry.changes.map((c) => c.field).join(',');
    await audit.time(
      w.method === 'delete' ? 'vault-delete' : 'vault-write',
      w.path,
      async () => {
        if (w.method === 'delete') await vault.delete(w.path);
        else await vault.write(w.path, w.body);
        counted();
      },
      detail,
    );
  }
}
