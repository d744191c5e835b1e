import * as path from 'node:path';
import { buildProjectEnv } from '../../src/load/env';
import type { LoadProblem } from '../../src/load/rules';
import { removeTempProjects, tempProject } from './helpers';

afterAll(removeTempProjects);

describe('buildProjectEnv', () => {
  const display = (abs: string) => path.basename(abs);

  it('reads .env of the project directory with the line of each variable', () => {
    const dir = tempProject({ '.env': '# comment\nA=1\nB=${A}2\n' });
    const env = buildProjectEnv({}, dir, undefined, display, []);
    expect(env.lookup('B')).toEqual({ value: '12', source: 'dotenv', origin: { file: '.env', line: 3, column: 1 } });
  });

  it('lets the process environment win over .env', () => {
    const dir = tempProject({ '.env': 'A=file\n' });
    expect(buildProjectEnv({ A: 'shell' }, dir, undefined, display, []).lookup('A')).toEqual({ value: 'shell', source: 'environment' });
  });

  it('reads the given env files in order instead of .env, later ones winning', () => {
    const dir = tempProject({ '.env': 'A=dotenv\n', 'one.env': 'A=one\nB=one\n', 'two.env': 'A=two\n' });
    const env = buildProjectEnv({}, dir, [path.join(dir, 'one.env'), path.join(dir, 'two.env')], display, []);
    expect([env.lookup('A')?.value, env.lookup('B')?.value]).toEqual(['two', 'one']);
  });

  it('works without a .env file', () => {
    expect(buildProjectEnv({}, tempProject({}), undefined, display, []).lookup('A')).toBeUndefined();
  });

  it('reports a missing explicit env file and a malformed line', () => {
    const dir = tempProject({ 'bad.env': 'A=1\nB C\n' });
    const problems: LoadProblem[] = [];
    buildProjectEnv({}, dir, [path.join(dir, 'missing.env'), path.join(dir, 'bad.env')], display, problems);
    expect(problems.map((p) => `${p.ruleId}@${p.file}:${p.line ?? ''}`)).toEqual(['missing-file@missing.env:', 'invalid-schema@bad.env:2']);
  });
});
