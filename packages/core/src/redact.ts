/**
 * The one place secret values are remembered so every output path can remove them.
 * `mask()` (mask.ts) feeds it; writers (platform logs, report files, audit log) call `redact()`.
 */
const secrets = new Set<string>();
let pattern: RegExp | null = null;

export const REDACTED = '***';

/** Values shorter than this are not registered on their own: masking "a" would blank every log. */
export const MIN_SECRET_LENGTH = 4;

export function registerSecret(value: string): void {
  for (const part of secretParts(value)) {
    if (!secrets.has(part)) {
      secrets.add(part);
      pattern = null;
    }
  }
}

/** A multi-line value is registered whole and line by line (GHSA-4mgv-m5cm-f9h7). */
export function secretParts(value: string): string[] {
  const parts = new Set<string>();
  if (value.length >= MIN_SECRET_LENGTH) parts.add(value);
  for (const line of value.split(/\r?\n/)) {
    const t = line.trim();
    if (t.length >= MIN_SECRET_LENGTH) parts.add(t);
  }
  return [...parts];
}

export function redact(text: string): string {
  if (secrets.size === 0 || text.length === 0) return text;
  if (!pattern) {
    const sorted = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    pattern = new RegExp(sorted.join('|'), 'g');
  }
  return text.replace(pattern, REDACTED);
}

export function isRegisteredSecret(value: string): boolean {
  return secrets.has(value);
}

/** For tests only: forget every registered secret. */
export function clearSecretsForTests(): void {
  secrets.clear();
  pattern = null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
