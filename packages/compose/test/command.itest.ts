/**
 * The bundled action run as GitHub runs it, and the GitLab component's job run as a GitLab runner
 * would (its variables and script line, against dist/cli when that bundle exists, else against
 * the compose-validate bundle, which runs the same command and detects GitLab the same way).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findCanaries } from '../../../test/helpers/canary';
import { parseDotenv, ROOT, runAction } from '../../../test/helpers/run-bundle';
import { COMPOSE_INPUTS } from '../src/command';

const ENV_FIXTURE = path.join(__dirname, 'fixtures/rules/env');
const CLEAN_FIXTURE = path.join(__dirname, 'fixtures/rules/clean');
const CANARY = 'cnrycanary1Q7xV9kLmT2pR8sW4zY6bN3';

/** GitHub consumes ::add-mask:: lines itself; they never reach the visible log. */
const visible = (text: string) => text.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');

// dist/ is built by `npm test`'s pretest step; tests never rebuild it (other test files run it meanwhile).
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/compose-validate/index.js'))) throw new Error('build first: npm run build');
});

describe('compose-validate action bundle', () => {
  it('writes the counts, the job summary with a table per file and annotations, and exits 1 on errors', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cv-'));
    const sarif = path.join(tmp, 'out.sarif');
    const r = await runAction('compose-validate', { files: 'compose.yaml', 'sarif-file': sarif }, { cwd: ENV_FIXTURE });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ errors: '3', warnings: '6', notes: '4', 'sarif-file': sarif });
    for (const file of ['.env', 'compose.yaml', 'db.env']) expect(r.summary).toContain(`### \`${file}\``);
    expect(r.stdout).toContain('::error file=db.env,line=2,col=1,title=no-trust-auth::');
    expect(r.stdout).toContain('::error file=.env,line=1,col=1,title=no-weak-default-secret::');
    const log = JSON.parse(fs.readFileSync(sarif, 'utf8')) as { runs: Array<{ results: unknown[] }> };
    expect(log.runs[0].results).toHaveLength(13);
    expect(findCanaries([CANARY, 'infra_password'], [visible(r.stdout), r.stderr, JSON.stringify(r.outputs), r.summary], [tmp])).toEqual([]);
  });
  it('exits 0 with fail-on none', async () => {
    const r = await runAction('compose-validate', { files: 'compose.yaml', 'fail-on': 'none' }, { cwd: ENV_FIXTURE });
    expect(r.code).toBe(0);
    expect(r.outputs.errors).toBe('3');
  });
  it('exits 0 and reports no findings on a hardened file', async () => {
    const r = await runAction('compose-validate', {}, { cwd: CLEAN_FIXTURE });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ errors: '0', warnings: '0', notes: '0' });
    expect(r.summary).toContain('No findings');
  });
  it('exits 2 naming the config file when it is missing', async () => {
    const r = await runAction('compose-validate', { config: 'missing-config.yml' }, { cwd: CLEAN_FIXTURE });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('missing-config.yml');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });
});

interface Template {
  spec: { inputs: Record<string, { default?: unknown; options?: string[] }> };
  job: { variables: Record<string, string>; script: string[]; artifacts: { reports: Record<string, string> }; image: string };
}

function readTemplate(): Template {
  const docs = parseAllDocuments(fs.readFileSync(path.join(ROOT, 'templates/compose-validate.yml'), 'utf8')).map((d) => d.toJS() as Record<string, unknown>);
  const jobs = Object.entries(docs[1]);
  expect(jobs).toHaveLength(1);
  expect(jobs[0][0]).toBe('$[[ inputs.job-prefix ]]-compose-validate');
  return { spec: docs[0].spec as Template['spec'], job: jobs[0][1] as Template['job'] };
}

/** Replace $[[ inputs.x ]] with the given value or the input's default, as GitLab does. */
function interpolate(text: string, spec: Template['spec'], given: Record<string, string>): string {
  return text.replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_m, name: string) => {
    expect(spec.inputs[name]).toBeDefined();
    return given[name] ?? String(spec.inputs[name].default ?? '');
  });
}

describe('templates/compose-validate.yml', () => {
  it('declares stage, job-prefix, version, hardline-project and every input of the command', () => {
    const { spec, job } = readTemplate();
    for (const name of ['stage', 'job-prefix', 'version', 'hardline-project', 'fail-on', 'codequality-file', ...Object.keys(COMPOSE_INPUTS)]) {
      expect(spec.inputs[name]).toBeDefined();
    }
    expect(job.image).toBe('node:20-alpine');
    expect(job.artifacts.reports.codequality).toBe('$[[ inputs.codequality-file ]]');
    expect(job.script).toEqual(['node "$HARDLINE_DIR/dist/cli/index.js" compose']);
  });
  it('runs its job line with its variables, writes a codequality report and the dotenv counts, and keeps the .env canary out', () => {
    const { spec, job } = readTemplate();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-gl-'));
    fs.cpSync(ENV_FIXTURE, work, { recursive: true });
    const hardlineDir = fs.existsSync(path.join(ROOT, 'dist/cli/index.js')) ? ROOT : fakeCliDir();
    const variables: Record<string, string> = {};
    for (const [k, v] of Object.entries(job.variables)) variables[k] = interpolate(String(v), spec, { files: 'compose.yaml' });
    variables.HARDLINE_DIR = hardlineDir;
    const script = interpolate(job.script[0], spec, {});
    const r = spawnSync('sh', ['-c', script], {
      cwd: work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, GITLAB_CI: 'true', CI: 'true', CI_PROJECT_DIR: work, ...variables },
    });
    expect(r.status).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(work, 'gl-code-quality-report.json'), 'utf8')) as Array<{ check_name: string; location: { path: string; lines: { begin: number } } }>;
    expect(report.find((i) => i.check_name === 'no-trust-auth')?.location).toEqual({ path: 'db.env', lines: { begin: 2 } });
    expect(parseDotenv(fs.readFileSync(path.join(work, 'hardline.env'), 'utf8'))).toMatchObject({ HARDLINE_ERRORS: '3', HARDLINE_WARNINGS: '6', HARDLINE_NOTES: '4' });
    expect(findCanaries([CANARY], [r.stdout, r.stderr])).toEqual([]);
    const outputs = ['gl-code-quality-report.json', 'hardline.env'].map((f) => fs.readFileSync(path.join(work, f), 'utf8'));
    expect(findCanaries([CANARY], outputs)).toEqual([]);
  });
});

/** Until every capability exports its command the CLI bundle cannot build: stand the compose bundle in for dist/cli. */
function fakeCliDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cli-'));
  fs.mkdirSync(path.join(dir, 'dist/cli'), { recursive: true });
  // `compose` (the CLI's command word) is ignored by the action bundle, which reads its inputs from HARDLINE_* variables.
  fs.writeFileSync(path.join(dir, 'dist/cli/index.js'), `process.argv.splice(2);\nrequire(${JSON.stringify(path.join(ROOT, 'dist/compose-validate/index.js'))});\n`);
  return dir;
}
