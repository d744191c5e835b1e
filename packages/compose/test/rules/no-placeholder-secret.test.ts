import { check } from './helpers';

describe('no-placeholder-secret', () => {
  it('reports __UNSET__, CHANGE_ME, <…> and empty values of secret-named variables', () => {
    const f = check('no-placeholder-secret', 'services:\n  a:\n    environment:\n      DB_PASSWORD: __UNSET__\n      JWT_SECRET: CHANGE_ME_PLEASE\n      API_TOKEN: <your token>\n      ADMIN_PASSWORD: ""\n');
    expect(f.map((x) => x.line)).toEqual([4, 5, 6, 7]);
    expect(f[3].message).toContain('empty');
  });
  it('reports a placeholder that arrives through an env_file', () => {
    const f = check('no-placeholder-secret', 'services:\n  a:\n    env_file: app.env\n', {
      env: { a: { SECRET_KEY: { value: '__UNSET__', source: 'env_file', origin: { file: 'app.env', line: 1, column: 12 } } } },
    });
    expect(f[0]).toMatchObject({ file: 'app.env', line: 1 });
  });
  it('ignores placeholders in variables that are not secrets', () => {
    expect(check('no-placeholder-secret', 'services:\n  a:\n    environment:\n      HOSTNAME: __UNSET__\n      GREETING: ""\n')).toEqual([]);
  });
});
