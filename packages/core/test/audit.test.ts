import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog, readAuditLog } from '../src/audit';
import { ConfigurationError } from '../src/errors';
import { clearSecretsForTests, registerSecret } from '../src/redact';

afterEach(() => clearSecretsForTests());

describe('AuditLog', () => {
  it('refuses a log path that cannot hold a file with a configuration error naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
    fs.writeFileSync(path.join(dir, 'plain'), 'x');
    const file = path.join(dir, 'plain', 'audit.jsonl');
    expect(() => new AuditLog(file, 'vault sync')).toThrow(ConfigurationError);
    expect(() => new AuditLog(file, 'vault sync')).toThrow(`cannot write the audit log ${file}: ENOTDIR`);
    expect(() => new AuditLog(dir, 'vault sync')).toThrow(ConfigurationError);
  });

  it('writes one JSON line per operation with timestamp, command, operation, target and outcome', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-')), 'sub', 'audit.jsonl');
    const log = new AuditLog(file, 'vault sync');
    log.write({ operation: 'write', target: 'sys/policies/acl/app', outcome: 'ok' });
    await log.time('write', 'auth/approle/role/app', async () => 1);
    await expect(log.time('delete', 'x', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    const entries = readAuditLog(file);
    expect(entries.map((e) => [e.command, e.operation, e.target, e.outcome])).toEqual([
      ['vault sync', 'write', 'sys/policies/acl/app', 'ok'],
      ['vault sync', 'write', 'auth/approle/role/app', 'ok'],
      ['vault sync', 'delete', 'x', 'failed'],
    ]);
    expect(typeof entries[1].durationMs).toBe('number');
    expect(Date.parse(entries[0].timestamp)).not.toBeNaN();
  });

  it('redacts a registered secret that slipped into a target', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'audit-')), 'a.jsonl');
    registerSecret('hvs.leaky-token-1234');
    new AuditLog(file, 'x').write({ operation: 'o', target: 'path/hvs.leaky-token-1234', outcome: 'ok' });
    expect(fs.readFileSync(file, 'utf8')).not.toContain('hvs.leaky-token-1234');
  });

  it('writes nothing when no file is configured', () => {
    expect(() => new AuditLog(undefined, 'x').write({ operation: 'o', target: 't', outcome: 'ok' })).not.toThrow();
  });
});
