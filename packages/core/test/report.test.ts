import { createReport, failsAt, fingerprint } from '../src/report';
import { sampleFindings } from './fixtures';

describe('report', () => {
  it('counts findings by severity and sorts them by file and line', () => {
    const r = createReport('compose', sampleFindings());
    expect(r.summary).toEqual({ errors: 1, warnings: 1, notes: 1 });
    expect(r.findings.map((f) => f.line)).toEqual([1, 2, 7]);
  });

  it('fails at or above the threshold only', () => {
    const warnOnly = createReport('x', sampleFindings().filter((f) => f.severity !== 'error'));
    expect(failsAt(warnOnly, 'error')).toBe(false);
    expect(failsAt(warnOnly, 'warning')).toBe(true);
    expect(failsAt(warnOnly, 'none')).toBe(false);
    expect(failsAt(createReport('x', []), 'note')).toBe(false);
  });

  it('makes fingerprints stable and distinct', () => {
    expect(fingerprint('a', 'b')).toBe(fingerprint('a', 'b'));
    expect(fingerprint('a', 'b')).not.toBe(fingerprint('ab', ''));
    expect(fingerprint('a')).toMatch(/^[0-9a-f]{32}$/);
  });
});
