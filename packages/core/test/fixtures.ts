import { createReport, fingerprint, type Finding, type RuleMeta } from '../src/report';

export const RULES: RuleMeta[] = [
  { id: 'no-privileged', title: 'Privileged container', help: 'Privileged containers can take over the host. Remove privileged: true.', helpUri: 'https://example.test/compose.md#no-privileged', defaultSeverity: 'error' },
  { id: 'require-healthcheck', title: 'Missing health check', help: 'Add a healthcheck.', defaultSeverity: 'warning' },
];

export function sampleFindings(): Finding[] {
  return [
    { ruleId: 'no-privileged', severity: 'error', message: 'service "web" runs privileged', file: 'stack/compose.yml', line: 7, column: 5, fingerprint: fingerprint('no-privileged', 'web'), properties: { service: 'web' } },
    { ruleId: 'require-healthcheck', severity: 'warning', message: 'service "db" has no healthcheck | pipe', file: 'stack/compose.yml', line: 2, column: 3, fingerprint: fingerprint('require-healthcheck', 'db') },
    { ruleId: 'custom', severity: 'note', message: 'multi\nline: 100%', file: 'dir with space/ü.yml', line: 1, fingerprint: fingerprint('custom') },
  ];
}

export const sampleReport = () => createReport('compose', sampleFindings(), RULES, { files: 2 });
