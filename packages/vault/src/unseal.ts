/**
 * Unsealing one Vault node with Shamir key shares: wait until it answers, then send keys one at a
 * time only until it is unsealed, never more than the threshold per unseal attempt. Keys are
 * named by their label ("unseal key #2", "VAULT_UNSEAL_KEY_2"), never by their value.
 */
import { ConfigurationError, mask, OperationalError } from '@hardline/core';
import { VaultError, type SealStatus, type VaultClient } from './client';
import { findBadShares } from './shamir';

export interface UnsealKey {
  /** How the user names this key: "unseal key #2" or "VAULT_UNSEAL_KEY_2". Never the value. */
  label: string;
  value: string;
}

export type UnsealOutcome = 'unsealed' | 'already-unsealed' | 'failed';
export type UnsealFailure = 'unreachable' | 'not-initialized' | 'too-few-keys' | 'invalid-key' | 'interrupted' | 'error';

export interface NodeResult {
  addr: string;
  outcome: UnsealOutcome;
  /** The last seal status read from the node, if any. */
  status?: SealStatus;
  /** Keys sent to this node in total. */
  keysSent: number;
  failure?: UnsealFailure;
  error?: OperationalError | ConfigurationError;
  /** Keys found locally not to be shares of the same key as the others (labels): never sent. */
  badKeys?: string[];
}

export interface UnsealOptions {
  /** How long to wait for the node to answer at all, in seconds. */
  timeoutSec: number;
  /** Progress messages for the log (no secrets). */
  log?: (message: string) => void;
  /** Times an unseal attempt interrupted by someone else (nonce changed, reset) is started over. Default 3. */
  maxRestarts?: number;
}

const MIN_KEY_BYTES = 16;
const MAX_KEY_BYTES = 33;

/**
 * Decodes a key as Vault does (hex first, then standard base64) and checks its length, so that a
 * malformed key is named before anything is sent. Throws ConfigurationError naming the label.
 */
export function decodeUnsealKey(key: UnsealKey): Buffer {
  const v = key.value.trim();
  let bytes: Buffer | undefined;
  if (/^(?:[0-9a-fA-F]{2})+$/.test(v)) bytes = Buffer.from(v, 'hex');
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length % 4 === 0) bytes = Buffer.from(v, 'base64');
  if (!bytes) {
    throw new ConfigurationError(
      `${key.label} is neither hex nor base64 (expected one of the "keys" or "keys_base64" values Vault's init returned)`,
      {},
      'check that the CI secret holds the whole key, without quotes or extra characters',
    );
  }
  if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
    throw new ConfigurationError(
      `${key.label} decodes to ${bytes.length} bytes; Vault unseal keys are ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes (a 32-byte key plus one byte per Shamir share)`,
      {},
      'check that the CI secret holds the whole key',
    );
  }
  return bytes;
}

/** Decodes every key (ConfigurationError naming a malformed one) and rejects the same key given twice. */
export function checkUnsealKeys(keys: readonly UnsealKey[]): Buffer[] {
  const decoded = keys.map(decodeUnsealKey);
  for (let i = 0; i < decoded.length; i++) {
    for (let j = 0; j < i; j++) {
      if (decoded[i].equals(decoded[j])) {
        throw new ConfigurationError(`${keys[j].label} and ${keys[i].label} are the same key (one in hex, one in base64, or repeated)`, {}, 'give each key share once');
      }
    }
  }
  return decoded;
}

/** Keys from a list input (labels "unseal key #i"), each masked at once. */
export function keysFromList(values: readonly string[]): UnsealKey[] {
  return values.map((value, i) => ({ label: `unseal key #${i + 1}`, value: mask(value) }));
}

/**
 * Keys from VAULT_UNSEAL_KEY_1..N (names from `prefix`): every set variable numbered 1 to 255,
 * in order, each masked the moment it is read.
 */
export function keysFromEnv(env: NodeJS.ProcessEnv, prefix = 'VAULT_UNSEAL_KEY_'): UnsealKey[] {
  const keys: UnsealKey[] = [];
  for (let i = 1; i <= 255; i++) {
    const name = `${prefix}${i}`;
    const v = env[name];
    if (v !== undefined && v.trim() !== '') keys.push({ label: name, value: mask(v.replace(/\r?\n$/, '')) });
  }
  return keys;
}

