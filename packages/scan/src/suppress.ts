/**
 * Suppressions applied after gitleaks: .gitleaksignore (commit-specific or global fingerprints, as
 * gitleaks reads them) and --baseline (a previous hardline JSON report, or a gitleaks JSON report).
 * `gitleaks:allow` comments and the repository's .gitleaks.toml allowlists are applied by gitleaks.
 */
import * as fs from 'node:fs';
import { ConfigurationError, type Finding } from '@hardline/core';

export interface Suppressions {
  ignore: Set<string>;
  baseline: Set<string>;
}

/** Fingerprints from a .gitleaksignore file (missing file: none). */
export function readGitleaksIgnore(file: string): Set<string> {
  if (!fs.existsSync(file)) return new Set();
  const out = new Set<string>();
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    out.add(line);
  }
  return out;
}

/** Fingerprints of a previous report: hardline JSON (`findings[].properties.gitleaksFingerprint`) or gitleaks JSON (`[].Fingerprint`). */
export function readBaseline(file: string, display = file): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigurationError(`cannot read the baseline: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file: display }, 'pass a JSON report written by `hardline scan --format json` or by gitleaks');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const pos = /position (\d+)/.exec((err as Error).message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new ConfigurationError('the baseline is not valid JSON; expected a hardline or gitleaks JSON report', { file: display, line });
  }
  const out = new Set<string>();
  if (Array.isArray(data)) {
    for (const item of data as Array<Record<string, unknown>>) if (typeof item?.Fingerprint === 'string') out.add(item.Fingerprint);
    return out;
  }
  const findings = (data as { findings?: unknown })?.findings;
  if (!Array.isArray(findings)) {
    throw new ConfigurationError('the baseline has no "findings" array; expected a hardline JSON report (--format json) or a gitleaks JSON report', { file: display, line: 1 });
  }
  for (const f of findings as Array<{ fingerprint?: unknown; properties?: Record<string, unknown> }>) {
    const gf = f?.properties?.gitleaksFingerprint;
    if (typeof gf === 'string') out.add(gf);
    else if (typeof f?.fingerprint === 'string') out.add(f.fingerprint);
  }
  return out;
}

/** The `file:rule:line` part of a `commit:file:rule:line` fingerprint. */
export function globalFingerprint(f: Finding): string {
  return `${f.file}:${f.ruleId}:${f.line}`;
}

export interface Suppressed {
  kept: Finding[];
  ignored: number;
  baselined: number;
}

export function applySuppressions(findings: readonly Finding[], s: Suppressions): Suppressed {
  const kept: Finding[] = [];
  let ignored = 0;
  let baselined = 0;
  for (const f of findings) {
    const gf = String(f.properties?.gitleaksFingerprint ?? f.fingerprint);
    if (s.ignore.has(gf) || s.ignore.has(globalFingerprint(f))) ignored++;
    else if (s.baseline.has(gf)) baselined++;
    else kept.push(f);
  }
  return { kept, ignored, baselined };
}
