/** The command's inputs are the same everywhere: action.yml, the GitLab component, the CLI flags. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { allInputs } from '@hardline/core';
import { scanCommand } from '../src/command';
import { scanCommand as exported } from '../src/index';

const ROOT = path.resolve(__dirname, '../../..');

describe('the scan command metadata', () => {
  it('is exported from the package entry', () => {
    expect(exported).toBe(scanCommand);
    expect(scanCommand.name).toBe('scan');
  });

  it('declares in action.yml exactly the inputs the command reads, except the GitLab-only ones', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'actions/secret-scan/action.yml'), 'utf8')) as { inputs: Record<string, { description: string }>; outputs: Record<string, unknown>; runs: { main: string } };
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(allInputs(scanCommand)).sort());
    for (const [name, input] of Object.entries(action.inputs)) expect(`${name}: ${input.description.length > 20}`).toBe(`${name}: true`);
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['findings', 'sarif-file', 'engine', 'commits-scanned']));
    expect(action.runs.main).toBe('../../dist/secret-scan/index.js');
  });

  it('passes every component input of the GitLab template to the command as a HARDLINE_ variable', () => {
    const docs = parseAllDocuments(fs.readFileSync(path.join(ROOT, 'templates/secret-scan.yml'), 'utf8')).map((d) => d.toJSON() as Record<string, unknown>);
    const inputs = Object.keys((docs[0].spec as { inputs: Record<string, unknown> }).inputs);
    const job = docs[1]['$[[ inputs.job-prefix ]]-secret-scan'] as { variables: Record<string, string>; artifacts: { reports: Record<string, string> }; script: string[] };
    const own = inputs.filter((i) => !['stage', 'job-prefix', 'version', 'hardline-project'].includes(i));
    const specs = allInputs(scanCommand);
    for (const i of own) {
      expect(specs[i]).toBeDefined();
      expect(job.variables[`HARDLINE_${i.replace(/-/g, '_').toUpperCase()}`]).toBe(`$[[ inputs.${i} ]]`);
    }
    expect(job.artifacts.reports.secret_detection).toBe('$[[ inputs.gitlab-report ]]');
    expect(job.script.join('\n')).toContain('node "$HARDLINE_DIR/dist/cli/index.js" scan');
  });

  it('ships a pre-commit hook that scans the staged changes', () => {
    const hooks = parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string }>;
    expect(hooks[0]).toMatchObject({ id: 'hardline-secret-scan', entry: expect.stringContaining('scan --scope staged') });
  });
});
