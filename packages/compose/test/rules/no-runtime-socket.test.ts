import { runtimeSocket } from '../../src/rules/no-runtime-socket';
import { check } from './helpers';

describe('no-runtime-socket', () => {
  it('reports docker.sock in short volume syntax at the volume line', () => {
    const f = check('no-runtime-socket', 'services:\n  a:\n    volumes:\n      - ./data:/data\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 5, severity: 'error' });
    expect(f[0].message).toContain('docker.sock');
  });
  it('reports podman.sock in long volume syntax', () => {
    const f = check('no-runtime-socket', 'services:\n  a:\n    volumes:\n      - type: bind\n        source: /run/user/1000/podman/podman.sock\n        target: /var/run/docker.sock\n');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('podman.sock');
  });
  it('recognises odd spellings of the socket path', () => {
    expect(runtimeSocket('//var//run/./docker.sock')).toBe('docker.sock');
    expect(runtimeSocket('/var/run/../run/containerd/containerd.sock/')).toBe('containerd.sock');
    expect(runtimeSocket('/var/run')).toContain('/var/run');
    expect(runtimeSocket('//./pipe/docker_engine')).toBe('docker_engine');
  });
  it('accepts ordinary bind mounts and named volumes', () => {
    expect(check('no-runtime-socket', 'services:\n  a:\n    volumes:\n      - db:/var/lib/postgresql/data\n      - ./conf:/etc/app\n      - type: volume\n        source: docker.sock\n        target: /x\nvolumes:\n  db: {}\n')).toEqual([]);
  });
});
