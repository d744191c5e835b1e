/**
 * Every git call of the scanner: child_process.spawn with an argument array (never a shell), a
 * fixed, locale-independent environment, and failures turned into OperationalError (exit 3) that
 * say which command failed: a git error never lets a scan pass.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { OperationalError } from '@hardline/core';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const ZERO_SHA = /^0{40}(0{24})?$/;

export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' };
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  return env;
}

export class Git {
  constructor(readonly cwd: string) {}

  /** Runs git; resolves with the exit code whatever it is (for probes such as `cat-file -e`). */
  exec(args: readonly string[]): Promise<GitResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('git', [...args], { cwd: this.cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      const out: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', (err: NodeJS.ErrnoException) => reject(this.error(args, `cannot run git: ${err.code ?? err.message}`)));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr }));
    });
  }

  /** Runs git and returns stdout; a non-zero exit is an OperationalError naming the command. */
  async out(args: readonly string[]): Promise<string> {
    const r = await this.exec(args);
    if (r.code !== 0) throw this.error(args, firstLine(r.stderr) || `exit code ${r.code}`);
    return r.stdout;
  }

  /** True when the command exits 0. */
  async ok(args: readonly string[]): Promise<boolean> {
    return (await this.exec(args)).code === 0;
  }

  /** A running git whose stdout the caller consumes (patch streams). */
  spawn(args: readonly string[]): ChildProcessWithoutNullStreams {
    return spawn('git', [...args], { cwd: this.cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  }

  error(args: readonly string[], reason: string, hint?: string): OperationalError {
    const sub = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c') ?? args[0];
    return new OperationalError(`git ${sub} failed: ${reason}`, [`git ${args.join(' ')} (in ${this.cwd})`], hint);
  }

  async commitExists(rev: string): Promise<boolean> {
    return this.ok(['cat-file', '-e', `${rev}^{commit}`]);
  }

  async resolve(rev: string): Promise<string> {
    return (await this.out(['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`])).trim();
  }

  async isRepository(): Promise<boolean> {
    return this.ok(['rev-parse', '--git-dir']);
  }

  async isShallow(): Promise<boolean> {
    return (await this.out(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  }

  /** Commits at the shallow boundary (their parents are missing). */
  async shallowCommits(): Promise<Set<string>> {
    const file = (await this.out(['rev-parse', '--path-format=absolute', '--git-path', 'shallow'])).trim();
    const fs = await import('node:fs');
    if (!fs.existsSync(file)) return new Set();
    return new Set(fs.readFileSync(file, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean));
  }

  async revList(args: readonly string[]): Promise<string[]> {
    return (await this.out(['rev-list', ...args])).split('\n').filter(Boolean);
  }
}

function firstLine(s: string): string {
  return s.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ');
}
