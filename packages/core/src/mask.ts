/**
 * The one masking path: registers a secret with the CLI's own output filter (redact.ts) and with
 * the platform (GitHub `::add-mask::` for the value and each of its lines). Call it the moment a
 * secret value exists: read from an input, returned by Vault, minted, generated.
 */
import { registerSecret, secretParts } from './redact';

type PlatformMasker = (part: string) => void;
let platformMasker: PlatformMasker | null = null;

/** Set by the active platform (platform/github.ts); the CLI and GitLab rely on redaction alone. */
export function setPlatformMasker(fn: PlatformMasker | null): void {
  platformMasker = fn;
}

export function mask<T extends string | undefined>(value: T): T {
  if (value === undefined || value === '') return value;
  registerSecret(value);
  if (platformMasker) for (const part of secretParts(value)) platformMasker(part);
  return value;
}
