import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

describe('README', () => {
  it('documents every action input and output and every component input as they are now', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/readme-reference.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('gives the two commands that CI runs', () => {
    const ci = require('node:fs').readFileSync(path.join(ROOT, '.ci/run'), 'utf8') as string;
    const readme = require('node:fs').readFileSync(path.join(ROOT, 'README.md'), 'utf8') as string;
    expect(readme).toContain('npm ci && npm run hardline -- scan --scope history');
    expect(ci).toContain('npm run -s hardline -- scan --scope history');
    expect(readme).toContain('\nnpm test\n');
    expect(ci).toContain('\nnpm test\n');
  });
});
