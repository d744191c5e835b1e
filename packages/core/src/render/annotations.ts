import type { Finding, Report } from '../report';
import { defaultPathContext, repoRelative, type PathContext } from './paths';

/** GitHub shows at most 10 annotations of each level per step; we emit a few more and say when we stopped. */
export const MAX_ANNOTATIONS_PER_LEVEL = 50;

const COMMAND: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', note: 'notice' };

/** Workflow commands (`::error file=…,line=…::msg`) that put each finding on its PR line. */
export function renderAnnotations(report: Report, ctx: PathContext = defaultPathContext()): string[] {
  const counts: Record<string, number> = { error: 0, warning: 0, note: 0 };
  const lines: string[] = [];
  let dropped = 0;
  for (const f of report.findings) {
    if (++counts[f.severity] > MAX_ANNOTATIONS_PER_LEVEL) {
      dropped++;
      continue;
    }
    const props: string[] = [];
    if (f.file) {
      props.push(`file=${escapeProperty(repoRelative(f.file, ctx))}`);
      if (f.line !== undefined) props.push(`line=${f.line}`);
      if (f.endLine !== undefined) props.push(`endLine=${f.endLine}`);
      // GitHub accepts col/endColumn only on single-line annotations.
      if (f.column !== undefined && (f.endLine === undefined || f.endLine === f.line)) {
        props.push(`col=${f.column}`);
        if (f.endColumn !== undefined) props.push(`endColumn=${f.endColumn}`);
      }
    }
    props.push(`title=${escapeProperty(f.ruleId)}`);
    lines.push(`::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`);
  }
  if (dropped > 0) lines.push(`::notice::${dropped} more findings are not annotated; see the job summary or the SARIF report`);
  return lines;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
