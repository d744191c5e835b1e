#!/usr/bin/env node
// Compose validation benchmark, side by side in one run: hardline (dist/cli, else the compose-validate
// bundle) vs dclint (devDependency) on the whole awesome-compose corpus and on a generated 1,000-service
// project (written to a temp dir, removed afterwards), plus the cold start of the compose-validate bundle
// on one small file. Prints wall times (median of several runs) and ratios; asserts nothing.
// Targets: corpus ≤ 0.5× dclint; 1,000 services < 1 s; cold start < 300 ms.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.HARDLINE_COMPOSE_CORPUS || path.resolve(root, '../shared/corpus/compose/awesome-compose');
const cli = path.join(root, 'dist/cli/index.js');
const bundle = path.join(root, 'dist/compose-validate/index.js');
const dclint = path.join(root, 'node_modules/.bin/dclint');
const RUNS = Number(process.env.BENCH_RUNS || 5);

if (!fs.existsSync(bundle)) {
  console.error('dist/compose-validate/index.js is missing: run `node scripts/build.mjs compose-validate` first');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-bench-'));

/** hardline on `files` (globs) in `cwd`: through the CLI when it is built, else the action bundle as GitHub runs it. */
function hardline(cwd, files) {
  if (fs.existsSync(cli)) return [process.execPath, [cli, 'compose', ...files, '--fail-on', 'none', '--format', 'json', '--output', path.join(tmp, 'out.json')], cwd, {}];
  return [
    process.execPath,
    [bundle],
    cwd,
    {
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: path.join(tmp, 'gh-output'),
      GITHUB_STEP_SUMMARY: path.join(tmp, 'gh-summary'),
      INPUT_FILES: files.join('\n'),
      'INPUT_FAIL-ON': 'none',
      INPUT_FORMAT: 'json',
      INPUT_OUTPUT: path.join(tmp, 'out.json'),
      INPUT_ANNOTATIONS: 'false',
      'INPUT_JOB-SUMMARY': 'false',
    },
  ];
}

function time([cmd, args, cwd, env]) {
  const samples = [];
  let status = 0;
  for (let i = 0; i < RUNS; i++) {
    fs.writeFileSync(path.join(tmp, 'gh-output'), '');
    fs.writeFileSync(path.join(tmp, 'gh-summary'), '');
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
    status = r.status ?? -1;
    if (r.status === null || r.status > 1) {
      // dclint exits 1 on findings; hardline with fail-on none exits 0. Anything else is a failed run.
      console.error(`${path.basename(args[0] ?? cmd)} exited ${r.status}: ${String(r.stderr).slice(0, 400)}`);
    }
  }
  samples.sort((a, b) => a - b);
  return { ms: samples[Math.floor(samples.length / 2)], status };
}

function generate(n) {
  const dir = path.join(tmp, 'big');
  fs.mkdirSync(dir, { recursive: true });
  const lines = ['name: big', 'services:'];
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    lines.push(
      `  svc${i}:`,
      `    image: ${['nginx:1.27', 'postgres:16', 'redis:7-alpine', 'ghcr.io/example/app:1.0'][kind]}`,
      `    restart: unless-stopped`,
      `    environment:`,
      `      APP_NAME: svc${i}`,
      `      DB_PASSWORD: \${DB_PASSWORD_${i}:-changeme}`,
      `    ports:`,
      `      - "${kind === 0 ? '' : '127.0.0.1:'}${10000 + i}:80"`,
      `    healthcheck:`,
      `      test: ["CMD", "true"]`,
      `      interval: 30s`,
      `      timeout: 5s`,
      `      retries: 5`,
      ...(i > 0 ? [`    depends_on:`, `      svc${i - 1}:`, `        condition: service_healthy`] : []),
    );
  }
  fs.writeFileSync(path.join(dir, 'compose.yaml'), lines.join('\n') + '\n');
  return dir;
}

function corpusFiles() {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^(docker-)?compose\.ya?ml$/.test(e.name)) out.push(p);
    }
  };
  walk(corpus);
  return out;
}

const rows = [];
const fmt = (ms) => (ms === undefined ? '—' : `${ms.toFixed(0)} ms`);

const files = corpusFiles();
const corpusH = time(hardline(corpus, ['**/compose*.y*ml', '**/docker-compose*.y*ml']));
const corpusD = time([dclint, ['-r', '-q', '--color', 'false', corpus], corpus, {}]);
rows.push([`awesome-compose (${files.length} files)`, corpusH.ms, corpusD.ms, '≤ 0.5× dclint']);

const big = generate(1000);
const bigH = time(hardline(big, ['compose.yaml']));
const bigD = time([dclint, ['-q', '--color', 'false', path.join(big, 'compose.yaml')], big, {}]);
rows.push(['generated, 1,000 services', bigH.ms, bigD.ms, '< 1000 ms']);

const small = path.join(tmp, 'small');
fs.mkdirSync(small);
fs.writeFileSync(path.join(small, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]\n');
const coldStart = time([process.execPath, [bundle], small, hardline(small, ['compose.yaml'])[3]]);
const nodeOnly = time([process.execPath, ['-e', '0'], small, {}]);
rows.push(['cold start, compose-validate bundle, 1 small file', coldStart.ms, undefined, '< 300 ms']);
rows.push(['  (node -e 0 on this machine, for reference)', nodeOnly.ms, undefined, '']);

console.log(`hardline compose benchmark — median of ${RUNS} runs, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}, hardline via ${fs.existsSync(cli) ? 'dist/cli' : 'dist/compose-validate'}\n`);
console.log('| Input | hardline | dclint | hardline / dclint | Target |');
console.log('|---|---|---|---|---|');
for (const [name, h, d, target] of rows) {
  console.log(`| ${name} | ${fmt(h)} | ${fmt(d)} | ${d ? `${(h / d).toFixed(2)}×` : '—'} | ${target} |`);
}
fs.rmSync(tmp, { recursive: true, force: true });
