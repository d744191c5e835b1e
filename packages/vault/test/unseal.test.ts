import { ConfigurationError, OperationalError } from '@hardline/core';
import { isRegisteredSecret } from '@hardline/core';
import { VaultError, type SealStatus, type VaultClient } from '../src/client';
import { checkUnsealKeys, decodeUnsealKey, keysFromEnv, keysFromList, unsealNode } from '../src/unseal';

const HEX = 'ab'.repeat(33);
const B64 = Buffer.from('cd'.repeat(33), 'hex').toString('base64');

describe('decodeUnsealKey', () => {
  it('decodes a hex key of 33 bytes', () => {
    expect(decodeUnsealKey({ label: 'k', value: HEX })).toHaveLength(33);
  });
  it('decodes a base64 key', () => {
    expect(decodeUnsealKey({ label: 'k', value: B64 }).toString('hex')).toBe('cd'.repeat(33));
  });
  it('rejects a key that is neither hex nor base64, naming its label and not its value', () => {
    const value = 'not a key!!';
    expect(() => decodeUnsealKey({ label: 'unseal key #2', value })).toThrow(ConfigurationError);
    try {
      decodeUnsealKey({ label: 'unseal key #2', value });
    } catch (err) {
      expect((err as Error).message).toContain('unseal key #2');
      expect((err as Error).message).not.toContain(value);
    }
  });
  it('rejects a key that is too short to be a Vault key', () => {
    expect(() => decodeUnsealKey({ label: 'VAULT_UNSEAL_KEY_1', value: 'abcd' })).toThrow(/VAULT_UNSEAL_KEY_1 decodes to 2 bytes/);
  });
});

