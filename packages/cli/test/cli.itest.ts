/** The built `hardline` bundle (dist/cli) as a developer or a GitLab job runs it. cli.test.ts covers the dispatcher in-process. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, runCli } from '../../../test/helpers/run-bundle';
import { COMMANDS } from '../src/commands';

describe('the hardline CLI bundle', () => {
  it('lists every command in its help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.words.join(' '));
  });

  it("prints each command's options from its bundled definition", async () => {
    for (const c of COMMANDS) {
      const r = await runCli([...c.words, '--help']);
      expect(`${c.words.join(' ')}: ${r.code}`).toBe(`${c.words.join(' ')}: 0`);
      expect(r.stdout).toContain(`Usage: hardline ${c.words.join(' ')}`);
    }
  });
});

describe('a broken install', () => {
  it('reports a missing part in one line with exit 4, never an unhandled rejection with a stack trace', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-broken-'));
    for (const f of ['index.js', 'core.js']) fs.copyFileSync(path.join(ROOT, 'dist/cli', f), path.join(dir, f));
    const r = spawnSync(process.execPath, [path.join(dir, 'index.js'), 'compose'], { encoding: 'utf8' });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('bug in hardline');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the command table', () => {
  it('loads every command it lists, under the name it is listed with', () => {
    for (const c of COMMANDS) expect(c.load().name).toBe(c.words.join(' '));
  });
});