/** Unseals one node. Never throws for the node's own failures: they are returned in the result. */
export async function unsealNode(client: VaultClient, keys: readonly UnsealKey[], opts: UnsealOptions): Promise<NodeResult> {
  const addr = client.where;
  const log = opts.log ?? (() => undefined);
  let keysSent = 0;
  let status: SealStatus | undefined;
  const fail = (failure: UnsealFailure, error: OperationalError | ConfigurationError): NodeResult => ({ addr, outcome: 'failed', status, keysSent, failure, error });
  try {
    status = await client.waitUntilReachable(opts.timeoutSec, (reason) => log(`${addr}: waiting for Vault to answer (${reason.split('\n')[0]})`));
  } catch (err) {
    if (err instanceof OperationalError || err instanceof ConfigurationError) return fail('unreachable', err);
    throw err;
  }
  try {
    if (!status.initialized) {
      return fail(
        'not-initialized',
        new OperationalError(`Vault at ${addr} is not initialised: there is nothing to unseal`, [`GET ${addr}/v1/sys/seal-status → initialized=false`], 'initialise it first with `hardline vault init` (or the vault-init action / GitLab component)'),
      );
    }
    if (!status.sealed) {
      log(`${addr}: already unsealed; no key sent`);
      return { addr, outcome: 'already-unsealed', status, keysSent };
    }
    const threshold = status.t;
    if (keys.length < threshold) {
      return fail(
        'too-few-keys',
        new ConfigurationError(`Vault at ${addr} needs ${threshold} unseal keys (threshold ${threshold} of ${status.n}), but only ${keys.length} were given`, {}, 'pass at least the threshold number of keys in unseal-keys or VAULT_UNSEAL_KEY_1..N'),
      );
    }
    // With threshold+2 keys or more, a key that is not a share of the same key as the others can be
    // found locally: it is named and left out rather than sent.
    let usable = keys;
    let badKeys: string[] | undefined;
    if (threshold >= 2 && keys.length >= threshold + 2) {
      let decoded: Buffer[] | undefined;
      try {
        decoded = keys.map(decodeUnsealKey);
      } catch {
        decoded = undefined;
      }
      const bad = decoded ? findBadShares(decoded, threshold) : undefined;
      if (bad && bad.length > 0) {
        badKeys = bad.map((i) => keys[i].label);
        usable = keys.filter((_, i) => !bad.includes(i));
        log(`${addr}: ${badKeys.join(', ')} is not a share of the same key as the other keys; it is left out`);
      }
    }
    const done = (r: NodeResult): NodeResult => (badKeys ? { ...r, badKeys } : r);
    if (status.progress > 0) {
      log(`${addr}: discarding an unfinished unseal attempt (${status.progress}/${threshold} keys) before starting`);
      status = await client.resetUnseal();
      if (!status.sealed) return done({ addr, outcome: 'unsealed', status, keysSent });
    }
    const maxRestarts = opts.maxRestarts ?? 3;
    for (let restart = 0; restart <= maxRestarts; restart++) {
      let nonce = '';
      let progress = status.progress;
      const sent: UnsealKey[] = [];
      let interrupted = false;
      for (const key of usable) {
        if (sent.length >= threshold) break;
        const before = sent.length;
        try {
          status = await client.unseal(key.value);
        } catch (err) {
          if (err instanceof VaultError && err.status >= 400 && err.status < 500 && err.status !== 403 && err.status !== 429) {
            keysSent++;
            sent.push(key);
            await client.resetUnseal().catch(() => undefined);
            return done(fail('invalid-key', invalidKeyError(addr, sent, before + 1 < threshold, err)));
          }
          if (err instanceof VaultError && err.status === 500 && /combined key|shares/i.test(err.errors.join(' '))) {
            keysSent++;
            sent.push(key);
            await client.resetUnseal().catch(() => undefined);
            return done(fail('invalid-key', invalidKeyError(addr, sent, false, err)));
          }
          throw err;
        }
        keysSent++;
        sent.push(key);
        if (!status.sealed) {
          log(`${addr}: unsealed with ${sent.length} of ${threshold} keys`);
          return done({ addr, outcome: 'unsealed', status, keysSent });
        }
        log(`${addr}: key ${sent.length} of ${threshold} accepted (progress ${status.progress}/${status.t})`);
        if (nonce === '') nonce = status.nonce;
        if (status.progress <= progress || status.nonce !== nonce) {
          interrupted = true;
          break;
        }
        progress = status.progress;
      }
      // Someone else reset or completed the attempt, or submitted some of the same keys.
      status = await client.sealStatus();
      if (!status.sealed) {
        log(`${addr}: unsealed (completed by another unseal attempt)`);
        return done({ addr, outcome: 'unsealed', status, keysSent });
      }
      log(`${addr}: the unseal attempt was ${interrupted ? 'reset or replaced by someone else' : 'not completed'} (progress ${status.progress}/${status.t}); starting over`);
      if (status.progress > 0) status = await client.resetUnseal();
    }
    return fail(
      'interrupted',
      new OperationalError(`Vault at ${addr} is still sealed: the unseal attempt was reset or replaced by someone else ${maxRestarts + 1} times`, [`PUT ${addr}/v1/sys/unseal (${keysSent} keys in total)`], 'another process is unsealing this node at the same time; run again once it has finished'),
    );
  } catch (err) {
    if (err instanceof OperationalError || err instanceof ConfigurationError) return fail('error', err);
    throw err;
  }
}

function invalidKeyError(addr: string, sent: readonly UnsealKey[], single: boolean, err: VaultError): ConfigurationError {
  const vaultSays = err.errors.join('; ') || `HTTP ${err.status}`;
  if (single) {
    const key = sent[sent.length - 1];
    return new ConfigurationError(`Vault at ${addr} rejected ${key.label} (Vault: ${vaultSays}); the unseal progress was reset`, {}, `replace ${key.label} with one of the keys this Vault's init returned`);
  }
  return new ConfigurationError(
    `Vault at ${addr} could not unseal with ${sent.map((k) => k.label).join(', ')}: together they do not recombine to its key (Vault: ${vaultSays}); the unseal progress was reset`,
    {},
    'at least one of these keys is wrong or belongs to another Vault (a rebuild changes every key)',
  );
}
