/**
 * Recovery files: when a store refuses values that exist nowhere else (fresh unseal keys, a rotated
 * credential the source already accepts), they are sealed to a recovery public key (libsodium
 * crypto_box_seal, X25519 + XSalsa20-Poly1305) so only the holder of the private key can read them.
 *
 * File: JSON {format: "hardline-recovery-v1", recipient: <public key, base64>, sealed: <base64>},
 * mode 0600. The sealed plaintext is JSON {entries, context, createdAt}. `context` is for non-secret
 * facts (command, store label, Vault address) and must never hold a secret.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sodium } from './sodium';
import { ConfigurationError, isRegisteredSecret, mask, REDACTED } from '@hardline/core';

export const RECOVERY_FORMAT = 'hardline-recovery-v1';

interface RecoveryFile {
  format: typeof RECOVERY_FORMAT;
  recipient: string;
  sealed: string;
}

interface SealedPayload {
  entries: Record<string, string>;
  context: Record<string, string>;
  createdAt: string;
}

const B64 = () => sodium.base64_variants.ORIGINAL;

function decodeKey(raw: string, what: string, bytes: number): Uint8Array {
  let key: Uint8Array;
  try {
    key = sodium.from_base64(raw.trim(), B64());
  } catch {
    throw new ConfigurationError(`${what}: expected standard base64 (with padding), got something else (${raw.trim().length} characters)`);
  }
  if (key.length !== bytes) {
    throw new ConfigurationError(`${what}: expected base64 of a ${bytes}-byte X25519 key, got ${key.length} bytes`);
  }
  return key;
}

/**
 * Checks a recovery public key exactly as writeRecoveryFile will decode it (libsodium's strict
 * base64, 32 bytes), so a key that would fail only after a secret exists is refused up front.
 */
export async function checkRecoveryPublicKey(raw: string, what = 'recovery public key'): Promise<void> {
  await sodium.ready;
  decodeKey(raw, what, sodium.crypto_box_PUBLICKEYBYTES);
}

/** A fresh X25519 key pair for recovery files; the private key is masked at once. */
export async function generateRecoveryKeypair(): Promise<{ publicKey: string; privateKey: string }> {
  await sodium.ready;
  const pair = sodium.crypto_box_keypair();
  const privateKey = mask(sodium.to_base64(pair.privateKey, B64()));
  return { publicKey: sodium.to_base64(pair.publicKey, B64()), privateKey };
}

/**
 * Seals `entries` to the recipient and writes the file (mode 0600, written to a temporary file then
 * renamed). An existing file at that path is never overwritten: it is kept as `<file>.<n>.bak` first,
 * since it may hold the only copy of earlier keys.
 */
export async function writeRecoveryFile(
  file: string,
  recipientPublicKeyBase64: string,
  entries: Record<string, string>,
  context: Record<string, string>,
): Promise<void> {
  await sodium.ready;
  for (const value of Object.values(entries)) mask(value);
  // Context is for non-secret facts; one that holds a secret is blanked rather than refused, since
  // failing here could lose the only copy of the entries.
  const values = new Set(Object.values(entries));
  const safeContext: Record<string, string> = {};
  for (const [k, v] of Object.entries(context)) safeContext[k] = values.has(v) || isRegisteredSecret(v) ? REDACTED : v;
  const recipient = decodeKey(recipientPublicKeyBase64, 'recovery public key', sodium.crypto_box_PUBLICKEYBYTES);
  const payload: SealedPayload = { entries, context: safeContext, createdAt: new Date().toISOString() };
  const sealed = sodium.crypto_box_seal(sodium.from_string(JSON.stringify(payload)), recipient);
  const body: RecoveryFile = {
    format: RECOVERY_FORMAT,
    recipient: sodium.to_base64(recipient, B64()),
    sealed: sodium.to_base64(sealed, B64()),
  };
  const target = path.resolve(file);
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  await fs.promises.writeFile(tmp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  await fs.promises.chmod(tmp, 0o600);
  if (fs.existsSync(target)) {
    let n = 1;
    while (fs.existsSync(`${target}.${n}.bak`)) n++;
    await fs.promises.rename(target, `${target}.${n}.bak`);
  }
  await fs.promises.rename(tmp, target);
}

/** Opens a recovery file with the recipient's key pair; every value is masked as it comes out. */
export async function openRecoveryFile(
  file: string,
  publicKeyBase64: string,
  privateKeyBase64: string,
): Promise<{ entries: Record<string, string>; context: Record<string, string> }> {
  await sodium.ready;
  mask(privateKeyBase64);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigurationError(`cannot read the recovery file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
  let parsed: Partial<RecoveryFile>;
  try {
    parsed = JSON.parse(text) as Partial<RecoveryFile>;
  } catch {
    throw new ConfigurationError(`not a hardline recovery file: expected JSON with format "${RECOVERY_FORMAT}"`, { file });
  }
  if (parsed.format !== RECOVERY_FORMAT || typeof parsed.sealed !== 'string' || typeof parsed.recipient !== 'string') {
    throw new ConfigurationError(`not a hardline recovery file: expected format "${RECOVERY_FORMAT}" with "recipient" and "sealed"`, { file });
  }
  const publicKey = decodeKey(publicKeyBase64, 'recovery public key', sodium.crypto_box_PUBLICKEYBYTES);
  const privateKey = decodeKey(privateKeyBase64, 'recovery private key', sodium.crypto_box_SECRETKEYBYTES);
  if (sodium.to_base64(publicKey, B64()) !== parsed.recipient) {
    throw new ConfigurationError(
      `this recovery file is sealed to the public key ${parsed.recipient}, not to ${sodium.to_base64(publicKey, B64())}: use the key pair whose public half was given as the recovery key`,
      { file },
    );
  }
  let plain: Uint8Array;
  try {
    plain = sodium.crypto_box_seal_open(sodium.from_base64(parsed.sealed, B64()), publicKey, privateKey);
  } catch {
    throw new ConfigurationError('cannot open the recovery file: the private key does not match its public key, or the file is damaged', { file });
  }
  const payload = JSON.parse(sodium.to_string(plain)) as SealedPayload;
  for (const value of Object.values(payload.entries)) mask(value);
  return { entries: payload.entries, context: payload.context };
}
