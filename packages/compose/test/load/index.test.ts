import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProject, loadProjects, LOAD_RULES } from '../../src/load';
import { canary, findCanaries } from '../../../../test/helpers/canary';
import { load, removeTempProjects } from './helpers';

afterAll(removeTempProjects);

describe('loadProjects', () => {
  it('exports the loader under both names and the rule metadata', () => {
    expect(loadProject).toBe(loadProjects);
    expect(LOAD_RULES).toHaveLength(7);
  });

  it('loads one project per stack directory matched by a glob, each with its own .env', () => {
    const r = load(
      {
        'a/compose.yaml': 'services:\n  web:\n    image: "web:${TAG}"\n',
        'a/.env': 'TAG=1\n',
        'b/docker-compose.yml': 'services:\n  api:\n    image: "api:${TAG}"\n',
        'b/.env': 'TAG=2\n',
      },
      { files: ['**/*compose*.y*ml'] },
    );
    expect(r.findings).toEqual([]);
    expect(r.projects.map((p) => [p.name, p.files, Object.values(p.model.services)[0].image])).toEqual([
      ['a', ['a/compose.yaml'], 'web:1'],
      ['b', ['b/docker-compose.yml'], 'api:2'],
    ]);
  });

  it('puts no variable or env_file value into any finding', () => {
    const secret = canary('pw');
    const r = load({
      'compose.yaml': 'services:\n  db:\n    image: postgres\n    environment:\n      PW: ${PW}\n      X: "${PW:?needs ${PW}}"\n      Y: ${NOPE:?${PW}}\n    env_file: [db.env]\n    unknown_key: ${PW}\n',
      '.env': `PW=${secret}\n`,
      'db.env': `OK=${secret}\nBROKEN LINE ${secret}\n`,
    });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(findCanaries([secret], [JSON.stringify(r.findings)])).toEqual([]);
  });

  it('puts no secret from a broken file into the finding', () => {
    const secret = canary('yaml');
    const broken = [
      `services:\n  db:\n    environment:\n      PW: "${secret}\n`,
      `services:\n  db:\n    environment:\n      PW: ${secret}\n      PW: ${secret}\n`,
      `services:\n  db:\n    image: x\n    environment:\n      PW: "a\${!${secret}}"\n      Q: "\${-${secret}"\n      R: "\${A!${secret}}"\n`,
      `services:\n  db:\n   ${secret}: [\n`,
    ];
    for (const text of broken) {
      const r = load({ 'compose.yaml': text });
      expect(r.findings.length).toBeGreaterThan(0);
      expect(findCanaries([secret], r.findings.map((f) => f.message))).toEqual([]);
    }
  });

  it('loads a 1,000-service project completely', () => {
    let text = 'services:\n';
    for (let i = 0; i < 1000; i++) text += `  svc${i}:\n    image: app:${i}\n    environment:\n      - N=${i}\n${i ? `    depends_on: [svc${i - 1}]\n` : ''}`;
    const r = load({ 'compose.yaml': text });
    expect(r.findings).toEqual([]);
    expect(Object.keys(r.projects[0].model.services)).toHaveLength(1000);
    expect(r.projects[0].locate(['services', 'svc999', 'image'])?.line).toBe(text.split('\n').indexOf('  svc999:') + 2);
  });

  it('reads files relative to cwd and reports positions relative to cwd', () => {
    const r = load({ 'deploy/prod/compose.yaml': 'services:\n  web:\n    image: x\n    env_file: missing.env\n' }, { files: ['deploy/prod/compose.yaml'] });
    expect(r.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['deploy/prod/compose.yaml:4']);
    expect(fs.existsSync(path.join(r.dir, 'deploy/prod/compose.yaml'))).toBe(true);
  });
});
