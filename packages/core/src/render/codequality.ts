import type { Report, Severity } from '../report';
import { defaultPathContext, repoRelative, type PathContext } from './paths';

const CQ_SEVERITY: Record<Severity, string> = { error: 'critical', warning: 'major', note: 'minor' };

/** GitLab Code Quality (a CodeClimate JSON subset): description, check_name, fingerprint, severity, location. */
export function renderCodeQuality(report: Report, ctx: PathContext = defaultPathContext()): string {
  const fallbackFile = typeof report.facts.file === 'string' ? report.facts.file : '.';
  const issues = report.findings.map((f) => ({
    type: 'issue',
    description: `${f.ruleId}: ${f.message}`,
    check_name: f.ruleId,
    fingerprint: f.fingerprint,
    severity: CQ_SEVERITY[f.severity],
    categories: ['Security'],
    location: { path: repoRelative(f.file ?? fallbackFile, ctx), lines: { begin: f.line ?? 1 } },
  }));
  return JSON.stringify(issues, null, 2) + '\n';
}
