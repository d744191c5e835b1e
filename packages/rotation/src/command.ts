/**
 * `hardline rotate` (rotateCommand), `hardline secrets age` (ageCommand) and the rotate-secrets
 * action, which runs one or the other by its `mode` input (rotateSecretsCommand).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigurationError,
  createReport,
  defineCommand,
  describeError,
  ExitCode,
  fingerprint,
  HttpClient,
  ruleHelpUri,
  type Command,
  type CommandContext,
  type ExitCodeValue,
  type Finding,
  type InputSpecs,
  type InputValues,
  type RuleMeta,
} from '@hardline/core';
import { AGE_RULES, checkRecoveryPublicKey, createStore, formatStoreTarget, parseStoreTarget, secretAges, STORE_TARGET_FORMS, type SecretStore } from '@hardline/stores';
import { VaultClient } from '@hardline/vault';
import { notificationText, notify } from './notify';
import { loadPlan, selectEntries, type PlanEntry } from './plan';
import { Rotator, type BoundSink, type EntryResult } from './procedure';
import { sinkSpec, type SinkCredentials } from './sinks';
import { KeycloakSource, type KeycloakAdminAuth } from './sources/keycloak';
import { RandomSource } from './sources/random';
import type { RotationSource } from './sources/types';
import { VaultAppRoleSource } from './sources/vault-approle';
import { VaultDatabaseSource } from './sources/vault-db';
import { runTriggers } from './trigger';

const DOC = 'rotation.md';

/** Credentials and addresses shared by rotate and secrets age. */
export const STORE_INPUTS = {
  'github-token': {
    kind: 'secret',
    env: ['HARDLINE_GITHUB_TOKEN'],
    description: 'GitHub token that may write (rotate) or read (secrets age) Actions secrets of the github: sinks, and dispatch workflows (actions: write). The workflow GITHUB_TOKEN cannot manage secrets: use a GitHub App token or a fine-grained PAT. Required when a github: sink or trigger is used. Default: $HARDLINE_GITHUB_TOKEN.',
  },
  'github-api-url': { kind: 'string', env: ['GITHUB_API_URL'], description: 'GitHub API URL. Default: $GITHUB_API_URL, else https://api.github.com.' },
  'gitlab-token': {
    kind: 'secret',
    env: ['HARDLINE_GITLAB_TOKEN'],
    description: 'GitLab token with the api scope and Maintainer role (Owner for groups) on the gitlab: sinks; CI_JOB_TOKEN cannot manage variables. Required when a gitlab: sink is used. Default: $HARDLINE_GITLAB_TOKEN.',
  },
  'gitlab-api-url': { kind: 'string', env: ['CI_API_V4_URL'], description: 'GitLab API URL. Default: $CI_API_V4_URL, else https://gitlab.com/api/v4.' },
  'vault-addr': { kind: 'string', env: ['VAULT_ADDR'], description: 'Vault address for Vault sources and vault-kv: sinks, e.g. https://vault.example.com:8200. Default: $VAULT_ADDR.' },
  'vault-token': { kind: 'secret', env: ['VAULT_TOKEN'], description: 'Vault token for Vault sources and vault-kv: sinks. Default: $VAULT_TOKEN.' },
  'vault-namespace': { kind: 'string', env: ['VAULT_NAMESPACE'], description: 'Vault Enterprise namespace. Default: $VAULT_NAMESPACE, else none.' },
  'ca-cert': { kind: 'string', env: ['VAULT_CACERT'], description: 'PEM file of a private CA for Vault (and other HTTPS services). Default: $VAULT_CACERT, else the system CAs.' },
  'audit-log': {
    kind: 'string',
    default: 'hardline-rotation-audit.jsonl',
    description: 'JSONL audit log: rotate appends one line per step (never a value); secrets age reads it for the age of GitLab variables. Default hardline-rotation-audit.jsonl.',
  },
} as const satisfies InputSpecs;

