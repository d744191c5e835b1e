import type { InputSource } from '../inputs';

export type PlatformKind = 'github' | 'gitlab' | 'cli';

/**
 * What a command may do to the world around it. One implementation per platform; a capability
 * is written once against this interface. Every text passed in is redacted before it is written.
 */
export interface Platform {
  readonly kind: PlatformKind;
  readonly inputs: InputSource;
  /** Colour is used only on an interactive terminal (and never when NO_COLOR is set). */
  readonly color: boolean;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** A collapsible log section (GitHub ::group::, GitLab section_start/section_end). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Register a secret with the platform's own log masking (mask.ts calls this). */
  registerMask(part: string): void;
  /** A named result: GitHub $GITHUB_OUTPUT, GitLab dotenv report, nothing on the CLI. */
  setOutput(name: string, value: string): void;
  /**
   * An output that is itself a secret (already masked): GitHub hands it to later steps while the log
   * shows ***; GitLab's dotenv report is readable by anyone with job access, so it is not written
   * there (the command offers a 0600 file instead); the CLI has no outputs.
   */
  setSecretOutput(name: string, value: string): void;
  /** Workflow-command annotations (GitHub only). */
  annotate(lines: string[]): void;
  /** Markdown job summary (GitHub $GITHUB_STEP_SUMMARY; GitLab and CLI: not shown). */
  summary(markdown: string): void;
  /** The report itself (stdout). */
  write(text: string): void;
  /** Mark the step failed with a one-line reason (GitHub setFailed). */
  fail(message: string): void;
  /** Flush buffered outputs (GitLab dotenv file). */
  finish(): void;
}
