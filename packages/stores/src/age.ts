/**
 * The credential-age audit: one finding per stored secret older than its maximum age.
 * GitHub secrets and Vault KV carry a last-update time; GitLab variables carry none, so their
 * age is the time of the last successful rotation recorded in the audit log ("set" operations
 * with target "<store label>/<name>"), and the finding says so.
 */
import { fingerprint, readAuditLog, ruleHelpUri, type Finding, type RuleMeta } from '@hardline/core';
import type { SecretStore } from './types';

const DAY_MS = 86_400_000;
export const PREFLIGHT_PREFIX = 'HARDLINE_PREFLIGHT_';

export const AGE_RULES: RuleMeta[] = [
  {
    id: 'secret-too-old',
    title: 'Secret older than its maximum age',
    help:
      'A stored credential has not been replaced within its maximum age. Rotate it (hardline rotate) so that a leaked copy stops working; ' +
      'for GitLab variables the age is taken from the last rotation in the audit log.',
    helpUri: ruleHelpUri('stores', 'secret-too-old'),
    defaultSeverity: 'error',
    tags: ['secrets', 'rotation'],
  },
  {
    id: 'secret-age-unknown',
    title: 'Secret age unknown',
    help:
      'The store keeps no timestamp for this secret (GitLab CI/CD variables) and the audit log holds no successful rotation of it, ' +
      'so its age cannot be told. Rotate it with hardline (which records the rotation in the audit log) and keep that log.',
    helpUri: ruleHelpUri('stores', 'secret-age-unknown'),
    defaultSeverity: 'warning',
    tags: ['secrets', 'rotation'],
  },
];

export interface SecretAgeOptions {
  /** Default maximum age in days. */
  maxAgeDays: number;
  /** Per-name maximum ages overriding maxAgeDays. */
  maxAgeDaysByName?: Record<string, number>;
  /** Only these names (GitHub names compare case-insensitively); default every secret in each store. */
  names?: string[];
  /** JSONL audit log of earlier rotations: the age source for stores without timestamps. */
  auditLogFile?: string;
  now?: Date;
}

export async function secretAges(stores: SecretStore[], opts: SecretAgeOptions): Promise<Finding[]> {
  const now = (opts.now ?? new Date()).getTime();
  const lastSet = opts.auditLogFile ? lastSuccessfulSets(opts.auditLogFile) : new Map<string, Date>();
  const wanted = opts.names && opts.names.length > 0 ? opts.names : undefined;
  const findings: Finding[] = [];

  for (const store of stores) {
    const entries = (await store.list()).filter((e) => !e.name.startsWith(PREFLIGHT_PREFIX));
    for (const entry of entries) {
      const requested = wanted ? matchName(wanted, entry.name) : entry.name;
      if (requested === undefined) continue;
      const maxAgeDays = opts.maxAgeDaysByName?.[requested] ?? opts.maxAgeDaysByName?.[entry.name] ?? opts.maxAgeDays;
      const props = { store: store.label, name: entry.name };
      let since = entry.updatedAt;
      let source: 'updated_at' | 'audit-log' = 'updated_at';
      if (!since) {
        since = lastSet.get(`${store.label}/${entry.name}`);
        source = 'audit-log';
      }
      if (!since) {
        findings.push({
          ruleId: 'secret-age-unknown',
          severity: 'warning',
          message:
            `${entry.name} in ${store.label}: age unknown — this store keeps no timestamp on its entries and ` +
            (opts.auditLogFile
              ? `the audit log ${opts.auditLogFile} records no successful rotation of it`
              : 'no audit log of earlier rotations was given'),
          fingerprint: fingerprint('secret-age-unknown', store.label, entry.name),
          properties: { ...props, maxAgeDays },
        });
        continue;
      }
      const ageMs = now - since.getTime();
      if (ageMs <= maxAgeDays * DAY_MS) continue;
      const ageDays = Math.floor(ageMs / DAY_MS);
      const basis =
        source === 'audit-log'
          ? ` (this store keeps no timestamp on its entries: age from the last rotation recorded in the audit log, ${since.toISOString()})`
          : ` (last updated ${since.toISOString()})`;
      findings.push({
        ruleId: 'secret-too-old',
        severity: 'error',
        message: `${entry.name} in ${store.label} is ${ageDays} days old, older than the maximum of ${maxAgeDays} days${basis}`,
        fingerprint: fingerprint('secret-too-old', store.label, entry.name),
        properties: { ...props, ageDays, maxAgeDays, source },
      });
    }
  }
  return findings;
}

function matchName(wanted: string[], name: string): string | undefined {
  return wanted.find((w) => w === name) ?? wanted.find((w) => w.toUpperCase() === name.toUpperCase());
}

/** target → time of the latest 'set' with outcome 'ok'. */
function lastSuccessfulSets(file: string): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const e of readAuditLog(file)) {
    if (e.operation !== 'set' || e.outcome !== 'ok') continue;
    const at = new Date(e.timestamp);
    if (Number.isNaN(at.getTime())) continue;
    const prev = out.get(e.target);
    if (!prev || prev < at) out.set(e.target, at);
  }
  return out;
}
