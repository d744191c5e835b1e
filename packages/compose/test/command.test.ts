/**
 * The compose command in-process through core's runCommand, on fixtures loaded by the real loader:
 * values via env_file and .env, anchors and merge keys, extends and include, inline suppression,
 * config handling and exit codes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allInputs, runCommand, type Command, type Finding } from '@hardline/core';
import { parse as parseYaml } from 'yaml';
import { composeCommand } from '../src/command';
import { RULE_METAS } from '../src/rules';

const FIXTURES = path.join(__dirname, 'fixtures/rules');
const cmd = composeCommand as unknown as Command;
const CANARY = 'cnrycanary1Q7xV9kLmT2pR8sW4zY6bN3';

interface Run {
  code: number;
  findings: Finding[];
  printed: string;
}

async function run(fixture: string, args: string[] = []): Promise<Run> {
  const cwd = path.resolve(FIXTURES, fixture);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hl-compose-')), 'report.json');
  const chunks: string[] = [];
  const capture = (c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  };
  const so = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const se = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const code = await runCommand(cmd, { argv: ['--format', 'json', '--output', out, ...args], cwd, env: { PATH: process.env.PATH }, prefer: 'cli' });
    const findings = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: Finding[] }).findings : [];
    return { code, findings, printed: chunks.join('') + (fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '') };
  } finally {
    so.mockRestore();
    se.mockRestore();
  }
}

const at = (fs_: Finding[], rule: string) => fs_.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}:${f.properties?.service ?? ''}`);

describe('compose command', () => {
  it('reports a trust setting at its env_file line and a weak password at its .env line', async () => {
    const r = await run('env');
    expect(at(r.findings, 'no-trust-auth')).toEqual(['db.env:2:db']);
    expect(at(r.findings, 'no-weak-default-secret')).toEqual(['.env:1:db', 'compose.yaml:12:cache']);
    expect(r.code).toBe(1);
  });
  it('follows values interpolated from .env in environment lists to their .env lines', async () => {
    const r = await run('dotenv');
    expect(at(r.findings, 'no-trust-auth')).toEqual(['.env:1:db']);
    expect(at(r.findings, 'no-placeholder-secret')).toEqual(['.env:2:db']);
  });
  it('honours # hardline-disable-line on the line of the value', async () => {
    const placeholderAt13 = (fs_: Finding[]) => fs_.filter((f) => f.ruleId === 'no-placeholder-secret' && f.file === 'compose.yaml' && f.line === 13);
    expect(placeholderAt13((await run('env')).findings)).toEqual([]);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-nosuppress-'));
    fs.cpSync(path.join(FIXTURES, 'env'), copy, { recursive: true });
    const file = path.join(copy, 'compose.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/ # hardline-disable-line.*$/m, ''));
    expect(placeholderAt13((await run(copy)).findings)).toHaveLength(1);
  });
  it('never prints a secret value from .env', async () => {
    const r = await run('env');
    expect(r.printed).not.toContain(CANARY);
    expect(r.printed).not.toContain('infra_password');
    expect(JSON.stringify(r.findings)).not.toContain(CANARY);
  });
  it('applies a rule written once in an anchor to every service merging it, at the anchor line', async () => {
    const r = await run('anchors');
    expect(at(r.findings, 'no-privileged')).toEqual(['compose.yaml:2:a']);
    expect(at(r.findings, 'no-dangerous-capabilities')).toEqual(['compose.yaml:3:a', 'compose.yaml:3:b']);
  });
  it('reports problems inherited through extends in the file that wrote them', async () => {
    const r = await run('extends');
    expect(at(r.findings, 'no-runtime-socket')).toEqual(['base.yaml:5:web']);
    expect(at(r.findings, 'no-host-namespaces')).toEqual(['compose.yaml:6:web']);
  });
  it('checks services brought in by include', async () => {
    const r = await run('include');
    expect(at(r.findings, 'no-trust-auth')).toEqual(['sub/db.yaml:5:db']);
    expect(r.findings.find((f) => f.ruleId === 'no-bypass-port')).toMatchObject({ file: 'sub/db.yaml', line: 9, severity: 'error' });
    expect(at(r.findings, 'require-healthy-dependency')).toEqual(['compose.yaml:6:app']);
  });
  it('fires every default-on rule through the real loader, at the line that wrote each value', async () => {
    const r = await run('all', ['--fail-on', 'none']);
    const first = (rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}:${f.properties?.service}`);
    expect(first('no-privileged')).toEqual(['compose.yaml:3:app']);
    expect(first('no-dangerous-capabilities')).toEqual(['compose.yaml:4:app']);
    expect(first('no-unconfined-security-opt')).toEqual(['compose.yaml:5:app']);
    expect(first('no-host-namespaces')).toEqual(['base.yaml:4:ext', 'compose.yaml:6:app']);
    expect(first('no-trust-auth')).toEqual(['app.env:1:app']);
    expect(first('no-placeholder-secret')).toEqual(['app.env:2:app']);
    expect(first('no-weak-default-secret')).toEqual(['.env:1:app']);
    expect(first('no-plaintext-secret-env')).toEqual(['compose.yaml:23:app']);
    expect(first('no-runtime-socket')).toEqual(['compose.yaml:27:app']);
    expect(first('no-tilde-path')).toEqual(['compose.yaml:28:app']);
    expect(first('require-healthy-dependency')).toEqual(['compose.yaml:29:app']);
    expect(first('require-image-pin')).toEqual(['base.yaml:3:ext', 'inc/compose.yaml:3:db']);
    expect(r.findings.filter((f) => f.ruleId === 'no-bypass-port').map((f) => `${f.file}:${f.line}:${f.severity}`)).toEqual(['compose.yaml:25:warning', 'inc/compose.yaml:7:error']);
    expect(r.findings.find((f) => f.ruleId === 'healthcheck-standard' && f.message.includes('curl'))).toMatchObject({ file: 'compose.yaml', line: 9 });
    const fired = new Set(r.findings.map((f) => f.ruleId));
    for (const m of RULE_METAS) if (m.defaultSeverity !== 'off') expect(fired.has(m.id) ? m.id : `${m.id} did not fire`).toBe(m.id);
    expect(fired.has('require-read-only')).toBe(false);
    expect(r.code).toBe(0);
  });
  it('finds nothing in a hardened service and exits 0', async () => {
    const r = await run('clean');
    expect(r.findings).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('exits 0 with fail-on none despite errors', async () => {
    expect((await run('env', ['--fail-on', 'none'])).code).toBe(0);
  });
  it('exits 2 naming the file when the config file is missing', async () => {
    const r = await run('clean', ['--config', 'nope.yml']);
    expect(r.code).toBe(2);
    expect(r.printed).toContain('nope.yml');
  });
  it('exits 2 with the line of an unknown key in .hardline.yml', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cfg-'));
    fs.writeFileSync(path.join(dir, 'bad.yml'), 'compose:\n  rules:\n    no-privileged: off\n  digests: required\n');
    const r = await run('clean', ['--config', path.join(dir, 'bad.yml')]);
    expect(r.code).toBe(2);
    expect(r.printed).toMatch(/bad\.yml:4:\d+: unknown key "digests"/);
  });
  it('takes rule severities from the config', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cfg-'));
    fs.writeFileSync(path.join(dir, 'c.yml'), 'compose:\n  rules:\n    no-trust-auth: off\n    no-weak-default-secret: note\n    no-placeholder-secret: note\n');
    const r = await run('env', ['--config', path.join(dir, 'c.yml')]);
    expect(at(r.findings, 'no-trust-auth')).toEqual([]);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('accepts the docker compose spellings --env-file and --profile', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-flags-'));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  a:\n    image: x:1\n    privileged: ${PRIV}\n  b:\n    image: x:1\n    profiles: [debug]\n    privileged: true\n');
    fs.writeFileSync(path.join(dir, 'ci.env'), 'PRIV=true\n');
    const r = await run(dir, ['--env-file', 'ci.env', '--profile', 'debug']);
    expect(at(r.findings, 'no-privileged')).toEqual(['compose.yaml:4:a', 'compose.yaml:8:b']);
    const without = await run(dir, ['--env-file', 'ci.env']);
    expect(at(without.findings, 'no-privileged')).toEqual(['compose.yaml:4:a']);
  });
  it('checks the files listed in the config, relative to the config file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cfgfiles-'));
    for (const stack of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, 'stacks', stack), { recursive: true });
      fs.writeFileSync(path.join(dir, 'stacks', stack, 'compose.yaml'), 'services:\n  x:\n    image: x:1\n    privileged: true\n');
    }
    fs.mkdirSync(path.join(dir, 'conf'));
    fs.writeFileSync(path.join(dir, 'conf', 'hl.yml'), 'compose:\n  files: ["../stacks/*/compose.yaml"]\n');
    const r = await run(dir, ['--config', 'conf/hl.yml']);
    expect(at(r.findings, 'no-privileged')).toEqual(['stacks/a/compose.yaml:4:x', 'stacks/b/compose.yaml:4:x']);
  });
  it('exits 2 naming the project directory when it does not exist, instead of skipping its .env', async () => {
    const r = await run('clean', ['--project-directory', 'no-such-dir']);
    expect(r.code).toBe(2);
    expect(r.printed).toContain('project-directory no-such-dir is not a directory');
  });
  it('takes a brace glob with a comma as one pattern', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-brace-'));
    for (const [stack, name] of [['a', 'docker-compose.yml'], ['b', 'docker-compose.yaml']]) {
      fs.mkdirSync(path.join(dir, stack));
      fs.writeFileSync(path.join(dir, stack, name), 'services:\n  x:\n    image: x:1\n    privileged: true\n');
    }
    const r = await run(dir, ['**/docker-compose.{yml,yaml}']);
    expect(at(r.findings, 'no-privileged')).toEqual(['a/docker-compose.yml:4:x', 'b/docker-compose.yaml:4:x']);
  });
  it('exits 2 when no compose file is found', async () => {
    const r = await run('.', ['--files', 'does-not-exist/*.yaml']);
    expect(r.code).toBe(2);
  });
});

describe('actions/compose-validate/action.yml', () => {
  const action = parseYaml(fs.readFileSync(path.resolve(__dirname, '../../../actions/compose-validate/action.yml'), 'utf8')) as {
    inputs: Record<string, { description: string; default?: string }>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };
  it('declares exactly the inputs of the command, with the same names and defaults', () => {
    const specs = allInputs(cmd);
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(specs).sort());
    for (const [name, spec] of Object.entries(specs)) expect([name, action.inputs[name].default]).toEqual([name, spec.default]);
  });
  it('says for every input what happens by default or when omitted', () => {
    for (const [name, input] of Object.entries(action.inputs)) expect([name, /default|omitted/i.test(input.description)]).toEqual([name, true]);
  });
  it('runs the compose-validate bundle on node20 and lists the count outputs', () => {
    expect(action.runs).toEqual({ using: 'node20', main: '../../dist/compose-validate/index.js' });
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['errors', 'warnings', 'notes', 'sarif-file']));
  });
});
