import { buildDesired } from '../src/desired';
import { diff, sameValue, countActions } from '../src/diff';
import { loadVaultFile } from '../src/file';
import type { DesiredState, Fields, LiveState } from '../src/model';
import { FIXTURES, fixtureEnv } from './helpers/fixture';

const desired = (): DesiredState => buildDesired(loadVaultFile('vault.yml', FIXTURES, fixtureEnv()));
/** A live state equal to the desired one. */
function converged(d: DesiredState): LiveState {
  const objects = new Map<string, Fields>();
  for (const o of d.objects) objects.set(o.path, { ...o.fields });
  return { objects, listings: new Map(), reads: 0 };
}

describe('diff', () => {
  it('plans a create for every object on an empty Vault, in dependency order', () => {
    const plan = diff(desired(), { objects: new Map(), listings: new Map(), reads: 0 }, { prune: false });
    expect(plan.entries.every((e) => e.action === 'create')).toBe(true);
    const kinds = plan.entries.map((e) => e.kind);
    expect(kinds.indexOf('kv')).toBeGreaterThan(kinds.lastIndexOf('db-static-role'));
    expect(kinds.lastIndexOf('policy')).toBeLessThan(kinds.indexOf('approle'));
    expect(kinds.lastIndexOf('auth')).toBeLessThan(kinds.indexOf('policy'));
  });

  it('plans nothing when Vault matches, even with extra live fields', () => {
    const d = desired();
    const live = converged(d);
    live.objects.get('auth/approle/role/mcp-hr')!.token_num_uses = 0;
    const plan = diff(d, live, { prune: false });
    expect(countActions(plan)).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it('plans an update with exactly the drifted field and writes only that field', () => {
    const d = desired();
    const live = converged(d);
    live.objects.get('auth/approle/role/mcp-sales')!.token_ttl = 7200;
    const changed = diff(d, live, { prune: false }).entries.filter((e) => e.action !== 'unchanged');
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ action: 'update', id: 'approle approle/mcp-sales', changes: [{ field: 'token_ttl', from: '2h', to: '1h' }] });
    expect(changed[0].writes).toEqual([{ method: 'write', path: 'auth/approle/role/mcp-sales', body: { token_ttl: 3600 } }]);
  });

  it('never shows kv values in a change, only the field', () => {
    const d = desired();
    const live = converged(d);
    live.objects.get('secret/data/mcp/hr/config')!['data.api_key'] = 'old-value';
    const entry = diff(d, live, { prune: false }).entries.find((e) => e.action === 'update')!;
    expect(entry.changes).toEqual([{ field: 'data.api_key' }]);
    expect(JSON.stringify(entry.changes)).not.toContain('old-value');
  });

  it('reports a changed mount type as a conflict with no writes', () => {
    const d = desired();
    const live = converged(d);
    live.objects.get('sys/mounts/secret')!.type = 'generic';
    const entry = diff(d, live, { prune: false }).entries.find((e) => e.path === 'sys/mounts/secret')!;
    expect(entry.action).toBe('conflict');
    expect(entry.writes).toEqual([]);
  });

  it('prunes unnamed policies, roles and static roles but never root or default', () => {
    const d = desired();
    const live = converged(d);
    live.listings.set('policy', ['default', 'root', 'mcp-hr', 'legacy']);
    live.listings.set('approle:approle', ['mcp-hr', 'old-role']);
    live.listings.set('db-static-role:database', ['mcp-hr', 'old_static']);
    const deletes = diff(d, live, { prune: true }).entries.filter((e) => e.action === 'delete');
    expect(deletes.map((e) => e.path)).toEqual(['database/static-roles/old_static', 'auth/approle/role/old-role', 'sys/policies/acl/legacy']);
  });

  it('does not prune without the prune option', () => {
    const d = desired();
    const live = converged(d);
    live.listings.set('policy', ['legacy']);
    expect(diff(d, live, { prune: false }).entries.some((e) => e.action === 'delete')).toBe(false);
  });
});

describe('sameValue', () => {
  it('compares lists in order and maps by key', () => {
    expect(sameValue(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue({ a: '1' }, { a: '1' })).toBe(true);
    expect(sameValue({ a: '1' }, { a: '2' })).toBe(false);
    expect(sameValue(1, undefined)).toBe(false);
  });
});
