import { LOAD_RULES, toFinding } from '../../src/load/rules';

describe('LOAD_RULES', () => {
  it('describes exactly the seven load-stage rules', () => {
    expect(LOAD_RULES.map((r) => r.id)).toEqual(['invalid-yaml', 'invalid-schema', 'invalid-interpolation', 'missing-variable', 'missing-file', 'undefined-reference', 'dependency-cycle']);
  });

  it('gives every rule a title, a help paragraph and a help link into compose.md', () => {
    for (const r of LOAD_RULES) {
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.help.length).toBeGreaterThan(100);
      expect(r.helpUri).toMatch(new RegExp(`/docs/compose\\.md#${r.id}$`));
    }
  });

  it('makes missing-variable a warning by default and the rest errors', () => {
    expect(Object.fromEntries(LOAD_RULES.map((r) => [r.id, r.defaultSeverity]))).toMatchObject({ 'missing-variable': 'warning', 'invalid-yaml': 'error', 'dependency-cycle': 'error' });
  });
});

describe('toFinding', () => {
  it('uses the default severity unless the problem sets one, and a stable fingerprint', () => {
    const a = toFinding({ ruleId: 'missing-variable', message: 'm', file: 'c.yaml', line: 3, column: 2 });
    const b = toFinding({ ruleId: 'missing-variable', message: 'm', file: 'c.yaml', line: 3, column: 2, severity: 'error' });
    expect([a.severity, b.severity]).toEqual(['warning', 'error']);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a).toMatchObject({ file: 'c.yaml', line: 3, column: 2 });
  });
});
