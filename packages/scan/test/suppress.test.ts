import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError, type Finding } from '@hardline/core';
import { applySuppressions, readBaseline, readGitleaksIgnore } from '../src/suppress';
import { tempDir } from './helpers/git-repo';

const finding = (commit: string, line: number): Finding => ({
  ruleId: 'r',
  severity: 'error',
  message: 'm',
  file: 'a.txt',
  line,
  fingerprint: `${commit}:a.txt:r:${line}`,
  properties: { commit, gitleaksFingerprint: `${commit}:a.txt:r:${line}` },
});

describe('suppressions', () => {
  it('reads .gitleaksignore without comments or blank lines, and nothing from a missing file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.gitleaksignore'), '# note\n\nabc:a.txt:r:1\r\n');
    expect([...readGitleaksIgnore(path.join(dir, '.gitleaksignore'))]).toEqual(['abc:a.txt:r:1']);
    expect(readGitleaksIgnore(path.join(dir, 'missing')).size).toBe(0);
  });

  it('ignores commit-specific and global fingerprints, then baselined ones', () => {
    const r = applySuppressions([finding('c1', 1), finding('c2', 2), finding('c3', 3), finding('c4', 4)], { ignore: new Set(['c1:a.txt:r:1', 'a.txt:r:2']), baseline: new Set(['c3:a.txt:r:3']) });
    expect(r.kept.map((f) => f.line)).toEqual([4]);
    expect(r).toMatchObject({ ignored: 2, baselined: 1 });
  });

  it('reads hardline and gitleaks JSON reports as baselines', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'h.json'), JSON.stringify({ findings: [{ fingerprint: 'x', properties: { gitleaksFingerprint: 'c:a:r:1' } }] }));
    fs.writeFileSync(path.join(dir, 'g.json'), JSON.stringify([{ Fingerprint: 'c:a:r:2' }]));
    expect([...readBaseline(path.join(dir, 'h.json'))]).toEqual(['c:a:r:1']);
    expect([...readBaseline(path.join(dir, 'g.json'))]).toEqual(['c:a:r:2']);
  });

  it('rejects an unreadable, malformed or foreign baseline with its file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"findings": 3}');
    expect(() => readBaseline(path.join(dir, 'bad.json'), 'bad.json')).toThrow(ConfigurationError);
    expect(() => readBaseline(path.join(dir, 'none.json'), 'none.json')).toThrow('cannot read the baseline');
  });
});
