import { HttpClient } from '@hardline/core';
import { VaultClient } from '@hardline/vault';
import { VaultDatabaseSource } from '../../src/sources/vault-db';
import { startWorld, type World } from '../helpers/world';

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

describe('VaultDatabaseSource', () => {
  it('rotates the static role and returns the password the database was given', async () => {
    const s = new VaultDatabaseSource(vault, 'database', 'app');
    await s.preflight();
    expect((await s.overlap()).keepsOld).toBe(false);
    const before = w.dbPassword();
    const created = await s.create();
    expect(created.value).toBe(w.dbPassword());
    expect(created.value).not.toBe(before);
    expect(created.facts.username).toBe('app_user');
  });

  it('fails preflight for a role that does not exist, with a hint', async () => {
    const s = new VaultDatabaseSource(vault, 'database', 'missing');
    await expect(s.preflight()).rejects.toThrow(/Vault database static role database\/missing does not exist/);
  });

  it('fails preflight when the token may not read the credentials', async () => {
    const limited = new VaultClient({ addr: w.vault.url, token: w.vault.createToken(['default']), http });
    try {
      await expect(new VaultDatabaseSource(limited, 'database', 'app').preflight()).rejects.toThrow(/permission denied/);
    } finally {
      limited.close();
    }
  });
});
