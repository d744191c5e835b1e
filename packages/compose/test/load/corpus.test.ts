import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProjects } from '../../src/load';
import { sharedPath } from '../../../../test/helpers/shared';

const AWESOME = sharedPath('corpus/compose/awesome-compose');
const stacks = fs.readdirSync(AWESOME).filter((d) => fs.statSync(path.join(AWESOME, d)).isDirectory());

describe('the awesome-compose corpus', () => {
  it('has stacks to load', () => {
    expect(stacks.length).toBeGreaterThan(30);
  });

  it('loads every project with zero load-stage findings', () => {
    const all: string[] = [];
    for (const stack of stacks) {
      const r = loadProjects({ cwd: path.join(AWESOME, stack), env: {} });
      expect(r.projects).toHaveLength(1);
      expect(Object.keys(r.projects[0].model.services).length).toBeGreaterThan(0);
      for (const f of r.findings) all.push(`${stack}/${f.file}:${f.line} ${f.ruleId} ${f.message}`);
    }
    expect(all).toEqual([]);
  });

  it('loads the whole corpus through one glob, one project per stack', () => {
    const r = loadProjects({ cwd: AWESOME, files: ['**/compose*.y*ml'], env: {} });
    expect(r.projects.map((p) => p.name).sort()).toEqual(stacks.map((s) => s.toLowerCase().replace(/[^a-z0-9_-]/g, '')).sort());
    expect(r.findings).toEqual([]);
  });
});

const GO = sharedPath('corpus/compose/compose-go');

describe("compose-go's own loader test inputs", () => {
  // file → expected load-stage findings as "ruleId@file:line" ([] = loads cleanly)
  const table: Array<[string, string[]]> = [
    ['cli/testdata/UNNORMALIZED PATH/compose.yaml', []],
    ['cli/testdata/env-file/compose-with-env-file.yaml', []],
    ['cli/testdata/env-file/compose-with-env-files.yaml', []],
    ['cli/testdata/simple/compose.yaml', []],
    ['cli/testdata/simple/compose-with-overrides.yaml', []],
    ['cli/testdata/simple/compose-with-paths.yaml', []],
    ['cli/testdata/simple/compose-with-variables.yaml', []],
    ['cli/testdata/simple/compose-name.yaml', ['missing-variable@cli/testdata/simple/compose-name.yaml:1']],
    ['loader/testdata/combined/compose.yaml', []],
    ['loader/testdata/compose-include.yaml', []],
    ['loader/testdata/compose-test-extends.yaml', []],
    ['loader/testdata/compose-test-extends-with-context-url.yaml', []],
    ['loader/testdata/compose-test-with-version.yaml', []],
    ['loader/testdata/extends/base.yaml', []],
    ['loader/testdata/extends/depends_on.yaml', []],
    ['loader/testdata/extends/interpolated.yaml', []],
    ['loader/testdata/extends/nested.yaml', []],
    ['loader/testdata/extends/reset.yaml', []],
    ['loader/testdata/extends/withdir/compose.yaml', []],
    ['loader/testdata/include/compose.yaml', []],
    ['loader/testdata/include/project-directory.yaml', []],
    ['loader/testdata/remote/compose.yaml', []],
    ['loader/testdata/subdir/compose-test-extends-imported.yaml', []],
    // deliberately broken
    ['loader/testdata/compose-depends-on-cycle.yaml', ['dependency-cycle@loader/testdata/compose-depends-on-cycle.yaml:14']],
    ['loader/testdata/compose-depends-on-self.yaml', ['dependency-cycle@loader/testdata/compose-depends-on-self.yaml:6']],
    ['loader/testdata/compose-include-cycle.yaml', ['dependency-cycle@loader/testdata/compose-include-cycle.yaml:2']],
    ['loader/testdata/empty.yaml', ['invalid-yaml@loader/testdata/empty.yaml:1']],
    ['loader/testdata/include/dir/compose.yaml', ['missing-file@loader/testdata/include/dir/compose.yaml:12']],
    ['loader/testdata/remote/nested/compose.yaml', ['missing-file@loader/testdata/remote/nested/compose.yaml:4']],
    ['loader/testdata/remote/cycle/compose.yaml', ['missing-file@loader/testdata/remote/cycle/compose.yaml:4']],
  ];

  it.each(table)('loads %s with the expected load-stage findings', (file, expected) => {
    const r = loadProjects({ cwd: GO, files: [file], env: {} });
    expect(r.findings.map((f) => `${f.ruleId}@${f.file}:${f.line}`).sort()).toEqual(expected);
    if (!expected.some((e) => e.startsWith('invalid-yaml'))) expect(r.projects).toHaveLength(1);
  });

  it('covers every Compose file of the corpus in the table', () => {
    const all: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(path.join(GO, d), { withFileTypes: true })) {
        const rel = path.posix.join(d, e.name);
        if (e.isDirectory()) walk(rel);
        else if (/\.ya?ml$/.test(e.name)) all.push(rel);
      }
    };
    walk('cli');
    walk('loader');
    const covered = new Set(table.map(([f]) => f));
    // files only used as include/extends targets of others in the table
    const targets = new Set([
      'loader/testdata/combined/dir/extended.yaml', 'loader/testdata/combined/dir/included.yaml', 'loader/testdata/compose-depends-on-profile-no-cycle.yaml',
      'loader/testdata/compose-test-extends-with-context-url-imported.yaml', 'loader/testdata/extends/ports.yaml', 'loader/testdata/extends/sibling.yaml',
      'loader/testdata/extends/withdir/dir/base.yaml', 'loader/testdata/extends/withdir/dir/compose.yaml', 'loader/testdata/include/included.yaml',
      'loader/testdata/remote/cycle/compose-cycle.yaml', 'loader/testdata/remote/nested/compose-nested.yaml',
    ]);
    expect(all.filter((f) => !covered.has(f) && !targets.has(f))).toEqual([]);
  });

  it('interpolates from the project .env (cli/testdata/env-file)', () => {
    const r = loadProjects({ cwd: GO, files: ['cli/testdata/env-file/compose-with-env-files.yaml'], env: {} });
    const p = r.projects[0];
    expect(p.model.services.simple.ports).toEqual(['8000:80']);
    expect(p.interpolatedFrom(['services', 'simple', 'ports', 0])).toEqual({ variable: 'PORT', origin: { file: 'cli/testdata/env-file/.env', line: 3, column: 1 } });
    expect(p.serviceEnvironment('simple').get('DEFAULT_PORT')?.value).toBe('9090');
  });

  it('uses an --env-file instead of .env (cli/testdata/env-file/override.env)', () => {
    const r = loadProjects({ cwd: GO, files: ['cli/testdata/env-file/compose-with-env-files.yaml'], envFiles: ['cli/testdata/env-file/override.env'], env: {} });
    expect(r.projects[0].model.services.simple.ports).toEqual(['9000:80']);
  });

  it('reports the depends_on cycle of compose-depends-on-profile-no-cycle.yaml, whose copy here has no profiles', () => {
    const r = loadProjects({ cwd: GO, files: ['loader/testdata/compose-depends-on-profile-no-cycle.yaml'], env: {} });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['dependency-cycle']);
  });
});
