import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { allInputs } from '@hardline/core';
import { syncCommand } from '../src/command';

const ROOT = path.resolve(__dirname, '../../..');

describe('the vault sync command declaration', () => {
  it('has action.yml inputs with exactly the names of the command inputs, each described', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'actions/vault-sync/action.yml'), 'utf8')) as {
      inputs: Record<string, { description: string; default?: string }>;
      runs: { main: string };
    };
    const specs = allInputs(syncCommand);
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(specs).sort());
    for (const [name, spec] of Object.entries(specs)) {
      expect(action.inputs[name].description.length).toBeGreaterThan(20);
      expect(action.inputs[name].default).toBe(spec.default);
    }
    expect(action.runs.main).toBe('../../dist/vault-sync/index.js');
  });

  it('has a GitLab component whose variables all name command inputs', () => {
    const text = fs.readFileSync(path.join(ROOT, 'templates/vault-sync.yml'), 'utf8');
    const [spec, job] = text.split(/^---$/m).map((part) => parse(part));
    expect(Object.keys(spec.spec.inputs)).toEqual(expect.arrayContaining(['stage', 'job-prefix', 'version', 'hardline-project', 'environment']));
    const variables = Object.keys(job['$[[ inputs.job-prefix ]]-vault-sync'].variables).filter((v) => v.startsWith('HARDLINE_') && !['HARDLINE_DIR', 'HARDLINE_MODE'].includes(v));
    const names = new Set(Object.keys(allInputs(syncCommand)).map((n) => `HARDLINE_${n.replace(/-/g, '_').toUpperCase()}`));
    for (const v of variables) expect(names).toContain(v);
  });
});