export const ROTATE_INPUTS = {
  plan: { kind: 'string', default: 'rotation.yml', description: 'The rotation plan file. Default rotation.yml.' },
  entries: { kind: 'list', positional: true, description: 'Names of the plan entries to rotate (newline- or comma-separated; CLI: also positional). Default: every entry.' },
  'dry-run': { kind: 'boolean', default: 'false', description: 'true: run every preflight (sinks and sources), print the plan and change nothing anywhere. Default false.' },
  'recovery-public-key': {
    kind: 'string',
    env: ['HARDLINE_RECOVERY_PUBLIC_KEY'],
    description: 'Base64 X25519 public key (libsodium crypto_box). If a sink still fails after the source rotated, the new value is sealed to it in recovery-file. Required for sources that invalidate the old value at once (vault-database-static-role, Keycloak without a secret-rotation policy): without it they are refused at preflight. Default: $HARDLINE_RECOVERY_PUBLIC_KEY, else none.',
  },
  'recovery-file': {
    kind: 'string',
    default: 'hardline-rotation-recovery.json',
    description: 'Where the sealed recovery file is written when a sink fails (upload it as an artifact on failure). Default hardline-rotation-recovery.json.',
  },
  'lock-dir': { kind: 'string', default: '.hardline/locks', description: 'Directory of the per-entry lock files that keep two rotations of one entry apart. Default .hardline/locks.' },
  'lock-stale-after': { kind: 'duration', default: '1h', description: 'A lock older than this (or whose process is gone) is stale and taken over. Default 1h.' },
  'github-visibility': { kind: 'enum', values: ['private', 'all'], default: 'private', description: 'Organization secrets only: private or all repositories. Default private.' },
  'gitlab-trigger-token': {
    kind: 'secret',
    env: ['HARDLINE_GITLAB_TRIGGER_TOKEN'],
    description: 'Pipeline trigger token (or CI_JOB_TOKEN) for entries with trigger.gitlab-pipeline. Default: $HARDLINE_GITLAB_TRIGGER_TOKEN.',
  },
  'keycloak-client-id': { kind: 'string', env: ['KEYCLOAK_CLIENT_ID'], description: 'Keycloak admin login by client credentials: a confidential client whose service account has manage-clients in the realm. Default: $KEYCLOAK_CLIENT_ID.' },
  'keycloak-client-secret': { kind: 'secret', env: ['KEYCLOAK_CLIENT_SECRET'], description: 'Secret of keycloak-client-id. Default: $KEYCLOAK_CLIENT_SECRET.' },
  'keycloak-username': { kind: 'string', env: ['KEYCLOAK_USERNAME'], description: 'Keycloak admin login by password grant (admin-cli, realm master unless the source sets admin-realm); used when keycloak-client-id is not set. Default: $KEYCLOAK_USERNAME.' },
  'keycloak-password': { kind: 'secret', env: ['KEYCLOAK_PASSWORD'], description: 'Password of keycloak-username. Default: $KEYCLOAK_PASSWORD.' },
  'notify-webhook': { kind: 'secret', env: ['HARDLINE_NOTIFY_WEBHOOK'], description: 'Discord or Slack incoming-webhook URL told what was rotated (never values). Default: no notification.' },
  'notify-kind': { kind: 'enum', values: ['auto', 'slack', 'discord'], default: 'auto', description: 'Message format for notify-webhook: auto (discord.com URLs → Discord, else Slack), slack or discord. Default auto.' },
  'set-attempts': { kind: 'integer', default: '3', min: 1, max: 10, description: 'Attempts to write each sink (each also retried by the HTTP client on 429/5xx). Default 3.' },
  'retry-delay': { kind: 'duration', default: '1s', description: 'Base delay of the exponential backoff between retries (HTTP and sink writes). Default 1s.' },
  ...STORE_INPUTS,
} as const satisfies InputSpecs;

export const AGE_INPUTS = {
  plan: { kind: 'string', description: 'Rotation plan: audit the sinks and names of its entries, each against its own max-age. Default: none (use stores).' },
  stores: { kind: 'list', description: `Store targets to audit when no plan is given: ${STORE_TARGET_FORMS.join(', ')}. Default: the repository (GitHub) or project (GitLab) running the job.` },
  names: { kind: 'list', description: 'Only these secret names (newline- or comma-separated). Default: every secret of each store (or the plan entries).' },
  'max-age': { kind: 'duration', default: '30d', description: 'Maximum age of a secret (e.g. 30d, 720h) when the plan does not set one. Default 30d.' },
  environment: { kind: 'string', description: 'GitLab environment scope of the variables to audit (stores input only). Default * (all environments).' },
  ...STORE_INPUTS,
} as const satisfies InputSpecs;

