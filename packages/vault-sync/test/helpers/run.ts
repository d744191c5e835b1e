import { runCommand } from '@hardline/core';
import { syncCommand } from '../../src/command';

export interface SyncRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `hardline vault sync <args>` in-process as the CLI would, capturing stdout and stderr. */
export async function runSync(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<SyncRun> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCommand(syncCommand, { argv: args, env: { PATH: process.env.PATH, ...env }, cwd, prefer: 'cli' });
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
