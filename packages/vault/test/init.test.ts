import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationError, OperationalError } from '@hardline/core';
import { generateRecoveryKeypair, openRecoveryFile, type SecretStore } from '@hardline/stores';
import type { InitRequest, InitResponse, SealStatus, VaultClient } from '../src/client';
import { checkRecoveryFileWritable, initVault, keyNames, validateInitOptions, type InitOptions } from '../src/init';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-init-'));
const PUB = Buffer.alloc(32, 7).toString('base64');

const options = (over: Partial<InitOptions> = {}): InitOptions => ({
  shares: 5,
  threshold: 3,
  keyFormat: 'hex',
  keyNamePrefix: 'VAULT_UNSEAL_KEY_',
  rootTokenName: 'VAULT_ROOT_TOKEN',
  recoveryPublicKey: PUB,
  recoveryFile: path.join(tmp, 'recovery.json'),
  timeoutSec: 1,
  ...over,
});

const status = (over: Partial<SealStatus> = {}): SealStatus => ({ type: 'shamir', initialized: false, sealed: true, t: 0, n: 0, progress: 0, nonce: '', version: '1.21.0', ...over });

/** Records calls in order so the tests can check that the store is proven writable before init. */
class FakeVault {
  readonly addr = 'http://vault.test:8200';
  readonly where = 'http://vault.test:8200';
  calls: string[] = [];
  constructor(
    private readonly initialized: boolean,
    private readonly log: string[],
  ) {}
  async waitUntilReachable(): Promise<SealStatus> {
    return status({ initialized: this.initialized });
  }
  lastRequest?: InitRequest;
  async init(req: InitRequest): Promise<InitResponse> {
    this.log.push('vault.init');
    this.lastRequest = req;
    const keys = Array.from({ length: req.secret_shares }, (_, i) => `${String(i + 1).repeat(2)}${'a1'.repeat(32)}`);
    return { keys, keys_base64: keys.map((k) => Buffer.from(k, 'hex').toString('base64')), root_token: 'hvs.rootTokenForTestsOnly' };
  }
  async sealStatus(): Promise<SealStatus> {
    return status({ initialized: true, t: 3, n: 5 });
  }
}

class FakeStore implements SecretStore {
  readonly label = 'fake store';
  values = new Map<string, string>();
  constructor(
    private readonly log: string[],
    private readonly failOn?: string,
  ) {}
  async preflight(): Promise<void> {
    this.log.push('store.preflight');
  }
  async write(name: string, value: string): Promise<void> {
    if (name === this.failOn) throw new OperationalError(`fake store: writing ${name} failed`);
    this.log.push(`store.write ${name}`);
    this.values.set(name, value);
  }
  async verify(name: string, value: string): Promise<'read-back'> {
    if (this.values.get(name) !== value) throw new OperationalError('mismatch');
    return 'read-back';
  }
  async list() {
    return [...this.values.keys()].map((name) => ({ name }));
  }
}

describe('validateInitOptions', () => {
  it('accepts the defaults', () => {
    expect(() => validateInitOptions(options())).not.toThrow();
  });
  it('rejects a threshold above the number of shares', () => {
    expect(() => validateInitOptions(options({ threshold: 6 }))).toThrow(/secret-threshold: expected 1 to secret-shares \(5\), got 6/);
  });
  it('rejects threshold 1 with several shares, as Vault does', () => {
    expect(() => validateInitOptions(options({ threshold: 1 }))).toThrow(ConfigurationError);
  });
  it('rejects a PGP key count that differs from the number of shares', () => {
    expect(() => validateInitOptions(options({ pgpKeys: ['a', 'b'] }))).toThrow(/exactly one PGP key per share/);
  });
  it('rejects a name GitHub would refuse', () => {
    expect(() => validateInitOptions(options({ rootTokenName: 'GITHUB_ROOT' }))).toThrow(/cannot start with GITHUB_/);
    expect(() => validateInitOptions(options({ keyNamePrefix: '1KEY-' }))).toThrow(/not a valid secret or variable name/);
  });
  it('rejects a recovery public key that is not a 32-byte base64 key', () => {
    expect(() => validateInitOptions(options({ recoveryPublicKey: 'abc' }))).toThrow(/recovery-public-key/);
  });
});

describe('keyNames', () => {
  it('numbers the keys from 1', () => {
    expect(keyNames({ shares: 3, keyNamePrefix: 'K_' })).toEqual(['K_1', 'K_2', 'K_3']);
  });
});

