import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationError } from '@hardline/core';
import { loadPlan, selectEntries } from '../src/plan';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-plan-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function load(yaml: string) {
  const file = path.join(dir, `p${Math.random().toString(36).slice(2)}.yml`);
  fs.writeFileSync(file, yaml);
  return loadPlan(file, 'rotation.yml');
}

function errorOf(yaml: string): ConfigurationError {
  try {
    load(yaml);
  } catch (err) {
    if (err instanceof ConfigurationError) return err;
    throw err;
  }
  throw new Error('expected a ConfigurationError');
}

const GOOD = `entries:
  - name: KC_SECRET
    max-age: 14d
    environment: production
    source:
      type: keycloak-client-secret
      url: https://kc.example.com/
      realm: apps
      client-id: backend
    sinks:
      - github:environment:acme/app/production
      - target: gitlab:project:acme/app
        name: BACKEND_SECRET
    trigger:
      github-workflow: { repository: acme/app, workflow: deploy.yml }
  - name: DB_PASSWORD
    source: { type: vault-database-static-role, role: app }
    sinks: [vault-kv:secret/ci/db]
  - name: APPROLE
    source: { type: vault-approle-secret-id, role: deployer }
    sinks: [github:repository:acme/app]
  - name: TOKEN
    source: { type: random }
    sinks: [github:organization:acme]
`;

describe('loadPlan', () => {
  it('reads every source kind with its defaults, sink targets and names, and max-age in seconds', () => {
    const plan = load(GOOD);
    expect(plan.entries.map((e) => e.name)).toEqual(['KC_SECRET', 'DB_PASSWORD', 'APPROLE', 'TOKEN']);
    const [kc, db, approle, token] = plan.entries;
    expect(kc!.source).toEqual({ type: 'keycloak-client-secret', url: 'https://kc.example.com', realm: 'apps', clientId: 'backend', adminRealm: undefined });
    expect(kc!.maxAge).toBe(14 * 86400);
    expect(kc!.environment).toBe('production');
    expect(kc!.sinks.map((s) => [s.raw, s.name, s.line])).toEqual([
      ['github:environment:acme/app/production', 'KC_SECRET', 11],
      ['gitlab:project:acme/app', 'BACKEND_SECRET', 12],
    ]);
    expect(kc!.trigger).toEqual({ githubWorkflow: { repository: 'acme/app', workflow: 'deploy.yml', ref: 'main', inputs: {} } });
    expect(db!.source).toEqual({ type: 'vault-database-static-role', mount: 'database', role: 'app' });
    expect(db!.maxAge).toBe(30 * 86400);
    expect(approle!.source).toEqual({ type: 'vault-approle-secret-id', mount: 'approle', role: 'deployer', keep: 2 });
    expect(token!.source).toEqual({ type: 'random', length: 48 });
    expect(token!.line).toBe(22);
  });

  it('rejects a random length under 32 at its line', () => {
    const err = errorOf('entries:\n  - name: T\n    source:\n      type: random\n      length: 16\n    sinks: [github:repository:a/b]\n');
    expect(err.describe()).toMatch(/^rotation\.yml:5:\d+: .*length.*(>=|at least|must be) ?32/);
  });

  it('rejects an unknown key in a source at the key itself', () => {
    const err = errorOf('entries:\n  - name: T\n    source:\n      type: vault-database-static-role\n      role: app\n      rol: typo\n    sinks: [github:repository:a/b]\n');
    expect(err.describe()).toContain('rotation.yml:6');
    expect(err.describe()).toContain('unknown key "rol"');
  });

  it('rejects a malformed sink target at its line with the accepted forms', () => {
    const err = errorOf('entries:\n  - name: T\n    source: { type: random }\n    sinks:\n      - github:repo:acme\n');
    expect(err.describe()).toMatch(/^rotation\.yml:5:\d+: entries\[0\]\.sinks\[0\]: unknown GitHub scope "repo"/);
  });

  it('rejects two entries with one name, pointing at the second', () => {
    const err = errorOf('entries:\n  - name: T\n    source: { type: random }\n    sinks: [github:repository:a/b]\n  - name: T\n    source: { type: random }\n    sinks: [github:repository:a/b]\n');
    expect(err.describe()).toMatch(/^rotation\.yml:5:\d+: .*already the name of the entry at line 2/);
  });

  it('rejects a missing source and a bad max-age', () => {
    expect(errorOf('entries:\n  - name: T\n    sinks: [github:repository:a/b]\n').message).toContain('missing required key "source"');
    expect(errorOf('entries:\n  - name: T\n    max-age: soon\n    source: { type: random }\n    sinks: [github:repository:a/b]\n').describe()).toContain('rotation.yml:3');
  });
});

describe('selectEntries', () => {
  it('selects by name and names the unknown ones with the known ones', () => {
    const plan = load(GOOD);
    expect(selectEntries(plan, []).length).toBe(4);
    expect(selectEntries(plan, ['TOKEN']).map((e) => e.name)).toEqual(['TOKEN']);
    expect(() => selectEntries(plan, ['NOPE'])).toThrow(/NOPE is not in rotation\.yml; expected one of KC_SECRET, DB_PASSWORD, APPROLE, TOKEN/);
  });
});
