/**
 * TEST SERVER for hardline's tests, not Vault: the Vault test server's core — initialisation,
 * the Shamir unseal process, sealing, and access to the state behind the barrier.
 *
 * Follows vault/core.go: key shares are collected (a repeated share is silently ignored, as
 * Vault does) until the threshold is met; the shares are then combined and the result must
 * decrypt the stored root key. A wrong combination fails with Vault's 400 "invalid key" error and
 * the unseal attempt starts over. A threshold of 1 uses the single 32-byte key directly.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { combine, split } from '../shamir';
import { decrypt, DecryptError, emptyPersistedState, encrypt, freshData, readPersistedState, writePersistedState, type PersistedState } from './state';
import type { InitResult, VaultData, VaultStateView } from './types';
import { badRequest, newToken, VaultHttpError } from './util';

export const SEALED_ERROR = 'Vault is sealed';
/** AES key sizes Vault's barrier accepts, plus the one-byte Shamir tag. */
const MIN_KEY = 16;
const MAX_KEY = 33;

export interface SealStatus {
  type: 'shamir';
  initialized: boolean;
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  version: string;
  build_date: string;
  migration: boolean;
  cluster_name?: string;
  cluster_id?: string;
  recovery_seal: boolean;
  storage_type: string;
}

export class VaultCore {
  private persisted: PersistedState;
  private rootKey: Buffer | null = null;
  private unsealed: VaultData | null = null;
  private unlock: { parts: Buffer[]; nonce: string } | null = null;
  private dirty = false;

  constructor(
    private readonly stateFile: string | undefined,
    readonly version: string,
  ) {
    this.persisted = stateFile ? readPersistedState(stateFile) : emptyPersistedState();
  }

  get initialized(): boolean {
    return this.persisted.seal !== null;
  }

  get sealed(): boolean {
    return this.unsealed === null;
  }

  /** The state behind the barrier; throws Vault's 503 while sealed. */
  get data(): VaultData {
    if (!this.unsealed) throw new VaultHttpError(503, [SEALED_ERROR]);
    return this.unsealed;
  }

  /** Marks the state changed; the server persists it when the request finishes. */
  touch(): void {
    this.dirty = true;
  }

  initialize(shares: number, threshold: number): InitResult {
    if (this.initialized) throw badRequest('Vault is already initialized');
    const invalid = validateSealConfig(shares, threshold);
    if (invalid) throw badRequest(`invalid seal configuration: ${invalid}`);

    const unsealKey = randomBytes(32);
    const rootKey = randomBytes(32);
    const rootToken = newToken();
    const keys = shares === 1 ? [Buffer.from(unsealKey)] : split(unsealKey, shares, threshold).map((share) => Buffer.from(share));
    this.persisted = {
      format: 'hardline-vault-test-server/1',
      seal: { shares, threshold },
      keyring: encrypt(unsealKey, rootKey),
      barrier: encrypt(rootKey, Buffer.from(JSON.stringify(freshData(rootToken)))),
    };
    this.writeFile();
    return { keys: keys.map((key) => key.toString('hex')), keysBase64: keys.map((key) => key.toString('base64')), rootToken };
  }

  /** One unseal key share, already decoded from hex/base64. Returns when it has been accepted. */
  submitUnsealKey(key: Buffer): void {
    const config = this.persisted.seal;
    if (!config) throw badRequest('Vault is not initialized');
    if (key.length < MIN_KEY) throw badRequest(`invalid key: key is shorter than minimum ${MIN_KEY} bytes`);
    if (key.length > MAX_KEY) throw badRequest(`invalid key: key is longer than maximum ${MAX_KEY} bytes`);
    if (!this.sealed) return;

    if (this.unlock?.parts.some((part) => part.equals(key))) return;
    this.unlock ??= { parts: [], nonce: randomUUID() };
    this.unlock.parts.push(key);
    if (this.unlock.parts.length < config.threshold) return;

    const parts = this.unlock.parts;
    this.unlock = null;
    let combined: Buffer;
    try {
      combined = config.threshold === 1 ? parts[0] : Buffer.from(combine(parts));
    } catch (error) {
      throw new VaultHttpError(500, [`failed to compute combined key: ${(error as Error).message}`]);
    }
    if (combined.length !== 32) {
      throw badRequest(`invalid key: failed to setup unseal key: crypto/aes: invalid key size ${combined.length}`);
    }
    this.openBarrier(combined);
  }

  resetUnseal(): void {
    this.unlock = null;
  }

  seal(): void {
    this.rootKey = null;
    this.unsealed = null;
    this.unlock = null;
  }

  /** Persists the state if anything changed since the last save. */
  flush(): void {
    if (!this.dirty || !this.unsealed || !this.rootKey) return;
    this.dirty = false;
    this.persisted = { ...this.persisted, barrier: encrypt(this.rootKey, Buffer.from(JSON.stringify(this.unsealed))) };
    this.writeFile();
  }

  /** What a restarted process sees: the persisted state, sealed. */
  reload(): void {
    this.flush();
    this.seal();
    if (this.stateFile) this.persisted = readPersistedState(this.stateFile);
  }

  sealStatus(): SealStatus {
    const config = this.persisted.seal;
    const status: SealStatus = {
      type: 'shamir',
      initialized: config !== null,
      sealed: this.sealed,
      t: config?.threshold ?? 0,
      n: config?.shares ?? 0,
      progress: this.unlock?.parts.length ?? 0,
      nonce: this.unlock?.nonce ?? '',
      version: this.version,
      build_date: '2025-10-21T19:00:00Z',
      migration: false,
      recovery_seal: false,
      storage_type: this.stateFile ? 'file' : 'inmem',
    };
    if (this.unsealed) {
      status.cluster_name = this.unsealed.clusterName;
      status.cluster_id = this.unsealed.clusterId;
    }
    return status;
  }

  /** A snapshot for assertions: changing it does not change the server. */
  view(): VaultStateView {
    return {
      initialized: this.initialized,
      sealed: this.sealed,
      sealConfig: this.persisted.seal ? { ...this.persisted.seal } : null,
      unsealProgress: this.unlock?.parts.length ?? 0,
      data: this.unsealed ? structuredClone(this.unsealed) : null,
    };
  }

  private openBarrier(unsealKey: Buffer): void {
    const { keyring, barrier } = this.persisted;
    if (!keyring || !barrier) throw new VaultHttpError(500, ['barrier is not initialized']);
    let rootKey: Buffer;
    try {
      rootKey = decrypt(unsealKey, keyring);
    } catch (error) {
      if (error instanceof DecryptError) {
        throw badRequest(`unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: ${error.message}`);
      }
      throw error;
    }
    this.unsealed = JSON.parse(decrypt(rootKey, barrier).toString('utf8')) as VaultData;
    this.rootKey = rootKey;
  }

  private writeFile(): void {
    if (this.stateFile) writePersistedState(this.stateFile, this.persisted);
  }
}

/** SealConfig.Validate's checks and messages. */
export function validateSealConfig(shares: number, threshold: number): string | null {
  if (shares < 1) return 'shares must be at least one';
  if (threshold < 1) return 'threshold must be at least one';
  if (shares > 1 && threshold === 1) return 'threshold must be greater than one for multiple shares';
  if (shares > 255) return 'shares must be less than 256';
  if (threshold > 255) return 'threshold must be less than 256';
  if (threshold > shares) return 'threshold cannot be larger than shares';
  return null;
}
