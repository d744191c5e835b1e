import { ConfigurationError, isRegisteredSecret } from '@hardline/core';
import { loadVaultFile } from '../src/file';
import { issueSecretIds, resolveRoles } from '../src/secret-id';
import { FIXTURES, fixtureEnv } from './helpers/fixture';
import { FakeVault } from './helpers/fake-vault';

const file = () => loadVaultFile('vault.yml', FIXTURES, fixtureEnv());

describe('resolveRoles', () => {
  it('accepts declared roles by name or mount/name', () => {
    expect(resolveRoles(['mcp-hr', 'approle/mcp-sales'], file())).toEqual([
      { role: 'mcp-hr', mount: 'approle' },
      { role: 'mcp-sales', mount: 'approle' },
    ]);
  });
  it('rejects a role the file does not declare', () => {
    expect(() => resolveRoles(['mcp-payroll'], file())).toThrow(ConfigurationError);
  });
});

describe('issueSecretIds', () => {
  it('mints a response-wrapped SecretID with the wrap TTL and masks the wrapping token', async () => {
    const vault = new FakeVault({ 'POST auth/approle/role/mcp-hr/secret-id': { wrap_info: { token: 'hvs.wrapping-token-1', ttl: 600 } } });
    const out = await issueSecretIds(vault, [{ role: 'mcp-hr', mount: 'approle' }], { wrapTtl: 600, plain: false });
    expect(vault.writes).toEqual([{ path: 'auth/approle/role/mcp-hr/secret-id', body: {}, opts: { wrapTtl: '600s' } }]);
    expect(out).toEqual([{ role: 'mcp-hr', mount: 'approle', value: 'hvs.wrapping-token-1', wrapped: true, wrapTtl: 600 }]);
    expect(isRegisteredSecret('hvs.wrapping-token-1')).toBe(true);
  });

  it('mints a plain SecretID only when asked, masked', async () => {
    const vault = new FakeVault({ 'POST auth/approle/role/mcp-hr/secret-id': { data: { secret_id: 'plain-secret-id-1' } } });
    const out = await issueSecretIds(vault, [{ role: 'mcp-hr', mount: 'approle' }], { wrapTtl: 600, plain: true });
    expect(vault.writes[0].opts).toEqual({});
    expect(out[0]).toMatchObject({ value: 'plain-secret-id-1', wrapped: false });
    expect(isRegisteredSecret('plain-secret-id-1')).toBe(true);
  });

  it('fails when Vault does not wrap the answer', async () => {
    const vault = new FakeVault({ 'POST auth/approle/role/mcp-hr/secret-id': { data: { secret_id: 'unwrapped-1' } } });
    await expect(issueSecretIds(vault, [{ role: 'mcp-hr', mount: 'approle' }], { wrapTtl: 600, plain: false })).rejects.toThrow(/without wrap_info/);
  });
});
