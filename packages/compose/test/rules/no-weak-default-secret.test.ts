import { check } from './helpers';

describe('no-weak-default-secret', () => {
  it('reports a known weak default without putting the value in the message', () => {
    const f = check('no-weak-default-secret', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgrespassword\n');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 4, severity: 'error' });
    expect(f[0].message).not.toContain('postgrespassword');
    expect(f[0].message).toContain('known weak default');
  });
  it('reports a value shorter than 16 characters', () => {
    const f = check('no-weak-default-secret', 'services:\n  app:\n    environment:\n      - API_TOKEN=Xy7#kq2\n');
    expect(f[0].message).toContain('7 characters');
    expect(f[0].message).not.toContain('Xy7#kq2');
  });
  it('reports a weak value from .env interpolation at the .env line', () => {
    const f = check('no-weak-default-secret', 'services:\n  cache:\n    environment:\n      REDIS_PASSWORD: ${REDIS_PASSWORD}\n', {
      env: { cache: { REDIS_PASSWORD: { value: 'redispassword', source: 'dotenv', origin: { file: '.env', line: 2, column: 16 } } } },
    });
    expect(f[0]).toMatchObject({ file: '.env', line: 2 });
  });
  it('uses the extra weak values and minimum length from the config', () => {
    const yaml = 'services:\n  a:\n    environment:\n      DB_PASSWORD: correct-horse-battery\n';
    expect(check('no-weak-default-secret', yaml)).toEqual([]);
    expect(check('no-weak-default-secret', yaml, { config: { weakPasswords: ['Correct-Horse-Battery'] } })).toHaveLength(1);
    expect(check('no-weak-default-secret', yaml, { config: { minSecretLength: 40 } })).toHaveLength(1);
  });
  it('ignores flag values such as true or 1', () => {
    expect(check('no-weak-default-secret', 'services:\n  a:\n    environment:\n      PASSWORD_AUTH: "true"\n      TOKEN_CACHE: 1\n')).toEqual([]);
  });
  it('ignores long random values, *_FILE paths and non-secret names', () => {
    expect(check('no-weak-default-secret', 'services:\n  a:\n    environment:\n      DB_PASSWORD: kq2Lr9VwT8zP4mXa7Hn3\n      DB_PASSWORD_FILE: /run/secrets/db\n      DB_USER: admin\n')).toEqual([]);
  });
});
