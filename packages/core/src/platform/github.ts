import type * as ActionsCore from '@actions/core';
import { EnvInputSource } from '../inputs';
import { mask } from '../mask';
import { redact } from '../redact';
import type { Platform } from './types';

/**
 * @actions/core is loaded on first use only: it pulls in an HTTP stack (for OIDC) that costs
 * ~150 ms at start, which the CLI and GitLab runs never need.
 */
function core(): typeof ActionsCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@actions/core') as typeof ActionsCore;
}

/** GitHub Actions: inputs from INPUT_*, outputs to $GITHUB_OUTPUT, workflow commands, step summary. */
export class GitHubPlatform implements Platform {
  readonly kind = 'github' as const;
  readonly color = false;
  readonly inputs: EnvInputSource;
  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.inputs = new EnvInputSource('github', env);
  }
  info(message: string): void {
    core().info(redact(message));
  }
  warning(message: string): void {
    core().warning(redact(message));
  }
  error(message: string): void {
    core().error(redact(message));
  }
  debug(message: string): void {
    core().debug(redact(message));
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return core().group(redact(title), fn);
  }
  registerMask(part: string): void {
    core().setSecret(part);
  }
  setOutput(name: string, value: string): void {
    core().setOutput(name, redact(value));
  }
  setSecretOutput(name: string, value: string): void {
    mask(value);
    core().setOutput(name, value);
  }
  annotate(lines: string[]): void {
    for (const line of lines) process.stdout.write(redact(line) + '\n');
  }
  summary(markdown: string): void {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    core().summary.addRaw(redact(markdown), true);
    // write() is async but appends synchronously enough for our single call; we await in finish via flush.
    pendingSummary = core().summary.write();
  }
  write(text: string): void {
    process.stdout.write(redact(text));
  }
  fail(message: string): void {
    core().setFailed(redact(message));
  }
  finish(): void {
    /* outputs are written as they are set */
  }
}

let pendingSummary: Promise<unknown> | null = null;
/** Await the step summary write (called by the run wrapper before exiting). */
export async function flushGitHubSummary(): Promise<void> {
  if (pendingSummary) await pendingSummary;
  pendingSummary = null;
}
