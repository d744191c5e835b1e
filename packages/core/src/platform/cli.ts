import type { FlagInputSource } from '../inputs';
import { redact } from '../redact';
import type { Platform } from './types';

/** The local CLI: flags for inputs, logs on stderr, the report on stdout, colour only on a TTY. */
export class CliPlatform implements Platform {
  readonly kind = 'cli' as const;
  readonly color: boolean;
  constructor(
    readonly inputs: FlagInputSource,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.color = Boolean(process.stdout.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
  }
  info(message: string): void {
    process.stderr.write(redact(message) + '\n');
  }
  warning(message: string): void {
    process.stderr.write(this.paint('33', 'warning: ') + redact(message) + '\n');
  }
  error(message: string): void {
    process.stderr.write(this.paint('31', 'error: ') + redact(message) + '\n');
  }
  debug(message: string): void {
    if (this.env.HARDLINE_DEBUG === 'true') process.stderr.write(`debug: ${redact(message)}\n`);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.info(this.paint('1', title));
    return fn();
  }
  registerMask(): void {
    /* The CLI's own filter (redact.ts) is the mask. */
  }
  setOutput(): void {
    /* The CLI prints the report; outputs are for CI. */
  }
  setSecretOutput(): void {
    /* The CLI has no outputs: commands write secrets only to files the user names. */
  }
  annotate(): void {}
  summary(): void {}
  write(text: string): void {
    process.stdout.write(redact(text));
  }
  fail(message: string): void {
    this.error(message);
  }
  finish(): void {}
  private paint(code: string, s: string): string {
    return this.color && process.stderr.isTTY ? `\x1b[${code}m${s}\x1b[0m` : s;
  }
}
