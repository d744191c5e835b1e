/**
 * The three kinds of failure every hardline command can end with, kept apart so that the
 * one top-level wrapper (run.ts) can turn each into its exit code:
 *   ConfigurationError → exit 2 (bad input or file: says where and what was expected)
 *   OperationalError   → exit 3 (a service or tool failed after bounded retries: says what was tried)
 * Anything else is a bug and is reported as such (exit 4), without a stack trace unless debugging.
 */
export const ExitCode = {
  Clean: 0,
  Findings: 1,
  Configuration: 2,
  Operational: 3,
  Bug: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface SourceLocation {
  file?: string;
  line?: number;
  column?: number;
}

export class ConfigurationError extends Error {
  readonly location: SourceLocation;
  readonly hint?: string;
  constructor(message: string, location: SourceLocation = {}, hint?: string) {
    super(message);
    this.name = 'ConfigurationError';
    this.location = location;
    this.hint = hint;
  }
  /** "file:line:column: message" — the form editors and CI logs link. */
  describe(): string {
    return withLocation(this.message, this.location) + (this.hint ? `\n  hint: ${this.hint}` : '');
  }
}

export class OperationalError extends Error {
  readonly tried: string[];
  readonly hint?: string;
  constructor(message: string, tried: string[] = [], hint?: string) {
    super(message);
    this.name = 'OperationalError';
    this.tried = tried;
    this.hint = hint;
  }
  describe(): string {
    const lines = [this.message];
    if (this.tried.length > 0) lines.push('  tried:', ...this.tried.map((t) => `    - ${t}`));
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }
}

export function withLocation(message: string, loc: SourceLocation): string {
  if (!loc.file) return message;
  let where = loc.file;
  if (loc.line !== undefined) where += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) where += `:${loc.column}`;
  return `${where}: ${message}`;
}

export function exitCodeOf(err: unknown): ExitCodeValue {
  if (err instanceof ConfigurationError) return ExitCode.Configuration;
  if (err instanceof OperationalError) return ExitCode.Operational;
  return ExitCode.Bug;
}

/** One line (or a few) for the log: never a stack trace for a user mistake or an outage. */
export function describeError(err: unknown): string {
  if (err instanceof ConfigurationError || err instanceof OperationalError) return err.describe();
  if (err instanceof Error) return `internal error: ${err.message} (this is a bug in hardline; please report it)`;
  return `internal error: ${String(err)}`;
}
