/** The `hardline` CLI bundle as a developer runs it: help, version, unknown commands, dispatch. */
import { runCli } from '../../../test/helpers/run-bundle';
import { COMMANDS } from '../src/commands';

describe('hardline CLI', () => {
  it('lists every command in its help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.words.join(' '));
    expect(r.stdout).toContain('Exit codes:');
  });

  it('exits 2 with the help when no command is given or the command is unknown', async () => {
    expect((await runCli([])).code).toBe(2);
    const r = await runCli(['deploy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "deploy"');
  });

  it('prints each command its own options, with defaults and environment fallbacks', async () => {
    const r = await runCli(['vault', 'unseal', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--vault-addr');
    expect(r.stdout).toContain('--fail-on VALUE');
  });

  it('rejects an unknown option with exit 2 and names it', async () => {
    const r = await runCli(['compose', '--colour', 'always']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --colour');
  });

  it('prints its version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('loads every command it lists', () => {
    for (const c of COMMANDS) expect(c.load().name).toBe(c.words.join(' '));
  });
});
