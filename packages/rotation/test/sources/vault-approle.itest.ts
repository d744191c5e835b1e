import { HttpClient } from '@hardline/core';
import { VaultClient } from '@hardline/vault';
import { VaultAppRoleSource } from '../../src/sources/vault-approle';
import { approleAccepts, startWorld, type World } from '../helpers/world';

let w: World;
let vault: VaultClient;
const http = new HttpClient({ baseDelayMs: 1 });
beforeAll(async () => {
  w = await startWorld();
  vault = new VaultClient({ addr: w.vault.url, token: w.root, http });
});
afterAll(async () => {
  vault.close();
  http.close();
  await w.close();
});

describe('VaultAppRoleSource', () => {
  it('keeps every older secret ID valid until finish, then keeps only the newest N', async () => {
    const s = new VaultAppRoleSource(vault, 'approle', 'deployer', 2, 'E');
    await s.preflight();
    const a = await s.create();
    expect(await s.finish(a)).toContain('kept the newest 1');
    const b = await s.create();
    const c = await s.create();
    expect(await approleAccepts(w, a.value)).toBe(true);
    expect(await approleAccepts(w, b.value)).toBe(true);
    expect(await approleAccepts(w, c.value)).toBe(true);
    expect(await s.finish(c)).toBe('destroyed 1 older secret ID(s), kept the newest 2');
    expect(await approleAccepts(w, a.value)).toBe(false);
    expect(await approleAccepts(w, b.value)).toBe(true);
    expect(await approleAccepts(w, c.value)).toBe(true);
    expect(c.facts.accessor).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('fails preflight for a role that does not exist', async () => {
    await expect(new VaultAppRoleSource(vault, 'approle', 'ghost', 1, 'E').preflight()).rejects.toThrow(/the role does not exist/);
  });
});
