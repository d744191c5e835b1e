import { check } from './helpers';

describe('no-dangerous-capabilities', () => {
  it('reports SYS_ADMIN, CAP_NET_ADMIN and ALL, one finding each', () => {
    const f = check('no-dangerous-capabilities', 'services:\n  a:\n    cap_add:\n      - SYS_ADMIN\n      - CAP_NET_ADMIN\n      - NET_BIND_SERVICE\n      - all\n');
    expect(f.map((x) => x.line)).toEqual([4, 5, 7]);
    expect(f[0].severity).toBe('warning');
  });
  it('accepts narrow capabilities and cap_drop ALL', () => {
    expect(check('no-dangerous-capabilities', 'services:\n  a:\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n')).toEqual([]);
  });
});
