import { check } from './helpers';

describe('require-no-new-privileges', () => {
  it('reports a service without the option at the service key', () => {
    const f = check('require-no-new-privileges', 'services:\n  web:\n    image: x:1\n');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 2, severity: 'warning' });
  });
  it('reports no-new-privileges:false at its line', () => {
    const f = check('require-no-new-privileges', 'services:\n  web:\n    security_opt:\n      - no-new-privileges:false\n');
    expect(f[0].line).toBe(4);
  });
  it('accepts the option with and without a value', () => {
    expect(check('require-no-new-privileges', 'services:\n  a:\n    security_opt: [no-new-privileges]\n  b:\n    security_opt: ["no-new-privileges=true"]\n')).toEqual([]);
  });
});
