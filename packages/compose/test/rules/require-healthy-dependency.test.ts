import { check } from './helpers';

const base = 'services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n  cache:\n    image: redis:7\n';

describe('require-healthy-dependency', () => {
  it('reports the list form of depends_on on a service with a healthcheck', () => {
    const f = check('require-healthy-dependency', `${base}  app:\n    depends_on:\n      - db\n      - cache\n`);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 10, severity: 'warning' });
    expect(f[0].message).toContain('"db"');
  });
  it('reports condition: service_started in the long form', () => {
    const f = check('require-healthy-dependency', `${base}  app:\n    depends_on:\n      db:\n        condition: service_started\n`);
    expect(f).toHaveLength(1);
  });
  it('accepts condition: service_healthy', () => {
    expect(check('require-healthy-dependency', `${base}  app:\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n`)).toEqual([]);
  });
});
