import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationError, OperationalError } from '../src/errors';
import { mask } from '../src/mask';
import { clearSecretsForTests } from '../src/redact';
import { createReport, fingerprint } from '../src/report';
import { defineCommand, runCommand } from '../src/run';

/** Captures what the run writes to stdout and stderr. */
function capture() {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  return { out: () => out, err: () => err, restore: () => (o.mockRestore(), e.mockRestore()) };
}

const demo = defineCommand({
  name: 'demo',
  summary: 'test command',
  inputs: {
    mode: { kind: 'enum', values: ['clean', 'warn', 'error', 'config', 'down', 'leak'], default: 'clean', description: 'what to do' },
    token: { kind: 'secret', description: 'a secret' },
  },
  async run({ inputs }) {
    if (inputs.mode === 'config') throw new ConfigurationError('expected a mapping', { file: 'x.yml', line: 4 });
    if (inputs.mode === 'down') throw new OperationalError('Vault unreachable', ['GET http://v → ECONNREFUSED']);
    const sev = inputs.mode === 'warn' ? 'warning' : 'error';
    const message = inputs.mode === 'leak' ? `token is ${inputs.token}` : 'problem';
    const findings = inputs.mode === 'clean' ? [] : [{ ruleId: 'r1', severity: sev, message, file: 'a.yml', line: 2, fingerprint: fingerprint('r1') } as const];
    return { report: createReport('demo', [...findings]), outputs: { extra: 'yes' } };
  },
});

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-'))));
afterEach(() => clearSecretsForTests());

describe('runCommand', () => {
  it('exits 0 on a clean run and 1 on findings at the threshold', async () => {
    const c = capture();
    try {
      expect(await runCommand(demo, { argv: [], env: {}, cwd: dir })).toBe(0);
      expect(await runCommand(demo, { argv: ['--mode', 'error'], env: {}, cwd: dir })).toBe(1);
      expect(await runCommand(demo, { argv: ['--mode', 'warn'], env: {}, cwd: dir })).toBe(0);
      expect(await runCommand(demo, { argv: ['--mode', 'warn', '--fail-on', 'warning'], env: {}, cwd: dir })).toBe(1);
    } finally {
      c.restore();
    }
  });

  it('exits 2 with file:line for a configuration error and 3 with what was tried for an outage', async () => {
    const c = capture();
    try {
      expect(await runCommand(demo, { argv: ['--mode', 'config'], env: {}, cwd: dir })).toBe(2);
      expect(await runCommand(demo, { argv: ['--mode', 'down'], env: {}, cwd: dir })).toBe(3);
      expect(await runCommand(demo, { argv: ['--mood', 'x'], env: {}, cwd: dir })).toBe(2);
    } finally {
      c.restore();
    }
    expect(c.err()).toContain('hardline demo failed: x.yml:4: expected a mapping');
    expect(c.err()).toContain('GET http://v → ECONNREFUSED');
    expect(c.err()).toContain('unknown option --mood');
    expect(c.err()).not.toMatch(/\n\s+at /);
  });

  it('prints JSON on stdout and writes several report files at once', async () => {
    const c = capture();
    try {
      await runCommand(demo, { argv: ['--mode', 'error', '--format', 'json', '--sarif', 'r.sarif', '--codequality', 'cq.json', '--junit', 'j.xml'], env: {}, cwd: dir });
    } finally {
      c.restore();
    }
    expect(JSON.parse(c.out()).summary).toEqual({ errors: 1, warnings: 0, notes: 0 });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'cq.json'), 'utf8'))).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'j.xml'), 'utf8')).toContain('<testsuites');
  });

  it('keeps the text report on stdout when --output writes another format', async () => {
    const c = capture();
    try {
      await runCommand(demo, { argv: ['--mode', 'error', '--format', 'json', '--output', 'out/r.json'], env: {}, cwd: dir });
    } finally {
      c.restore();
    }
    expect(c.out()).toContain('a.yml:2  error');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out/r.json'), 'utf8')).command).toBe('demo');
  });

  it('writes GitLab outputs to a dotenv file', async () => {
    const dotenv = path.join(dir, 'hardline.env');
    const c = capture();
    try {
      await runCommand(demo, { argv: null, env: { GITLAB_CI: 'true', HARDLINE_MODE: 'warn', HARDLINE_DOTENV: dotenv }, cwd: dir });
    } finally {
      c.restore();
    }
    expect(fs.readFileSync(dotenv, 'utf8')).toContain('HARDLINE_WARNINGS=1\n');
    expect(fs.readFileSync(dotenv, 'utf8')).toContain('HARDLINE_EXTRA=yes');
  });

  it('never prints a masked secret, even when a command puts it in a message', async () => {
    const c = capture();
    const secret = 'canary-token-8f3k2j';
    try {
      mask(secret);
      await runCommand(demo, { argv: ['--mode', 'leak', '--token', secret, '--format', 'sarif', '--junit', 'j.xml'], env: {}, cwd: dir });
      await runCommand(demo, { argv: ['--mode', 'leak', '--token', secret], env: {}, cwd: dir });
    } finally {
      c.restore();
    }
    expect(c.out() + c.err()).not.toContain(secret);
    expect(fs.readFileSync(path.join(dir, 'j.xml'), 'utf8')).not.toContain(secret);
  });

  it('exits 2 naming the report file when its directory cannot be created, instead of hanging', async () => {
    // Under /proc every parent exists but mkdir answers ENOENT: Node 20's recursive mkdir never returns there.
    const c = capture();
    let code: number;
    try {
      code = await runCommand(demo, { argv: ['--mode', 'error', '--output', '/proc/hardline-nope/r.json'], env: {}, cwd: dir });
    } finally {
      c.restore();
    }
    expect(code).toBe(2);
    expect(c.err()).toContain('cannot write the report file /proc/hardline-nope/r.json');
  });

  it('exits 2 naming the audit log when its path cannot hold a file', async () => {
    const audited = defineCommand({
      name: 'audited',
      summary: 'test command with an audit log',
      inputs: { 'audit-log': { kind: 'string', description: 'audit log path' } },
      auditInput: 'audit-log',
      async run({ audit }) {
        audit.write({ operation: 'noop', target: 'x', outcome: 'ok' });
        return { report: createReport('audited', []) };
      },
    });
    fs.writeFileSync(path.join(dir, 'plain'), 'not a directory');
    const c = capture();
    let code: number;
    try {
      code = await runCommand(audited, { argv: ['--audit-log', 'plain/audit.jsonl'], env: {}, cwd: dir });
    } finally {
      c.restore();
    }
    expect(code).toBe(2);
    expect(c.err()).toContain('cannot write the audit log');
    expect(c.err()).not.toContain('internal error');
  });

  it('exits 2 naming the dotenv file when GitLab outputs cannot be written', async () => {
    const c = capture();
    let code: number;
    try {
      code = await runCommand(demo, { argv: null, env: { GITLAB_CI: 'true', HARDLINE_DOTENV: dir }, cwd: dir });
    } finally {
      c.restore();
    }
    expect(code).toBe(2);
    expect(c.err()).toContain(`cannot write the dotenv report ${dir}`);
  });
});
