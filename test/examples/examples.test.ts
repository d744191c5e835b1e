/**
 * Every example pipeline in workflows-examples/ is checked against the actions and components it
 * uses: hardline actions exist and take the inputs given; third-party actions are pinned by full
 * commit SHA with a version comment; permissions are declared; no untrusted event field is
 * interpolated into a run: script; GitLab includes name existing components with their inputs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const GH = path.join(ROOT, 'workflows-examples/github');
const GL = path.join(ROOT, 'workflows-examples/gitlab');
const OWN = 'hardline-dev/hardline/';

type Obj = Record<string, unknown>;
const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : []);

function actionInputs(actionPath: string): Set<string> {
  const file = path.join(ROOT, actionPath, 'action.yml');
  expect(fs.existsSync(file)).toBe(true);
  const doc = parse(fs.readFileSync(file, 'utf8')) as Obj;
  return new Set(Object.keys((doc.inputs as Obj) ?? {}));
}

function componentInputs(name: string): Set<string> {
  const file = path.join(ROOT, 'templates', `${name}.yml`);
  expect(fs.existsSync(file)).toBe(true);
  const [header] = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const spec = (header.toJS() as Obj).spec as Obj;
  return new Set(Object.keys((spec.inputs as Obj) ?? {}));
}

describe('GitHub workflow examples', () => {
  it('exist', () => {
    expect(files(GH).length).toBeGreaterThan(0);
  });

  for (const name of files(GH)) {
    describe(name, () => {
      const text = fs.readFileSync(path.join(GH, name), 'utf8');
      const wf = parse(text) as Obj;
      const jobs = wf.jobs as Record<string, Obj>;

      it('declares least-privilege permissions at the top', () => {
        expect(wf.permissions).toBeDefined();
        expect(wf.permissions).not.toBe('write-all');
      });

      it('pins every third-party action by full commit SHA with a version comment', () => {
        for (const line of text.split('\n')) {
          const m = line.match(/uses:\s*([^\s#]+)/);
          if (!m || m[1].startsWith(OWN) || m[1].startsWith('./')) continue;
          expect(`${m[1]} ${line}`).toMatch(/@[0-9a-f]{40}\s+#\s*v\d/);
        }
      });

      it('gives hardline actions only inputs they declare', () => {
        for (const job of Object.values(jobs)) {
          for (const step of (job.steps as Obj[]) ?? []) {
            const uses = step.uses as string | undefined;
            if (!uses?.startsWith(OWN)) continue;
            const actionPath = uses.slice(OWN.length).split('@')[0];
            const inputs = actionInputs(actionPath || '.');
            for (const key of Object.keys((step.with as Obj) ?? {})) expect(`${actionPath}: ${key}`).toBe(inputs.has(key) ? `${actionPath}: ${key}` : `${actionPath}: (unknown input)`);
          }
        }
      });

      it('never interpolates untrusted event fields into run scripts', () => {
        for (const job of Object.values(jobs)) {
          for (const step of (job.steps as Obj[]) ?? []) {
            const run = step.run as string | undefined;
            if (run) expect(run).not.toMatch(/\$\{\{\s*(github\.event\.|github\.head_ref|inputs\.)/);
          }
        }
      });
    });
  }
});

describe('GitLab pipeline examples', () => {
  it('exist', () => {
    expect(files(GL).length).toBeGreaterThan(0);
  });

  for (const name of files(GL)) {
    it(`${name} includes existing components with inputs they declare`, () => {
      const doc = parse(fs.readFileSync(path.join(GL, name), 'utf8')) as Obj;
      const includes = (doc.include as Obj[]) ?? [];
      expect(includes.length).toBeGreaterThan(0);
      for (const inc of includes) {
        const comp = inc.component as string;
        const m = comp.match(/^\$CI_SERVER_FQDN\/[^@]+\/([a-z0-9-]+)@.+$/);
        expect(m).not.toBeNull();
        const inputs = componentInputs(m![1]);
        for (const key of Object.keys((inc.inputs as Obj) ?? {})) expect(`${m![1]}: ${key}`).toBe(inputs.has(key) ? `${m![1]}: ${key}` : `${m![1]}: (unknown input)`);
      }
    });
  }
});
