/**
 * `hardline rotate` end to end in-process (flags → command → procedure → test servers over HTTP):
 * each source into each sink, dry run, faults at each step, concurrent runs, canaries.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateRecoveryKeypair, openRecoveryFile } from '@hardline/stores';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readAuditLog } from '@hardline/core';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { ageCommand, rotateCommand } from '../src';
import { GITHUB_TEST_TOKENS, GITLAB_TEST_TOKENS, KEYCLOAK_TEST_DEFAULTS, approleAccepts, keycloakAccepts, kvValue, runCaptured, serviceFlags, startWorld, writePlan, type World } from './helpers/world';

let w: World;
let keys: { publicKey: string; privateKey: string };

beforeAll(async () => {
  w = await startWorld();
  keys = await generateRecoveryKeypair();
});
afterAll(async () => {
  await w.close();
});

const SINKS = `
    sinks:
      - github:repository:acme/app
      - gitlab:project:acme/app
      - vault-kv:secret/ci/creds
`;

function plan(name: string, source: string, dir = w.dir): string {
  const sub = fs.mkdtempSync(path.join(dir, `${name}-`));
  writePlan(sub, `entries:\n  - name: ${name}\n    max-age: 30d\n    source:\n${source}${SINKS}`);
  return sub;
}

async function sinkValues(name: string): Promise<Array<string | undefined>> {
  return [w.github.secretValue('repo:acme/app', name), w.gitlab.variable('project:acme/app', name)?.value, await kvValue(w, name)];
}

describe('hardline rotate into GitHub, GitLab and Vault KV', () => {
  it('rotates a Keycloak client secret so every sink holds exactly the secret Keycloak now accepts', async () => {
    const cwd = plan('KC_APP_SECRET', `      type: keycloak-client-secret\n      url: ${w.keycloak.url}\n      realm: hardline\n      client-id: app-backend\n`);
    const before = w.keycloak.clientSecret('hardline', 'app-backend')!;
    const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', keys.publicKey], cwd);
    expect(r.code).toBe(0);
    const now = w.keycloak.clientSecret('hardline', 'app-backend')!;
    expect(now).not.toBe(before);
    expect(await sinkValues('KC_APP_SECRET')).toEqual([now, now, now]);
    expect(await keycloakAccepts(w, w.github.secretValue('repo:acme/app', 'KC_APP_SECRET')!)).toBe(true);
    expect(await keycloakAccepts(w, before)).toBe(false);
    expect(r.err + r.out).toContain('the realm keeps no rotated secret');
  });

  it("uses Keycloak's rotated-secret grace period when the realm's rotation policy is on, and says until when", async () => {
    w.keycloak.setRotationPolicy('hardline', true, 3600);
    try {
      const cwd = plan('KC_GRACE', `      type: keycloak-client-secret\n      url: ${w.keycloak.url}\n      realm: hardline\n      client-id: app-backend\n`);
      const before = w.keycloak.clientSecret('hardline', 'app-backend')!;
      const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', keys.publicKey], cwd);
      expect(r.code).toBe(0);
      const now = w.keycloak.clientSecret('hardline', 'app-backend')!;
      expect(await sinkValues('KC_GRACE')).toEqual([now, now, now]);
      expect(await keycloakAccepts(w, now)).toBe(true);
      expect(await keycloakAccepts(w, before)).toBe(true);
      expect(r.err).toMatch(/the previous secret stays valid until \d{4}-\d\d-\d\dT/);
    } finally {
      w.keycloak.setRotationPolicy('hardline', false);
    }
  });

  it('rotates a Vault database static role so every sink holds the password the database now accepts', async () => {
    const cwd = plan('DB_PASSWORD', '      type: vault-database-static-role\n      role: app\n');
    const before = w.dbPassword();
    const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', keys.publicKey], cwd);
    expect(r.code).toBe(0);
    const now = w.dbPassword();
    expect(now).toBeDefined();
    expect(now).not.toBe(before);
    expect(await sinkValues('DB_PASSWORD')).toEqual([now, now, now]);
  });

  it('refuses a source that invalidates the old value at once when no recovery key is given, changing nothing', async () => {
    const cwd = plan('DB_NO_KEY', '      type: vault-database-static-role\n      role: app\n');
    const before = w.dbPassword();
    const r = await runCaptured(rotateCommand, serviceFlags(w), cwd);
    expect(r.code).toBe(2);
    expect(r.out).toContain('rotate-role changes the database password at once');
    expect(r.out).toContain('set recovery-public-key');
    expect(w.dbPassword()).toBe(before);
    expect(await sinkValues('DB_NO_KEY')).toEqual([undefined, undefined, undefined]);
  });

  it('refuses a recovery public key libsodium cannot decode before any source rotates, changing nothing', async () => {
    const cwd = plan('DB_BAD_KEY', '      type: vault-database-static-role\n      role: app\n');
    const before = w.dbPassword();
    // The right length and alphabet, but non-zero padding bits: sealing to it would fail only after the rotation.
    const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', `${'A'.repeat(42)}B=`], cwd);
    expect(r.code).toBe(2);
    expect(r.err).toContain('recovery-public-key: expected standard base64');
    expect(w.dbPassword()).toBe(before);
    expect(await sinkValues('DB_BAD_KEY')).toEqual([undefined, undefined, undefined]);
  });

  it('mints a new AppRole secret ID that logs in from every sink and destroys the ones beyond the newest', async () => {
    const old = (await vaultCallRoot('POST', 'auth/approle/role/deployer/secret-id')).data.secret_id as string;
    expect(await approleAccepts(w, old)).toBe(true);
    const cwd = plan('APPROLE_SECRET_ID', '      type: vault-approle-secret-id\n      role: deployer\n      keep: 1\n');
    const r = await runCaptured(rotateCommand, serviceFlags(w), cwd);
    expect(r.code).toBe(0);
    const [gh, gl, kv] = await sinkValues('APPROLE_SECRET_ID');
    expect(gh).toBe(gl);
    expect(gl).toBe(kv);
    expect(await approleAccepts(w, gh!)).toBe(true);
    expect(await approleAccepts(w, old)).toBe(false);
    expect(r.out).toContain('destroyed');
  });

  it('puts one random value GitLab can mask into every sink', async () => {
    const cwd = plan('RANDOM_TOKEN', '      type: random\n      length: 40\n');
    const r = await runCaptured(rotateCommand, serviceFlags(w), cwd);
    expect(r.code).toBe(0);
    const [gh, gl, kv] = await sinkValues('RANDOM_TOKEN');
    expect(gh).toMatch(/^[A-Za-z0-9_-]{40}$/);
    expect([gl, kv]).toEqual([gh, gh]);
    expect(w.gitlab.variable('project:acme/app', 'RANDOM_TOKEN')).toMatchObject({ masked: true, protected: true });
  });

  it('exits 2 naming lock-dir, and changes nothing, when lock-dir is a file', async () => {
    const cwd = plan('RANDOM_LOCKDIR', '      type: random\n      length: 40\n');
    fs.writeFileSync(path.join(cwd, 'not-a-dir'), 'x');
    const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--lock-dir', 'not-a-dir'], cwd);
    expect(r.code).toBe(2);
    expect(r.out).toContain('lock-dir: cannot create the directory');
    expect(r.out + r.err).not.toContain('internal error');
    expect(await sinkValues('RANDOM_LOCKDIR')).toEqual([undefined, undefined, undefined]);
  });

  it('changes nothing anywhere on --dry-run, and prints the plan', async () => {
    const cwd = plan('DRY_KC', `      type: keycloak-client-secret\n      url: ${w.keycloak.url}\n      realm: hardline\n      client-id: app-backend\n`);
    const kc = w.keycloak.clientSecret('hardline', 'app-backend');
    const db = w.dbPassword();
    const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', keys.publicKey, '--dry-run'], cwd);
    expect(r.code).toBe(0);
    expect(r.out).toContain('DRY_KC: would rotate Keycloak client app-backend (realm hardline) into GitHub repository secrets of acme/app as DRY_KC');
    expect(w.keycloak.clientSecret('hardline', 'app-backend')).toBe(kc);
    expect(w.dbPassword()).toBe(db);
    expect(await sinkValues('DRY_KC')).toEqual([undefined, undefined, undefined]);
    expect(fs.existsSync(path.join(cwd, 'hardline-rotation-recovery.json'))).toBe(false);
  });

  it('skips the entry and changes nothing when the source is down at preflight', async () => {
    const cwd = plan('KC_DOWN', `      type: keycloak-client-secret\n      url: ${w.keycloak.url}\n      realm: hardline\n      client-id: app-backend\n`);
    const kc = w.keycloak.clientSecret('hardline', 'app-backend')!;
    w.keycloak.failNext({ status: 503, count: 50 });
    try {
      const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', keys.publicKey], cwd);
      expect(r.code).toBe(3);
      expect(r.out).toContain('KC_DOWN: preflight failed, nothing was changed');
      expect(r.out).toContain('admin login failed (HTTP 503)');
    } finally {
      w.keycloak.clearFaults();
    }
    expect(w.keycloak.clientSecret('hardline', 'app-backend')).toBe(kc);
    expect(await keycloakAccepts(w, kc)).toBe(true);
    expect(await sinkValues('KC_DOWN')).toEqual([undefined, undefined, undefined]);
  });

  it('changes no sink when the source fails to create the new value', async () => {
    const cwd = plan('KC_CREATE_FAILS', `      type: keycloak-client-secret\n      url: ${w.keycloak.url}\n      realm: hardline\n      client-id: app-backend\n`);
    const kc = w.keycloak.clientSecret('hardline', 'app-backend')!;
    w.keycloak.failNext({ status: 500, method: 'POST', path: '/admin/realms/:realm/clients/:id/client-secret' });
    const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', keys.publicKey], cwd);
    expect(r.code).toBe(3);
    expect(r.out).toContain('KC_CREATE_FAILS: failed at create');
    expect(r.out).toContain('no sink was changed');
    expect(await keycloakAccepts(w, kc)).toBe(true);
    expect(await sinkValues('KC_CREATE_FAILS')).toEqual([undefined, undefined, undefined]);
  });

  it('keeps the new value in the sinks that took it and seals it in the recovery file when a sink answers 500 after the source rotated', async () => {
    const cwd = plan('KC_SINK_500', `      type: keycloak-client-secret\n      url: ${w.keycloak.url}\n      realm: hardline\n      client-id: app-backend\n`);
    w.github.failNext({ status: 500, method: 'PUT', path: '/repos/acme/app/actions/secrets/KC_SINK_500', count: 1000 });
    let r;
    try {
      r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', keys.publicKey, '--set-attempts', '2'], cwd);
    } finally {
      w.github.clearFaults();
    }
    expect(r.code).toBe(3);
    const file = path.join(cwd, 'hardline-rotation-recovery.json');
    expect(r.out).toContain('KC_SINK_500: failed at set');
    expect(r.out).toContain(file);
    const now = w.keycloak.clientSecret('hardline', 'app-backend')!;
    expect(await keycloakAccepts(w, now)).toBe(true);
    const opened = await openRecoveryFile(file, keys.publicKey, keys.privateKey);
    expect(opened.entries.KC_SINK_500).toBe(now);
    expect(await sinkValues('KC_SINK_500')).toEqual([undefined, now, now]);
  });

  it('seals the new value in the recovery file when a sink reads back something else', async () => {
    const cwd = plan('KC_MISMATCH', `      type: keycloak-client-secret\n      url: ${w.keycloak.url}\n      realm: hardline\n      client-id: app-backend\n`);
    w.gitlab.failNext({ status: 200, method: 'GET', path: /\/variables\/KC_MISMATCH$/, body: { key: 'KC_MISMATCH', value: 'not-the-value-written-0000', masked: true } });
    const r = await runCaptured(rotateCommand, [...serviceFlags(w), '--recovery-public-key', keys.publicKey], cwd);
    expect(r.code).toBe(3);
    expect(r.out).toContain('KC_MISMATCH: failed at verify');
    expect(r.out).toContain('differs from the one written');
    const now = w.keycloak.clientSecret('hardline', 'app-backend')!;
    const opened = await openRecoveryFile(path.join(cwd, 'hardline-rotation-recovery.json'), keys.publicKey, keys.privateKey);
    expect(opened.entries.KC_MISMATCH).toBe(now);
    expect(await keycloakAccepts(w, opened.entries.KC_MISMATCH!)).toBe(true);
  });

  it('does not destroy older AppRole secret IDs when a sink fails, so the one in use keeps working', async () => {
    const cwd = plan('APPROLE_KEEP_OLD', '      type: vault-approle-secret-id\n      role: deployer\n      keep: 1\n');
    const first = await runCaptured(rotateCommand, serviceFlags(w), cwd);
    expect(first.code).toBe(0);
    const inUse = w.github.secretValue('repo:acme/app', 'APPROLE_KEEP_OLD')!;
    w.github.failNext({ status: 500, method: 'PUT', path: '/repos/acme/app/actions/secrets/APPROLE_KEEP_OLD', count: 1000 });
    let r;
    try {
      r = await runCaptured(rotateCommand, [...serviceFlags(w), '--set-attempts', '1'], cwd);
    } finally {
      w.github.clearFaults();
    }
    expect(r.code).toBe(3);
    expect(w.github.secretValue('repo:acme/app', 'APPROLE_KEEP_OLD')).toBe(inUse);
    expect(await approleAccepts(w, inUse)).toBe(true);
    expect(await approleAccepts(w, (await kvValue(w, 'APPROLE_KEEP_OLD'))!)).toBe(true);
  });
});

describe('hardline rotate: what it leaves behind', () => {
  it('never prints a secret: canaries are absent from stdout, stderr, report files, the webhook message and the audit log', async () => {
    const oldSecret = canary('kcold');
    w.keycloak.addClient('hardline', 'canary-app', oldSecret);
    const webhookToken = canary('hook');
    const received: string[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(`${req.url} ${body}`);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T0/B0/${webhookToken}`;
    const cwd = fs.mkdtempSync(path.join(w.dir, 'canary-'));
    writePlan(
      cwd,
      `entries:
  - name: CANARY_SECRET
    source: { type: keycloak-client-secret, url: "${w.keycloak.url}", realm: hardline, client-id: canary-app }
    sinks: [github:repository:acme/app, "gitlab:project:acme/app", vault-kv:secret/ci/canary]
    trigger:
      github-workflow: { repository: acme/app, workflow: deploy.yml, ref: main, inputs: { reason: rotation } }
      gitlab-pipeline: { project: acme/app, ref: main, variables: { REASON: rotation } }
`,
    );
    const dispatchesBefore = w.github.dispatches.length;
    const pipelinesBefore = w.gitlab.pipelines.length;
    let r;
    try {
      r = await runCaptured(
        rotateCommand,
        [...serviceFlags(w), '--recovery-public-key', keys.publicKey, '--notify-webhook', hookUrl, '--gitlab-trigger-token', GITLAB_TEST_TOKENS.trigger, '--format', 'json', '--output', 'report.json', '--sarif', 'report.sarif'],
        cwd,
      );
    } finally {
      await new Promise<void>((res) => hook.close(() => res()));
    }
    expect(r.code).toBe(0);
    const newSecret = w.keycloak.clientSecret('hardline', 'canary-app')!;
    expect(newSecret).not.toBe(oldSecret);
    expect(w.github.secretValue('repo:acme/app', 'CANARY_SECRET')).toBe(newSecret);
    expect(w.github.dispatches.slice(dispatchesBefore)).toEqual([expect.objectContaining({ repo: 'acme/app', workflow: 'deploy.yml', ref: 'main', inputs: { reason: 'rotation' } })]);
    expect(w.gitlab.pipelines.slice(pipelinesBefore)).toEqual([expect.objectContaining({ ref: 'main', variables: { REASON: 'rotation' }, source: 'trigger' })]);
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('CANARY_SECRET: rotated');
    const secrets = [oldSecret, newSecret, webhookToken, KEYCLOAK_TEST_DEFAULTS.rotatorSecret, GITHUB_TEST_TOKENS.write, GITLAB_TEST_TOKENS.owner, GITLAB_TEST_TOKENS.trigger, w.root];
    const bodies = received.map((b) => b.slice(b.indexOf(' ') + 1));
    expect(findCanaries(secrets, [r.out, r.err, ...bodies], [path.join(cwd, 'report.json'), path.join(cwd, 'report.sarif'), path.join(cwd, 'hardline-rotation-audit.jsonl')])).toEqual([]);
  });

  it('writes every step to the JSONL audit log, with "set" on <store label>/<name> for each sink write', async () => {
    const cwd = plan('AUDITED', '      type: random\n');
    const r = await runCaptured(rotateCommand, serviceFlags(w), cwd);
    expect(r.code).toBe(0);
    const lines = readAuditLog(path.join(cwd, 'hardline-rotation-audit.jsonl'));
    const steps = lines.map((l) => `${l.operation}:${l.outcome}`);
    expect(steps).toEqual(expect.arrayContaining(['rotate.lock:ok', 'rotate.preflight:ok', 'rotate.create:ok', 'set:ok', 'rotate.verify:ok', 'rotate.finish:ok', 'rotate.rotate:ok']));
    const sets = lines.filter((l) => l.operation === 'set').map((l) => l.target);
    expect(sets).toEqual(['GitHub repository secrets of acme/app/AUDITED', 'GitLab project variables of acme/app/AUDITED', expect.stringMatching(/^Vault KV secret secret\/ci\/creds at .*\/AUDITED$/)]);
    for (const l of lines) {
      expect(l.detail).toEqual(expect.objectContaining({ entry: 'AUDITED' }));
      if (l.operation !== 'rotate.lock' && l.outcome === 'ok') expect(typeof l.durationMs).toBe('number');
    }
  });

  it('refuses to rotate an entry whose lock another live run holds, and changes nothing', async () => {
    const cwd = plan('LOCKED', '      type: random\n');
    fs.mkdirSync(path.join(cwd, '.hardline/locks'), { recursive: true });
    const holder = { entry: 'LOCKED', pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), token: 'other-run' };
    fs.writeFileSync(path.join(cwd, '.hardline/locks/LOCKED.lock'), JSON.stringify(holder));
    const r = await runCaptured(rotateCommand, serviceFlags(w), cwd);
    expect(r.code).toBe(3);
    expect(r.out).toContain(`another rotation of LOCKED is running (pid ${process.pid}`);
    expect(await sinkValues('LOCKED')).toEqual([undefined, undefined, undefined]);
  });

  it('names the plan file and line of a bad entry (exit 2)', async () => {
    const cwd = fs.mkdtempSync(path.join(w.dir, 'bad-'));
    writePlan(cwd, 'entries:\n  - name: X\n    source: { type: random, length: 8 }\n    sinks: [github:repository:acme/app]\n');
    const r = await runCaptured(rotateCommand, serviceFlags(w), cwd);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/rotation\.yml:3:\d+: .*length/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('hardline secrets age', () => {
  it('reports the 45-day-old secrets of a mix of fresh and old ones, GitLab ages from the audit log, and exits 1', async () => {
    const cwd = fs.mkdtempSync(path.join(w.dir, 'age-'));
    writePlan(
      cwd,
      `entries:
  - name: AGE_FRESH
    source: { type: random }
    sinks: [github:repository:acme/app, gitlab:project:acme/app]
  - name: AGE_OLD
    source: { type: random }
    sinks: [github:repository:acme/app, gitlab:project:acme/app]
  - name: AGE_WEEKLY
    max-age: 7d
    source: { type: random }
    sinks: [github:repository:acme/app]
`,
    );
    const rotated = await runCaptured(rotateCommand, serviceFlags(w), cwd);
    expect(rotated.code).toBe(0);
    const day = 86_400_000;
    w.github.setSecretUpdatedAt('repo:acme/app', 'AGE_OLD', new Date(Date.now() - 45 * day));
    w.github.setSecretUpdatedAt('repo:acme/app', 'AGE_WEEKLY', new Date(Date.now() - 10 * day));
    // Backdate the GitLab rotation of AGE_OLD in the audit log: GitLab keeps no timestamps of its own.
    const log = path.join(cwd, 'hardline-rotation-audit.jsonl');
    const old = new Date(Date.now() - 45 * day).toISOString();
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; target: string; timestamp: string });
    for (const l of lines) if (l.operation === 'set' && l.target === 'GitLab project variables of acme/app/AGE_OLD') l.timestamp = old;
    fs.writeFileSync(log, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

    const r = await runCaptured(ageCommand, ['--github-token', GITHUB_TEST_TOKENS.write, '--github-api-url', w.github.url, '--gitlab-token', GITLAB_TEST_TOKENS.owner, '--gitlab-api-url', `${w.gitlab.url}/api/v4`, '--plan', 'rotation.yml', '--format', 'json'], cwd);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { findings: Array<{ ruleId: string; message: string; properties: Record<string, unknown> }> };
    const found = report.findings.map((f) => `${f.ruleId} ${f.properties.store} ${f.properties.name}`).sort();
    expect(found).toEqual([
      'secret-too-old GitHub repository secrets of acme/app AGE_OLD',
      'secret-too-old GitHub repository secrets of acme/app AGE_WEEKLY',
      'secret-too-old GitLab project variables of acme/app AGE_OLD',
    ]);
    const gl = report.findings.find((f) => f.properties.store === 'GitLab project variables of acme/app')!;
    expect(gl.message).toContain('age from the last rotation recorded in the audit log');
    expect(report.findings.find((f) => f.properties.name === 'AGE_WEEKLY')!.message).toContain('older than the maximum of 7 days');
  });

  it('audits whole stores given as targets, and needs a plan or stores outside CI', async () => {
    const cwd = fs.mkdtempSync(path.join(w.dir, 'age-stores-'));
    const flags = ['--github-token', GITHUB_TEST_TOKENS.write, '--github-api-url', w.github.url];
    const r = await runCaptured(ageCommand, [...flags, '--stores', 'github:repository:acme/app', '--max-age', '3650d'], cwd);
    expect(r.code).toBe(0);
    const none = await runCaptured(ageCommand, flags, cwd);
    expect(none.code).toBe(2);
    expect(none.err).toContain('secrets age needs plan or stores');
  });
});

async function vaultCallRoot(method: string, p: string, body?: unknown): Promise<{ data: Record<string, unknown> }> {
  const res = await fetch(`${w.vault.url}/v1/${p}`, { method, headers: { 'x-vault-token': w.root, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return (await res.json()) as { data: Record<string, unknown> };
}
