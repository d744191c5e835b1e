import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOAD_RULES } from '../../src/load/rules';
import { defaultConfig } from '../../src/config';
import { loadProjects } from '../../src/load';
import { RULE_METAS, RULES, runRules } from '../../src/rules';
import { isSecretName, worthMasking } from '../../src/rules/util';
import { sharedPath } from '../../../../test/helpers/shared';

const ISSUE_RULES = [
  'no-privileged', 'no-runtime-socket', 'no-host-namespaces', 'no-dangerous-capabilities', 'no-unconfined-security-opt',
  'require-no-new-privileges', 'no-trust-auth', 'no-weak-default-secret', 'no-placeholder-secret', 'no-plaintext-secret-env',
  'no-bypass-port', 'no-tilde-path', 'require-image-pin', 'require-healthcheck', 'healthcheck-standard', 'require-healthy-dependency',
  'require-resource-limits', 'require-restart-policy', 'no-root-user', 'require-read-only',
];

describe('the rule catalogue', () => {
  it('holds every rule of the issue exactly once', () => {
    expect(RULES.map((r) => r.meta.id)).toEqual(ISSUE_RULES);
  });
  it('gives every rule a title, a help paragraph and a link to its anchor in docs/compose.md', () => {
    for (const m of RULE_METAS) {
      expect(m.title.length).toBeGreaterThan(3);
      expect(m.help.length).toBeGreaterThan(120);
      expect(m.helpUri).toMatch(new RegExp(`/docs/compose\\.md#${m.id}$`));
    }
  });
  it('has a section in docs/compose.md for every rule, so each helpUri anchor resolves', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../../../docs/compose.md'), 'utf8');
    const headings = new Set([...doc.matchAll(/^### ([a-z-]+)$/gm)].map((m) => m[1]));
    for (const m of [...RULE_METAS, ...LOAD_RULES]) expect(headings.has(m.id) ? m.id : `missing ### ${m.id}`).toBe(m.id);
  });
  it('declares the default severities of the issue', () => {
    const sev = Object.fromEntries(RULE_METAS.map((m) => [m.id, m.defaultSeverity]));
    expect(sev).toMatchObject({ 'no-privileged': 'error', 'no-dangerous-capabilities': 'warning', 'healthcheck-standard': 'note', 'require-read-only': 'off', 'no-bypass-port': 'warning' });
  });
});

describe('runRules on the awesome-compose corpus', () => {
  const corpus = sharedPath('corpus/compose/awesome-compose');
  const loaded = loadProjects({ cwd: corpus, files: ['**/compose*.y*ml'], env: {} });
  const findings = loaded.projects.flatMap((p) => runRules(p, defaultConfig(), corpus));
  const where = (rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}`);

  it('finds the known problems at their lines', () => {
    expect(loaded.projects.length).toBeGreaterThan(30);
    expect(where('no-runtime-socket')).toEqual(expect.arrayContaining(['portainer/compose.yaml:9']));
    expect(where('no-host-namespaces')).toEqual(['plex/compose.yaml:5']);
    expect(where('no-tilde-path')).toEqual(['minecraft/compose.yaml:13']);
    expect(where('no-weak-default-secret')).toEqual(expect.arrayContaining(['postgresql-pgadmin/.env:2', 'wordpress-mysql/compose.yaml:12']));
  });
  it('gives every finding a file, a line, a service and a unique fingerprint', () => {
    for (const f of findings) {
      expect(f.file).toBeTruthy();
      expect(f.line).toBeGreaterThan(0);
    }
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
  });
  it('never puts a secret value (any value of a secret-named variable that is not a public default or a single short word) in a message', () => {
    const values = loaded.projects.flatMap((p) =>
      Object.keys(p.model.services).flatMap((s) => [...p.serviceEnvironment(s)].filter(([k, v]) => isSecretName(k) && worthMasking(v.value)).map(([, v]) => v.value)),
    );
    expect(values.length).toBeGreaterThan(0);
    const leaks = findings.filter((f) => values.some((v) => f.message.includes(v)));
    expect(leaks.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual([]);
  });
});
