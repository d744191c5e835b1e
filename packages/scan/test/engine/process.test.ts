import { OperationalError } from '@hardline/core';
import { runProcess } from '../../src/engine/process';

describe('engine processes', () => {
  it('returns the exit code and standard error of the child', async () => {
    const r = await runProcess(process.execPath, ['-e', 'process.stderr.write("oops"); process.exit(7)'], __dirname, {}, 60_000, 'child');
    expect(r).toEqual({ code: 7, stderr: 'oops' });
  });

  it('stops a child that outlives its timeout and fails operationally', async () => {
    const err = await runProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], __dirname, {}, 300, 'gitleaks (test)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).message).toContain('gitleaks (test) did not finish');
  });

  it('fails operationally when the executable cannot start', async () => {
    await expect(runProcess('/nonexistent/gitleaks', [], __dirname, {}, 1000, 'gitleaks')).rejects.toThrow('could not start');
  });
});
