import { check } from './helpers';

describe('no-unconfined-security-opt', () => {
  it('reports seccomp and apparmor unconfined and label disable in both separators', () => {
    const f = check('no-unconfined-security-opt', 'services:\n  a:\n    security_opt:\n      - seccomp:unconfined\n      - apparmor=unconfined\n      - label:disable\n      - no-new-privileges:true\n');
    expect(f.map((x) => x.line)).toEqual([4, 5, 6]);
  });
  it('accepts a custom seccomp profile', () => {
    expect(check('no-unconfined-security-opt', 'services:\n  a:\n    security_opt: ["seccomp:./profile.json", "label:type:svirt_apache_t"]\n')).toEqual([]);
  });
});
