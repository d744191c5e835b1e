import { buildDesired, normalisePolicyText, policySet } from '../src/desired';
import { loadVaultFile } from '../src/file';
import { FIXTURES, fixtureEnv, writeVaultFile } from './helpers/fixture';

const desired = () => buildDesired(loadVaultFile('vault.yml', FIXTURES, fixtureEnv()));
const byPath = (path: string) => {
  const o = desired().objects.find((x) => x.path === path);
  if (!o) throw new Error(`no desired object at ${path}`);
  return o;
};

describe('buildDesired', () => {
  it('produces one object per mount, auth method, policy, approle, connection, static role and kv secret', () => {
    const kinds = desired().objects.map((o) => o.kind);
    const count = (k: string) => kinds.filter((x) => x === k).length;
    expect([count('mount'), count('auth'), count('policy'), count('approle'), count('db-connection'), count('db-static-role'), count('kv')]).toEqual([2, 1, 5, 5, 1, 4, 2]);
  });

  it('normalises approle durations to seconds and policy lists as Vault stores them', () => {
    const role = byPath('auth/approle/role/mcp-gateway');
    expect(role.fields).toMatchObject({
      role_id: 'mcp-gateway-role-id-tamshai-v1',
      token_ttl: 1800,
      token_max_ttl: 7200,
      secret_id_ttl: 600,
      secret_id_num_uses: 1,
      token_policies: ['default', 'mcp-gateway'],
      secret_id_bound_cidrs: ['10.0.0.0/8', '172.16.0.0/12'],
    });
  });

  it('writes an approle with every declared field on create and only the changed fields on update', () => {
    const role = byPath('auth/approle/role/mcp-hr');
    expect(role.create()[0].body).toMatchObject({ role_id: 'mcp-hr-role-id-tamshai-v1', secret_id_ttl: 600, token_type: 'service' });
    expect(role.update(['token_ttl'])).toEqual([{ method: 'write', path: 'auth/approle/role/mcp-hr', body: { token_ttl: 3600 } }]);
  });

  it('turns a 30-day rotation period into seconds and keeps SQL statement order', () => {
    const role = byPath('database/static-roles/mcp-hr');
    expect(role.fields.rotation_period).toBe(30 * 86400);
    expect(role.fields.rotation_statements).toEqual(['ALTER USER "{{name}}" WITH PASSWORD \'{{password}}\';']);
    expect(role.update(['rotation_period'])[0].body).toEqual({ db_name: 'tamshai', username: 'mcp_hr', rotation_period: 2592000 });
  });

  it('sends the connection password from the environment but never compares it', () => {
    const conn = byPath('database/config/tamshai');
    expect(conn.fields).not.toHaveProperty('password');
    expect(conn.create()[0].body).toMatchObject({ password: 'db-password-value-1', verify_connection: false, plugin_name: 'postgresql-database-plugin' });
  });

  it('creates a kv v2 mount with options.version 2 and tunes only changed fields', () => {
    const mount = byPath('sys/mounts/secret');
    expect(mount.fields).toMatchObject({ type: 'kv', 'options.version': '2' });
    expect(mount.create()[0]).toEqual({ method: 'write', path: 'sys/mounts/secret', body: { type: 'kv', description: 'Application secrets', options: { version: '2' } } });
    expect(mount.update(['description'])).toEqual([{ method: 'write', path: 'sys/mounts/secret/tune', body: { description: 'Application secrets' } }]);
  });

  it('marks kv objects secret and compares their key set', () => {
    const kv = byPath('secret/data/mcp/hr/config');
    expect(kv.secret).toBe(true);
    expect(kv.fields).toEqual({ keys: ['api_key'], 'data.api_key': 'hr-api-key-value-1' });
    expect(kv.create()[0].body).toEqual({ data: { api_key: 'hr-api-key-value-1' } });
  });

  it('prunes only the kinds the file lists', () => {
    expect(desired().prune).toEqual({ policies: true, approleMounts: ['approle'], staticRoleMount: 'database' });
    const { dir } = writeVaultFile('policies:\n  p: |\n    path "a" { capabilities = ["read"] }\n');
    expect(buildDesired(loadVaultFile('vault.yml', dir, {})).prune).toEqual({ policies: true, approleMounts: [], staticRoleMount: undefined });
  });

  it('treats kv-v2 as a kv mount of version 2', () => {
    const { dir } = writeVaultFile('mounts:\n  kv2:\n    type: kv-v2\n');
    expect(buildDesired(loadVaultFile('vault.yml', dir, {})).objects[0].fields).toEqual({ type: 'kv', 'options.version': '2' });
  });
});

describe('normalisation helpers', () => {
  it('lower-cases, de-duplicates and sorts policy names', () => {
    expect(policySet(['B', 'a', 'b '])).toEqual(['a', 'b']);
  });
  it('ignores trailing whitespace and CRLF in policy text', () => {
    expect(normalisePolicyText('path "a" {  \r\n}\n\n')).toBe(normalisePolicyText('path "a" {\n}'));
  });
});
