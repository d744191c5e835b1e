#!/usr/bin/env node
// Vault unseal benchmark: the vault-unseal bundle run as GitHub runs it (a fresh node process each
// time) against Vault test servers on loopback — unsealing 1 node and a 3-node cluster (threshold
// 3 of 5), and the bundle's cold start (no inputs: exits 2 after loading). Median and min of several
// runs; prints figures, asserts nothing. The TypeScript test server is bundled with esbuild to a
// temp file first. Targets: cold start < 300 ms; 1 node < 500 ms; 3 nodes < 1.3× one node.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist/vault-unseal/index.js');
const RUNS = Number(process.env.BENCH_RUNS || 7);
if (!fs.existsSync(bundle)) {
  console.error('dist/vault-unseal/index.js is missing: run `node scripts/build.mjs vault-unseal` first');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-bench-vault-'));
const serverJs = path.join(tmp, 'vault-test-server.cjs');
await build({ entryPoints: [path.join(root, 'test/servers/vault/index.ts')], outfile: serverJs, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
const { startVaultTestServer } = createRequire(import.meta.url)(serverJs);

function runBundle(inputs, env = {}) {
  const e = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: path.join(tmp, 'out'), GITHUB_STEP_SUMMARY: path.join(tmp, 'summary'), ...env };
  for (const [k, v] of Object.entries(inputs)) e[`INPUT_${k.toUpperCase()}`] = v;
  fs.writeFileSync(e.GITHUB_OUTPUT, '');
  fs.writeFileSync(e.GITHUB_STEP_SUMMARY, '');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [bundle], { env: e, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}

async function measure(label, prepare, inputs, expectCode) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    await prepare();
    const r = await runBundle(inputs);
    if (r.code !== expectCode) throw new Error(`${label}: exit ${r.code}, expected ${expectCode}`);
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(34)} median ${median.toFixed(0).padStart(5)} ms   min ${times[0].toFixed(0).padStart(5)} ms   (${RUNS} runs)`);
  return median;
}

const servers = [];
try {
  const cold = await measure('cold start (no inputs, exit 2)', async () => {}, {}, 2);

  const dir = fs.mkdtempSync(path.join(tmp, 'cluster-'));
  const first = await startVaultTestServer({ stateFile: path.join(dir, '0.json') });
  servers.push(first);
  const init = first.initialize({ shares: 5, threshold: 3 });
  for (let i = 1; i < 3; i++) {
    fs.copyFileSync(path.join(dir, '0.json'), path.join(dir, `${i}.json`));
    servers.push(await startVaultTestServer({ stateFile: path.join(dir, `${i}.json`), standby: true }));
  }
  const keys = init.keys.join('\n');
  const one = await measure('unseal 1 node (3 of 5 keys)', async () => first.seal(), { 'vault-addr': first.url, 'unseal-keys': keys }, 0);
  const three = await measure('unseal 3 nodes (3 of 5 keys each)', async () => servers.forEach((s) => s.seal()), { 'vault-addr': servers.map((s) => s.url).join(','), 'unseal-keys': keys }, 0);
  console.log(`\nunseal time over cold start: 1 node +${(one - cold).toFixed(0)} ms, 3 nodes +${(three - cold).toFixed(0)} ms (nodes are unsealed in parallel)`);
} finally {
  await Promise.all(servers.map((s) => s.close()));
  fs.rmSync(tmp, { recursive: true, force: true });
}
