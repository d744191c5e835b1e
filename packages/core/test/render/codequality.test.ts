import { renderCodeQuality } from '../../src/render/codequality';
import { sampleReport } from '../fixtures';

describe('renderCodeQuality', () => {
  it('emits GitLab Code Quality issues with path, begin line, severity and fingerprint', () => {
    const issues = JSON.parse(renderCodeQuality(sampleReport(), { cwd: '/r', repoRoot: '/r' }));
    expect(issues).toHaveLength(3);
    const priv = issues.find((i: { check_name: string }) => i.check_name === 'no-privileged');
    expect(priv).toMatchObject({ severity: 'critical', location: { path: 'stack/compose.yml', lines: { begin: 7 } } });
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(3);
  });
});
