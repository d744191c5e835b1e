import { check } from './helpers';

describe('require-read-only', () => {
  it('is off by default', () => {
    expect(check('require-read-only', 'services:\n  a:\n    image: x:1\n')).toEqual([]);
  });
  it('reports a writable root file system once enabled', () => {
    const f = check('require-read-only', 'services:\n  a:\n    image: x:1\n  b:\n    read_only: false\n', { config: { rules: { 'require-read-only': 'warning' } } });
    expect(f.map((x) => [x.line, x.severity])).toEqual([
      [2, 'warning'],
      [5, 'warning'],
    ]);
  });
  it('accepts read_only: true', () => {
    expect(check('require-read-only', 'services:\n  a:\n    read_only: true\n', { config: { rules: { 'require-read-only': 'note' } } })).toEqual([]);
  });
});
