import { ConfigurationError, isRegisteredSecret } from '@hardline/core';
import { loadVaultFile } from '../src/file';
import { FIXTURES, fixtureEnv, fixtureText, writeVaultFile } from './helpers/fixture';

function configErrorOf(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigurationError) return err;
    throw err;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadVaultFile', () => {
  it('loads the seed fixture with its five policies from .hcl files and inline HCL', () => {
    const f = loadVaultFile('vault.yml', FIXTURES, fixtureEnv());
    expect(f.policies.map((p) => p.name)).toEqual(['mcp-hr', 'mcp-finance', 'mcp-sales', 'mcp-support', 'mcp-gateway']);
    expect(f.policies[0].text).toContain('secret/data/mcp/hr/*');
    expect(Object.keys(f.raw.approles ?? {})).toHaveLength(5);
  });

  it('masks every value taken from the environment the moment it is read', () => {
    const env = fixtureEnv({ TAMSHAI_DB_PASSWORD: 'masked-db-password-xyz' });
    const f = loadVaultFile('vault.yml', FIXTURES, env);
    expect(f.secrets.get('database/connections/tamshai/password')).toBe('masked-db-password-xyz');
    expect(isRegisteredSecret('masked-db-password-xyz')).toBe(true);
  });

  it('rejects an unknown key at its own line so a typo cannot become a prune', () => {
    const text = fixtureText().replace('    token_ttl: 30m\n', '    token_tll: 30m\n');
    const { dir } = writeVaultFile(text);
    const err = configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv()));
    const line = text.split('\n').findIndex((l) => l.includes('token_tll')) + 1;
    expect(err.message).toContain('unknown key "token_tll"');
    expect(err.location).toMatchObject({ file: 'vault.yml', line });
  });

  it('reports invalid inline HCL at the line of vault.yml it is on', () => {
    const text = fixtureText().replace('"auth/token/lookup-self" {\n      capabilities = ["read"]', '"auth/token/lookup-self" {\n      capabilities = ["raed"]');
    const { dir } = writeVaultFile(text);
    const err = configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv()));
    const line = text.split('\n').findIndex((l) => l.includes('"raed"')) + 1;
    expect(err.message).toContain('unknown capability "raed"');
    expect(err.location).toMatchObject({ file: 'vault.yml', line });
  });

  it('reports invalid HCL in a policy file at its line in that file', () => {
    const { dir } = writeVaultFile(fixtureText());
    require('node:fs').writeFileSync(`${dir}/policies/mcp-sales.hcl`, 'path "x" {\n  capabilities = ["read"\n}\n');
    const err = configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv()));
    expect(err.location).toMatchObject({ file: 'policies/mcp-sales.hcl', line: 3 });
  });

  it('names the missing policy file at the line that references it', () => {
    const text = fixtureText().replace('policies/mcp-sales.hcl', 'policies/nope.hcl');
    const { dir } = writeVaultFile(text);
    const err = configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv()));
    expect(err.message).toContain('cannot read policy file policies/nope.hcl');
    expect(err.location.line).toBe(text.split('\n').findIndex((l) => l.includes('nope.hcl')) + 1);
  });

  it('fails at the reference when an environment variable is unset', () => {
    const env = fixtureEnv();
    delete env.MCP_HR_API_KEY;
    const err = configErrorOf(() => loadVaultFile('vault.yml', FIXTURES, env));
    expect(err.message).toContain('environment variable MCP_HR_API_KEY is not set');
    expect(err.location.line).toBe(fixtureText().split('\n').findIndex((l) => l.includes('MCP_HR_API_KEY')) + 1);
  });

  it('rejects a static role with both rotation_period and rotation_schedule', () => {
    const text = fixtureText().replace('      username: mcp_sales\n      rotation_period: 30d', '      username: mcp_sales\n      rotation_period: 30d\n      rotation_schedule: "0 0 * * SAT"');
    const { dir } = writeVaultFile(text);
    expect(configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv())).message).toContain('exactly one of rotation_period');
  });

  it('rejects a static role naming a connection the file does not declare', () => {
    const text = fixtureText().replace('      db_name: tamshai\n      username: mcp_sales', '      db_name: tamsha\n      username: mcp_sales');
    const { dir } = writeVaultFile(text);
    expect(configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv())).message).toContain('"tamsha" is not a connection');
  });

  it('rejects a kv value written in the file instead of an environment reference', () => {
    const text = fixtureText().replace('api_key: { env: MCP_HR_API_KEY }', 'api_key: plain-text');
    const { dir } = writeVaultFile(text);
    const err = configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv()));
    expect(err.location.line).toBe(text.split('\n').findIndex((l) => l.includes('plain-text')) + 1);
  });

  it('rejects a kv secret path with a ".." segment at its line, since the URL would resolve it to another Vault path', () => {
    const text = fixtureText().replace('    mcp/hr/config:', '    mcp/../../sys/policies/acl/mcp-hr:');
    const { dir } = writeVaultFile(text);
    const err = configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv()));
    expect(err.location.line).toBe(text.split('\n').findIndex((l) => l.includes('mcp/../../sys')) + 1);
    const dot = fixtureText().replace('    mcp/hr/config:', '    mcp/./hr/config:');
    expect(() => loadVaultFile('vault.yml', writeVaultFile(dot).dir, fixtureEnv())).toThrow(ConfigurationError);
    expect(() => loadVaultFile('vault.yml', writeVaultFile(fixtureText().replace('    mcp/hr/config:', '    mcp/hr.v2/config..old:')).dir, fixtureEnv())).not.toThrow();
  });

  it('rejects kv seed values under a mount declared as KV version 1', () => {
    const text = fixtureText().replace('    type: kv\n    version: 2\n', '    type: kv\n    version: 1\n');
    const { dir } = writeVaultFile(text);
    const err = configErrorOf(() => loadVaultFile('vault.yml', dir, fixtureEnv()));
    expect(err.message).toContain('need a KV version 2 mount');
    expect(err.location.line).toBe(text.split('\n').findIndex((l) => l === 'kv:') + 2);
  });

  it('rejects an empty file and a missing file with exit-2 errors', () => {
    const { dir } = writeVaultFile('');
    expect(configErrorOf(() => loadVaultFile('vault.yml', dir, {})).message).toContain('is empty');
    expect(configErrorOf(() => loadVaultFile('missing.yml', dir, {})).message).toContain('cannot read missing.yml');
  });
});
