import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { allInputs, ConfigurationError } from '@hardline/core';
import { initCommand, storeSpec } from '../src/init-command';

const base = { 'github-visibility': 'private' as const, 'gitlab-environment-scope': '*' };

describe('storeSpec', () => {
  it('defaults to the repository running the workflow on GitHub', () => {
    expect(storeSpec({ ...base, 'github-token': 'ghs_x' }, { GITHUB_REPOSITORY: 'acme/app' })).toMatchObject({ kind: 'github', scope: 'repository', repository: 'acme/app', token: 'ghs_x' });
  });
  it('defaults to the project running the job on GitLab, masked and protected', () => {
    expect(storeSpec({ ...base, 'gitlab-token': 'glpat-x' }, { CI_PROJECT_ID: '42' })).toMatchObject({ kind: 'gitlab', scope: 'project', id: '42', masked: true, protected: true });
  });
  it('takes an environment target and passes the visibility only to organization secrets', () => {
    expect(storeSpec({ ...base, store: 'github:environment:acme/app/production', 'github-token': 't' }, {})).toMatchObject({ scope: 'environment', environment: 'production' });
    expect(storeSpec({ ...base, store: 'github:organization:acme', 'github-token': 't' }, {})).toMatchObject({ scope: 'organization', visibility: 'private' });
  });
  it('requires the token of the store kind', () => {
    expect(() => storeSpec({ ...base, store: 'github:repository:acme/app' }, {})).toThrow(/github-token is required/);
  });
  it('refuses to keep Vault keys in Vault', () => {
    expect(() => storeSpec({ ...base, store: 'vault-kv:secret/x' }, {})).toThrow(ConfigurationError);
  });
  it('asks for a store outside CI', () => {
    expect(() => storeSpec(base, {})).toThrow(/store is required/);
  });
});

describe('the vault init command declaration', () => {
  const ROOT = path.resolve(__dirname, '../../..');
  it('has action.yml inputs with exactly the names and defaults of the command inputs, each described', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'actions/vault-init/action.yml'), 'utf8')) as { inputs: Record<string, { description: string; default?: string }>; runs: { main: string } };
    const specs = allInputs(initCommand);
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(specs).sort());
    for (const [name, spec] of Object.entries(specs)) {
      expect(action.inputs[name].description.length).toBeGreaterThan(20);
      expect(action.inputs[name].default).toBe(spec.default);
    }
    expect(action.runs.main).toBe('../../dist/vault-init/index.js');
  });

  it('has a GitLab component that accesses the environment and whose variables all name command inputs', () => {
    const [spec, job] = fs.readFileSync(path.join(ROOT, 'templates/vault-init.yml'), 'utf8').split(/^---$/m).map((part) => parse(part));
    expect(Object.keys(spec.spec.inputs)).toEqual(expect.arrayContaining(['stage', 'job-prefix', 'version', 'hardline-project', 'environment']));
    const j = job['$[[ inputs.job-prefix ]]-vault-init'];
    expect(j.environment).toEqual({ name: '$[[ inputs.environment ]]', action: 'access' });
    const names = new Set(Object.keys(allInputs(initCommand)).map((n) => `HARDLINE_${n.replace(/-/g, '_').toUpperCase()}`));
    for (const v of Object.keys(j.variables).filter((v) => v !== 'HARDLINE_DIR')) expect(names).toContain(v);
    expect(j.artifacts.reports.dotenv).toBe('hardline.env');
  });
});
