import type { Finding } from '@hardline/core';
import { gitlabTime, renderGitLabSecretDetection } from '../../src/report/gitlab';

describe('the GitLab secret detection report', () => {
  const f: Finding = {
    ruleId: 'aws-access-token',
    severity: 'error',
    message: 'AWS key',
    file: 'a.txt',
    line: 3,
    endLine: 3,
    fingerprint: 'c:a.txt:aws-access-token:3',
    properties: { commit: 'c'.repeat(40), author: 'Ann', date: '2024-01-01T00:00:00Z', gitleaksFingerprint: 'c:a.txt:aws-access-token:3' },
  };

  it('follows schema 15.x with scan type secret_detection and a redacted extract', () => {
    const report = JSON.parse(renderGitLabSecretDetection([f], { start: new Date('2024-01-01T00:00:00.123Z'), end: new Date('2024-01-01T00:00:05Z') }));
    expect(report.version).toMatch(/^15\./);
    expect(report.scan).toMatchObject({ type: 'secret_detection', status: 'success', start_time: '2024-01-01T00:00:00', scanner: { id: 'gitleaks', version: '8.28.0' } });
    const [v] = report.vulnerabilities;
    expect(v).toMatchObject({ name: 'aws-access-token', severity: 'Critical', raw_source_code_extract: '***', location: { file: 'a.txt', start_line: 3, commit: { sha: 'c'.repeat(40), author: 'Ann' } } });
    expect(v.identifiers[0]).toEqual({ type: 'gitleaks_rule_id', name: 'Gitleaks rule ID aws-access-token', value: 'aws-access-token' });
    expect(v.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(v.solution).toContain('c:a.txt:aws-access-token:3');
  });

  it('writes the schema date format without fraction or zone', () => {
    expect(gitlabTime(new Date('2024-05-06T07:08:09.999Z'))).toBe('2024-05-06T07:08:09');
  });
});
