/** The `hardline` dispatcher: help, version, unknown commands and routing to a command's run. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../src/cli';

interface Printed {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Printed> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    const code = await cli(argv, env);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('cli', () => {
  it('lists the commands and exits 2 when no command is given', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage: hardline <command> [options]');
    expect(r.out).toContain('vault unseal');
  });

  it('lists the commands and exits 0 for --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('compose');
  });

  it('prints the version for --version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('names an unknown command on stderr and exits 2', async () => {
    const r = await run(['frobnicate', '--x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown command "frobnicate"');
  });

  it("prints a command's options for --help without running it", async () => {
    const r = await run(['compose', '--help', 'does-not-exist.yml']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('hardline compose:');
    expect(r.out).toContain('--fail-on VALUE');
  });

  it('runs the command named by the first words with the remaining arguments', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-cli-'));
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, 'services:\n  web:\n    image: nginx:1.25\n    privileged: true\n');
    const r = await run(['compose', file, '--format', 'json', '--fail-on', 'error']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('no-privileged');
  });

  it('exits 2 for a flag the command does not take', async () => {
    const r = await run(['compose', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown option --no-such-flag');
  });
});
