#!/usr/bin/env node
// vault sync benchmark: a generated vault.yml of 200 objects (mounts, auth, policies, AppRoles, a
// database connection, static roles, KV secrets) against the Vault test server with 10 ms of added
// latency per request. Prints the wall time, reads and writes of a first apply and of a no-op apply,
// and the time of the no-op's reads replayed alone with the same bounded concurrency. Asserts nothing.
// Targets: no-op apply makes 0 writes, and takes ≤ 1.5× its necessary reads done with bounded concurrency.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 8);
const RUNS = Number(process.env.BENCH_RUNS || 5);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-bench-vault-sync-'));

// The command and the test server are TypeScript: bundle a small harness once (no dist/ needed).
const harness = path.join(tmp, 'harness.cjs');
await build({
  stdin: {
    contents: `
      export { startVaultTestServer } from './test/servers/vault/server';
      export { syncCommand } from './packages/vault-sync/src/command';
      export { runCommand, HttpClient } from './packages/core/src';
      export { VaultClient } from './packages/vault/src/client';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: harness,
  logLevel: 'error',
});
const { startVaultTestServer, syncCommand, runCommand, HttpClient, VaultClient } = (await import(pathToFileURL(harness).href)).default;

// 3 mounts/auth + 60 policies + 60 AppRoles + 1 connection + 40 static roles + 36 KV secrets = 200.
const lines = ['mounts:', '  secret: { type: kv, version: 2 }', '  database: { type: database }', 'auth:', '  approle: { type: approle }', 'policies:'];
for (let i = 0; i < 60; i++) lines.push(`  app-${i}: |`, `    path "secret/data/app-${i}/*" {`, '      capabilities = ["read", "list"]', '    }');
lines.push('approles:');
for (let i = 0; i < 60; i++) lines.push(`  app-${i}:`, `    role_id: app-${i}-role-id-v1`, `    token_policies: [app-${i}]`, '    token_ttl: 1h', '    token_max_ttl: 4h', '    secret_id_ttl: 10m', '    secret_id_num_uses: 1');
lines.push('database:', '  connections:', '    main:', '      plugin_name: postgresql-database-plugin', '      connection_url: "postgresql://{{username}}:{{password}}@db:5432/app"', '      username: vault', '      password: { env: BENCH_DB_PASSWORD }', '      allowed_roles: ["*"]', '      verify_connection: false', '  static_roles:');
for (let i = 0; i < 40; i++) lines.push(`    app-${i}:`, '      db_name: main', `      username: app_${i}`, '      rotation_period: 30d');
lines.push('kv:', '  secret:');
for (let i = 0; i < 36; i++) lines.push(`    app-${i}/config:`, '      api_key: { env: BENCH_KV_VALUE }');
fs.writeFileSync(path.join(tmp, 'vault.yml'), lines.join('\n') + '\n');

const server = await startVaultTestServer({ latencyMs: LATENCY_MS });
const init = server.initialize({ shares: 1, threshold: 1 });
server.unsealWith(init.keys);
const env = { VAULT_ADDR: server.url, VAULT_TOKEN: init.rootToken, BENCH_DB_PASSWORD: 'bench-db-password', BENCH_KV_VALUE: 'bench-kv-value' };

async function sync() {
  server.resetStats();
  const write = process.stdout.write;
  process.stdout.write = () => true; // the plan text is not part of the figure
  const t0 = performance.now();
  let code;
  try {
    code = await runCommand(syncCommand, { argv: ['--apply', '--concurrency', String(CONCURRENCY)], env, cwd: tmp, prefer: 'cli' });
  } finally {
    process.stdout.write = write;
  }
  const ms = performance.now() - t0;
  return { code, ms, reads: server.stats.reads, writes: server.stats.writes, requests: [...server.stats.requests] };
}

const first = await sync();

// The no-op's reads alone, replayed with the same bounded concurrency (the floor a no-op can reach).
const http = new HttpClient({ service: 'Vault' });
const vault = new VaultClient({ addr: server.url, token: init.rootToken, http });
async function floor(reads) {
  server.resetStats();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < reads.length) {
        const r = reads[next++];
        const p = r.path.replace(/^\/v1\//, '');
        await (r.method === 'LIST' ? vault.list(p) : vault.read(p));
      }
    }),
  );
  return performance.now() - t0;
}
// Interleaved no-op and floor runs, medians reported: a loaded machine shifts both alike.
const noops = [];
const floors = [];
for (let i = 0; i < RUNS; i++) {
  const n = await sync();
  noops.push(n);
  floors.push(await floor(n.requests.filter((r) => r.method === 'GET' || r.method === 'LIST')));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const noop = { ...noops[0], ms: median(noops.map((n) => n.ms)), writes: Math.max(...noops.map((n) => n.writes)) };
const floorMs = median(floors);
const reads = noop.requests.filter((r) => r.method === 'GET' || r.method === 'LIST');
http.close();
await server.close();
fs.rmSync(tmp, { recursive: true, force: true });

const row = (name, r) => `| ${name} | ${r.ms.toFixed(0)} ms | ${r.reads} | ${r.writes} | exit ${r.code} |`;
console.log(`load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs; 200 objects, ${LATENCY_MS} ms added latency per request, concurrency ${CONCURRENCY}; no-op and floor: median of ${RUNS} interleaved runs\n`);
console.log('| run | wall time | reads | writes | result |\n|---|---|---|---|---|');
console.log(row('first apply', first));
console.log(row('no-op apply', noop));
console.log(`| reads of the no-op alone (floor) | ${floorMs.toFixed(0)} ms | ${reads.length} | 0 | |`);
const ratio = noop.ms / floorMs;
console.log(`\nno-op apply: ${noop.writes} writes (target 0); ${ratio.toFixed(2)}× its reads alone (target ≤ 1.5×)`);
