/** The built `hardline` bundle (dist/cli) as a developer or a GitLab job runs it. cli.test.ts covers the dispatcher in-process. */
import { runCli } from '../../../test/helpers/run-bundle';
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

describe('the command table', () => {
  it('loads every command it lists, under the name it is listed with', () => {
    for (const c of COMMANDS) expect(c.load().name).toBe(c.words.join(' '));
  });
});
