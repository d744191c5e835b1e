import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog } from '@hardline/core';
import { AGE_RULES, secretAges, type SecretStore, type StoreEntry } from '../src';

const DAY = 86_400_000;
const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);

function fakeStore(label: string, entries: StoreEntry[]): SecretStore {
  return {
    label,
    preflight: async () => undefined,
    write: async () => undefined,
    verify: async () => 'read-back',
    list: async () => entries,
  };
}

describe('secretAges', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-age-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports only the secrets older than the maximum, with their age in days', async () => {
    const gh = fakeStore('GitHub repository secrets of o/r', [
      { name: 'FRESH', updatedAt: daysAgo(3) },
      { name: 'BORDER', updatedAt: daysAgo(30) },
      { name: 'OLD', updatedAt: daysAgo(45.5) },
    ]);
    const findings = await secretAges([gh], { maxAgeDays: 30, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'secret-too-old',
      severity: 'error',
      properties: { store: 'GitHub repository secrets of o/r', name: 'OLD', ageDays: 45, maxAgeDays: 30, source: 'updated_at' },
    });
    expect(findings[0]!.message).toContain('45 days old');
    expect(findings[0]!.message).toContain('maximum of 30 days');
  });

  it('takes the age of a store without timestamps from the last successful set in the audit log, and says so', async () => {
    const file = path.join(dir, 'audit.jsonl');
    const label = 'GitLab project variables of g/p';
    fs.writeFileSync(
      file,
      [
        { timestamp: daysAgo(60).toISOString(), command: 'rotate', operation: 'set', target: `${label}/OLD_VAR`, outcome: 'ok' },
        { timestamp: daysAgo(50).toISOString(), command: 'rotate', operation: 'set', target: `${label}/OLD_VAR`, outcome: 'ok' },
        { timestamp: daysAgo(1).toISOString(), command: 'rotate', operation: 'set', target: `${label}/OLD_VAR`, outcome: 'failed' },
        { timestamp: daysAgo(2).toISOString(), command: 'rotate', operation: 'verify', target: `${label}/OLD_VAR`, outcome: 'ok' },
        { timestamp: daysAgo(5).toISOString(), command: 'rotate', operation: 'set', target: `${label}/NEW_VAR`, outcome: 'ok' },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
    const gl = fakeStore(label, [{ name: 'OLD_VAR' }, { name: 'NEW_VAR' }]);
    const findings = await secretAges([gl], { maxAgeDays: 30, auditLogFile: file, now });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'secret-too-old', properties: { name: 'OLD_VAR', ageDays: 50, source: 'audit-log' } });
    expect(findings[0]!.message).toContain('keeps no timestamp');
    expect(findings[0]!.message).toContain('audit log');
  });

  it('reads an audit log written by core AuditLog', async () => {
    const file = path.join(dir, 'audit.jsonl');
    new AuditLog(file, 'rotate').write({ operation: 'set', target: 'S/NAME', outcome: 'ok' });
    const findings = await secretAges([fakeStore('S', [{ name: 'NAME' }])], { maxAgeDays: 30, auditLogFile: file, now: new Date(Date.now() + 40 * DAY) });
    expect(findings.map((f) => f.properties?.source)).toEqual(['audit-log']);
  });

  it('warns that the age is unknown when neither the store nor the audit log knows it', async () => {
    const gl = fakeStore('GitLab group variables of g', [{ name: 'NEVER_ROTATED' }]);
    const withLog = await secretAges([gl], { maxAgeDays: 30, auditLogFile: path.join(dir, 'missing.jsonl'), now });
    expect(withLog).toHaveLength(1);
    expect(withLog[0]).toMatchObject({ ruleId: 'secret-age-unknown', severity: 'warning', properties: { name: 'NEVER_ROTATED' } });
    expect(withLog[0]!.message).toContain('records no successful rotation');
    const without = await secretAges([gl], { maxAgeDays: 30, now });
    expect(without[0]!.message).toContain('no audit log');
  });

  it('limits the audit to the names asked for, matching GitHub names case-insensitively', async () => {
    const gh = fakeStore('GH', [
      { name: 'DB_PASSWORD', updatedAt: daysAgo(90) },
      { name: 'OTHER', updatedAt: daysAgo(90) },
    ]);
    const findings = await secretAges([gh], { maxAgeDays: 30, names: ['db_password'], now });
    expect(findings.map((f) => f.properties?.name)).toEqual(['DB_PASSWORD']);
  });

  it('applies a per-name maximum age over the default', async () => {
    const gh = fakeStore('GH', [
      { name: 'WEEKLY', updatedAt: daysAgo(10) },
      { name: 'MONTHLY', updatedAt: daysAgo(10) },
    ]);
    const findings = await secretAges([gh], { maxAgeDays: 30, maxAgeDaysByName: { WEEKLY: 7 }, now });
    expect(findings.map((f) => [f.properties?.name, f.properties?.maxAgeDays])).toEqual([['WEEKLY', 7]]);
  });

  it('ignores throw-away preflight entries', async () => {
    const gh = fakeStore('GH', [{ name: 'HARDLINE_PREFLIGHT_ABC123', updatedAt: daysAgo(400) }]);
    expect(await secretAges([gh], { maxAgeDays: 30, now })).toEqual([]);
  });

  it('gives the same finding the same fingerprint on every run, different per store', async () => {
    const a = await secretAges([fakeStore('A', [{ name: 'X', updatedAt: daysAgo(40) }])], { maxAgeDays: 30, now });
    const again = await secretAges([fakeStore('A', [{ name: 'X', updatedAt: daysAgo(41) }])], { maxAgeDays: 30, now });
    const b = await secretAges([fakeStore('B', [{ name: 'X', updatedAt: daysAgo(40) }])], { maxAgeDays: 30, now });
    expect(a[0]!.fingerprint).toBe(again[0]!.fingerprint);
    expect(a[0]!.fingerprint).not.toBe(b[0]!.fingerprint);
  });

  it('describes both rules it can produce', () => {
    expect(AGE_RULES.map((r) => [r.id, r.defaultSeverity])).toEqual([
      ['secret-too-old', 'error'],
      ['secret-age-unknown', 'warning'],
    ]);
  });
});
