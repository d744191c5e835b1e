import { describeChange, renderPlanMarkdown, renderPlanText } from '../src/render';
import type { Plan } from '../src/model';

const plan: Plan = {
  entries: [
    { kind: 'policy', id: 'policy a', path: 'sys/policies/acl/a', action: 'create', changes: [], writes: [] },
    { kind: 'approle', id: 'approle approle/r', path: 'auth/approle/role/r', action: 'update', changes: [{ field: 'token_ttl', from: '2h', to: '1h' }], writes: [] },
    { kind: 'kv', id: 'kv secret/x', path: 'secret/data/x', action: 'update', changes: [{ field: 'data.k' }], writes: [] },
    { kind: 'policy', id: 'policy old', path: 'sys/policies/acl/old', action: 'delete', changes: [], writes: [] },
    { kind: 'policy', id: 'policy same', path: 'sys/policies/acl/same', action: 'unchanged', changes: [], writes: [] },
  ],
};

describe('renderPlanText', () => {
  it('lists each change with its sign and counts unchanged objects', () => {
    const text = renderPlanText(plan, { mode: 'plan', file: 'vault.yml', vault: 'http://v' });
    expect(text).toContain('  + policy a\n  ~ approle approle/r (token_ttl: 2h → 1h)\n  ~ kv secret/x (data.k (value hidden))\n  - policy old\n');
    expect(text).toContain('Plan: 1 to create, 2 to update, 1 to delete, 1 unchanged.');
    expect(text).toContain('Run with --apply');
  });

  it('says what was applied, what failed and that a rerun converges', () => {
    const text = renderPlanText(plan, {
      mode: 'apply',
      file: 'vault.yml',
      vault: 'http://v',
      apply: { applied: [plan.entries[0]], failed: [{ entry: plan.entries[1], error: new Error('denied') }], notAttempted: [plan.entries[2]], writes: 1 },
    });
    expect(text).toContain('Applied: 1 object(s), 1 write(s).');
    expect(text).toContain('Failed: approle approle/r: denied');
    expect(text).toContain('Not attempted (after the failure): kv secret/x');
    expect(text).toContain('Rerun vault sync');
  });
});

describe('renderPlanMarkdown', () => {
  it('renders a table of changes', () => {
    const md = renderPlanMarkdown(plan, { mode: 'plan', file: 'vault.yml', vault: 'http://v' });
    expect(md).toContain('| ~ update | approle approle/r | token_ttl: 2h → 1h |');
  });
});

describe('describeChange', () => {
  it('shows creations, removals and hidden values', () => {
    expect(describeChange({ field: 'a', to: '1' })).toBe('a = 1');
    expect(describeChange({ field: 'a', from: '1' })).toBe('a (unset)');
    expect(describeChange({ field: 'a' })).toBe('a (value hidden)');
  });
});
