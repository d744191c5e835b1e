/**
 * The contract between the rule engine (index.ts) and each hardening rule (one file per rule ID).
 * A rule reads a loaded ComposeProject and reports problems at model paths; the engine turns them
 * into core Findings (severity from .hardline.yml, inline suppression, fingerprint, help).
 */
import type { RuleMeta, Severity } from '@hardline/core';
import type { ComposeConfig } from '../config';
import type { ComposeProject, Position } from '../model';

export type ModelPath = ReadonlyArray<string | number>;

export interface Problem {
  /** The service the problem belongs to (for properties.service and the fingerprint). */
  service?: string;
  /** Model path of the node at fault; located with project.locate (or locateKey when `key`). */
  path: ModelPath;
  /** Where the offending value was written when that is not the node at `path` (a .env or env_file line). */
  at?: Position;
  /** Locate the key rather than the value (for "add/remove this key" problems). */
  key?: boolean;
  message: string;
  /** A severity for this instance when it differs from the rule's default (escalation or demotion); a severity set in .hardline.yml wins. */
  severity?: Severity;
  /** Stable discriminator added to the fingerprint (a variable name, a port); never a secret value. */
  detail?: string;
}

export interface RuleContext {
  project: ComposeProject;
  config: ComposeConfig;
  /** Directory the project's file paths (Position.file, project.files) are relative to. */
  cwd: string;
  report(problem: Problem): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
