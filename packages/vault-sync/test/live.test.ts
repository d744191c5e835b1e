import { buildDesired } from '../src/desired';
import { loadVaultFile } from '../src/file';
import { normaliseAppRole, normaliseConnection, normaliseMount, normaliseStaticRole, readLive } from '../src/live';
import { FIXTURES, fixtureEnv } from './helpers/fixture';
import { FakeVault } from './helpers/fake-vault';

const desired = () => buildDesired(loadVaultFile('vault.yml', FIXTURES, fixtureEnv()));

describe('readLive', () => {
  it('reads only the mount tables on an empty Vault: nothing under a missing mount', async () => {
    const vault = new FakeVault({ 'sys/mounts': { data: { 'sys/': { type: 'system' } } }, 'sys/auth': { data: { 'token/': { type: 'token' } } } });
    const live = await readLive(vault, desired(), { concurrency: 4, prune: true });
    expect(vault.calls.filter((c) => !c.includes('sys/policies/acl'))).toEqual(['GET sys/mounts', 'GET sys/auth']);
    expect(live.objects.size).toBe(0);
    expect(live.reads).toBe(vault.calls.length);
  });

  it('reads role-id separately because a role read lacks it', async () => {
    const vault = new FakeVault({
      'sys/mounts': { data: {} },
      'sys/auth': { data: { 'approle/': { type: 'approle', description: 'MCP servers', options: null, config: { default_lease_ttl: 0, max_lease_ttl: 0 } } } },
      'auth/approle/role/mcp-hr': { data: { token_ttl: 3600, token_policies: ['mcp-hr'], secret_id_ttl: 600, secret_id_num_uses: 1, token_type: 'service', token_max_ttl: 14400 } },
      'auth/approle/role/mcp-hr/role-id': { data: { role_id: 'mcp-hr-role-id-tamshai-v1' } },
    });
    const live = await readLive(vault, desired(), { concurrency: 4, prune: false });
    expect(live.objects.get('auth/approle/role/mcp-hr')).toMatchObject({ role_id: 'mcp-hr-role-id-tamshai-v1', token_ttl: 3600, token_policies: ['mcp-hr'] });
    expect(live.objects.get('sys/auth/approle')).toEqual({ type: 'approle', description: 'MCP servers', default_lease_ttl: 0, max_lease_ttl: 0 });
    expect(vault.calls).not.toContain('LIST auth/approle/role');
  });

  it('lists only the kinds that are pruned, under mounts that exist', async () => {
    const vault = new FakeVault(
      { 'sys/mounts': { data: { 'database/': { type: 'database' } } }, 'sys/auth': { data: { 'approle/': { type: 'approle' } } } },
      { 'auth/approle/role': ['a', 'b'], 'database/static-roles': ['x'], 'sys/policies/acl': ['default', 'p'] },
    );
    const live = await readLive(vault, desired(), { concurrency: 2, prune: true });
    expect(live.listings).toEqual(new Map([['policy', ['default', 'p']], ['approle:approle', ['a', 'b']], ['db-static-role:database', ['x']]]));
  });

  it('never has more reads in flight than the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const vault = new FakeVault({ 'sys/mounts': { data: { 'secret/': { type: 'kv' }, 'database/': { type: 'database' } } }, 'sys/auth': { data: { 'approle/': { type: 'approle' } } } });
    const read = vault.read.bind(vault);
    vault.read = async <T>(p: string): Promise<T | undefined> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return read<T>(p);
    };
    await readLive(vault, desired(), { concurrency: 3, prune: false });
    expect(peak).toBeLessThanOrEqual(3);
    expect(vault.calls.length).toBeGreaterThan(15);
  });

  it('starts no request after a denied read and throws it once the reads in flight have settled', async () => {
    const vault = new FakeVault({ 'sys/mounts': { data: {} }, 'sys/auth': { data: {} } });
    vault.failOn.set('sys/policies/acl/mcp-hr', new Error('permission denied on sys/policies/acl/mcp-hr'));
    await expect(readLive(vault, desired(), { concurrency: 1, prune: false })).rejects.toThrow('permission denied on sys/policies/acl/mcp-hr');
    expect(vault.calls).toEqual(['GET sys/policies/acl/mcp-hr']);
  });
});

describe('normalisers', () => {
  it('turn Vault answers into the desired form', () => {
    expect(normaliseMount({ type: 'kv', options: { version: '2' }, config: { default_lease_ttl: 0, max_lease_ttl: 0 } })).toEqual({ type: 'kv', 'options.version': '2', default_lease_ttl: 0, max_lease_ttl: 0 });
    expect(normaliseAppRole({ token_policies: ['B', 'a'], secret_id_bound_cidrs: ['10.0.0.0/8'], token_ttl: '1h' })).toEqual({ token_policies: ['a', 'b'], secret_id_bound_cidrs: ['10.0.0.0/8'], token_ttl: 3600 });
    expect(normaliseConnection({ plugin_name: 'pg', connection_details: { connection_url: 'u', username: 'v', max_connection_lifetime: '1m0s' }, allowed_roles: ['b', 'a'], root_credentials_rotate_statements: [] })).toEqual({
      plugin_name: 'pg', connection_url: 'u', username: 'v', max_connection_lifetime: 60, allowed_roles: ['a', 'b'], root_rotation_statements: [],
    });
    expect(normaliseStaticRole({ db_name: 'd', username: 'u', rotation_period: 2592000, rotation_statements: ['b', 'a'] })).toEqual({ db_name: 'd', username: 'u', rotation_period: 2592000, rotation_statements: ['b', 'a'] });
  });
});
