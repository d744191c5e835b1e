import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { allInputs, ConfigurationError, ExitCode, OperationalError } from '@hardline/core';
import type { SealStatus } from '../src/client';
import type { NodeResult } from '../src/unseal';
import { unsealCommand, unsealResult } from '../src/unseal-command';

const st = (over: Partial<SealStatus> = {}): SealStatus => ({ type: 'shamir', initialized: true, sealed: false, t: 3, n: 5, progress: 0, nonce: '', version: '1.21.0', cluster_name: 'vault-cluster-1', ...over });

describe('unsealResult', () => {
  it('reports one note per node and exits clean when every node is unsealed', () => {
    const r = unsealResult([
      { addr: 'http://a:8200', outcome: 'unsealed', status: st(), keysSent: 3 },
      { addr: 'http://b:8200', outcome: 'already-unsealed', status: st(), keysSent: 0 },
    ]);
    expect(r.report.findings.map((f) => f.severity)).toEqual(['note', 'note']);
    expect(r.report.findings[1].message).toContain('no key was sent');
    expect(r.exitCode).toBeUndefined();
    expect(r.outputs).toEqual({ sealed: false, progress: 0, threshold: 3, version: '1.21.0', 'cluster-name': 'vault-cluster-1' });
  });

  it('exits 3 when a node is unreachable or not initialised', () => {
    const errors: string[] = [];
    const r = unsealResult(
      [
        { addr: 'http://a:8200', outcome: 'unsealed', status: st(), keysSent: 3 },
        { addr: 'http://b:8200', outcome: 'failed', keysSent: 0, failure: 'not-initialized', error: new OperationalError('Vault at http://b:8200 is not initialised', [], 'run init') },
      ],
      (m) => errors.push(m),
    );
    expect(r.exitCode).toBe(ExitCode.Operational);
    expect(r.outputs.sealed).toBe(true);
    expect(r.report.findings.find((f) => f.severity === 'error')?.ruleId).toBe('vault-not-initialized');
    expect(errors.join('\n')).toContain('hint: run init');
  });

  it('exits 2 when the only failure is a wrong key', () => {
    const results: NodeResult[] = [{ addr: 'http://a:8200', outcome: 'failed', status: st({ sealed: true }), keysSent: 2, failure: 'invalid-key', error: new ConfigurationError('Vault rejected unseal key #2') }];
    const r = unsealResult(results);
    expect(r.exitCode).toBe(ExitCode.Configuration);
    expect(r.report.findings[0].ruleId).toBe('vault-unseal-key-invalid');
  });

  it('warns about a key left out because it is not a share of the same key', () => {
    const r = unsealResult([{ addr: 'http://a:8200', outcome: 'unsealed', status: st(), keysSent: 3, badKeys: ['VAULT_UNSEAL_KEY_2'] }]);
    const warning = r.report.findings.find((f) => f.severity === 'warning');
    expect(warning?.message).toContain('VAULT_UNSEAL_KEY_2');
    expect(r.exitCode).toBeUndefined();
  });
});

describe('the vault unseal command declaration', () => {
  const ROOT = path.resolve(__dirname, '../../..');
  it('has action.yml inputs with exactly the names and defaults of the command inputs, each described', () => {
    const action = parse(fs.readFileSync(path.join(ROOT, 'actions/vault-unseal/action.yml'), 'utf8')) as { inputs: Record<string, { description: string; default?: string }>; outputs: Record<string, unknown>; runs: { main: string } };
    const specs = allInputs(unsealCommand);
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(specs).sort());
    for (const [name, spec] of Object.entries(specs)) {
      expect(action.inputs[name].description.length).toBeGreaterThan(20);
      expect(action.inputs[name].default).toBe(spec.default);
    }
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['sealed', 'progress', 'threshold', 'version', 'cluster-name']));
    expect(action.runs.main).toBe('../../dist/vault-unseal/index.js');
  });

  it('has a GitLab component that accesses the environment and whose variables all name command inputs', () => {
    const [spec, job] = fs.readFileSync(path.join(ROOT, 'templates/vault-unseal.yml'), 'utf8').split(/^---$/m).map((part) => parse(part));
    expect(Object.keys(spec.spec.inputs)).toEqual(expect.arrayContaining(['stage', 'job-prefix', 'version', 'hardline-project', 'environment']));
    const j = job['$[[ inputs.job-prefix ]]-vault-unseal'];
    expect(j.environment).toEqual({ name: '$[[ inputs.environment ]]', action: 'access' });
    const names = new Set(Object.keys(allInputs(unsealCommand)).map((n) => `HARDLINE_${n.replace(/-/g, '_').toUpperCase()}`));
    for (const v of Object.keys(j.variables).filter((v) => v !== 'HARDLINE_DIR')) expect(names).toContain(v);
    expect(j.script.join('\n')).toContain('vault unseal');
  });
});