describe('checkUnsealKeys', () => {
  it('rejects the same key given once in hex and once in base64', () => {
    const bytes = Buffer.from('ef'.repeat(33), 'hex');
    const keys = keysFromList([bytes.toString('hex'), HEX, bytes.toString('base64')]);
    expect(() => checkUnsealKeys(keys)).toThrow(/unseal key #1 and unseal key #3 are the same key/);
  });
  it('accepts distinct keys', () => {
    expect(checkUnsealKeys(keysFromList([HEX, B64]))).toHaveLength(2);
  });
});

describe('keysFromEnv', () => {
  it('reads VAULT_UNSEAL_KEY_1..N in order, skips gaps and masks each value', () => {
    const keys = keysFromEnv({ VAULT_UNSEAL_KEY_2: 'second-key-value', VAULT_UNSEAL_KEY_1: 'first-key-value\n', VAULT_UNSEAL_KEY_4: 'fourth-key-value', OTHER: 'x' });
    expect(keys.map((k) => k.label)).toEqual(['VAULT_UNSEAL_KEY_1', 'VAULT_UNSEAL_KEY_2', 'VAULT_UNSEAL_KEY_4']);
    expect(keys[0].value).toBe('first-key-value');
    expect(isRegisteredSecret('fourth-key-value')).toBe(true);
  });
  it('uses the given prefix', () => {
    expect(keysFromEnv({ MY_KEY_1: 'abcdefgh' }, 'MY_KEY_').map((k) => k.label)).toEqual(['MY_KEY_1']);
  });
});

/** A scripted stand-in for the few VaultClient calls unsealNode makes. */
class FakeVault {
  readonly addr = 'http://vault.test:8200';
  readonly where = 'http://vault.test:8200';
  sent: string[] = [];
  resets = 0;
  constructor(
    public status: SealStatus,
    private readonly onUnseal: (key: string, fake: FakeVault) => SealStatus,
  ) {}
  async waitUntilReachable(): Promise<SealStatus> {
    return this.status;
  }
  async sealStatus(): Promise<SealStatus> {
    return this.status;
  }
  async unseal(key: string): Promise<SealStatus> {
    this.sent.push(key);
    this.status = this.onUnseal(key, this);
    return this.status;
  }
  async resetUnseal(): Promise<SealStatus> {
    this.resets++;
    this.status = { ...this.status, progress: 0, nonce: '' };
    return this.status;
  }
}

const sealed = (over: Partial<SealStatus> = {}): SealStatus => ({ type: 'shamir', initialized: true, sealed: true, t: 3, n: 5, progress: 0, nonce: '', version: '1.21.0', ...over });
const keys = keysFromList(['k1k1k1k1', 'k2k2k2k2', 'k3k3k3k3', 'k4k4k4k4', 'k5k5k5k5']);
const asClient = (f: FakeVault) => f as unknown as VaultClient;

describe('unsealNode', () => {
  it('sends keys only until Vault reports unsealed', async () => {
    const fake = new FakeVault(sealed(), (_k, f) => {
      const progress = f.status.progress + 1;
      return progress >= 3 ? sealed({ sealed: false, progress: 0 }) : sealed({ progress, nonce: 'n1' });
    });
    const r = await unsealNode(asClient(fake), keys, { timeoutSec: 1 });
    expect(r.outcome).toBe('unsealed');
    expect(fake.sent).toEqual(['k1k1k1k1', 'k2k2k2k2', 'k3k3k3k3']);
  });

  it('sends no key to a node that is already unsealed', async () => {
    const fake = new FakeVault(sealed({ sealed: false }), () => {
      throw new Error('no key may be sent');
    });
    const r = await unsealNode(asClient(fake), keys, { timeoutSec: 1 });
    expect(r.outcome).toBe('already-unsealed');
    expect(fake.sent).toEqual([]);
  });

  it('fails an uninitialised node with the hint to run init, sending nothing', async () => {
    const fake = new FakeVault(sealed({ initialized: false, t: 0, n: 0 }), () => sealed());
    const r = await unsealNode(asClient(fake), keys, { timeoutSec: 1 });
    expect(r.failure).toBe('not-initialized');
    expect(r.error).toBeInstanceOf(OperationalError);
    expect(r.error?.hint).toMatch(/vault init/);
    expect(fake.sent).toEqual([]);
  });

  it('discards an unfinished attempt left by someone else before sending keys', async () => {
    const fake = new FakeVault(sealed({ progress: 2, nonce: 'old' }), (_k, f) => {
      const progress = f.status.progress + 1;
      return progress >= 3 ? sealed({ sealed: false }) : sealed({ progress, nonce: 'new' });
    });
    const r = await unsealNode(asClient(fake), keys, { timeoutSec: 1 });
    expect(fake.resets).toBe(1);
    expect(r.outcome).toBe('unsealed');
    expect(fake.sent).toHaveLength(3);
  });

  it('starts over when someone else resets the attempt midway (nonce changed)', async () => {
    let calls = 0;
    const fake = new FakeVault(sealed(), (_k, f) => {
      calls++;
      if (calls === 2) return sealed({ progress: 1, nonce: 'someone-else' });
      const progress = f.status.nonce === 'mine' || f.status.nonce === '' ? f.status.progress + 1 : 1;
      return progress >= 3 ? sealed({ sealed: false }) : sealed({ progress, nonce: 'mine' });
    });
    // After the interruption, sealStatus shows the other attempt: it is reset and our keys sent again from #1.
    const r = await unsealNode(asClient(fake), keys, { timeoutSec: 1 });
    expect(r.outcome).toBe('unsealed');
    expect(fake.resets).toBe(1);
    expect(fake.sent.slice(0, 2)).toEqual(['k1k1k1k1', 'k2k2k2k2']);
    expect(fake.sent.slice(2)).toEqual(['k1k1k1k1', 'k2k2k2k2', 'k3k3k3k3']);
  });

  it('names the rejected key by its index, never its value, and resets the progress', async () => {
    const fake = new FakeVault(sealed(), (key, f) => {
      if (key === 'k2k2k2k2') throw new VaultError('Vault answered PUT /v1/sys/unseal with HTTP 400', 400, ['invalid key: key is shorter than minimum 16 bytes'], 'sys/unseal', []);
      return sealed({ progress: f.status.progress + 1, nonce: 'n' });
    });
    const r = await unsealNode(asClient(fake), keys, { timeoutSec: 1 });
    expect(r.failure).toBe('invalid-key');
    expect(r.error).toBeInstanceOf(ConfigurationError);
    expect(r.error?.message).toContain('rejected unseal key #2');
    expect(r.error?.message).not.toContain('k2k2k2k2');
    expect(fake.resets).toBe(1);
  });

  it('names every key of a combination that does not recombine', async () => {
    const fake = new FakeVault(sealed(), (_key, f) => {
      if (f.status.progress === 2) throw new VaultError('x', 400, ['invalid key: failed to decrypt keys from storage'], 'sys/unseal', []);
      return sealed({ progress: f.status.progress + 1, nonce: 'n' });
    });
    const r = await unsealNode(asClient(fake), keys, { timeoutSec: 1 });
    expect(r.failure).toBe('invalid-key');
    expect(r.error?.message).toContain('unseal key #1, unseal key #2, unseal key #3');
    expect(fake.sent).toHaveLength(3);
  });

  it('refuses to start with fewer keys than the threshold', async () => {
    const fake = new FakeVault(sealed({ t: 3 }), () => sealed());
    const r = await unsealNode(asClient(fake), keys.slice(0, 2), { timeoutSec: 1 });
    expect(r.failure).toBe('too-few-keys');
    expect(fake.sent).toEqual([]);
  });

  it('gives up after repeated interruptions instead of sending keys forever', async () => {
    let n = 0;
    const fake = new FakeVault(sealed(), () => sealed({ progress: 1, nonce: `other-${n++}` }));
    const r = await unsealNode(asClient(fake), keys, { timeoutSec: 1, maxRestarts: 1 });
    expect(r.failure).toBe('interrupted');
    expect(fake.sent.length).toBeLessThanOrEqual(2 * 3);
  });
});
