/**
 * One run function, three platforms. A command is declared once (name, inputs, run) and this
 * wrapper reads its inputs, runs it, publishes the report to every requested format, sets the
 * outputs and turns the outcome into the exit code: 0 clean, 1 findings at or above fail-on,
 * 2 bad input or configuration, 3 operational failure, 4 a bug.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuditLog } from './audit';
import { ensureDir } from './dirs';
import { describeError, ExitCode, exitCodeOf, ConfigurationError, type ExitCodeValue } from './errors';
import { parseFlags, readInputs, type InputSpecs, type InputValues } from './inputs';
import { detectPlatform } from './platform/detect';
import { flushGitHubSummary } from './platform/github';
import type { Platform, PlatformKind } from './platform/types';
import { failsAt, type FailOn, type Report } from './report';
import { redact } from './redact';
import {
  renderAnnotations,
  renderCodeQuality,
  renderJson,
  renderJUnit,
  renderMarkdown,
  renderSarif,
  renderText,
  defaultPathContext,
} from './render';

export const FORMATS = ['text', 'json', 'sarif', 'codequality', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Inputs every report-producing command takes, with the same names everywhere. */
export const REPORT_INPUTS = {
  format: { kind: 'enum', values: FORMATS, default: 'text', description: 'Format printed on stdout (or written to `output`): text, json, sarif, codequality, junit or markdown.' },
  output: { kind: 'string', description: 'Write the `format` report to this file; the text report still goes to stdout.' },
  'sarif-file': { kind: 'string', aliases: ['sarif'], description: 'Also write a SARIF 2.1.0 report here (for code scanning upload).' },
  'codequality-file': { kind: 'string', aliases: ['codequality'], description: 'Also write a GitLab Code Quality report here.' },
  'junit-file': { kind: 'string', aliases: ['junit'], description: 'Also write a JUnit XML report here.' },
  'fail-on': { kind: 'enum', values: ['error', 'warning', 'note', 'none'], default: 'error', description: 'Lowest severity that fails the run (exit 1): error, warning, note or none.' },
  annotations: { kind: 'boolean', default: 'true', description: 'GitHub: annotate findings on their lines.' },
  'job-summary': { kind: 'boolean', default: 'true', description: 'GitHub: write the markdown report to the job summary.' },
} as const satisfies InputSpecs;

export interface CommandContext<T extends InputSpecs> {
  platform: Platform;
  inputs: InputValues<T>;
  cwd: string;
  env: NodeJS.ProcessEnv;
  audit: AuditLog;
}

export interface CommandResult {
  report: Report;
  /** Extra outputs (errors/warnings/notes/findings are always set). Values must not be secrets unless masked. */
  outputs?: Record<string, string | number | boolean>;
  /** Overrides the threshold-based exit code (e.g. plan with pending changes). */
  exitCode?: ExitCodeValue;
  /** A command's own text rendering instead of the generic one. */
  text?: string;
  /** Markdown for the job summary instead of the generic one. */
  markdown?: string;
}

export interface Command<T extends InputSpecs = InputSpecs> {
  /** As typed on the CLI: "compose", "vault unseal". */
  name: string;
  /** One line for --help. */
  summary: string;
  inputs: T;
  /** Adds REPORT_INPUTS (default true). */
  reports?: boolean;
  /** Name of the input holding the audit-log path, if the command writes one. */
  auditInput?: string;
  run(ctx: CommandContext<T>): Promise<CommandResult>;
}

export function defineCommand<T extends InputSpecs>(cmd: Command<T>): Command<T> {
  return cmd;
}

export function allInputs(cmd: Command): InputSpecs {
  return cmd.reports === false ? cmd.inputs : { ...cmd.inputs, ...REPORT_INPUTS };
}

export interface RunOptions {
  /** CLI arguments after the command words; null when run as an action (inputs from the environment). */
  argv: string[] | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  prefer?: PlatformKind;
}

