/**
 * Initialising a rebuilt Vault so that its unseal keys and root token go straight into a secret
 * store and nowhere else: the store is proven writable first, then Vault is initialised, then every
 * value is written and verified. If storing fails once Vault has returned the keys, they are sealed
 * into a recovery file (libsodium sealed box to the recovery public key) so they are never lost.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError, mask, OperationalError } from '@hardline/core';
import { checkRecoveryPublicKey, writeRecoveryFile, type SecretStore } from '@hardline/stores';
import type { InitResponse, SealStatus, VaultClient } from './client';

export interface InitOptions {
  shares: number;
  threshold: number;
  /** Base64 PGP public keys, one per share (Vault's pgp_keys): the stored keys are then PGP-encrypted. */
  pgpKeys?: string[];
  rootTokenPgpKey?: string;
  keyFormat: 'hex' | 'base64';
  /** Names of the keys in the store: <prefix>1..N. */
  keyNamePrefix: string;
  rootTokenName: string;
  recoveryPublicKey: string;
  recoveryFile: string;
  timeoutSec: number;
  log?: (message: string) => void;
}

export type InitOutcome =
  | { outcome: 'already-initialized'; status: SealStatus }
  | { outcome: 'initialized'; status: SealStatus; names: string[]; verified: Array<'read-back' | 'updated-at'> };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks the seal configuration and names as Vault and the stores would, before anything happens. */
export function validateInitOptions(opts: InitOptions): void {
  if (opts.shares < 1 || opts.shares > 255) throw new ConfigurationError(`secret-shares: expected 1 to 255, got ${opts.shares}`);
  if (opts.threshold < 1 || opts.threshold > opts.shares) {
    throw new ConfigurationError(`secret-threshold: expected 1 to secret-shares (${opts.shares}), got ${opts.threshold}`);
  }
  if (opts.shares > 1 && opts.threshold === 1) {
    throw new ConfigurationError('secret-threshold: Vault requires a threshold greater than 1 when there is more than one share', {}, 'use secret-shares 1 with threshold 1, or a threshold of at least 2');
  }
  if (opts.pgpKeys && opts.pgpKeys.length > 0 && opts.pgpKeys.length !== opts.shares) {
    throw new ConfigurationError(`pgp-keys: Vault needs exactly one PGP key per share (secret-shares ${opts.shares}), got ${opts.pgpKeys.length}`);
  }
  for (const name of [...keyNames(opts), opts.rootTokenName]) {
    if (!NAME.test(name)) {
      throw new ConfigurationError(`"${name}" is not a valid secret or variable name: expected letters, digits and underscores, not starting with a digit`, {}, 'check key-name-prefix and root-token-name');
    }
    if (/^GITHUB_/i.test(name)) throw new ConfigurationError(`"${name}": GitHub secret names cannot start with GITHUB_`, {}, 'check key-name-prefix and root-token-name');
  }
  if (!opts.recoveryPublicKey || !/^[A-Za-z0-9+/]{43}=$/.test(opts.recoveryPublicKey.trim())) {
    throw new ConfigurationError(
      'recovery-public-key: expected the base64 of a 32-byte X25519 public key (44 characters ending in "=")',
      {},
      'create a key pair once (`hardline recovery keygen`, or libsodium crypto_box_keypair), keep the private half offline and pass the public half here',
    );
  }
}

export function keyNames(opts: Pick<InitOptions, 'shares' | 'keyNamePrefix'>): string[] {
  return Array.from({ length: opts.shares }, (_, i) => `${opts.keyNamePrefix}${i + 1}`);
}

/** Proves the recovery file can be written where asked, before Vault is touched. */
export function checkRecoveryFileWritable(file: string): void {
  const dir = path.dirname(path.resolve(file));
  const probe = path.join(dir, `.hardline-recovery-probe-${process.pid}-${Date.now()}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(probe, '', { mode: 0o600, flag: 'wx' });
    fs.unlinkSync(probe);
  } catch (err) {
    throw new ConfigurationError(`recovery-file: cannot write in ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file }, 'point recovery-file at a writable directory (e.g. the workspace, kept as an artifact)');
  }
}

/**
 * Initialises Vault at `client` and stores its keys. Already initialised → returns without touching
 * anything (no store is written, not even the preflight entry).
 */
