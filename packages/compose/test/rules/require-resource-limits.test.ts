import { check } from './helpers';

describe('require-resource-limits', () => {
  it('reports a service without memory and CPU limits', () => {
    const f = check('require-resource-limits', 'services:\n  a:\n    image: x:1\n');
    expect(f[0]).toMatchObject({ line: 2, severity: 'warning' });
    expect(f[0].message).toContain('memory or CPU');
  });
  it('gives a note when the limits are only under deploy.resources', () => {
    const f = check('require-resource-limits', 'services:\n  a:\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n          cpus: "0.5"\n');
    expect(f[0]).toMatchObject({ severity: 'note', line: 5 });
    expect(f[0].message).toContain('memory and CPU limit only under deploy.resources');
  });
  it('names only the limit that is missing at service level', () => {
    const f = check('require-resource-limits', 'services:\n  a:\n    mem_limit: 512m\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n');
    expect(f[0].message).toContain('CPU limit only under deploy.resources');
    expect(f[0].message).toContain('also set cpus');
  });
  it('accepts mem_limit and cpus', () => {
    expect(check('require-resource-limits', 'services:\n  a:\n    mem_limit: 512m\n    cpus: 0.5\n')).toEqual([]);
  });
});
