import { check } from './helpers';

describe('no-privileged', () => {
  it('reports a privileged service at the privileged line', () => {
    const f = check('no-privileged', 'services:\n  app:\n    image: x:1\n    privileged: true\n');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', file: 'compose.yaml', line: 4, properties: { service: 'app' } });
  });
  it('accepts privileged: false and services without the key', () => {
    expect(check('no-privileged', 'services:\n  a:\n    image: x:1\n    privileged: false\n  b:\n    image: y:1\n')).toEqual([]);
  });
  it('honours an inline hardline-disable-line comment', () => {
    expect(check('no-privileged', 'services:\n  app:\n    privileged: true # hardline-disable-line no-privileged\n')).toEqual([]);
  });
  it('applies the severity configured in .hardline.yml', () => {
    const f = check('no-privileged', 'services:\n  app:\n    privileged: true\n', { config: { rules: { 'no-privileged': 'warning' } } });
    expect(f[0].severity).toBe('warning');
  });
  it('reports nothing when the rule is turned off', () => {
    expect(check('no-privileged', 'services:\n  app:\n    privileged: true\n', { config: { rules: { 'no-privileged': 'off' } } })).toEqual([]);
  });
  it('gives the same fingerprint for the same problem after lines move', () => {
    const a = check('no-privileged', 'services:\n  app:\n    privileged: true\n');
    const b = check('no-privileged', 'services:\n\n\n  app:\n    image: x:1\n    privileged: true\n');
    expect(a[0].fingerprint).toBe(b[0].fingerprint);
    expect(a[0].line).not.toBe(b[0].line);
  });
});
