import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpClient } from '@hardline/core';
import { startVaultTestServer, type InitResult, type VaultTestServer } from '../../../test/servers/vault';
import { VaultClient } from '../src/client';
import { keysFromList, unsealNode } from '../src/unseal';

const servers: VaultTestServer[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-unseal-'));

async function vault(opts: Parameters<typeof startVaultTestServer>[0] = {}): Promise<VaultTestServer> {
  const s = await startVaultTestServer(opts);
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const unsealPuts = (s: VaultTestServer) => s.stats.requests.filter((r) => r.method === 'PUT' && r.path === '/v1/sys/unseal').length;
const client = (s: VaultTestServer, http?: HttpClient) => new VaultClient({ addr: s.url, http });

async function unseal(s: VaultTestServer, keys: string[]) {
  const c = client(s);
  try {
    return await unsealNode(c, keysFromList(keys), { timeoutSec: 60 });
  } finally {
    c.close();
  }
}

describe('unsealNode against the Vault test server', () => {
  it('unseals a Vault with threshold 1 using its single key', async () => {
    const s = await vault();
    const init = s.initialize({ shares: 1, threshold: 1 });
    const r = await unseal(s, init.keys);
    expect(r.outcome).toBe('unsealed');
    expect(s.state.sealed).toBe(false);
    expect(unsealPuts(s)).toBe(1);
  });

  it('unseals 3 of 5 sending exactly three keys', async () => {
    const s = await vault();
    const init = s.initialize({ shares: 5, threshold: 3 });
    const r = await unseal(s, init.keys);
    expect(r).toMatchObject({ outcome: 'unsealed', keysSent: 3 });
    expect(unsealPuts(s)).toBe(3);
    expect(r.status?.cluster_name).toMatch(/^vault-cluster-/);
  });

  it('unseals 5 of 5', async () => {
    const s = await vault();
    const init = s.initialize({ shares: 5, threshold: 5 });
    const r = await unseal(s, init.keys);
    expect(r).toMatchObject({ outcome: 'unsealed', keysSent: 5 });
    expect(s.state.sealed).toBe(false);
  });

  it('accepts base64 keys, and hex and base64 mixed', async () => {
    const s = await vault();
    const init = s.initialize({ shares: 5, threshold: 3 });
    expect((await unseal(s, init.keysBase64.slice(2))).outcome).toBe('unsealed');
    s.seal();
    expect((await unseal(s, [init.keys[0], init.keysBase64[3], init.keys[4]])).outcome).toBe('unsealed');
  });

  it('leaves out a bad key among five good ones, names it, and still unseals', async () => {
    const s = await vault();
    const other = await vault();
    const init = s.initialize({ shares: 5, threshold: 3 });
    const foreign = other.initialize({ shares: 5, threshold: 3 });
    const keys = [init.keys[0], foreign.keys[1], init.keys[2], init.keys[3], init.keys[4]];
    const r = await unseal(s, keys);
    expect(r.outcome).toBe('unsealed');
    expect(r.badKeys).toEqual(['unseal key #2']);
    expect(unsealPuts(s)).toBe(3);
  });

  it('fails naming the keys, resets the progress and never prints them when a bad key cannot be told apart', async () => {
    const s = await vault();
    const other = await vault();
    const init = s.initialize({ shares: 5, threshold: 3 });
    const foreign = other.initialize({ shares: 5, threshold: 3 });
    const keys = [init.keys[0], foreign.keys[1], init.keys[2]];
    const r = await unseal(s, keys);
    expect(r).toMatchObject({ outcome: 'failed', failure: 'invalid-key' });
    expect(r.error?.message).toContain('unseal key #1, unseal key #2, unseal key #3');
    for (const k of keys) expect(r.error?.describe()).not.toContain(k);
    expect(s.state).toMatchObject({ sealed: true, unsealProgress: 0 });
  });

  it('sends no key to a Vault that is already unsealed', async () => {
    const s = await vault();
    const init = s.initialize({ shares: 3, threshold: 2 });
    s.unsealWith(init.keys);
    const r = await unseal(s, init.keys);
    expect(r.outcome).toBe('already-unsealed');
    expect(unsealPuts(s)).toBe(0);
  });

  it('fails an uninitialised Vault with the hint to run init', async () => {
    const s = await vault();
    const r = await unseal(s, ['ab'.repeat(33)]);
    expect(r).toMatchObject({ outcome: 'failed', failure: 'not-initialized' });
    expect(r.error?.hint).toMatch(/vault init/);
    expect(unsealPuts(s)).toBe(0);
  });

  it('waits for a Vault that comes up late, then unseals it', async () => {
    const s = await vault();
    const init = s.initialize({ shares: 5, threshold: 3 });
    s.faults.refuseUntil = Date.now() + 4000;
    const c = client(s, new HttpClient({ service: 'Vault', retries: 1 }));
    const logs: string[] = [];
    const r = await unsealNode(c, keysFromList(init.keys), { timeoutSec: 60, log: (m) => logs.push(m) });
    expect(r.outcome).toBe('unsealed');
    expect(logs.some((l) => l.includes('waiting for Vault'))).toBe(true);
  });

  it('rides out 503 bursts while unsealing', async () => {
    const s = await vault();
    const init = s.initialize({ shares: 5, threshold: 3 });
    s.faults.failNext = { status: 503, count: 3 };
    const r = await unsealNode(client(s, new HttpClient({ service: 'Vault', baseDelayMs: 20, retries: 6 })), keysFromList(init.keys), { timeoutSec: 30 });
    expect(r.outcome).toBe('unsealed');
    expect(s.stats.requests.filter((q) => q.status === 503).length).toBe(3);
  });

  it('unseals every node of a three-node cluster that shares one keyring', async () => {
    const stateA = path.join(tmp, 'a.json');
    const a = await vault({ stateFile: stateA });
    const init: InitResult = a.initialize({ shares: 5, threshold: 3 });
    fs.copyFileSync(stateA, path.join(tmp, 'b.json'));
    fs.copyFileSync(stateA, path.join(tmp, 'c.json'));
    const b = await vault({ stateFile: path.join(tmp, 'b.json'), standby: true });
    const c = await vault({ stateFile: path.join(tmp, 'c.json'), standby: true });
    const results = await Promise.all([a, b, c].map((s) => unseal(s, init.keys)));
    expect(results.map((r) => r.outcome)).toEqual(['unsealed', 'unsealed', 'unsealed']);
    expect([a, b, c].map((s) => s.state.sealed)).toEqual([false, false, false]);
  });
});
