#!/usr/bin/env node
// `npm run bench`: builds nothing, runs every scripts/bench-*.mjs in one process tree, one after
// the other, so the figures of one run are comparable side by side. `npm run bench -- compose`
// runs only the named ones. Figures are printed, never asserted.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = fs
  .readdirSync(here)
  .filter((f) => /^bench-.+\.mjs$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
if (!fs.existsSync(path.join(here, '..', 'dist', 'cli', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}
console.log(`hardline benchmarks — node ${process.version}, ${new Date().toISOString()}`);
let failed = 0;
for (const b of benches) {
  console.log(`\n## ${b.replace(/^bench-|\.mjs$/g, '')}\n`);
  const r = spawnSync(process.execPath, [path.join(here, b)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`(${b} exited ${r.status})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
