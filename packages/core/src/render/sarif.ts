import type { Finding, Report, RuleMeta, Severity } from '../report';
import { TOOL_VERSION } from '../report';
import { defaultPathContext, repoRelative, type PathContext } from './paths';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };
/** GitHub code scanning ranks security results by this property (0.1–10). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', note: '2.0' };

/** SARIF 2.1.0, as GitHub code scanning ingests it. Results always carry a physical location. */
export function renderSarif(report: Report, ctx: PathContext = defaultPathContext()): string {
  const rules = collectRules(report);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const fallbackFile = typeof report.facts.file === 'string' ? report.facts.file : undefined;
  const results = report.findings.map((f) => result(f, index.get(f.ruleId) ?? -1, ctx, fallbackFile));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hardline',
            semanticVersion: TOOL_VERSION,
            informationUri: 'https://github.com/hardline-dev/hardline',
            rules: rules.map(sarifRule),
          },
        },
        automationDetails: { id: `hardline/${report.command}/` },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function collectRules(report: Report): RuleMeta[] {
  const byId = new Map(report.rules.map((r) => [r.id, r]));
  for (const f of report.findings) {
    if (!byId.has(f.ruleId)) {
      byId.set(f.ruleId, {
        id: f.ruleId,
        title: f.ruleId,
        help: f.helpText ?? f.message,
        helpUri: f.helpUri,
        defaultSeverity: f.severity,
      });
    }
  }
  return [...byId.values()];
}

function sarifRule(r: RuleMeta) {
  const level = r.defaultSeverity === 'off' ? 'none' : LEVEL[r.defaultSeverity];
  return {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: r.help },
    help: { text: r.help, markdown: r.helpUri ? `${r.help}\n\n[Documentation](${r.helpUri})` : r.help },
    ...(r.helpUri ? { helpUri: r.helpUri } : {}),
    defaultConfiguration: { level },
    properties: {
      tags: ['security', ...(r.tags ?? [])],
      precision: 'high',
      ...(r.defaultSeverity !== 'off' ? { 'security-severity': SECURITY_SEVERITY[r.defaultSeverity] } : {}),
    },
  };
}

function result(f: Finding, ruleIndex: number, ctx: PathContext, fallbackFile?: string) {
  const file = f.file ?? fallbackFile ?? '.';
  const region: Record<string, number> = { startLine: f.line ?? 1 };
  if (f.column !== undefined) region.startColumn = f.column;
  if (f.endLine !== undefined) region.endLine = f.endLine;
  if (f.endColumn !== undefined) region.endColumn = f.endColumn;
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(repoRelative(file, ctx)), uriBaseId: '%SRCROOT%' },
          region,
        },
      },
    ],
    partialFingerprints: { 'hardline/v1': f.fingerprint },
    ...(f.properties && Object.keys(f.properties).length > 0 ? { properties: f.properties } : {}),
  };
}

function encodeUri(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
