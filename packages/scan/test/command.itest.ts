/**
 * `hardline scan` end to end in process (CLI platform, real git, real gitleaks WebAssembly):
 * suppression by .gitleaksignore and baseline, gitleaks:allow, a custom .gitleaks.toml extending
 * the defaults, the staged scope of the pre-commit hook, the dir scope, and configuration errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clearSecretsForTests, runCommand } from '@hardline/core';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { scanCommand } from '../src/command';
import { awsKey, tempDir, TestRepo } from './helpers/git-repo';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function scan(cwd: string, argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
  try {
    const env = { PATH: (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes('node_modules')).join(path.delimiter), HOME: process.env.HOME };
    const code = await runCommand(scanCommand, { argv: ['--engine', 'wasm', ...argv], cwd, env });
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeEach(() => clearSecretsForTests());

describe('hardline scan', () => {
  it('honours .gitleaksignore fingerprints and a baseline report, and never prints the secrets', async () => {
    const one = canary('secret');
    const two = awsKey();
    const repo = TestRepo.init();
    const c1 = repo.commit('one', { 'app/config.py': `x = 1\napi_secret = "${one}"\n` });
    repo.commit('two', { 'keys.txt': `aws = "${two}"\n` });
    const reports = tempDir('hardline-reports-');
    const first = await scan(repo.dir, ['--scope', 'history', '--format', 'json', '--output', path.join(reports, 'first.json'), '--sarif-file', path.join(reports, 'first.sarif')]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`${c1}:app/config.py:generic-api-key:2`);
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'first.json'), 'utf8')) as { findings: unknown[]; facts: Record<string, unknown> };
    expect(report.findings).toHaveLength(2);
    expect(report.facts).toMatchObject({ engine: 'wasm', 'commits-scanned': 2 });

    fs.writeFileSync(path.join(repo.dir, '.gitleaksignore'), `# reviewed\n${c1}:app/config.py:generic-api-key:2\n`);
    const ignored = await scan(repo.dir, ['--scope', 'history', '--format', 'json', '--output', path.join(reports, 'second.json')]);
    expect(ignored.code).toBe(1);
    const second = JSON.parse(fs.readFileSync(path.join(reports, 'second.json'), 'utf8')) as { findings: Array<{ ruleId: string }>; facts: Record<string, unknown> };
    expect(second.findings.map((f) => f.ruleId)).toEqual(['aws-access-token']);
    expect(second.facts.ignored).toBe(1);

    const baselined = await scan(repo.dir, ['--scope', 'history', '--baseline', path.join(reports, 'first.json')]);
    expect(baselined.code).toBe(0);
    expect(baselined.stdout).toContain('ignored: 1\nbaselined: 1');
    expect(findCanaries([one, two], [first.stdout, first.stderr, ignored.stdout, baselined.stdout], [reports])).toEqual([]);
  });

  it('uses the repository .gitleaks.toml on top of the default rules, plus hardline rules, and honours gitleaks:allow', async () => {
    const repo = TestRepo.init();
    const allowed = awsKey();
    const flagged = awsKey();
    repo.commit('config', {
      '.gitleaks.toml': `title = "custom"\n[extend]\nuseDefault = true\n\n[[rules]]\nid = "acme-internal-token"\ndescription = "ACME internal token"\nregex = '''acme_[0-9a-f]{24}'''\nkeywords = ["acme_"]\n`,
      'src/a.ts': `const t = "acme_0123456789abcdef01234567";\nconst k = "${allowed}"; // gitleaks:allow\nconst j = "${flagged}";\n`,
      'deploy/.env.production': 'DB_PASSWORD=changeme\nAPI_SECRET=__UNSET__\n',
    });
    const r = await scan(repo.dir, ['--scope', 'history', '--format', 'json']);
    expect(r.code).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string; line: number }> }).findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(findings.sort()).toEqual(['acme-internal-token src/a.ts:1', 'aws-access-token src/a.ts:3', 'hardline-weak-default-password deploy/.env.production:1'].sort());
  });

  it('applies start-anchored path allowlists of .gitleaks.toml in commit scopes as in dir scope', async () => {
    const repo = TestRepo.init();
    const inFixtures = awsKey();
    const inSource = awsKey();
    repo.commit('config', {
      '.gitleaks.toml': `[extend]\nuseDefault = true\n\n[allowlist]\npaths = ['''^fixtures/''']\n\n[[rules]]\nid = "acme-internal-token"\nregex = '''acme_[0-9a-f]{24}'''\npath = '''(?i)^deploy/'''\nkeywords = ["acme_"]\n`,
      'fixtures/keys.txt': `key = "${inFixtures}"\n`,
      'src/keys.txt': `key = "${inSource}"\n`,
      'deploy/a.txt': 'acme_0123456789abcdef01234567\n',
      'other/a.txt': 'acme_0123456789abcdef01234567\n',
    });
    const found = async (scope: string) => {
      const r = await scan(repo.dir, ['--scope', scope, '--format', 'json', ...(scope === 'dir' ? ['--path', repo.dir] : [])]);
      return (JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; file: string }> }).findings.map((f) => `${f.ruleId} ${f.file.replace(/^.*?(src|deploy|fixtures|other)\//, '$1/')}`).sort();
    };
    const expected = ['acme-internal-token deploy/a.txt', 'aws-access-token src/keys.txt'];
    expect(await found('history')).toEqual(expected);
    expect(await found('dir')).toEqual(expected);
  });

  it('scans the staged changes for the pre-commit hook, with fingerprints without a commit', async () => {
    const repo = TestRepo.init();
    repo.commit('base', { 'a.txt': 'a\n' });
    const key = awsKey();
    repo.write({ 'b.txt': `one\nkey = "${key}"\n`, 'unstaged.txt': `key = "${awsKey()}"\n` });
    repo.git('add', 'b.txt');
    const r = await scan(repo.dir, ['--scope', 'staged']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  b.txt:aws-access-token:2');
    expect(r.stdout).not.toContain('unstaged.txt');
    expect(r.stdout).not.toContain(key);
  });

  it('scans a directory without git, with dir-style fingerprints', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc', 'ssh_config'), 'Host x\n  Password: Tr0ub4dor&3\n  Password: ${SSH_PASSWORD}\n');
    const r = await scan(dir, ['--scope', 'dir', '--gitlab-report', 'gl.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('etc/ssh_config:hardline-ssh-plaintext-password:2');
    const gl = JSON.parse(fs.readFileSync(path.join(dir, 'gl.json'), 'utf8')) as { vulnerabilities: unknown[] };
    expect(gl.vulnerabilities).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'gl.json'), 'utf8')).not.toContain('Tr0ub4dor');
  });

  it('writes the GitLab secret detection report and dotenv outputs by default in a GitLab job', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.env.example'), 'REDIS_PASSWORD=redispassword\nPOSTGRES_PASSWORD=CHANGE_ME_STRONG_PASSWORD\n');
    let stdout = '';
    const out = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    try {
      const env = { GITLAB_CI: 'true', HARDLINE_SCOPE: 'dir', HARDLINE_ENGINE: 'wasm', HARDLINE_DOTENV: path.join(dir, 'hardline.env'), PATH: process.env.PATH, HOME: process.env.HOME };
      code = await runCommand(scanCommand, { argv: [], cwd: dir, env });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(code).toBe(1);
    expect(stdout).toContain('.env.example:hardline-weak-default-password:1');
    const gl = JSON.parse(fs.readFileSync(path.join(dir, 'gl-secret-detection-report.json'), 'utf8')) as { vulnerabilities: Array<{ location: { file: string } }> };
    expect(gl.vulnerabilities.map((v) => v.location.file)).toEqual(['.env.example']);
    expect(fs.readFileSync(path.join(dir, 'hardline.env'), 'utf8')).toContain('HARDLINE_FINDINGS=1');
  });

  it('reports a malformed .gitleaks.toml with its file and line (exit 2) before running gitleaks', async () => {
    const repo = TestRepo.init();
    repo.commit('bad', { '.gitleaks.toml': 'title = "x"\n[[rules]\nid = "y"\n' });
    const r = await scan(repo.dir, ['--scope', 'history']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.gitleaks\.toml:2(:\d+)?: invalid TOML/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a baseline that is not a report, naming the file (exit 2)', async () => {
    const repo = TestRepo.init();
    repo.commit('a', { 'a.txt': 'a\n' });
    fs.writeFileSync(path.join(repo.dir, 'base.json'), '{\n  "nope": 1,\n}\n');
    const r = await scan(repo.dir, ['--scope', 'history', '--baseline', 'base.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('base.json:3: the baseline is not valid JSON');
  });

  it('asks for a base with the pr scope, and for git with commit scopes', async () => {
    const dir = tempDir();
    expect((await scan(dir, ['--scope', 'pr'])).stderr).toContain('--base is required with scope pr');
    const r = await scan(dir, ['--scope', 'history']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a git repository');
  });
});