export const ROTATION_RULES: RuleMeta[] = [
  { id: 'rotated', title: 'Credential rotated', help: 'The entry was rotated, every sink holds and verified the new value, and old values were invalidated where the source allows. Informational.', helpUri: ruleHelpUri(DOC, 'rotated'), defaultSeverity: 'note', tags: ['rotation'] },
  { id: 'rotation-planned', title: 'Rotation planned (dry run)', help: 'Every preflight passed; a real run would rotate this entry. Nothing was changed. Informational.', helpUri: ruleHelpUri(DOC, 'rotation-planned'), defaultSeverity: 'note', tags: ['rotation'] },
  { id: 'rotation-skipped', title: 'Rotation skipped', help: 'A preflight failed (a sink or the source is unreachable or refuses the token), the entry is locked by another run, or the source invalidates the old value at once and no recovery key was given. Nothing was changed; fix the cause and run again.', helpUri: ruleHelpUri(DOC, 'rotation-skipped'), defaultSeverity: 'error', tags: ['rotation'] },
  { id: 'rotation-failed', title: 'Rotation failed', help: 'The source created a new value but a sink still failed after retries, or finishing failed. The new value stays in every sink that took it and is sealed in the recovery file; the old value was not invalidated. Open the recovery file with the private key, put the value where it failed, and run again.', helpUri: ruleHelpUri(DOC, 'rotation-failed'), defaultSeverity: 'error', tags: ['rotation'] },
  { id: 'rotation-trigger-failed', title: 'Deploy trigger failed', help: 'The rotation succeeded but the follow-up workflow_dispatch or pipeline trigger failed; start the deploy by hand.', helpUri: ruleHelpUri(DOC, 'rotation-trigger-failed'), defaultSeverity: 'error', tags: ['rotation'] },
];

type RotateInputs = InputValues<typeof ROTATE_INPUTS>;

function abs(cwd: string, file: string): string {
  return path.resolve(cwd, file);
}

function credentials(inputs: InputValues<typeof STORE_INPUTS> & { 'github-visibility'?: 'private' | 'all' }): SinkCredentials {
  return {
    githubToken: inputs['github-token'],
    githubApiUrl: inputs['github-api-url'],
    githubVisibility: inputs['github-visibility'],
    gitlabToken: inputs['gitlab-token'],
    gitlabApiUrl: inputs['gitlab-api-url'],
    vaultAddr: inputs['vault-addr'],
    vaultToken: inputs['vault-token'],
    vaultNamespace: inputs['vault-namespace'],
    caFile: inputs['ca-cert'],
  };
}

/** One HTTP client per service, with the run's retry delay. */
class Clients {
  private readonly made = new Map<string, HttpClient>();
  constructor(
    private readonly baseDelayMs: number,
    private readonly caFile?: string,
  ) {}
  get(service: string): HttpClient {
    let c = this.made.get(service);
    if (!c) {
      c = new HttpClient({ service, caFile: this.caFile, baseDelayMs: this.baseDelayMs, maxDelayMs: Math.max(this.baseDelayMs * 8, 1) });
      this.made.set(service, c);
    }
    return c;
  }
  closeAll(): void {
    for (const c of this.made.values()) c.close();
  }
}

const SERVICE = { github: 'GitHub API', gitlab: 'GitLab API', 'vault-kv': 'Vault' } as const;

function keycloakAuth(inputs: RotateInputs, entry: PlanEntry): KeycloakAdminAuth {
  if (inputs['keycloak-client-id']) {
    if (!inputs['keycloak-client-secret']) throw new ConfigurationError(`${entry.name}: keycloak-client-secret is required with keycloak-client-id`);
    return { grant: 'client_credentials', clientId: inputs['keycloak-client-id'], clientSecret: inputs['keycloak-client-secret'] };
  }
  if (inputs['keycloak-username'] && inputs['keycloak-password']) return { grant: 'password', username: inputs['keycloak-username'], password: inputs['keycloak-password'] };
  throw new ConfigurationError(
    `${entry.name}: a keycloak-client-secret source needs admin credentials: keycloak-client-id + keycloak-client-secret (client credentials), or keycloak-username + keycloak-password (password grant)`,
    { file: undefined },
  );
}

