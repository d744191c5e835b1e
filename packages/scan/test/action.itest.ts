/**
 * The bundled action (dist/secret-scan, built with `node scripts/build.mjs secret-scan gitleaks`)
 * run as GitHub runs it, with real pull_request and push event payloads. Canary secrets are planted
 * in the commits and searched for in every output byte and report file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { ROOT, runAction } from '../../../test/helpers/run-bundle';
import { tempDir, TestRepo } from './helpers/git-repo';

// dist/ is built by `npm test`'s pretest step; tests never rebuild it (other test files run it meanwhile).
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/secret-scan/index.js'))) throw new Error('build first: npm run build');
});

/** GitHub consumes ::add-mask:: lines itself; they never reach the visible log. */
const visible = (text: string) => text.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
/** PATH without node_modules/.bin (where npm puts the WebAssembly package's `gitleaks` shim). */
const PATH = (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes('node_modules')).join(path.delimiter);

function writeEvent(payload: unknown): string {
  const file = path.join(tempDir('hardline-event-'), 'event.json');
  fs.writeFileSync(file, JSON.stringify(payload));
  return file;
}

describe('the secret-scan action', () => {
  it('fails a fork pull request with findings, redacts every output and writes no comment', async () => {
    const token = canary('secret');
    const weak = 'postgrespassword';
    const repo = TestRepo.init();
    const base = repo.commit('base', { 'README.md': 'hi\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    const leak = repo.commit('leak', { 'src/settings.py': `DEBUG = False\napi_token = "${token}"\n`, '.env.example': `POSTGRES_PASSWORD=${weak}\nREDIS_PASSWORD=CHANGE_ME_STRONG_PASSWORD\n` });
    const head = repo.commit('more', { 'src/other.py': 'x = 1\n' });
    const reports = tempDir('hardline-reports-');
    const event = writeEvent({
      action: 'synchronize',
      number: 7,
      pull_request: { number: 7, base: { sha: base, ref: 'main', repo: { full_name: 'acme/app' } }, head: { sha: head, ref: 'feature', repo: { full_name: 'fork/app', fork: true } } },
      repository: { full_name: 'acme/app' },
    });
    const ghToken = canary('ghtoken');
    const r = await runAction(
      'secret-scan',
      {
        engine: 'wasm',
        format: 'json',
        output: path.join(reports, 'report.json'),
        'sarif-file': path.join(reports, 'scan.sarif'),
        'gitlab-report': path.join(reports, 'gl-secret-detection-report.json'),
        comment: 'true',
        'github-token': ghToken,
      },
      { cwd: repo.dir, env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'acme/app', GITHUB_API_URL: 'http://127.0.0.1:9', PATH } },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ findings: '2', engine: 'wasm', 'commits-scanned': '2', 'sarif-file': path.join(reports, 'scan.sarif') });
    expect(r.stdout).toContain('fork pull request');
    expect(r.stdout).toContain(`::add-mask::${token}`);
    expect(r.stdout).toContain(`::error file=src/settings.py,line=2`);
    expect(r.summary).toContain(leak.slice(0, 8));
    const json = JSON.parse(fs.readFileSync(path.join(reports, 'report.json'), 'utf8')) as { findings: Array<{ ruleId: string; file: string; line: number; properties: Record<string, string> }> };
    expect(json.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.properties.commit}`).sort()).toEqual(
      [`generic-api-key src/settings.py:2 ${leak}`, `hardline-weak-default-password .env.example:1 ${leak}`].sort(),
    );
    const gl = JSON.parse(fs.readFileSync(path.join(reports, 'gl-secret-detection-report.json'), 'utf8')) as { scan: { type: string }; vulnerabilities: Array<{ raw_source_code_extract: string; location: { commit: { sha: string } } }> };
    expect(gl.scan.type).toBe('secret_detection');
    expect(gl.vulnerabilities.map((v) => v.raw_source_code_extract)).toEqual(['***', '***']);
    expect(findCanaries([token, ghToken, weak], [visible(r.everything())], [reports])).toEqual([]);
  });

  it('scans the commits of a push event with the engine auto picks, and passes a clean push', async () => {
    const secret = canary('secret');
    const repo = TestRepo.init();
    const before = repo.commit('one', { 'a.txt': 'a\n' });
    const leak = repo.commit('two', { 'b.txt': `x\ny\nauth_token = "${secret}"\n` });
    const after = repo.commit('three', { 'b.txt': 'x\ny\nauth_token = process.env.AUTH\n' });
    const env = { GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'main', GITHUB_REPOSITORY: 'acme/app', PATH };
    const dirty = await runAction('secret-scan', {}, { cwd: repo.dir, env: { ...env, GITHUB_EVENT_PATH: writeEvent({ before, after, ref: 'refs/heads/main', created: false }) } });
    expect(dirty.code).toBe(1);
    expect(dirty.outputs).toMatchObject({ findings: '1', engine: 'wasm', 'commits-scanned': '2' });
    expect(dirty.stdout).toContain('engine: gitleaks 8.28.0 (WebAssembly');
    expect(dirty.stdout).toContain(`${leak}:b.txt:generic-api-key:3`);
    const clean = await runAction('secret-scan', {}, { cwd: repo.dir, env: { ...env, GITHUB_EVENT_PATH: writeEvent({ before: leak, after, ref: 'refs/heads/main' }) } });
    expect(clean.code).toBe(0);
    expect(clean.outputs).toMatchObject({ findings: '0', 'commits-scanned': '1' });
    expect(findCanaries([secret], [visible(dirty.everything()), visible(clean.everything())])).toEqual([]);
  });
});
