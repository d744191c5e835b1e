/**
 * GitLab's secret detection report (gl-secret-detection-report.json, security report schema 15.x,
 * scan.type secret_detection). raw_source_code_extract never holds the secret: it is the redacted
 * marker, and no other field carries a matched value.
 */
import { createHash } from 'node:crypto';
import { REDACTED, TOOL_VERSION, type Finding } from '@hardline/core';
import { GITLEAKS_VERSION } from '../engine/defaults';

export const GITLAB_REPORT_VERSION = '15.2.1';

export interface GitLabReportOptions {
  start: Date;
  end: Date;
  status?: 'success' | 'failure';
}

interface GitLabVulnerability {
  id: string;
  name: string;
  description: string;
  severity: 'Critical';
  solution: string;
  raw_source_code_extract: string;
  identifiers: Array<{ type: string; name: string; value: string }>;
  location: { file: string; start_line: number; end_line?: number; commit: { sha: string; author?: string; date?: string } };
}

export function renderGitLabSecretDetection(findings: readonly Finding[], opts: GitLabReportOptions): string {
  const vulnerabilities: GitLabVulnerability[] = findings.map((f) => {
    const commit = typeof f.properties?.commit === 'string' ? f.properties.commit : undefined;
    const location: GitLabVulnerability['location'] = {
      file: f.file ?? '',
      start_line: f.line ?? 1,
      commit: { sha: commit ?? '0000000' },
    };
    if (f.endLine !== undefined) location.end_line = f.endLine;
    if (commit) {
      if (typeof f.properties?.author === 'string') location.commit.author = f.properties.author;
      if (typeof f.properties?.date === 'string') location.commit.date = f.properties.date;
    }
    return {
      id: uuidFrom(`hardline:${f.fingerprint}`),
      name: f.ruleId,
      description: f.message,
      severity: 'Critical',
      solution: `Rotate the credential, then remove it. A false positive can be ignored by adding this line to .gitleaksignore: ${String(f.properties?.gitleaksFingerprint ?? f.fingerprint)}`,
      raw_source_code_extract: REDACTED,
      identifiers: [{ type: 'gitleaks_rule_id', name: `Gitleaks rule ID ${f.ruleId}`, value: f.ruleId }],
      location,
    };
  });
  const report = {
    version: GITLAB_REPORT_VERSION,
    vulnerabilities,
    scan: {
      analyzer: { id: 'hardline', name: 'hardline', version: TOOL_VERSION, vendor: { name: 'hardline' } },
      scanner: { id: 'gitleaks', name: 'Gitleaks', version: GITLEAKS_VERSION, url: 'https://github.com/gitleaks/gitleaks', vendor: { name: 'Gitleaks' } },
      type: 'secret_detection',
      start_time: gitlabTime(opts.start),
      end_time: gitlabTime(opts.end),
      status: opts.status ?? 'success',
    },
  };
  return JSON.stringify(report, null, 2) + '\n';
}

/** The schema's date-time pattern: YYYY-MM-DDTHH:MM:SS (UTC, no fraction, no zone). */
export function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

function uuidFrom(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
