import { MAX_ANNOTATIONS_PER_LEVEL, renderAnnotations } from '../../src/render/annotations';
import { createReport, fingerprint, type Finding } from '../../src/report';
import { sampleReport } from '../fixtures';

describe('renderAnnotations', () => {
  const ctx = { cwd: '/r', repoRoot: '/r' };
  it('puts each finding on its file and line as a workflow command, escaping data', () => {
    const lines = renderAnnotations(sampleReport(), ctx);
    expect(lines).toContain('::error file=stack/compose.yml,line=7,col=5,title=no-privileged::service "web" runs privileged');
    expect(lines.find((l) => l.startsWith('::notice'))).toContain('multi%0Aline: 100%25');
  });

  it('caps the number per level and says how many were left out', () => {
    const many: Finding[] = Array.from({ length: MAX_ANNOTATIONS_PER_LEVEL + 3 }, (_, i) => ({
      ruleId: 'r', severity: 'error', message: 'm', file: 'f', line: i + 1, fingerprint: fingerprint(i),
    }));
    const lines = renderAnnotations(createReport('x', many), ctx);
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(MAX_ANNOTATIONS_PER_LEVEL);
    expect(lines[lines.length - 1]).toContain('3 more findings');
  });
});