export async function runCommand(cmd: Command, opts: RunOptions): Promise<ExitCodeValue> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const specs = allInputs(cmd);
  let platform: Platform;
  try {
    platform = detectPlatform(opts.argv ? parseFlags(opts.argv, specs) : null, env, opts.prefer);
  } catch (err) {
    // Flag parsing failed before a platform existed: report on stderr like the CLI does.
    process.stderr.write(`hardline ${cmd.name}: ${describeError(err)}\n`);
    return exitCodeOf(err);
  }
  try {
    const all = readInputs(specs, platform.inputs, env) as InputValues<typeof REPORT_INPUTS> & Record<string, unknown>;
    const auditFile = cmd.auditInput ? (all[cmd.auditInput] as string | undefined) : undefined;
    const audit = new AuditLog(auditFile ? path.resolve(cwd, auditFile) : undefined, cmd.name);
    const result = await cmd.run({ platform, inputs: all as never, cwd, env, audit });
    const code = publish(cmd, result, all, platform, cwd, env);
    await flushGitHubSummary();
    platform.finish();
    return code;
  } catch (err) {
    const code = exitCodeOf(err);
    platform.fail(`hardline ${cmd.name} failed: ${describeError(err)}`);
    if (code === ExitCode.Bug && env.HARDLINE_DEBUG === 'true' && err instanceof Error && err.stack) platform.debug(err.stack);
    await flushGitHubSummary().catch(() => undefined);
    try {
      platform.finish();
    } catch (finishErr) {
      // The outputs could not be written either (e.g. an unwritable dotenv path): say so, keep the first code.
      platform.error(describeError(finishErr));
    }
    return code;
  }
}

function publish(
  cmd: Command,
  result: CommandResult,
  inputs: Record<string, unknown>,
  platform: Platform,
  cwd: string,
  env: NodeJS.ProcessEnv,
): ExitCodeValue {
  const { report } = result;
  const ctx = { ...defaultPathContext(), cwd, repoRoot: env.GITHUB_WORKSPACE || env.CI_PROJECT_DIR || cwd };
  const render = (format: Format): string => {
    switch (format) {
      case 'text':
        return result.text ?? renderText(report, { color: platform.color });
      case 'json':
        return renderJson(report);
      case 'sarif':
        return renderSarif(report, ctx);
      case 'codequality':
        return renderCodeQuality(report, ctx);
      case 'junit':
        return renderJUnit(report);
      case 'markdown':
        return result.markdown ?? renderMarkdown(report);
    }
  };
  const outputs: Record<string, string | number | boolean> = {
    errors: report.summary.errors,
    warnings: report.summary.warnings,
    notes: report.summary.notes,
    findings: report.findings.length,
    ...result.outputs,
  };
  if (cmd.reports !== false) {
    const format = inputs.format as Format;
    const output = inputs.output as string | undefined;
    if (output) {
      writeReport(cwd, output, render(format));
      platform.write(render('text'));
    } else {
      platform.write(render(format));
    }
    const files: Array<[string, Format]> = [
      ['sarif-file', 'sarif'],
      ['codequality-file', 'codequality'],
      ['junit-file', 'junit'],
    ];
    for (const [input, format] of files) {
      const file = inputs[input] as string | undefined;
      if (file) {
        writeReport(cwd, file, render(format));
        if (input === 'sarif-file') outputs['sarif-file'] = file;
      }
    }
    if (platform.kind === 'github') {
      if (inputs.annotations) platform.annotate(renderAnnotations(report, ctx));
      if (inputs['job-summary']) platform.summary(result.markdown ?? renderMarkdown(report));
    }
  } else if (result.text) {
    platform.write(result.text);
  }
  for (const [k, v] of Object.entries(outputs)) platform.setOutput(k, String(v));
  if (result.exitCode !== undefined) return result.exitCode;
  const failOn = (inputs['fail-on'] as FailOn | undefined) ?? 'error';
  return failsAt(report, failOn) ? ExitCode.Findings : ExitCode.Clean;
}

function writeReport(cwd: string, file: string, content: string): void {
  const abs = path.resolve(cwd, file);
  try {
    ensureDir(path.dirname(abs));
    // Report files go through the same filter as every log line.
    fs.writeFileSync(abs, redact(content));
  } catch (err) {
    throw new ConfigurationError(`cannot write the report file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file });
  }
}

/** Entry of an action bundle: run as GitHub (or GitLab) would, then exit explicitly. */
export async function runAction(cmd: Command): Promise<void> {
  const code = await runCommand(cmd, { argv: null });
  process.exit(code);
}
