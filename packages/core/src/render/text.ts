import type { Finding, Report } from '../report';

export interface TextOptions {
  color: boolean;
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', note: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Human-readable report: `file:line:col  severity  rule  message`, then a one-line total. */
export function renderText(report: Report, opts: TextOptions = { color: false }): string {
  const paint = (c: keyof typeof COLORS, s: string) => (opts.color ? `${COLORS[c]}${s}${COLORS.reset}` : s);
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${paint('bold', where(f))}  ${paint(f.severity, f.severity.padEnd(7))}  ${f.ruleId}  ${f.message}`);
  }
  for (const [k, v] of Object.entries(report.facts)) {
    if (v !== null && v !== '') lines.push(paint('dim', `${k}: ${v}`));
  }
  const { errors, warnings, notes } = report.summary;
  lines.push(
    report.findings.length === 0
      ? `hardline ${report.command}: no findings`
      : `hardline ${report.command}: ${errors} error(s), ${warnings} warning(s), ${notes} note(s)`,
  );
  return lines.join('\n') + '\n';
}

function where(f: Finding): string {
  if (!f.file) return '-';
  let s = f.file;
  if (f.line !== undefined) s += `:${f.line}`;
  if (f.line !== undefined && f.column !== undefined) s += `:${f.column}`;
  return s;
}
