import * as path from 'node:path';
import { discoverInDir, groupFiles, isGlob } from '../../src/load/discover';
import { load, removeTempProjects, tempProject, where } from './helpers';

afterAll(removeTempProjects);
const svc = 'services:\n  web:\n    image: x\n';

describe('discoverInDir', () => {
  it('prefers compose.yaml and adds its override file', () => {
    const dir = tempProject({ 'compose.yaml': svc, 'docker-compose.yml': svc, 'compose.override.yaml': svc });
    expect(discoverInDir(dir).map((f) => path.basename(f))).toEqual(['compose.yaml', 'compose.override.yaml']);
  });

  it('falls back to docker-compose.yml and docker-compose.override.yml', () => {
    const dir = tempProject({ 'docker-compose.yml': svc, 'docker-compose.override.yml': svc });
    expect(discoverInDir(dir).map((f) => path.basename(f))).toEqual(['docker-compose.yml', 'docker-compose.override.yml']);
  });

  it('finds nothing in a directory without a Compose file', () => {
    expect(discoverInDir(tempProject({ 'README.md': 'x' }))).toEqual([]);
  });
});

describe('groupFiles', () => {
  it('makes one project per directory for a glob, base file first and override last', () => {
    const dir = tempProject({ 'a/compose.override.yaml': svc, 'a/compose.yaml': svc, 'b/compose.yml': svc, 'node_modules/x/compose.yaml': svc });
    const groups = groupFiles(dir, ['**/compose*.y*ml']);
    expect(groups.map((g) => g.files.map((f) => path.relative(dir, f)))).toEqual([
      ['a/compose.yaml', 'a/compose.override.yaml'],
      ['b/compose.yml'],
    ]);
  });

  it('keeps explicit files together as one project and lists missing ones', () => {
    const dir = tempProject({ 'x.yaml': svc });
    expect(groupFiles(dir, ['x.yaml', 'y.yaml'])).toEqual([{ files: [path.join(dir, 'x.yaml')], missing: [path.join(dir, 'y.yaml')] }]);
  });

  it('recognises glob patterns', () => {
    expect(isGlob('**/compose*.y*ml')).toBe(true);
    expect(isGlob('compose.yaml')).toBe(false);
  });
});

describe('loading by discovery', () => {
  it('returns no project and no finding for a directory without a Compose file, so the caller reports bad input', () => {
    const r = load({ 'README.md': 'x' });
    expect([r.projects, r.findings]).toEqual([[], []]);
  });

  it('returns no project and no finding when a glob matches nothing', () => {
    const r = load({ 'README.md': 'x' }, { files: ['**/compose*.y*ml'] });
    expect([r.projects, r.findings]).toEqual([[], []]);
  });

  it('reports an explicit file that does not exist, naming it', () => {
    const r = load({}, { files: ['nope.yaml'] });
    expect(r.findings).toEqual([expect.objectContaining({ ruleId: 'missing-file', file: 'nope.yaml' })]);
  });

  it('honours COMPOSE_FILE from the project .env like docker compose (compose-go cli/testdata/env-file)', () => {
    const r = load({ '.env': 'COMPOSE_FILE=a.yaml:b.yaml\n', 'a.yaml': svc, 'b.yaml': 'services:\n  web:\n    user: b\n' });
    expect(r.projects[0].files).toEqual(['a.yaml', 'b.yaml']);
    expect(r.projects[0].model.services.web).toEqual({ image: 'x', user: 'b' });
  });

  it('uses the project directory option for discovery and relative paths', () => {
    const r = load({ 'stack/compose.yaml': 'services:\n  web:\n    image: x\n    env_file: [app.env]\n', 'stack/app.env': 'A=1\n' }, { projectDirectory: 'stack' });
    expect(where(r)).toEqual([]);
    expect(r.projects[0].workingDir).toBe(path.join(r.dir, 'stack'));
    expect(r.projects[0].files).toEqual(['stack/compose.yaml']);
  });
});
