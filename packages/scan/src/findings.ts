/**
 * gitleaks JSON → core Findings. Every Secret and Match is masked the moment the JSON is parsed;
 * the raw report is deleted by the caller right after. Lines are mapped back through the patch tree
 * to the commit's version of the file; columns are recomputed in UTF-16 code units from the line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mask, OperationalError, type Finding, type RuleMeta } from '@hardline/core';
import { mapLine, type PatchTree } from './patches';

/** The fields of a gitleaks JSON report entry that hardline reads. */
export interface RawLeak {
  RuleID: string;
  Description: string;
  StartLine: number;
  EndLine: number;
  StartColumn: number;
  EndColumn: number;
  Match: string;
  Secret: string;
  File: string;
}

/** Parses gitleaks' JSON report, masking every secret and match before anything else happens. */
export function parseGitleaksReport(text: string, source: string): RawLeak[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new OperationalError('gitleaks wrote a report that is not JSON', [`read ${source}`]);
  }
  if (!Array.isArray(data)) throw new OperationalError('gitleaks wrote a report that is not a JSON array', [`read ${source}`]);
  const leaks: RawLeak[] = [];
  for (const item of data as Array<Record<string, unknown>>) {
    const str = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : '');
    const num = (k: string) => (typeof item[k] === 'number' ? (item[k] as number) : 0);
    const leak: RawLeak = {
      Secret: mask(str('Secret')),
      Match: mask(str('Match')),
      RuleID: str('RuleID'),
      Description: str('Description'),
      StartLine: num('StartLine'),
      EndLine: num('EndLine'),
      StartColumn: num('StartColumn'),
      EndColumn: num('EndColumn'),
      File: str('File').replace(/\\/g, '/').replace(/^\.\//, ''),
    };
    for (const line of leak.Match.split('\n')) mask(line.trim());
    leaks.push(leak);
  }
  return leaks;
}

/** gitleaks' .gitleaksignore fingerprint: `commit:file:rule:line`, or `file:rule:line` without a commit. */
export function gitleaksFingerprint(file: string, ruleId: string, line: number, commit?: string): string {
  return commit ? `${commit}:${file}:${ruleId}:${line}` : `${file}:${ruleId}:${line}`;
}

/** Findings from a scan of the patch tree (commit scopes and staged). */
export function findingsFromTree(leaks: readonly RawLeak[], tree: PatchTree): Finding[] {
  const out: Finding[] = [];
  for (const leak of leaks) {
    const pf = tree.files.get(leak.File);
    if (!pf) throw new OperationalError(`gitleaks reported a file hardline did not write: ${leak.File}`, [`map ${leak.File} back to a commit`]);
    const line = mapLine(pf, leak.StartLine);
    if (line === null) continue; // a match across a hunk separator: not a line of the commit
    const endLine = mapLine(pf, leak.EndLine) ?? line;
    const written = readLine(path.join(tree.root, ...leak.File.split('/')), leak.StartLine);
    const commit = pf.commit >= 0 ? tree.commits[pf.commit] : undefined;
    out.push(makeFinding(leak, pf.path, line, endLine, written, commit && { sha: commit.sha, author: commit.author, email: commit.email, date: commit.date }));
  }
  return out;
}

/** Findings from a `dir` scan run with `dir` as working directory. */
export function findingsFromDir(leaks: readonly RawLeak[], dir: string, displayPrefix = ''): Finding[] {
  return leaks.map((leak) => {
    const written = readLine(path.join(dir, ...leak.File.split('/')), leak.StartLine);
    return makeFinding(leak, displayPrefix + leak.File, leak.StartLine, leak.EndLine || leak.StartLine, written, undefined);
  });
}

interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  date: string;
}

function makeFinding(leak: RawLeak, file: string, line: number, endLine: number, lineBytes: Buffer | null, commit: CommitInfo | undefined): Finding {
  const { column, endColumn } = locate(leak, lineBytes);
  const gf = gitleaksFingerprint(file, leak.RuleID, line, commit?.sha);
  const properties: Finding['properties'] = { gitleaksFingerprint: gf };
  if (commit) {
    properties.commit = commit.sha;
    properties.author = commit.author;
    properties.date = commit.date;
    if (commit.email) properties.email = commit.email;
  }
  return {
    ruleId: leak.RuleID,
    severity: 'error',
    message: leak.Description || `secret matched by gitleaks rule ${leak.RuleID}`,
    file,
    line,
    column,
    endLine,
    endColumn: endLine === line ? endColumn : undefined,
    fingerprint: gf,
    properties,
  };
}

/**
 * gitleaks reports byte columns (and one too many on lines after the first of a fragment); find the
 * match in the line itself and count UTF-16 code units up to it.
 */
export function locate(leak: Pick<RawLeak, 'Match' | 'Secret' | 'StartColumn' | 'StartLine'>, lineBytes: Buffer | null): { column: number; endColumn: number | undefined } {
  if (!lineBytes) return { column: Math.max(1, leak.StartColumn), endColumn: undefined };
  const needle = (leak.Match.split('\n')[0] || leak.Secret).replace(/\r$/, '');
  const guess = Math.max(0, leak.StartColumn - 2);
  let idx = -1;
  if (needle) {
    const nb = Buffer.from(needle, 'utf8');
    idx = lineBytes.indexOf(nb, guess);
    if (idx < 0 || idx > guess + 2) idx = lineBytes.indexOf(nb);
  }
  if (idx < 0) idx = Math.min(guess, lineBytes.length);
  const column = lineBytes.subarray(0, idx).toString('utf8').length + 1;
  const endColumn = needle ? column + needle.length : undefined;
  return { column, endColumn };
}

function readLine(file: string, line: number): Buffer | null {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return null;
  }
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = data.indexOf(10, start);
    if (nl < 0) return null;
    start = nl + 1;
  }
  const end = data.indexOf(10, start);
  return data.subarray(start, end < 0 ? data.length : end);
}

/** Rule metadata for SARIF: every rule that produced a finding, plus hardline's extension rules. */
export function rulesFor(findings: readonly Finding[], extension: readonly RuleMeta[]): RuleMeta[] {
  const byId = new Map<string, RuleMeta>(extension.map((r) => [r.id, r]));
  for (const f of findings) {
    if (byId.has(f.ruleId)) continue;
    byId.set(f.ruleId, {
      id: f.ruleId,
      title: f.message.length > 80 ? `${f.message.slice(0, 77)}…` : f.message,
      help: `${f.message} Rotate the credential first (it is in the git history), then remove it from the code; if it is a false positive, add the finding's fingerprint to .gitleaksignore or mark the line with a gitleaks:allow comment.`,
      helpUri: `https://github.com/gitleaks/gitleaks/blob/v8.28.0/config/gitleaks.toml`,
      defaultSeverity: 'error',
      tags: ['security', 'secret'],
    });
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