function makeSource(entry: PlanEntry, inputs: RotateInputs, vault: () => VaultClient): RotationSource {
  const s = entry.source;
  switch (s.type) {
    case 'keycloak-client-secret':
      return new KeycloakSource({ url: s.url, realm: s.realm, clientId: s.clientId, adminRealm: s.adminRealm, auth: keycloakAuth(inputs, entry) });
    case 'vault-database-static-role':
      return new VaultDatabaseSource(vault(), s.mount, s.role);
    case 'vault-approle-secret-id':
      return new VaultAppRoleSource(vault(), s.mount, s.role, s.keep, entry.name);
    case 'random':
      return new RandomSource(s.length);
  }
}

function entryFinding(r: EntryResult, planFile: string, line: number): Finding {
  const where = { file: planFile, line };
  const sinks = r.sinks.map((s) => `${s.label} as ${s.name}${s.verifiedBy ? ` (verified by ${s.verifiedBy})` : ''}`).join(', ');
  const props = { entry: r.entry, source: r.source, status: r.status, step: r.failedStep ?? null, recoveryFile: r.recoveryFile ?? null };
  switch (r.status) {
    case 'rotated':
      return { ruleId: 'rotated', severity: 'note', message: `${r.entry}: rotated ${r.source} into ${sinks}; ${r.finished ?? ''}`, fingerprint: fingerprint('rotated', r.entry), properties: props, ...where };
    case 'planned':
      return { ruleId: 'rotation-planned', severity: 'note', message: `${r.entry}: would rotate ${r.source} into ${sinks} (${r.overlap ?? ''})`, fingerprint: fingerprint('rotation-planned', r.entry), properties: props, ...where };
    case 'skipped':
      return { ruleId: 'rotation-skipped', severity: 'error', message: `${r.entry}: ${r.reason ?? 'skipped'}`, fingerprint: fingerprint('rotation-skipped', r.entry), properties: props, ...where };
    case 'failed':
      return { ruleId: 'rotation-failed', severity: 'error', message: `${r.entry}: failed at ${r.failedStep ?? '?'}: ${r.reason ?? ''}`, fingerprint: fingerprint('rotation-failed', r.entry), properties: props, ...where };
  }
}

