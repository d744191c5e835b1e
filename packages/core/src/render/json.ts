import type { Report } from '../report';

/** The JSON output contract: {tool, version, command, findings, summary, facts}. */
export function renderJson(report: Report): string {
  const { tool, version, command, findings, summary, facts } = report;
  return JSON.stringify({ tool, version, command, findings, summary, facts }, null, 2) + '\n';
}
