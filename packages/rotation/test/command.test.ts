import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { allInputs, gitlabVariableName } from '@hardline/core';
import { ACTION_INPUTS, ageCommand, rotateCommand, rotateSecretsCommand } from '../src';

const ROOT = path.resolve(__dirname, '../../..');
const yaml = (file: string) => parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
function templateDocs(file: string): [Record<string, unknown>, Record<string, unknown>] {
  const [spec, job] = fs.readFileSync(path.join(ROOT, file), 'utf8').split(/^---$/m);
  return [parse(spec!) as Record<string, unknown>, parse(job!) as Record<string, unknown>];
}

describe('the rotate-secrets action and the GitLab components', () => {
  it('declares in action.yml exactly the inputs the action command reads, each with a description', () => {
    const action = yaml('actions/rotate-secrets/action.yml') as { inputs: Record<string, { description: string }>; runs: { main: string } };
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(allInputs(rotateSecretsCommand)).sort());
    for (const [name, input] of Object.entries(action.inputs)) expect(`${name}: ${input.description}`.length).toBeGreaterThan(name.length + 20);
    expect(action.runs.main).toBe('../../dist/rotate-secrets/index.js');
    expect(Object.keys(ACTION_INPUTS)).toContain('mode');
  });

  it.each([
    ['templates/rotate-secrets.yml', rotateCommand, 'rotate'],
    ['templates/secrets-age.yml', ageCommand, 'secrets age'],
  ] as const)('%s passes only HARDLINE_ variables its command reads and runs the CLI', (file, cmd, words) => {
    const [spec, jobs] = templateDocs(file);
    const inputs = (spec.spec as { inputs: Record<string, unknown> }).inputs;
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['stage', 'job-prefix', 'version', 'hardline-project', 'environment']));
    const job = Object.values(jobs)[0] as { variables: Record<string, string>; script: string[]; before_script: string[]; image: string; artifacts: { reports: Record<string, string> } };
    expect(jobs).not.toHaveProperty('default');
    expect(job.image).toBe('node:20-alpine');
    const known = new Set(Object.keys(allInputs(cmd)).map(gitlabVariableName));
    for (const v of Object.keys(job.variables)) if (v !== 'HARDLINE_DIR') expect([v, known.has(v)]).toEqual([v, true]);
    expect(job.before_script.join('\n')).toContain('git clone --depth 1 --branch "$[[ inputs.version ]]" "https://$CI_SERVER_FQDN/$[[ inputs.hardline-project ]].git" "$HARDLINE_DIR"');
    expect(job.script.join('\n')).toContain(`node "$HARDLINE_DIR/dist/cli/index.js" ${words}`);
    expect(job.artifacts.reports.dotenv).toBe('hardline.env');
  });
});