export async function runRotate({ inputs, cwd, platform, audit }: CommandContext<typeof ROTATE_INPUTS>): Promise<{ report: ReturnType<typeof createReport>; outputs: Record<string, string>; exitCode: ExitCodeValue }> {
  const planPath = abs(cwd, inputs.plan);
  const plan = loadPlan(planPath, inputs.plan);
  const entries = selectEntries(plan, inputs.entries);
  const creds = credentials(inputs);
  // Decoded as the recovery file will be, before any source rotates: a key that fails only then would lose the new value.
  if (inputs['recovery-public-key']) await checkRecoveryPublicKey(inputs['recovery-public-key'], 'recovery-public-key');
  const delayMs = Math.round(inputs['retry-delay'] * 1000);
  const clients = new Clients(delayMs, inputs['ca-cert']);
  let vaultClient: VaultClient | undefined;
  const vault = (): VaultClient => {
    if (!inputs['vault-addr'] || !inputs['vault-token']) throw new ConfigurationError('vault-addr and vault-token are required for Vault rotation sources (or set VAULT_ADDR and VAULT_TOKEN)');
    vaultClient ??= new VaultClient({ addr: inputs['vault-addr'], token: inputs['vault-token'], namespace: inputs['vault-namespace'], http: clients.get('Vault') });
    return vaultClient;
  };
  // Everything that can be checked without the network is checked for every entry before any entry runs.
  const bound = entries.map((entry) => {
    const source = makeSource(entry, inputs, vault);
    const sinks: BoundSink[] = entry.sinks.map((spec) => ({
      spec,
      store: createStore(sinkSpec(spec.target, creds, entry.environment, `${inputs.plan}:${spec.line}`), { http: clients.get(SERVICE[spec.target.kind]) }),
    }));
    return { entry, source, sinks };
  });
  const rotator = new Rotator({
    dryRun: inputs['dry-run'],
    audit,
    log: (m) => platform.info(m),
    recoveryPublicKey: inputs['recovery-public-key'],
    recoveryFile: abs(cwd, inputs['recovery-file']),
    setAttempts: inputs['set-attempts'],
    retryDelayMs: delayMs,
    lock: { dir: abs(cwd, inputs['lock-dir']), staleAfterSeconds: inputs['lock-stale-after'] },
  });
  const results: EntryResult[] = [];
  const findings: Finding[] = [];
  let exit: ExitCodeValue = ExitCode.Clean;
  try {
    for (const { entry, source, sinks } of bound) {
      platform.info(`${entry.name}: ${inputs['dry-run'] ? 'checking' : 'rotating'} ${source.label} → ${sinks.map((s) => s.store.label).join(', ')}`);
      const r = await rotator.rotateEntry(entry, source, sinks);
      results.push(r);
      findings.push(entryFinding(r, inputs.plan, entry.line));
      if (r.exit === 3) exit = ExitCode.Operational;
      else if (r.exit === 2 && exit === ExitCode.Clean) exit = ExitCode.Configuration;
      if (r.status === 'rotated' && entry.trigger) {
        try {
          const done = await runTriggers(entry.trigger, { githubToken: creds.githubToken, githubApiUrl: creds.githubApiUrl, gitlabTriggerToken: inputs['gitlab-trigger-token'], gitlabApiUrl: creds.gitlabApiUrl }, entry.name, clients.get('deploy trigger'));
          audit.write({ operation: 'rotate.trigger', target: entry.name, outcome: 'ok', detail: { entry: entry.name, step: 'trigger', triggered: done.join(', ') } });
          platform.info(`${entry.name}: started ${done.join(', ')}`);
        } catch (err) {
          audit.write({ operation: 'rotate.trigger', target: entry.name, outcome: 'failed', detail: { entry: entry.name, step: 'trigger' } });
          findings.push({ ruleId: 'rotation-trigger-failed', severity: 'error', message: `${entry.name}: rotated, but ${describeError(err)}`, fingerprint: fingerprint('rotation-trigger-failed', entry.name), file: inputs.plan, line: entry.line });
          exit = ExitCode.Operational;
        }
      }
    }
    if (inputs['notify-webhook'] && results.length > 0) {
      try {
        await notify(inputs['notify-webhook'], notificationText(results, { dryRun: inputs['dry-run'] }), { kind: inputs['notify-kind'], http: clients.get('notification webhook') });
        audit.write({ operation: 'rotate.notify', target: 'webhook', outcome: 'ok' });
      } catch (err) {
        audit.write({ operation: 'rotate.notify', target: 'webhook', outcome: 'failed' });
        platform.warning(`the rotation notification could not be sent: ${describeError(err)}`);
      }
    }
  } finally {
    vaultClient?.close();
    clients.closeAll();
  }
  const names = (status: EntryResult['status']) => results.filter((r) => r.status === status).map((r) => r.entry).join(',');
  const recovery = results.find((r) => r.recoveryFile)?.recoveryFile;
  if (recovery) platform.warning(`new values that did not reach every sink are sealed in ${recovery}: keep that file (upload it as an artifact) and open it with the recovery private key`);
  const report = createReport('rotate', findings, ROTATION_RULES, {
    plan: inputs.plan,
    dryRun: inputs['dry-run'],
    entries: results.length,
    rotated: results.filter((r) => r.status === 'rotated').length,
    failed: results.filter((r) => r.status === 'failed').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
  });
  return {
    report,
    outputs: { rotated: names('rotated'), planned: names('planned'), failed: names('failed'), skipped: names('skipped'), 'recovery-file': recovery ?? '' },
    exitCode: exit,
  };
}

