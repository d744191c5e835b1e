import { check } from './helpers';

describe('no-plaintext-secret-env', () => {
  it('reports a secret written as a literal in the compose file', () => {
    const f = check('no-plaintext-secret-env', 'services:\n  a:\n    environment:\n      - STRIPE_API_KEY=sk9Lq2Vw8Rt4Zx7Pm3Na\n');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 4, severity: 'warning' });
    expect(f[0].message).not.toContain('sk9Lq2Vw8Rt4Zx7Pm3Na');
  });
  it('accepts secrets interpolated from .env or given through env_file', () => {
    expect(
      check('no-plaintext-secret-env', 'services:\n  a:\n    image: x:1\n', {
        env: { a: { DB_PASSWORD: { value: 'kq2Lr9VwT8zP4mXa7Hn3', source: 'dotenv' }, API_TOKEN: { value: 'kq2Lr9VwT8zP4mXa7Hn3', source: 'env_file' } } },
      }),
    ).toEqual([]);
  });
});
