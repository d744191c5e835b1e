/**
 * The one report model. Every command returns a Report; render/ turns it into text, JSON,
 * SARIF, Code Quality, JUnit, annotations and a markdown summary.
 */
import { createHash } from 'node:crypto';

export type Severity = 'error' | 'warning' | 'note';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

/** Capability-specific fields travel in `properties` (commit, author, service, image, vault path…). */
export type PropertyValue = string | number | boolean | null;

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Relative to the working directory (forward slashes). Absent for findings about a service, not a file. */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based, in UTF-16 code units. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  helpText?: string;
  helpUri?: string;
  /** Stable across runs for the same problem at the same place (used by SARIF partialFingerprints, baselines). */
  fingerprint: string;
  properties?: Record<string, PropertyValue>;
}

export interface RuleMeta {
  id: string;
  /** Short title, e.g. "Privileged container". */
  title: string;
  /** One paragraph: why it matters and how to fix it. */
  help: string;
  helpUri?: string;
  defaultSeverity: Severity | 'off';
  tags?: string[];
}

export interface Summary {
  errors: number;
  warnings: number;
  notes: number;
}

export interface Report {
  tool: 'hardline';
  version: string;
  command: string;
  findings: Finding[];
  summary: Summary;
  /** Metadata of every rule that could produce findings here (SARIF needs it even for rules with no result). */
  rules: RuleMeta[];
  /** Facts about the run shown in text/markdown and outputs (e.g. engine, commits scanned). Never secrets. */
  facts: Record<string, PropertyValue>;
}

export const TOOL_VERSION = '0.1.0';
export const DOCS_BASE = 'https://github.com/hardline-dev/hardline/blob/main/docs';

export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, notes: 0 };
  for (const f of findings) {
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else s.notes++;
  }
  return s;
}

export function createReport(
  command: string,
  findings: Finding[],
  rules: RuleMeta[] = [],
  facts: Record<string, PropertyValue> = {},
): Report {
  const sorted = [...findings].sort(compareFindings);
  return { tool: 'hardline', version: TOOL_VERSION, command, findings: sorted, summary: summarize(sorted), rules, facts };
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file ?? '').localeCompare(b.file ?? '') ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.message.localeCompare(b.message)
  );
}

/** A short, stable hash of the parts that identify a finding (never include a secret value). */
export function fingerprint(...parts: Array<string | number | undefined>): string {
  return createHash('sha256')
    .update(parts.map((p) => (p === undefined ? '' : String(p))).join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

export type FailOn = Severity | 'none';
const RANK: Record<Severity, number> = { error: 3, warning: 2, note: 1 };

/** True when a finding at or above the threshold exists. */
export function failsAt(report: Report, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return report.findings.some((f) => RANK[f.severity] >= RANK[failOn]);
}

export function severityRank(s: Severity): number {
  return RANK[s];
}

export function ruleHelpUri(docPage: string, ruleId: string): string {
  return `${DOCS_BASE}/${docPage}#${ruleId}`;
}
