import { check } from './helpers';

describe('no-root-user', () => {
  it('reports user root and user 0:0 at the user line', () => {
    const f = check('no-root-user', 'services:\n  a:\n    user: root\n  b:\n    user: "0:0"\n');
    expect(f.map((x) => x.line)).toEqual([3, 5]);
  });
  it('reports a service without a user as a note', () => {
    expect(check('no-root-user', 'services:\n  a:\n    image: x:1\n')[0]).toMatchObject({ severity: 'note', line: 2 });
  });
  it('accepts a numeric unprivileged user', () => {
    expect(check('no-root-user', 'services:\n  a:\n    user: "1000:1000"\n')).toEqual([]);
  });
});
