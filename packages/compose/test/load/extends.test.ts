import * as path from 'node:path';
import { loadProjects } from '../../src/load';
import { load, removeTempProjects, where } from './helpers';
import { sharedPath } from '../../../../test/helpers/shared';

afterAll(removeTempProjects);
const GO = sharedPath('corpus/compose/compose-go/loader/testdata');

describe('extends', () => {
  it('extends a service of the same file and merges the local keys over it', () => {
    const r = load({
      'compose.yaml': 'services:\n  base:\n    image: app\n    environment:\n      A: "1"\n  web:\n    extends: base\n    environment:\n      B: "2"\n',
    });
    expect(where(r)).toEqual([]);
    expect(r.projects[0].model.services.web).toEqual({ image: 'app', environment: { A: '1', B: '2' } });
    expect(r.projects[0].locate(['services', 'web', 'image'])).toEqual({ file: 'compose.yaml', line: 3, column: 12 });
  });

  it('extends a service of another file, resolving its paths against that file', () => {
    const r = load({
      'compose.yaml': 'services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: app\n',
      'common/base.yaml': 'services:\n  app:\n    image: app\n    env_file: app.env\n    build: ./ctx\n',
      'common/app.env': 'DB_PASSWORD=from-env-file\n',
    });
    expect(where(r)).toEqual([]);
    const web = r.projects[0].model.services.web;
    expect(web.env_file).toEqual([{ path: path.join(r.dir, 'common', 'app.env'), required: true }]);
    expect(web.build).toEqual({ context: path.join(r.dir, 'common', 'ctx') });
    expect(r.projects[0].serviceEnvironment('web').get('DB_PASSWORD')).toEqual({
      value: 'from-env-file',
      source: 'env_file',
      origin: { file: 'common/app.env', line: 1, column: 1 },
    });
  });

  it('follows chains of extends across files (compose-go extends/withdir)', () => {
    const r = loadProjects({ cwd: GO, files: ['extends/withdir/compose.yaml'], env: {} });
    expect(where(r)).toEqual([]);
    expect(r.projects[0].model.services.test).toEqual({ image: 'hello-world' });
  });

  it('honours !reset in the extending service (compose-go extends/reset)', () => {
    const r = loadProjects({ cwd: GO, files: ['extends/reset.yaml'], env: {} });
    expect(where(r)).toEqual([]);
    expect(r.projects[0].model.services.base).toEqual({ image: 'alpine:latest' });
  });

  it('extends a service of the project file through its own name without reporting its problems twice', () => {
    const r = load({
      'compose.yaml': 'services:\n  base:\n    image: "app:${TAG}"\n  web:\n    extends:\n      file: compose.yaml\n      service: base\n',
    });
    expect(where(r)).toEqual(['missing-variable@compose.yaml:3']);
    expect(r.projects[0].model.services.web).toEqual({ image: 'app:' });
  });

  it('reports an extends cycle as dependency-cycle at the extends key', () => {
    const r = load({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends:\n      service: a\n' });
    expect(where(r)).toEqual(['dependency-cycle@compose.yaml:3']);
    expect(r.findings[0].message).toContain('a → b → a');
  });

  it('reports a cycle through two files', () => {
    const r = load({
      'compose.yaml': 'services:\n  a:\n    extends:\n      file: other.yaml\n      service: b\n',
      'other.yaml': 'services:\n  b:\n    extends:\n      file: compose.yaml\n      service: a\n',
    });
    expect(where(r).filter((w) => w.startsWith('dependency-cycle'))).toHaveLength(1);
  });

  it('reports extending an undefined service', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: x\n    extends: nope\n' });
    expect(where(r)).toEqual(['undefined-reference@compose.yaml:4']);
  });

  it('reports a missing extends file at the file line', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    extends:\n      service: x\n      file: missing.yaml\n' });
    expect(where(r)).toEqual(['missing-file@compose.yaml:5']);
  });
});
