/**
 * Runs a built bundle the way its platform would: an action with INPUT_* variables and temp
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, a GitLab job with GITLAB_CI and HARDLINE_* variables,
 * or the CLI with argv. The one helper every end-to-end test uses to set inputs.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface BundleResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Parsed $GITHUB_OUTPUT (GitHub) or dotenv file (GitLab). */
  outputs: Record<string, string>;
  summary: string;
  /** Every byte the run produced (stdout, stderr, outputs, summary), for canary checks. */
  everything(): string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
}

/** `node dist/<action>/index.js` with inputs as INPUT_<NAME> (names as in action.yml). */
export function runAction(action: string, inputs: Record<string, string>, opts: RunOptions = {}): Promise<BundleResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-action-'));
  const outputFile = path.join(tmp, 'output');
  const summaryFile = path.join(tmp, 'summary');
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const env: Record<string, string | undefined> = {
    ...baseEnv(),
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: opts.cwd ?? process.cwd(),
    RUNNER_TEMP: tmp,
    ...opts.env,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  return spawnNode([path.join(ROOT, 'dist', action, 'index.js')], env, opts, () => ({
    outputs: parseGitHubOutput(fs.readFileSync(outputFile, 'utf8')),
    summary: fs.readFileSync(summaryFile, 'utf8'),
  }));
}

/** The CLI bundle, as a developer or a GitLab job runs it. */
export function runCli(args: string[], opts: RunOptions & { gitlab?: Record<string, string> } = {}): Promise<BundleResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-cli-'));
  const dotenv = path.join(tmp, 'hardline.env');
  const env: Record<string, string | undefined> = { ...baseEnv(), ...opts.env };
  if (opts.gitlab) {
    Object.assign(env, { GITLAB_CI: 'true', CI: 'true', HARDLINE_DOTENV: dotenv, CI_PROJECT_DIR: opts.cwd ?? process.cwd() }, opts.gitlab);
  }
  return spawnNode([path.join(ROOT, 'dist', 'cli', 'index.js'), ...args], env, opts, () => ({
    outputs: fs.existsSync(dotenv) ? parseDotenv(fs.readFileSync(dotenv, 'utf8')) : {},
    summary: '',
  }));
}

function baseEnv(): Record<string, string | undefined> {
  // A clean environment: no CI variables of the machine running the tests leak in.
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot', 'NODE_EXTRA_CA_CERTS'];
  const env: Record<string, string | undefined> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return env;
}

function spawnNode(
  args: string[],
  env: Record<string, string | undefined>,
  opts: RunOptions,
  collect: () => { outputs: Record<string, string>; summary: string },
): Promise<BundleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: opts.cwd ?? process.cwd(), env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 110_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const { outputs, summary } = collect();
      const result: BundleResult = {
        code: code ?? (signal ? 128 : -1),
        stdout,
        stderr,
        outputs,
        summary,
        everything: () => [stdout, stderr, JSON.stringify(outputs), summary].join('\n'),
      };
      resolve(result);
    });
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    else child.stdin.end();
  });
}

/** Parses `name<<delimiter\nvalue\ndelimiter` and `name=value` lines as @actions/core writes them. */
export function parseGitHubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = lines[i].match(/^([^=<]+)<<(.+)$/);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]);
      out[name] = value.join('\n');
      continue;
    }
    const eq = lines[i].indexOf('=');
    if (eq > 0) out[lines[i].slice(0, eq)] = lines[i].slice(eq + 1);
  }
  return out;
}

export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
