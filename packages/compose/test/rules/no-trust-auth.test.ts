import { check } from './helpers';

describe('no-trust-auth', () => {
  it('reports POSTGRES_HOST_AUTH_METHOD=trust in an environment map', () => {
    const f = check('no-trust-auth', 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: trust\n');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 5, severity: 'error', properties: { service: 'db' } });
  });
  it('reports MYSQL_ALLOW_EMPTY_PASSWORD in an environment list', () => {
    const f = check('no-trust-auth', 'services:\n  db:\n    environment:\n      - MYSQL_ALLOW_EMPTY_PASSWORD=yes\n');
    expect(f[0].line).toBe(4);
  });
  it('reports a value that arrives from an env_file at the env_file line', () => {
    const f = check('no-trust-auth', 'services:\n  db:\n    env_file: db.env\n', {
      env: { db: { POSTGRES_HOST_AUTH_METHOD: { value: 'trust', source: 'env_file', origin: { file: 'db.env', line: 3, column: 1 } } } },
    });
    expect(f[0]).toMatchObject({ file: 'db.env', line: 3 });
    expect(f[0].message).toContain('env_file');
  });
  it('accepts md5 and scram-sha-256 and an absent allow-empty flag', () => {
    expect(check('no-trust-auth', 'services:\n  db:\n    environment:\n      POSTGRES_HOST_AUTH_METHOD: scram-sha-256\n      MYSQL_ALLOW_EMPTY_PASSWORD: ""\n')).toEqual([]);
  });
});
