/**
 * The one masking path: registers a secret with the CLI's own output filter (redact.ts) and with
 * the platform (GitHub `::add-mask::` for the value and each of its lines). Call it the moment a
 * secret value exists: read from an input, returned by Vault, minted, generated.
 */
import { isRegisteredSecret, registerSecret, secretParts } from './redact';

type PlatformMasker = (part: string) => void;
let platformMasker: PlatformMasker | null = null;

/** Set by the active platform (platform/github.ts); the CLI and GitLab rely on redaction alone. */
export function setPlatformMasker(fn: PlatformMasker | null): void {
  platformMasker = fn;
}

export function mask<T extends string | undefined>(value: T): T {
  if (value === undefined || value === '') return value;
  // Each part is announced to the platform once, however often the value is masked again.
  const fresh = secretParts(value).filter((part) => !isRegisteredSecret(part));
  registerSecret(value);
  if (platformMasker) for (const part of fresh) platformMasker(part);
  return value;
}
