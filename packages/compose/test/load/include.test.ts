import * as path from 'node:path';
import { loadProjects } from '../../src/load';
import { includeItems } from '../../src/load/include';
import { load, removeTempProjects, where } from './helpers';
import { sharedPath } from '../../../../test/helpers/shared';

afterAll(removeTempProjects);
const GO = sharedPath('corpus/compose/compose-go/loader/testdata');

describe('include', () => {
  it('adds the services of an included file with its own project directory and .env', () => {
    const r = load({
      'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: web\n    depends_on: [db]\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:${PG_VERSION}\n    env_file: db.env\n',
      'db/.env': 'PG_VERSION=16\n',
      'db/db.env': 'POSTGRES_PASSWORD=x\n',
    });
    expect(where(r)).toEqual([]);
    const p = r.projects[0];
    expect(p.model.services.db.image).toBe('postgres:16');
    expect(p.interpolatedFrom(['services', 'db', 'image'])).toEqual({ variable: 'PG_VERSION', origin: { file: 'db/.env', line: 1, column: 1 } });
    expect(p.serviceEnvironment('db').get('POSTGRES_PASSWORD')?.origin).toEqual({ file: 'db/db.env', line: 1, column: 1 });
    expect(p.model.include).toBeUndefined();
  });

  it('reports a service defined differently by the including and the included file, keeping the including one', () => {
    const r = load({
      'compose.yaml': 'include:\n  - other.yaml\nservices:\n  web:\n    image: mine\n',
      'other.yaml': 'services:\n  web:\n    image: theirs\n',
    });
    expect(where(r)).toEqual(['invalid-schema@compose.yaml:4']);
    expect(r.findings[0].message).toContain('services.web conflicts');
    expect(r.projects[0].model.services.web.image).toBe('mine');
  });

  it('accepts the same definition on both sides', () => {
    const r = load({
      'compose.yaml': 'include:\n  - other.yaml\nservices:\n  web:\n    image: same\n',
      'other.yaml': 'services:\n  web:\n    image: same\n',
    });
    expect(where(r)).toEqual([]);
  });

  it('loads compose-go include/project-directory.yaml with paths relative to project_directory', () => {
    const r = loadProjects({ cwd: GO, files: ['include/project-directory.yaml'], env: {} });
    expect(where(r)).toEqual([]);
    expect(r.projects[0].model.services.service.env_file).toEqual([{ path: path.join(GO, 'subdir', 'extra.env'), required: true }]);
  });

  it('reports a file that includes itself as dependency-cycle (compose-go compose-include-cycle.yaml)', () => {
    const r = loadProjects({ cwd: GO, files: ['compose-include-cycle.yaml'], env: {} });
    expect(where(r)).toEqual(['dependency-cycle@compose-include-cycle.yaml:2']);
  });

  it('reports a missing included file at the include entry', () => {
    const r = load({ 'compose.yaml': 'include:\n  - path: nope.yaml\nservices:\n  web:\n    image: x\n' });
    expect(where(r)).toEqual(['missing-file@compose.yaml:2']);
  });

  it('reads the long form with several paths and env files', () => {
    const items = includeItems({ include: [{ path: ['a.yaml', 'b.yaml'], project_directory: 'sub', env_file: ['x.env'] }, 'c.yaml'] }, '/p');
    expect(items.map((i) => [i.files, i.projectDirectory, i.envFiles])).toEqual([
      [['/p/a.yaml', '/p/b.yaml'], '/p/sub', ['/p/x.env']],
      [['/p/c.yaml'], '/p', undefined],
    ]);
  });
});
