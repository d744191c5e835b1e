import { renderSarif } from '../../src/render/sarif';
import { sampleReport } from '../fixtures';

describe('renderSarif', () => {
  const ctx = { cwd: '/repo/sub', repoRoot: '/repo' };
  const sarif = JSON.parse(renderSarif(sampleReport(), ctx));
  const run = sarif.runs[0];

  it('is SARIF 2.1.0 with rules carrying metadata', () => {
    expect(sarif.version).toBe('2.1.0');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'no-privileged');
    expect(rule.shortDescription.text).toBe('Privileged container');
    expect(rule.fullDescription.text).toContain('Remove privileged');
    expect(rule.helpUri).toBe('https://example.test/compose.md#no-privileged');
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rule.properties['security-severity']).toBe('8.0');
  });

  it('adds a rule entry for findings whose rule was not declared', () => {
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('custom');
  });

  it('gives every result a repository-relative location, a rule index and a partial fingerprint', () => {
    for (const r of run.results) {
      expect(r.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
      expect(r.partialFingerprints['hardline/v1']).toMatch(/^[0-9a-f]{32}$/);
    }
    const priv = run.results.find((r: { ruleId: string }) => r.ruleId === 'no-privileged');
    expect(priv.locations[0].physicalLocation.artifactLocation.uri).toBe('sub/stack/compose.yml');
    expect(priv.locations[0].physicalLocation.region).toEqual({ startLine: 7, startColumn: 5 });
    const custom = run.results.find((r: { ruleId: string }) => r.ruleId === 'custom');
    expect(custom.locations[0].physicalLocation.artifactLocation.uri).toBe('sub/dir%20with%20space/%C3%BC.yml');
  });
});