export async function initVault(client: VaultClient, store: SecretStore, opts: InitOptions): Promise<InitOutcome> {
  const log = opts.log ?? (() => undefined);
  const addr = client.where;
  validateInitOptions(opts);
  // Decoded as writeRecoveryFile will, before Vault exists: a key libsodium refuses would lose the keys.
  await checkRecoveryPublicKey(opts.recoveryPublicKey, 'recovery-public-key');
  const status = await client.waitUntilReachable(opts.timeoutSec, (reason) => log(`${addr}: waiting for Vault to answer (${reason.split('\n')[0]})`));
  if (status.initialized) {
    log(`${addr}: already initialised; nothing was changed`);
    return { outcome: 'already-initialized', status };
  }
  checkRecoveryFileWritable(opts.recoveryFile);
  log(`checking that ${store.label} is writable`);
  await store.preflight();

  log(`${addr}: initialising (${opts.shares} shares, threshold ${opts.threshold})`);
  let init: InitResponse;
  try {
    init = await client.init({
      secret_shares: opts.shares,
      secret_threshold: opts.threshold,
      ...(opts.pgpKeys && opts.pgpKeys.length > 0 ? { pgp_keys: opts.pgpKeys } : {}),
      ...(opts.rootTokenPgpKey ? { root_token_pgp_key: opts.rootTokenPgpKey } : {}),
    });
  } catch (err) {
    if (err instanceof OperationalError) {
      throw new OperationalError(
        `Vault at ${addr} could not be initialised: ${err.message}`,
        err.tried,
        'if the request may have reached Vault, check `GET /v1/sys/init`: an initialised Vault whose keys were not returned must be wiped and initialised again',
      );
    }
    throw err;
  }
  const keys = pickKeys(init, opts);
  keys.forEach((k) => mask(k));
  mask(init.root_token);
  const names = keyNames(opts);
  const entries: Record<string, string> = {};
  names.forEach((n, i) => (entries[n] = keys[i]));
  entries[opts.rootTokenName] = init.root_token;

  const verified: Array<'read-back' | 'updated-at'> = [];
  try {
    for (const [name, value] of Object.entries(entries)) {
      await store.write(name, value);
      verified.push(await store.verify(name, value));
      log(`stored ${name} in ${store.label}`);
    }
  } catch (err) {
    const why = err instanceof OperationalError || err instanceof ConfigurationError ? err.message : 'unexpected error';
    try {
      await writeRecoveryFile(opts.recoveryFile, opts.recoveryPublicKey, entries, {
        command: 'vault init',
        vault: addr,
        store: store.label,
        shares: String(opts.shares),
        threshold: String(opts.threshold),
        reason: 'storing the keys failed',
      });
    } catch (recoveryErr) {
      throw new OperationalError(
        `Vault at ${addr} was initialised, but storing its keys in ${store.label} failed (${why}) AND the recovery file ${opts.recoveryFile} could not be written (${(recoveryErr as Error).message}): the keys are lost`,
        [`write and verify ${Object.keys(entries).join(', ')} in ${store.label}`, `write recovery file ${opts.recoveryFile}`],
        'wipe the Vault storage backend and run vault init again',
      );
    }
    throw new OperationalError(
      `Vault at ${addr} was initialised, but storing its keys in ${store.label} failed (${why}); all ${keys.length} unseal keys and the root token are in the recovery file ${path.resolve(opts.recoveryFile)}, sealed to the recovery public key`,
      [`write and verify ${Object.keys(entries).join(', ')} in ${store.label}`],
      'keep the recovery file (upload it as an artifact), fix the store access, then run `hardline recovery restore` with the recovery private key to write them into the store',
    );
  }
  const after = await client.sealStatus();
  return { outcome: 'initialized', status: after, names: Object.keys(entries), verified };
}

function pickKeys(init: InitResponse, opts: InitOptions): string[] {
  // With pgp_keys Vault returns each key PGP-encrypted (base64) in `keys`; keys_base64 is then the same.
  if (opts.pgpKeys && opts.pgpKeys.length > 0) return init.keys;
  return opts.keyFormat === 'base64' ? init.keys_base64 : init.keys;
}
