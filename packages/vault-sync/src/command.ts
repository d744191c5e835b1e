/**
 * `hardline vault sync` / actions/vault-sync / templates/vault-sync.yml: makes Vault match
 * vault.yml. Plan (default in pull requests and on the command line) prints the diff and changes
 * nothing; apply makes exactly the planned writes; a second apply on the same file writes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigurationError,
  ExitCode,
  OperationalError,
  createReport,
  defineCommand,
  fingerprint,
  ruleHelpUri,
  safeUrl,
  type Command,
  type CommandResult,
  type ExitCodeValue,
  type Finding,
  type InputSpecs,
  type RuleMeta,
  type Platform,
} from '@hardline/core';
import { VAULT_CONNECTION_INPUTS, VaultClient } from '@hardline/vault';
import { applyPlan, type ApplyResult } from './apply';
import { AUTH_METHODS, login } from './auth';
import { buildDesired } from './desired';
import { countActions, diff } from './diff';
import { loadVaultFile } from './file';
import { readLive, type VaultApi } from './live';
import type { Plan, PlanEntry } from './model';
import { renderPlanMarkdown, renderPlanText, entryLine, type RenderContext } from './render';
import { issueSecretIds, resolveRoles, type IssuedSecretId } from './secret-id';

export const SYNC_INPUTS = {
  file: { kind: 'string', default: 'vault.yml', aliases: ['config'], description: 'The declarative Vault file (mounts, auth, policies, approles, database, kv). Default vault.yml.' },
  'vault-addr': { kind: 'string', required: true, env: ['VAULT_ADDR'], description: 'Vault address, e.g. https://vault.example.com:8200. Default: $VAULT_ADDR; required.' },
  'ca-cert': VAULT_CONNECTION_INPUTS['ca-cert'],
  'tls-skip-verify': VAULT_CONNECTION_INPUTS['tls-skip-verify'],
  namespace: VAULT_CONNECTION_INPUTS.namespace,
  timeout: { kind: 'duration', default: '2m', description: 'How long to wait, with backoff, for Vault to answer and be unsealed before reading (e.g. 30s, 5m). Default 2m.' },
  plan: { kind: 'boolean', description: 'Show the changes and change nothing. Default when neither plan nor apply is given: plan in pull/merge requests and on the command line, apply in other CI runs.' },
  apply: { kind: 'boolean', description: 'Make exactly the writes of the plan. Excludes plan.' },
  prune: { kind: 'boolean', default: 'false', description: 'Also delete policies, AppRoles and database static roles the file does not name, only for the kinds the file lists and under the mounts it manages; never root or default. Default false.' },
  'detailed-exitcode': { kind: 'boolean', default: 'false', description: 'Plan only: exit 1 when changes are pending (0 when Vault matches). Default false (exit 0).' },
  'auth-method': {
    kind: 'enum',
    values: AUTH_METHODS,
    default: 'auto',
    description: 'auto, token, approle, github-oidc or gitlab-jwt. Default auto: token if vault-token is set, else approle if role-id/secret-id are, else github-oidc or gitlab-jwt if jwt-role is set.',
  },
  'vault-token': { kind: 'secret', env: ['VAULT_TOKEN'], description: 'Vault token (auth-method token). Default: $VAULT_TOKEN. Never revoked by hardline: it is yours.' },
  'role-id': { kind: 'string', env: ['VAULT_ROLE_ID'], description: 'AppRole role ID (auth-method approle). Default: $VAULT_ROLE_ID.' },
  'secret-id': { kind: 'secret', env: ['VAULT_SECRET_ID'], description: 'AppRole secret ID (auth-method approle). Default: $VAULT_SECRET_ID.' },
  'approle-mount': { kind: 'string', default: 'approle', description: 'Mount path of the AppRole auth method used to log in. Default approle.' },
  'jwt-role': { kind: 'string', description: 'Vault jwt role to log in with a GitHub OIDC or GitLab ID token. Required for github-oidc and gitlab-jwt.' },
  'jwt-mount': { kind: 'string', default: 'jwt', description: 'Mount path of the jwt auth method. Default jwt.' },
  'jwt-audience': { kind: 'string', default: 'vault', description: 'Audience of the GitHub OIDC token (must match the role bound_audiences). Default vault.' },
  'id-token-variable': { kind: 'string', default: 'VAULT_ID_TOKEN', description: 'GitLab: variable holding the id_tokens token (CI_JOB_JWT_V2 is the fallback). Default VAULT_ID_TOKEN.' },
  'issue-secret-id': { kind: 'list', description: 'After an apply, mint a SecretID for these AppRoles (repeatable flag, or newline/comma-separated; "role" or "mount/role"), with the role\'s TTL and uses. Default: none.' },
  'wrap-ttl': { kind: 'duration', default: '10m', description: 'Lifetime of the response-wrapping token around each issued SecretID. Default 10m.' },
  'plain-secret-id': { kind: 'boolean', default: 'false', description: 'Issue SecretIDs unwrapped (still masked). Default false: response-wrapped.' },
  'secret-id-file': { kind: 'string', description: 'Also write the issued SecretIDs (wrapped or plain) as JSON {"mount/role": value} to this file, mode 0600. Default: none (GitHub: outputs only).' },
  'audit-log': { kind: 'string', description: 'Append one JSON line per Vault write (object, action, outcome; never a value) to this file. Default: no audit log.' },
  concurrency: { kind: 'integer', default: '8', min: 1, max: 64, description: 'Maximum Vault requests in flight while reading and writing. Default 8.' },
} as const satisfies InputSpecs;

const DOC = 'vault-sync.md';
const rule = (id: string, title: string, help: string, severity: RuleMeta['defaultSeverity']): RuleMeta => ({ id, title, help, helpUri: ruleHelpUri(DOC, id), defaultSeverity: severity });
export const SYNC_RULES: RuleMeta[] = [
  rule('vault-sync-create', 'Object to create', 'The file declares an object Vault does not have: apply creates it.', 'note'),
  rule('vault-sync-update', 'Object to update', 'Fields of a Vault object differ from the file: apply writes the changed fields only.', 'note'),
  rule('vault-sync-delete', 'Object to prune', 'With prune, an object of a kind the file manages that the file does not name: apply deletes it.', 'note'),
  rule('vault-sync-conflict', 'Field cannot change in place', 'A field Vault cannot update (mount type, plugin, static role username) differs. Delete the object by hand or rename it in the file.', 'error'),
  rule('vault-sync-failed', 'Write failed', 'Vault refused or failed a write during apply. What was applied before stays; rerun to converge once the cause is fixed.', 'error'),
];

const sync = defineCommand({
  name: 'vault sync',
  summary: 'Make Vault match vault.yml: mounts, auth, policies, AppRoles, database static roles, KV seeds (plan, apply, prune).',
  inputs: SYNC_INPUTS,
  auditInput: 'audit-log',
  async run(ctx) {
    const { inputs, env, cwd, platform } = ctx;
    if (inputs.plan && inputs.apply) throw new ConfigurationError('plan and apply exclude each other: set exactly one of them (or neither for the default)');
    const inPullRequest = ['pull_request', 'pull_request_target'].includes(env.GITHUB_EVENT_NAME ?? '') || Boolean(env.CI_MERGE_REQUEST_IID);
    const mode: 'plan' | 'apply' = inputs.apply ? 'apply' : inputs.plan ? 'plan' : inPullRequest || platform.kind === 'cli' ? 'plan' : 'apply';

    const file = loadVaultFile(inputs.file, cwd, env);
    const desired = buildDesired(file);
    const roles = resolveRoles(inputs['issue-secret-id'], file);
    if (inputs['secret-id-file'] && roles.length > 0) checkSecretIdFile(inputs['secret-id-file'], cwd);
    if (inputs['tls-skip-verify']) platform.warning('tls-skip-verify is true: the Vault certificate is not verified; anyone on the network path could read the token and every value written');

    const vault = new VaultClient({ addr: inputs['vault-addr'], namespace: inputs.namespace, caFile: inputs['ca-cert'], insecure: inputs['tls-skip-verify'] });
    const vaultShown = safeUrl(vault.addr);
    let revoke = false;
    let plan: Plan;
    let applied: ApplyResult | undefined;
    let issued: IssuedSecretId[] = [];
    let reads = 0;
    try {
      // One `timeout` covers both waits: reachable, then unsealed.
      const waitStarted = Date.now();
      const status = await vault.waitUntilReachable(inputs.timeout);
      if (!status.initialized) {
        throw new OperationalError(`Vault at ${vaultShown} is not initialised: there is nothing to sync yet`, [`GET ${vaultShown}/v1/sys/seal-status`], 'initialise it first (hardline vault init), then unseal it');
      }
      if (status.sealed) {
        const left = Math.max(1, inputs.timeout - Math.floor((Date.now() - waitStarted) / 1000));
        platform.info(`Vault at ${vaultShown} is sealed: waiting up to ${left} s for it to be unsealed`);
        await vault.waitUntilUnsealed(left);
      }
      const auth = await login(vault, {
        method: inputs['auth-method'],
        token: inputs['vault-token'],
        roleId: inputs['role-id'],
        secretId: inputs['secret-id'],
        approleMount: inputs['approle-mount'],
        jwtRole: inputs['jwt-role'],
        jwtMount: inputs['jwt-mount'],
        audience: inputs['jwt-audience'],
        idTokenVariable: inputs['id-token-variable'],
      }, env);
      revoke = auth.revoke;
      const api: VaultApi = vault;
      const live = await readLive(api, desired, { concurrency: inputs.concurrency, prune: inputs.prune });
      reads = live.reads;
      plan = diff(desired, live, { prune: inputs.prune });
      for (const e of plan.entries) if (e.action !== 'unchanged') ctx.audit.write({ operation: 'vault-plan', target: e.path, outcome: 'planned', detail: { object: e.id, action: e.action } });
      if (mode === 'apply') {
        applied = await applyPlan(api, plan, ctx.audit, { concurrency: inputs.concurrency });
        if (applied.failed.length === 0 && roles.length > 0) {
          issued = await issueSecretIds(api, roles, { wrapTtl: inputs['wrap-ttl'], plain: inputs['plain-secret-id'] });
        }
      } else if (roles.length > 0) {
        platform.info('issue-secret-id is ignored in plan mode: SecretIDs are minted only after an apply');
      }
    } finally {
      if (revoke) {
        try {
          await vault.revokeSelf();
        } catch (err) {
          platform.warning(`could not revoke the Vault token hardline logged in with: ${(err as Error).message}`);
        }
      }
      vault.close();
    }

    const rctx: RenderContext = { mode, file: inputs.file, vault: vaultShown, apply: applied, issued };
    const findings = toFindings(plan, applied, inputs.file);
    const n = countActions(plan);
    const pending = n.create + n.update + n.delete;
    const writes = (applied?.writes ?? 0) + issued.length;
    const report = createReport('vault sync', findings, SYNC_RULES, {
      mode,
      vault: vaultShown,
      file: inputs.file,
      create: n.create,
      update: n.update,
      delete: n.delete,
      unchanged: n.unchanged,
      conflict: n.conflict,
      reads,
      writes,
    });
    const outputs: CommandResult['outputs'] = {
      mode,
      changes: pending,
      created: applied ? applied.applied.filter((e) => e.action === 'create').length : 0,
      updated: applied ? applied.applied.filter((e) => e.action === 'update').length : 0,
      deleted: applied ? applied.applied.filter((e) => e.action === 'delete').length : 0,
      unchanged: n.unchanged,
      writes,
    };
    publishSecretIds(issued, inputs['secret-id-file'], cwd, platform);

    let exitCode: ExitCodeValue | undefined;
    if (applied && applied.failed.length > 0) {
      platform.error(`vault sync applied ${applied.applied.length} object(s), then failed: ${applied.failed.map((f) => `${f.entry.id}: ${f.error.message}`).join('; ')}`);
      exitCode = ExitCode.Operational;
    } else if (mode === 'plan' && inputs['detailed-exitcode'] && pending > 0) {
      exitCode = ExitCode.Findings;
    }
    return { report, outputs, exitCode, text: renderPlanText(plan, rctx), markdown: renderPlanMarkdown(plan, rctx) };
  },
});

/** Widened to Command: core's runAction/CLI take Command<InputSpecs>, which a specific Command<T> is not assignable to. */
export const syncCommand: Command = sync as unknown as Command;

