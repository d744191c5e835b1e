import type { Finding, Report } from '../report';

const ICON: Record<Finding['severity'], string> = { error: '🔴 error', warning: '🟠 warning', note: '🔵 note' };

/** The job summary: totals, facts, then one table per file. */
export function renderMarkdown(report: Report, title = `hardline ${report.command}`): string {
  const { errors, warnings, notes } = report.summary;
  const out: string[] = [`## ${title}`, ''];
  out.push(
    report.findings.length === 0
      ? '✅ No findings.'
      : `**${errors}** error${errors === 1 ? '' : 's'} · **${warnings}** warning${warnings === 1 ? '' : 's'} · **${notes}** note${notes === 1 ? '' : 's'}`,
  );
  const facts = Object.entries(report.facts).filter(([, v]) => v !== null && v !== '');
  if (facts.length > 0) {
    out.push('', '| | |', '|---|---|', ...facts.map(([k, v]) => `| ${cell(k)} | ${cell(String(v))} |`));
  }
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = f.file ?? '(no file)';
    byFile.set(key, [...(byFile.get(key) ?? []), f]);
  }
  const extraColumns = propertyColumns(report.findings);
  const ruleUri = new Map(report.rules.map((r) => [r.id, r.helpUri]));
  for (const [file, findings] of byFile) {
    out.push('', `### \`${file.replace(/`/g, "'")}\``, '');
    out.push(`| Severity | Rule | Line | Message |${extraColumns.map((c) => ` ${cell(c)} |`).join('')}`);
    out.push(`|---|---|---|---|${extraColumns.map(() => '---|').join('')}`);
    for (const f of findings) {
      const uri = f.helpUri ?? ruleUri.get(f.ruleId);
      const rule = uri ? `[${cell(f.ruleId)}](${uri})` : `\`${cell(f.ruleId)}\``;
      const extra = extraColumns.map((c) => ` ${cell(String(f.properties?.[c] ?? ''))} |`).join('');
      out.push(`| ${ICON[f.severity]} | ${rule} | ${f.line ?? ''} | ${cell(f.message)} |${extra}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Capability fields shown as columns (commit, author…), declared by the command through facts.columns. */
function propertyColumns(findings: readonly Finding[]): string[] {
  const wanted = ['commit', 'author', 'service'];
  return wanted.filter((c) => findings.some((f) => f.properties?.[c] !== undefined && f.properties?.[c] !== null));
}

/** Escape a value for a markdown table cell. */
export function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}
