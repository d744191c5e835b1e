/**
 * The scan pipeline on real git repositories with the real gitleaks (WebAssembly build): commit
 * ranges, renames, binaries, odd file names, root commits, merges, long pull requests, and the
 * equality of the commit-scan path with gitleaks' own `dir` scan of the same files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clearSecretsForTests, isRegisteredSecret, type Finding } from '@hardline/core';
import { writeEffectiveConfig } from '../src/config';
import { WasmEngine } from '../src/engine/wasm';
import { parseGitleaksReport } from '../src/findings';
import { Git } from '../src/git';
import { makeWorkDir, runScan } from '../src/scan';
import { resolveHistory, resolvePr } from '../src/scope/range';
import type { ShardOptions } from '../src/shards';
import type { ResolvedScope } from '../src/scope/types';
import { awsKey, tempDir, TestRepo } from './helpers/git-repo';

const engine = new WasmEngine();
const log = () => undefined;
const rangeOpts = { deepen: false, remote: 'origin', log };

async function scanScope(repo: TestRepo, scope: ResolvedScope, firstParent = false, shards?: ShardOptions, onLog: (m: string) => void = log) {
  const work = makeWorkDir(tempDir());
  const config = writeEffectiveConfig(work, { extensionRules: true });
  try {
    return await runScan({ engine, git: new Git(repo.dir), scope, config, firstParent, shards, log: onLog }, work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function where(f: Finding): string {
  return `${f.ruleId} ${f.file}:${f.line} ${String(f.properties?.commit ?? '').slice(0, 8)}`;
}

describe('scanning a repository history', () => {
  const secrets = { root: awsKey(), spaced: awsKey(), binary: awsKey(), utf16: awsKey() };
  let repo: TestRepo;
  const sha: Record<string, string> = {};
  let findings: Finding[];
  let commits: number;

  beforeAll(async () => {
    clearSecretsForTests();
    repo = TestRepo.init();
    sha.root = repo.commit('root', { 'config/app.env': `# settings\nregion = eu\naws_key = "${secrets.root}"\n` });
    sha.rename = repo.commit('rename', { 'config/app.env': null, 'config/renamed.env': `# settings\nregion = eu\naws_key = "${secrets.root}"\n` });
    sha.binary = repo.commit('binary', { 'blob.bin': Buffer.concat([Buffer.from([0, 1, 2, 0, 255]), Buffer.from(`aws_key = "${secrets.binary}"\n`), Buffer.alloc(64)]) });
    sha.spaced = repo.commit('odd names', { 'dir with space/clé ü.txt': `first\naws = "${secrets.spaced}"\n` });
    sha.utf16 = repo.commit('utf16 column', { 'notes.md': `intro\n\n日本 é "${secrets.utf16}"\n` });
    const out = await scanScope(repo, await resolveHistory(new Git(repo.dir), rangeOpts));
    findings = out.findings;
    commits = out.commitsScanned;
  });

  it('reports a secret of the root commit at its line, with commit, author and date', () => {
    const f = findings.filter((x) => x.properties?.commit === sha.root);
    expect(f.map(where)).toEqual([`aws-access-token config/app.env:3 ${sha.root.slice(0, 8)}`]);
    expect(f[0].properties).toMatchObject({ author: 'Test Author', email: 'author@example.com' });
    expect(String(f[0].properties?.date)).toMatch(/^2023-11-14T/);
    expect(f[0].fingerprint).toBe(`${sha.root}:config/app.env:aws-access-token:3`);
    expect(f[0].properties?.gitleaksFingerprint).toBe(f[0].fingerprint);
  });

  it('does not report a renamed file again when its content did not change', () => {
    expect(findings.filter((x) => x.properties?.commit === sha.rename)).toEqual([]);
  });

  it('skips binary files as gitleaks git scans do', () => {
    expect(findings.filter((x) => x.properties?.commit === sha.binary)).toEqual([]);
  });

  it('keeps file names with spaces and non-ASCII characters intact', () => {
    expect(findings.filter((x) => x.properties?.commit === sha.spaced).map(where)).toEqual([`aws-access-token dir with space/clé ü.txt:2 ${sha.spaced.slice(0, 8)}`]);
  });

  it('gives columns in UTF-16 code units', () => {
    const f = findings.find((x) => x.properties?.commit === sha.utf16) as Finding;
    const line = `日本 é "${secrets.utf16}"`;
    expect(f.column).toBe(line.indexOf(secrets.utf16) + 1);
    expect(f.endColumn).toBe(line.indexOf(secrets.utf16) + 1 + secrets.utf16.length);
  });

  it('counts every commit and masks every secret it saw', () => {
    expect(commits).toBe(5);
    expect(isRegisteredSecret(secrets.root)).toBe(true);
    expect(JSON.stringify(findings)).not.toContain(secrets.root);
    expect(JSON.stringify(findings)).not.toContain(secrets.spaced);
  });
});

describe('scanning a pull request', () => {
  const removed = awsKey();
  const side = awsKey();
  let repo: TestRepo;
  const sha: Record<string, string> = {};

  beforeAll(() => {
    repo = TestRepo.init();
    sha.base = repo.commit('base', { 'README.md': 'hello\n' });
    repo.git('checkout', '-q', '-b', 'side');
    sha.side = repo.commit('side secret', { 'side.txt': `one\ntwo\nkey = "${side}"\n` });
    repo.git('checkout', '-q', '-b', 'feature', sha.base);
    sha.add = repo.commit('add secret', { 'src/leak.ts': `a\nb\nc\nd\nconst k = "${removed}";\n` });
    sha.remove = repo.commit('remove secret', { 'src/leak.ts': 'a\nb\nc\nd\nconst k = process.env.K;\n' });
    repo.git('merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    sha.merge = repo.head();
    repo.git('checkout', '-q', 'main');
  });

  it('finds a secret added then removed inside the pull request, at the commit and line that added it', async () => {
    const scope = await resolvePr(new Git(repo.dir), 'main', sha.remove, rangeOpts);
    const out = await scanScope(repo, scope);
    expect(out.commitsScanned).toBe(2);
    expect(out.findings.map(where)).toEqual([`aws-access-token src/leak.ts:5 ${sha.add.slice(0, 8)}`]);
  });

  it('finds a secret reachable only through the second parent of a merge commit, unless first-parent is asked', async () => {
    const scope = await resolvePr(new Git(repo.dir), 'main', 'feature', rangeOpts);
    const all = await scanScope(repo, scope);
    expect(all.findings.map(where).sort()).toEqual([`aws-access-token side.txt:3 ${sha.side.slice(0, 8)}`, `aws-access-token src/leak.ts:5 ${sha.add.slice(0, 8)}`].sort());
    expect(all.commitsScanned).toBe(4);
    const first = await scanScope(repo, scope, true);
    expect(first.findings.map(where)).toEqual([`aws-access-token src/leak.ts:5 ${sha.add.slice(0, 8)}`]);
  });

  it('scans every commit of a 300-commit pull request', async () => {
    const secret = awsKey();
    const shas = repo.fastCommits('long', sha.base, 300, (i) => ({ [`f${i % 7}.txt`]: i === 137 ? `x\ntoken = "${secret}"\n` : `x\nclean ${i}\n` }));
    const out = await scanScope(repo, await resolvePr(new Git(repo.dir), 'main', 'long', rangeOpts));
    expect(out.commitsScanned).toBe(300);
    expect(out.findings.map(where)).toEqual([`aws-access-token f4.txt:2 ${shas[137].slice(0, 8)}`]);
  });
});

describe('the commit-scan path against gitleaks dir', () => {
  it('finds the same rules, files and lines as gitleaks scanning the same files directly', async () => {
    const repo = TestRepo.init();
    const files: Record<string, string> = {
      'a/.env.example': `POSTGRES_PASSWORD=postgrespassword\nREDIS_PASSWORD=__UNSET__\nAPP_PASSWORD=CHANGE_ME_STRONG_PASSWORD\n`,
      'a/ssh_config': `Host db\n  User deploy\n  Password: hunter2hunter\n`,
      'b/docker-compose.yml': `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: infra_password\n      OTHER_PASSWORD: CHANGE_ME_STRONG_PASSWORD\n`,
      'b/app.ts': `const a = 1;\nconst key = "${awsKey()}";\nconst gh = "ghp_Q3ZK7XPLM2VN4RTYa8b7c6d5e4f3g2h1i0jk";\n`,
      'c/deep/key.pem': `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\naIbq5Ur6bV4Xn1jQ2VfsUY0TwSm8Yu5JmhQOvbgTeh1iXeCoL6KYkKqRSVlPv7cp\n-----END RSA PRIVATE KEY-----\n`,
      'c/plain.txt': 'nothing here\n',
    };
    for (const [name, content] of Object.entries(files)) repo.commit(`add ${name}`, { [name]: content });
    const viaCommits = await scanScope(repo, await resolveHistory(new Git(repo.dir), rangeOpts));

    const work = makeWorkDir(tempDir());
    const config = writeEffectiveConfig(work, { extensionRules: true }) as string;
    const report = path.join(work, 'r.json');
    const r = await engine.run(['dir', '.', '--no-banner', '--report-format', 'json', '--report-path', report, '--exit-code', '0', '--config', config, '--gitleaks-ignore-path', work], repo.dir);
    expect(r.code).toBe(0);
    const direct = parseGitleaksReport(fs.readFileSync(report, 'utf8'), 'direct');
    const key = (rule: string, file: string, line: number) => `${rule} ${file}:${line}`;
    const a = viaCommits.findings.map((f) => key(f.ruleId, f.file as string, f.line as number)).sort();
    const b = direct.filter((l) => !l.File.startsWith('.git/')).map((l) => key(l.RuleID, l.File, l.StartLine)).sort();
    expect(a).toEqual(b);
    expect(a).toEqual(
      expect.arrayContaining([
        'hardline-weak-default-password a/.env.example:1',
        'hardline-ssh-plaintext-password a/ssh_config:3',
        'hardline-weak-default-password b/docker-compose.yml:4',
        'aws-access-token b/app.ts:2',
      ]),
    );
    expect(a.some((x) => /CHANGE_ME|:2$/.test(x) && x.includes('.env.example'))).toBe(false);
    expect(a.filter((x) => x.includes('docker-compose.yml'))).toEqual(['hardline-weak-default-password b/docker-compose.yml:4']);
  });
});

describe('scanning a large history in parallel shards', () => {
  it('reports exactly the findings of the unsharded scan when the patch tree is split across processes', async () => {
    const repo = TestRepo.init();
    const base = repo.commit('base', { 'README.md': 'hello\n' });
    const planted = new Map<number, string>();
    for (let i = 0; i < 160; i += 9) planted.set(i, awsKey());
    repo.fastCommits('main', base, 160, (i) => {
      const body = Array.from({ length: 1 + (i % 5) * 4 }, (_, n) => `line ${i}.${n} = compute(${n});`);
      const secret = planted.get(i);
      if (secret) body.splice(i % 3, 0, `aws_key = "${secret}" # ${i}`);
      if (i % 40 === 7) body.push('password = "CHANGE_ME_STRONG_PASSWORD"', `ghp = "ghp_Q3ZK7XPLM2VN4RTYa8b7c6d5e4f3g2h1i${String(i).padStart(3, '0')}"`);
      return { [`src/d${i % 6}/file${i % 11}.ts`]: body.join('\n') + '\n' };
    });
    const scope = await resolveHistory(new Git(repo.dir), rangeOpts);
    const messages: string[] = [];
    const sharded = await scanScope(repo, scope, false, { minBytes: 0, count: 3 }, (m) => messages.push(m));
    const single = await scanScope(repo, scope, false, { minBytes: Number.POSITIVE_INFINITY });
    const canonical = (fs: Finding[]) => fs.map((f) => JSON.stringify(f)).sort();

    expect(messages.some((m) => m.startsWith('scanning in 3 shards in parallel'))).toBe(true);
    expect(sharded.commitsScanned).toBe(161);
    expect(sharded.findings.filter((f) => f.ruleId === 'aws-access-token')).toHaveLength(planted.size);
    expect(canonical(sharded.findings)).toEqual(canonical(single.findings));
    expect({ ...sharded, findings: [] }).toEqual({ ...single, findings: [] });
  });
});
