import * as fs from 'node:fs';
import { ConfigurationError } from '../errors';
import { EnvInputSource, type InputSource } from '../inputs';
import { redact } from '../redact';
import type { Platform } from './types';

/**
 * GitLab CI: detected from GITLAB_CI; inputs from HARDLINE_* variables (set by the component);
 * collapsible sections; outputs collected into a dotenv file (`artifacts:reports:dotenv`),
 * path from HARDLINE_DOTENV (default hardline.env).
 */
export class GitLabPlatform implements Platform {
  readonly kind = 'gitlab' as const;
  readonly color: boolean;
  readonly inputs: InputSource;
  private readonly outputs = new Map<string, string>();
  private sectionCounter = 0;
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    inputs?: InputSource,
  ) {
    this.inputs = inputs ?? new EnvInputSource('gitlab', env);
    this.color = !env.NO_COLOR;
  }
  info(message: string): void {
    process.stderr.write(redact(message) + '\n');
  }
  warning(message: string): void {
    process.stderr.write(this.paint('33', `warning: ${redact(message)}`) + '\n');
  }
  error(message: string): void {
    process.stderr.write(this.paint('31', `error: ${redact(message)}`) + '\n');
  }
  debug(message: string): void {
    if (this.env.CI_DEBUG_TRACE === 'true' || this.env.HARDLINE_DEBUG === 'true') process.stderr.write(`debug: ${redact(message)}\n`);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const id = `hardline_${++this.sectionCounter}`;
    const now = () => Math.floor(Date.now() / 1000);
    process.stderr.write(`\x1b[0Ksection_start:${now()}:${id}[collapsed=true]\r\x1b[0K${redact(title)}\n`);
    try {
      return await fn();
    } finally {
      process.stderr.write(`\x1b[0Ksection_end:${now()}:${id}\r\x1b[0K\n`);
    }
  }
  registerMask(): void {
    /* GitLab has no runtime masking: redaction in every writer does the work. */
  }
  setOutput(name: string, value: string): void {
    this.outputs.set(`HARDLINE_${name.replace(/-/g, '_').toUpperCase()}`, redact(value));
  }
  setSecretOutput(name: string): void {
    this.info(`output ${name} holds a secret: not written to the dotenv report (use the command's file option)`);
  }
  annotate(): void {
    /* GitLab shows findings through report artifacts (codequality, sast, secret_detection). */
  }
  summary(): void {
    /* No step summary on GitLab. */
  }
  write(text: string): void {
    process.stdout.write(redact(text));
  }
  fail(message: string): void {
    this.error(message);
  }
  finish(): void {
    if (this.outputs.size === 0) return;
    const file = this.env.HARDLINE_DOTENV || 'hardline.env';
    const body = [...this.outputs].map(([k, v]) => `${k}=${v.replace(/\r?\n/g, ' ')}`).join('\n') + '\n';
    try {
      fs.writeFileSync(file, body);
    } catch (err) {
      throw new ConfigurationError(`cannot write the dotenv report ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file }, 'set HARDLINE_DOTENV to a writable file path');
    }
  }
  private paint(code: string, s: string): string {
    return this.color ? `\x1b[${code}m${s}\x1b[0m` : s;
  }
}