describe('checkRecoveryFileWritable', () => {
  it('fails with a configuration error when the directory cannot be created', () => {
    const blocker = path.join(tmp, 'a-file');
    fs.writeFileSync(blocker, '');
    expect(() => checkRecoveryFileWritable(path.join(blocker, 'sub', 'r.json'))).toThrow(ConfigurationError);
  });
  it('leaves nothing behind when the directory is writable', () => {
    const dir = path.join(tmp, 'ok');
    checkRecoveryFileWritable(path.join(dir, 'r.json'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('initVault', () => {
  it('touches nothing when Vault is already initialised', async () => {
    const log: string[] = [];
    const r = await initVault(new FakeVault(true, log) as unknown as VaultClient, new FakeStore(log), options());
    expect(r.outcome).toBe('already-initialized');
    expect(log).toEqual([]);
  });

  it('proves the store writable before initialising, then stores every key and the root token', async () => {
    const log: string[] = [];
    const store = new FakeStore(log);
    const r = await initVault(new FakeVault(false, log) as unknown as VaultClient, store, options());
    expect(r.outcome).toBe('initialized');
    expect(log.slice(0, 2)).toEqual(['store.preflight', 'vault.init']);
    expect([...store.values.keys()]).toEqual(['VAULT_UNSEAL_KEY_1', 'VAULT_UNSEAL_KEY_2', 'VAULT_UNSEAL_KEY_3', 'VAULT_UNSEAL_KEY_4', 'VAULT_UNSEAL_KEY_5', 'VAULT_ROOT_TOKEN']);
    expect(store.values.get('VAULT_ROOT_TOKEN')).toBe('hvs.rootTokenForTestsOnly');
  });

  it('stores base64 keys when asked', async () => {
    const log: string[] = [];
    const store = new FakeStore(log);
    await initVault(new FakeVault(false, log) as unknown as VaultClient, store, options({ keyFormat: 'base64', shares: 1, threshold: 1 }));
    expect(store.values.get('VAULT_UNSEAL_KEY_1')).toBe(Buffer.from(`11${'a1'.repeat(32)}`, 'hex').toString('base64'));
  });

  it("passes PGP keys to Vault's init and stores the encrypted keys Vault returns", async () => {
    const log: string[] = [];
    const store = new FakeStore(log);
    const vault = new FakeVault(false, log);
    const pgpKeys = ['cGdwLWtleS0x', 'cGdwLWtleS0y', 'cGdwLWtleS0z'];
    await initVault(vault as unknown as VaultClient, store, options({ shares: 3, threshold: 2, pgpKeys, rootTokenPgpKey: 'cGdwLXJvb3Q=', keyFormat: 'base64' }));
    expect(vault.lastRequest).toEqual({ secret_shares: 3, secret_threshold: 2, pgp_keys: pgpKeys, root_token_pgp_key: 'cGdwLXJvb3Q=' });
    expect(store.values.get('VAULT_UNSEAL_KEY_1')).toBe(`11${'a1'.repeat(32)}`);
  });

  it('refuses a recovery public key libsodium cannot decode before Vault or the store is touched', async () => {
    const log: string[] = [];
    // 43 base64 characters and "=", but with non-zero padding bits: the shape check passes, libsodium refuses it.
    const nonCanonical = `${'A'.repeat(42)}B=`;
    const vault = new FakeVault(false, log);
    const err = await initVault(vault as unknown as VaultClient, new FakeStore(log, 'VAULT_UNSEAL_KEY_1'), options({ recoveryPublicKey: nonCanonical })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as Error).message).toMatch(/recovery-public-key/);
    expect(log).toEqual([]);
  });

  it('seals every key into the recovery file when the store fails midway, and says where it is', async () => {
    const pair = await generateRecoveryKeypair();
    const log: string[] = [];
    const file = path.join(tmp, 'midway', 'recovery.json');
    const err = await initVault(new FakeVault(false, log) as unknown as VaultClient, new FakeStore(log, 'VAULT_UNSEAL_KEY_3'), options({ recoveryPublicKey: pair.publicKey, recoveryFile: file })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as Error).message).toContain(file);
    const opened = await openRecoveryFile(file, pair.publicKey, pair.privateKey);
    expect(Object.keys(opened.entries)).toHaveLength(6);
    expect(opened.entries.VAULT_ROOT_TOKEN).toBe('hvs.rootTokenForTestsOnly');
    expect(opened.context.store).toBe('fake store');
  });
});
