import { check } from './helpers';

describe('no-host-namespaces', () => {
  it('reports each host namespace at its own line', () => {
    const f = check('no-host-namespaces', 'services:\n  a:\n    network_mode: host\n    pid: host\n    ipc: host\n    userns_mode: host\n');
    expect(f.map((x) => x.line)).toEqual([3, 4, 5, 6]);
    expect(f.every((x) => x.severity === 'error')).toBe(true);
  });
  it('accepts bridge networking and a shared namespace of another service', () => {
    expect(check('no-host-namespaces', 'services:\n  a:\n    network_mode: bridge\n    pid: "service:b"\n  b:\n    ipc: shareable\n')).toEqual([]);
  });
});
