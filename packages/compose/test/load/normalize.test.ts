import * as path from 'node:path';
import { metaOf } from '../../src/load/located';
import { normalizeService, resolvePath } from '../../src/load/normalize';
import { load, removeTempProjects } from './helpers';

afterAll(removeTempProjects);

describe('normalizeService', () => {
  it('turns environment, labels and depends_on lists into mappings', () => {
    const svc: Record<string, unknown> = { environment: ['A=1', 'B', 'C=x=y'], labels: ['a=b'], depends_on: ['db'], networks: ['front'] };
    normalizeService(svc, '/p');
    expect(svc).toEqual({
      environment: { A: '1', B: null, C: 'x=y' },
      labels: { a: 'b' },
      depends_on: { db: { condition: 'service_started', required: true } },
      networks: { front: null },
    });
  });

  it('fills depends_on defaults in the long form', () => {
    const svc: Record<string, unknown> = { depends_on: { db: { condition: 'service_healthy' } } };
    normalizeService(svc, '/p');
    expect(svc.depends_on).toEqual({ db: { condition: 'service_healthy', required: true } });
  });

  it('turns env_file and build into their long forms with absolute paths', () => {
    const svc: Record<string, unknown> = { env_file: 'a.env', build: '.' };
    normalizeService(svc, '/p');
    expect(svc).toEqual({ env_file: [{ path: '/p/a.env', required: true }], build: { context: '/p' } });
  });

  it('turns build args and labels lists into mappings', () => {
    const svc: Record<string, unknown> = { build: { context: '/abs', args: ['A=1', 'B'], labels: ['x=y'] } };
    normalizeService(svc, '/p');
    expect(svc.build).toEqual({ context: '/abs', args: { A: '1', B: null }, labels: { x: 'y' } });
  });

  it('keeps ~ paths and remote build contexts as written', () => {
    expect(resolvePath('/p', '~/x.env')).toBe('~/x.env');
    expect(resolvePath('/p', 'https://github.com/docker/compose.git')).toBe('https://github.com/docker/compose.git');
    expect(resolvePath('/p', '/abs')).toBe('/abs');
  });
});

describe('normalised positions', () => {
  it('locates an environment entry written as a list item at that item', () => {
    const r = load({ 'compose.yaml': 'services:\n  db:\n    image: postgres\n    environment:\n      - POSTGRES_PASSWORD=x\n' });
    const p = r.projects[0];
    expect(p.locate(['services', 'db', 'environment', 'POSTGRES_PASSWORD'])).toEqual({ file: 'compose.yaml', line: 5, column: 9 });
    expect(metaOf(p.model.services.db.environment as object)?.self.line).toBe(5);
  });

  it('resolves a relative env_file against the project directory', () => {
    const r = load({ 'compose.yaml': 'services:\n  db:\n    image: postgres\n    env_file: [./conf/db.env]\n', 'conf/db.env': 'A=1\n' });
    expect(r.projects[0].model.services.db.env_file).toEqual([{ path: path.join(r.dir, 'conf', 'db.env'), required: true }]);
  });
});