function toFindings(plan: Plan, applied: ApplyResult | undefined, file: string): Finding[] {
  const failed = new Map((applied?.failed ?? []).map((f) => [f.entry, f.error] as const));
  const findings: Finding[] = [];
  for (const e of plan.entries) {
    if (e.action === 'unchanged') continue;
    const error = failed.get(e);
    const ruleId = error ? 'vault-sync-failed' : `vault-sync-${e.action}`;
    const done = applied?.applied.includes(e) ? ' (applied)' : '';
    findings.push({
      ruleId,
      severity: error || e.action === 'conflict' ? 'error' : 'note',
      message: error ? `${entryLine(e)}: ${error.message}` : `${entryLine(e)}${done}`,
      file: e.line !== undefined ? file : undefined,
      line: e.line,
      fingerprint: fingerprint(ruleId, e.path),
      properties: { object: e.id, action: e.action, path: e.path },
    });
  }
  return findings;
}

/** SecretIDs are secret outputs (core's setSecretOutput: GitHub step outputs) and/or a 0600 file. */
function publishSecretIds(issued: IssuedSecretId[], file: string | undefined, cwd: string, platform: Platform): void {
  if (issued.length === 0) return;
  const byRole: Record<string, string> = {};
  for (const s of issued) byRole[`${s.mount}/${s.role}`] = s.value;
  platform.setSecretOutput('secret-ids', JSON.stringify(byRole));
  if (issued.length === 1) platform.setSecretOutput('secret-id', issued[0].value);
  if (file) {
    const abs = path.resolve(cwd, file);
    try {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      // `mode` applies only when the file is created: an existing file is narrowed before it holds a SecretID.
      if (fs.existsSync(abs)) fs.chmodSync(abs, 0o600);
      fs.writeFileSync(abs, JSON.stringify(byRole, null, 2) + '\n', { mode: 0o600 });
    } catch (err) {
      throw new ConfigurationError(`secret-id-file: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file });
    }
  }
}

/** Before Vault is touched: the SecretID file must be a writable file path, not a directory. */
function checkSecretIdFile(file: string, cwd: string): void {
  const abs = path.resolve(cwd, file);
  let problem: string | undefined;
  try {
    if (fs.existsSync(abs)) {
      if (fs.statSync(abs).isDirectory()) problem = 'it is a directory, expected a file path';
      else fs.accessSync(abs, fs.constants.W_OK);
    } else {
      let dir = path.dirname(abs);
      while (!fs.existsSync(dir)) dir = path.dirname(dir);
      if (!fs.statSync(dir).isDirectory()) problem = `${dir} is not a directory`;
      else fs.accessSync(dir, fs.constants.W_OK);
    }
  } catch (err) {
    problem = `not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  if (problem) throw new ConfigurationError(`secret-id-file: cannot write ${file}: ${problem}`, { file }, 'point secret-id-file at a writable file path');
}

export type { PlanEntry };