export async function runAge({ inputs, cwd, env }: CommandContext<typeof AGE_INPUTS>) {
  const creds = credentials(inputs);
  const clients = new Clients(500, inputs['ca-cert']);
  const defaultDays = inputs['max-age'] / 86400;
  const auditFile = inputs['audit-log'] ? abs(cwd, inputs['audit-log']) : undefined;
  const findings: Finding[] = [];
  const labels: string[] = [];
  try {
    const groups: Array<{ store: SecretStore; names?: string[]; byName?: Record<string, number> }> = [];
    if (inputs.plan) {
      const plan = loadPlan(abs(cwd, inputs.plan), inputs.plan);
      const byKey = new Map<string, { store: SecretStore; names: string[]; byName: Record<string, number> }>();
      for (const entry of plan.entries) {
        for (const sink of entry.sinks) {
          if (inputs.names.length > 0 && !inputs.names.includes(sink.name) && !inputs.names.includes(entry.name)) continue;
          const key = `${formatStoreTarget(sink.target)}\u0000${entry.environment ?? '*'}`;
          let g = byKey.get(key);
          if (!g) {
            g = { store: createStore(sinkSpec(sink.target, creds, entry.environment, `${inputs.plan}:${sink.line}`), { http: clients.get(SERVICE[sink.target.kind]) }), names: [], byName: {} };
            byKey.set(key, g);
          }
          g.names.push(sink.name);
          g.byName[sink.name] = entry.maxAge / 86400;
        }
      }
      groups.push(...byKey.values());
    } else {
      let targets = inputs.stores;
      if (targets.length === 0) {
        if (env.GITHUB_REPOSITORY) targets = [`github:repository:${env.GITHUB_REPOSITORY}`];
        else if (env.CI_PROJECT_ID) targets = [`gitlab:project:${env.CI_PROJECT_ID}`];
        else throw new ConfigurationError(`secrets age needs plan or stores outside GitHub Actions and GitLab CI (stores: ${STORE_TARGET_FORMS.join(', ')})`);
      }
      for (const [i, raw] of targets.entries()) {
        const target = parseStoreTarget(raw, `stores[${i}]`);
        groups.push({ store: createStore(sinkSpec(target, creds, inputs.environment, `stores[${i}]`), { http: clients.get(SERVICE[target.kind]) }), names: inputs.names.length ? inputs.names : undefined });
      }
    }
    for (const g of groups) {
      labels.push(g.store.label);
      findings.push(...(await secretAges([g.store], { maxAgeDays: defaultDays, maxAgeDaysByName: g.byName, names: g.names, auditLogFile: auditFile && fs.existsSync(auditFile) ? auditFile : undefined })));
    }
  } finally {
    clients.closeAll();
  }
  return {
    report: createReport('secrets age', findings, AGE_RULES, { stores: labels.join('; '), maxAgeDays: defaultDays, auditLog: inputs['audit-log'] ?? null }),
    outputs: { 'too-old': findings.filter((f) => f.ruleId === 'secret-too-old').map((f) => String(f.properties?.name ?? '')).join(',') },
  };
}

const rotate = defineCommand({
  name: 'rotate',
  summary: 'Rotate the credentials of rotation.yml into GitHub, GitLab and Vault without losing any',
  inputs: ROTATE_INPUTS,
  auditInput: 'audit-log',
  run: runRotate,
});

const age = defineCommand({
  name: 'secrets age',
  summary: 'Report CI secrets older than their maximum age',
  inputs: AGE_INPUTS,
  run: runAge,
});

export const ACTION_INPUTS = {
  mode: { kind: 'enum', values: ['rotate', 'audit'], default: 'rotate', description: 'rotate: run `hardline rotate` on the plan; audit: run `hardline secrets age` (credential-age audit). Default rotate.' },
  ...ROTATE_INPUTS,
  ...AGE_INPUTS,
  plan: { kind: 'string', default: 'rotation.yml', description: 'The rotation plan file. Mode rotate: required. Mode audit: its sinks and names are audited when the file exists and stores is empty, or when a plan other than rotation.yml is named. Default rotation.yml.' },
} as const satisfies InputSpecs;

const action = defineCommand({
  name: 'rotate-secrets',
  summary: 'Rotate secrets (mode rotate) or audit their age (mode audit)',
  inputs: ACTION_INPUTS,
  auditInput: 'audit-log',
  async run(ctx) {
    if (ctx.inputs.mode === 'audit') {
      // action.yml always passes the default plan: it counts only when named otherwise, or when it exists and no stores are given.
      const raw = ctx.platform.inputs.get('plan');
      const explicit = raw !== undefined && raw.trim() !== 'rotation.yml';
      const planGiven = explicit || (ctx.inputs.stores.length === 0 && fs.existsSync(abs(ctx.cwd, ctx.inputs.plan)));
      return runAge({ ...ctx, inputs: { ...ctx.inputs, plan: planGiven ? ctx.inputs.plan : undefined } } as CommandContext<typeof AGE_INPUTS>);
    }
    return runRotate(ctx as unknown as CommandContext<typeof ROTATE_INPUTS>);
  },
});

/** Widened to Command: core's runAction and the CLI take Command<InputSpecs>. */
export const rotateCommand: Command = rotate as unknown as Command;
export const ageCommand: Command = age as unknown as Command;
export const rotateSecretsCommand: Command = action as unknown as Command;
