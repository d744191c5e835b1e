import { check } from './helpers';

describe('require-healthcheck', () => {
  it('reports a service without a healthcheck at its key', () => {
    const f = check('require-healthcheck', 'services:\n  web:\n    image: x:1\n');
    expect(f[0]).toMatchObject({ line: 2, severity: 'warning' });
  });
  it('reports a disabled healthcheck at the disable line', () => {
    const f = check('require-healthcheck', 'services:\n  web:\n    healthcheck:\n      disable: true\n');
    expect(f[0].line).toBe(4);
  });
  it('accepts a service with a healthcheck test', () => {
    expect(check('require-healthcheck', 'services:\n  db:\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n')).toEqual([]);
  });
});
