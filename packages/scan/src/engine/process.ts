/** Runs an engine process with a timeout: the host stays in control whatever the child does. */
import { spawn } from 'node:child_process';
import { OperationalError } from '@hardline/core';
import type { EngineResult } from './types';

export function runProcess(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, what: string): Promise<EngineResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += c.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new OperationalError(`${what} could not start: ${err.code ?? err.message}`, [`${what} in ${cwd}`]));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new OperationalError(`${what} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, [`${what} in ${cwd}`]));
        return;
      }
      resolve({ code: code ?? (signal ? 128 : -1), stderr });
    });
  });
}
