import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog, OperationalError, readAuditLog } from '@hardline/core';
import { applyPlan, tiers } from '../src/apply';
import { buildDesired } from '../src/desired';
import { diff } from '../src/diff';
import { loadVaultFile } from '../src/file';
import type { Plan } from '../src/model';
import { FIXTURES, fixtureEnv } from './helpers/fixture';
import { FakeVault } from './helpers/fake-vault';

function freshPlan(): Plan {
  const live = { objects: new Map(), listings: new Map([['policy', ['default', 'legacy']]]), reads: 0 };
  return diff(buildDesired(loadVaultFile('vault.yml', FIXTURES, fixtureEnv())), live, { prune: true });
}
const auditFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vs-audit-')), 'audit.jsonl');

describe('applyPlan', () => {
  it('writes in dependency order: mounts and auth, policies, approles, connections, static roles, kv, then deletes', async () => {
    const vault = new FakeVault();
    const result = await applyPlan(vault, freshPlan(), new AuditLog(undefined, 'vault sync'), { concurrency: 4 });
    const order = vault.calls.map((c) => c.replace(/^(POST|DELETE) /, ''));
    const first = (re: RegExp) => order.findIndex((p) => re.test(p));
    const last = (re: RegExp) => order.length - 1 - [...order].reverse().findIndex((p) => re.test(p));
    expect(last(/^sys\/(mounts|auth)\//)).toBeLessThan(first(/^sys\/policies/));
    expect(last(/^sys\/policies\/acl\/mcp/)).toBeLessThan(first(/^auth\/approle\/role/));
    expect(last(/^auth\/approle/)).toBeLessThan(first(/^database\/config/));
    expect(first(/^database\/config/)).toBeLessThan(first(/^database\/static-roles/));
    expect(last(/^database\/static-roles/)).toBeLessThan(first(/^secret\/data/));
    expect(order[order.length - 1]).toBe('sys/policies/acl/legacy');
    expect(result).toMatchObject({ failed: [], notAttempted: [], writes: 21 });
  });

  it('stops after the tier that failed and reports what was applied and not attempted', async () => {
    const vault = new FakeVault();
    vault.failOn.set('auth/approle/role/mcp-sales', new OperationalError('Vault: permission denied on auth/approle/role/mcp-sales'));
    const file = auditFile();
    const result = await applyPlan(vault, freshPlan(), new AuditLog(file, 'vault sync'), { concurrency: 2 });
    expect(result.failed.map((f) => f.entry.id)).toEqual(['approle approle/mcp-sales']);
    expect(result.applied.filter((e) => e.kind === 'approle')).toHaveLength(4);
    expect(result.notAttempted.map((e) => e.kind)).toEqual(expect.arrayContaining(['db-connection', 'db-static-role', 'kv', 'policy']));
    expect(vault.calls.some((c) => c.includes('database/'))).toBe(false);
    const failed = readAuditLog(file).filter((l) => l.outcome === 'failed');
    expect(failed).toEqual([expect.objectContaining({ operation: 'vault-write', target: 'auth/approle/role/mcp-sales', detail: expect.objectContaining({ action: 'create' }) })]);
  });

  it('records every write in the audit log without values', async () => {
    const file = auditFile();
    await applyPlan(new FakeVault(), freshPlan(), new AuditLog(file, 'vault sync'), { concurrency: 4 });
    const lines = readAuditLog(file);
    expect(lines).toHaveLength(21);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('db-password-value-1');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('hr-api-key-value-1');
  });

  it('makes no writes for a plan without changes', async () => {
    const vault = new FakeVault();
    const result = await applyPlan(vault, { entries: [] }, new AuditLog(undefined, 'x'), { concurrency: 4 });
    expect(vault.calls).toEqual([]);
    expect(tiers({ entries: [] })).toEqual([]);
    expect(result.writes).toBe(0);
  });
});
