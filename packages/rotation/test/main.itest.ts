/**
 * The rotate-secrets action bundle (dist/rotate-secrets, built by `node scripts/build.mjs rotate-secrets`)
 * run as GitHub runs it: mode rotate and mode audit, and a run killed between set and finish, then rerun.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCanaries } from '../../../test/helpers/canary';
import { ROOT, runAction, runCli } from '../../../test/helpers/run-bundle';
import { GITHUB_TEST_TOKENS, GITLAB_TEST_TOKENS, approleAccepts, kvValue, startWorld, writePlan, type World } from './helpers/world';

const BUNDLE = path.join(ROOT, 'dist', 'rotate-secrets', 'index.js');
let w: World;

beforeAll(async () => {
  if (!fs.existsSync(BUNDLE)) throw new Error('build the bundle first: node scripts/build.mjs rotate-secrets');
  w = await startWorld();
});
afterAll(async () => {
  await w.close();
});

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'github-token': GITHUB_TEST_TOKENS.write,
    'github-api-url': w.github.url,
    'gitlab-token': GITLAB_TEST_TOKENS.owner,
    'gitlab-api-url': `${w.gitlab.url}/api/v4`,
    'vault-addr': w.vault.url,
    'vault-token': w.root,
    'retry-delay': '5ms',
    ...extra,
  };
}

describe('the rotate-secrets action bundle', () => {
  it('rotates the plan in mode rotate, sets outputs and a job summary, and prints no secret', async () => {
    const cwd = fs.mkdtempSync(path.join(w.dir, 'action-'));
    writePlan(cwd, 'entries:\n  - name: ACTION_TOKEN\n    source: { type: random }\n    sinks: [github:repository:acme/app, vault-kv:secret/ci/action]\n');
    const r = await runAction('rotate-secrets', inputs(), { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ rotated: 'ACTION_TOKEN', failed: '', skipped: '', errors: '0' });
    expect(r.summary).toContain('ACTION_TOKEN');
    const value = w.github.secretValue('repo:acme/app', 'ACTION_TOKEN')!;
    expect(await kvValue(w, 'ACTION_TOKEN', 'ci/action')).toBe(value);
    expect(r.stdout).toContain(`::add-mask::${value}`);
    // ::add-mask:: lines are GitHub's masking commands themselves: everything else must be clean.
    const printed = r.everything().split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    expect(findCanaries([value, w.root, GITHUB_TEST_TOKENS.write], [printed], [path.join(cwd, 'hardline-rotation-audit.jsonl')])).toEqual([]);
  });

  it('reports a mix of fresh and 45-day-old secrets in mode audit and exits 1', async () => {
    const cwd = fs.mkdtempSync(path.join(w.dir, 'audit-'));
    writePlan(cwd, 'entries:\n  - name: AUDIT_FRESH\n    source: { type: random }\n    sinks: [github:repository:acme/app]\n  - name: AUDIT_OLD\n    source: { type: random }\n    sinks: [github:repository:acme/app]\n');
    const seeded = await runAction('rotate-secrets', inputs(), { cwd });
    expect(seeded.code).toBe(0);
    w.github.setSecretUpdatedAt('repo:acme/app', 'AUDIT_OLD', new Date(Date.now() - 45 * 86_400_000));
    const r = await runAction('rotate-secrets', inputs({ mode: 'audit' }), { cwd });
    expect(r.code).toBe(1);
    expect(r.outputs['too-old']).toBe('AUDIT_OLD');
    expect(r.outputs.errors).toBe('1');
    expect(r.stdout).toMatch(/AUDIT_OLD in GitHub repository secrets of acme\/app is 45 days old, older than the maximum of 30 days/);
    expect(r.stdout).not.toContain('AUDIT_FRESH in');
    // As the runner passes it: the default plan input is set but no plan file exists; stores decide.
    const bare = fs.mkdtempSync(path.join(w.dir, 'audit-stores-'));
    const byStores = await runAction('rotate-secrets', inputs({ mode: 'audit', plan: 'rotation.yml', stores: 'github:repository:acme/app', names: 'AUDIT_FRESH,AUDIT_OLD' }), { cwd: bare });
    expect(byStores.code).toBe(1);
    expect(byStores.outputs['too-old']).toBe('AUDIT_OLD');
  });
});

describe('the CLI bundle in a GitLab job, as templates/rotate-secrets.yml runs it', () => {
  it('reads HARDLINE_ variables, rotates into a masked, protected variable and writes the dotenv outputs', async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'index.js'))) throw new Error('build the CLI bundle first: node scripts/build.mjs cli');
    const cwd = fs.mkdtempSync(path.join(w.dir, 'gitlab-'));
    writePlan(cwd, 'entries:\n  - name: GL_TOKEN\n    environment: production\n    source: { type: random }\n    sinks: [gitlab:project:acme/app]\n');
    const r = await runCli(['rotate'], {
      cwd,
      gitlab: { HARDLINE_GITLAB_TOKEN: GITLAB_TEST_TOKENS.owner, CI_API_V4_URL: `${w.gitlab.url}/api/v4`, HARDLINE_RETRY_DELAY: '5ms', CI_PROJECT_ID: '101' },
    });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ HARDLINE_ROTATED: 'GL_TOKEN', HARDLINE_FAILED: '' });
    const v = w.gitlab.variable('project:acme/app', 'GL_TOKEN', 'production')!;
    expect(v).toMatchObject({ masked: true, protected: true, environment_scope: 'production' });
    expect(findCanaries([v.value, GITLAB_TEST_TOKENS.owner], [r.everything()], [path.join(cwd, 'hardline-rotation-audit.jsonl')])).toEqual([]);
  });
});

describe('a rotation killed between set and finish', () => {
  it('loses no credential: the sinks hold a value the source accepts, and a rerun takes over the stale lock and completes', async () => {
    const cwd = fs.mkdtempSync(path.join(w.dir, 'kill-'));
    writePlan(cwd, 'entries:\n  - name: KILLED_ID\n    source: { type: vault-approle-secret-id, role: deployer, keep: 1 }\n    sinks: [github:repository:acme/app, vault-kv:secret/ci/killed]\n');
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: path.join(cwd, 'out'), GITHUB_STEP_SUMMARY: path.join(cwd, 'summary') };
    for (const [k, v] of Object.entries(inputs())) env[`INPUT_${k.toUpperCase()}`] = v;
    const child = spawn(process.execPath, [BUNDLE], { cwd, env, stdio: 'ignore' });
    // Vault applies the last sink write and, before answering, the run is killed.
    w.onVaultResponse = (resp) => {
      if (/^(POST|PUT) .*\/data\//.test(resp.route) && resp.status < 300) child.kill('SIGKILL');
    };
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
    w.onVaultResponse = undefined;
    expect(signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(cwd, '.hardline/locks/KILLED_ID.lock'))).toBe(true);
    const inGitHub = w.github.secretValue('repo:acme/app', 'KILLED_ID')!;
    expect(await kvValue(w, 'KILLED_ID', 'ci/killed')).toBe(inGitHub);
    expect(await approleAccepts(w, inGitHub)).toBe(true);

    const rerun = await runAction('rotate-secrets', inputs(), { cwd });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('took over the stale lock of an earlier run');
    const after = w.github.secretValue('repo:acme/app', 'KILLED_ID')!;
    expect(after).not.toBe(inGitHub);
    expect(await kvValue(w, 'KILLED_ID', 'ci/killed')).toBe(after);
    expect(await approleAccepts(w, after)).toBe(true);
  });
});
