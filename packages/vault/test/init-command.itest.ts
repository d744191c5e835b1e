/** The vault-init and vault-unseal action bundles, end to end: init → GitHub secrets → unseal. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateRecoveryKeypair, openRecoveryFile } from '@hardline/stores';
import { ROOT, runAction } from '../../../test/helpers/run-bundle';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { startGitHubTestServer, type GitHubTestServer } from '../../../test/servers/github';
import { startVaultTestServer, type VaultTestServer } from '../../../test/servers/vault';
import { VaultClient } from '../src/client';
import { keysFromEnv, unsealNode } from '../src/unseal';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-init-action-'));
const token = canary('ghtoken');
let github: GitHubTestServer;
const vaults: VaultTestServer[] = [];
const SCOPE = 'repo:acme/app' as const;
const NAMES = ['VAULT_UNSEAL_KEY_1', 'VAULT_UNSEAL_KEY_2', 'VAULT_UNSEAL_KEY_3', 'VAULT_UNSEAL_KEY_4', 'VAULT_UNSEAL_KEY_5', 'VAULT_ROOT_TOKEN'];

beforeAll(async () => {
  // dist/ is built by `npm test`'s pretest step; tests never rebuild it.
  if (!fs.existsSync(path.join(ROOT, 'dist/vault-init/index.js'))) throw new Error('build first: npm run build');
  github = await startGitHubTestServer({
    repos: [{ owner: 'acme', name: 'app' }],
    tokens: { [token]: { permissions: { secrets: 'write', metadata: 'read' } }, 'ghs_read_only_token': { permissions: { secrets: 'read', metadata: 'read' } } },
  });
});
afterAll(async () => {
  await github.close();
  await Promise.all(vaults.map((v) => v.close()));
});

async function vault(): Promise<VaultTestServer> {
  const v = await startVaultTestServer();
  vaults.push(v);
  return v;
}

const initInputs = (v: VaultTestServer, publicKey: string, over: Record<string, string> = {}) => ({
  'vault-addr': v.url,
  'github-token': token,
  'github-api-url': github.url,
  'recovery-public-key': publicKey,
  'audit-log': 'audit.jsonl',
  ...over,
});

describe('vault-init action', () => {
  it('stores the keys in GitHub secrets, and a fresh unseal run with exactly those keys unseals Vault; nothing secret is printed', async () => {
    const v = await vault();
    const { publicKey } = await generateRecoveryKeypair();
    const cwd = fs.mkdtempSync(path.join(tmp, 'ok-'));
    const init = await runAction('vault-init', initInputs(v, publicKey), { cwd, env: { GITHUB_REPOSITORY: 'acme/app' } });
    expect(init.code).toBe(0);
    expect(init.outputs).toMatchObject({ initialized: 'true', changed: 'true', sealed: 'true', threshold: '3', shares: '5', 'root-token-name': 'VAULT_ROOT_TOKEN' });
    expect(init.outputs['key-names']).toBe(NAMES.slice(0, 5).join(','));
    const stored = NAMES.map((n) => github.secretValue(SCOPE, n));
    expect(stored.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
    expect(v.state).toMatchObject({ initialized: true, sealed: true, sealConfig: { shares: 5, threshold: 3 } });

    // A fresh unseal run (its own client, keys read from VAULT_UNSEAL_KEY_1..5 as a job would get them).
    // The bundle itself is exercised in unseal-command.itest.ts; building it here too would race that file.
    const env: Record<string, string> = {};
    NAMES.slice(0, 5).forEach((n, i) => (env[n] = stored[i]!));
    const fresh = new VaultClient({ addr: v.url });
    const unseal = await unsealNode(fresh, keysFromEnv(env), { timeoutSec: 10 });
    fresh.close();
    expect(unseal).toMatchObject({ outcome: 'unsealed', keysSent: 3 });
    expect(v.state.sealed).toBe(false);

    const secrets = [token, ...(stored as string[])];
    const strip = (s: string) => s.replace(/::add-mask::.*\n/g, '');
    expect(findCanaries(secrets, [strip(init.stdout), init.stderr, JSON.stringify(init.outputs), init.summary], [cwd])).toEqual([]);
  });

  it('exits 0 with a notice and touches nothing when Vault is already initialised', async () => {
    const v = await vault();
    v.initialize({ shares: 1, threshold: 1 });
    const { publicKey } = await generateRecoveryKeypair();
    const before = github.stats.requests.length;
    const r = await runAction('vault-init', initInputs(v, publicKey), { cwd: tmp, env: { GITHUB_REPOSITORY: 'acme/app' } });
    expect(r.code).toBe(0);
    expect(r.everything()).toContain('already initialised');
    expect(r.outputs).toMatchObject({ initialized: 'true', changed: 'false', 'key-names': '' });
    expect(github.stats.requests.length).toBe(before);
  });

  it('keeps the password of a vault-addr with user:password out of the audit log and every output', async () => {
    const v = await vault();
    v.initialize({ shares: 1, threshold: 1 });
    const { publicKey } = await generateRecoveryKeypair();
    const password = canary('addrpw');
    const cwd = fs.mkdtempSync(path.join(tmp, 'userinfo-'));
    const withUser = v.url.replace('http://', `http://ops:${password}@`);
    const r = await runAction('vault-init', initInputs(v, publicKey, { 'vault-addr': withUser }), { cwd, env: { GITHUB_REPOSITORY: 'acme/app' } });
    expect(r.code).toBe(0);
    const audit = fs.readFileSync(path.join(cwd, 'audit.jsonl'), 'utf8');
    expect(audit).toContain('vault.init');
    expect(audit).not.toContain(password);
    expect(r.everything()).not.toContain(password);
  });

  it('leaves Vault uninitialised when the token cannot write secrets', async () => {
    const v = await vault();
    const { publicKey } = await generateRecoveryKeypair();
    const r = await runAction('vault-init', initInputs(v, publicKey, { 'github-token': 'ghs_read_only_token' }), { cwd: tmp, env: { GITHUB_REPOSITORY: 'acme/app' } });
    expect([2, 3]).toContain(r.code);
    expect(v.state.initialized).toBe(false);
  });

  it('exits 3 naming the recovery file when storing fails after init, and the file opens to the keys', async () => {
    const v = await vault();
    const pair = await generateRecoveryKeypair();
    const cwd = fs.mkdtempSync(path.join(tmp, 'fail-'));
    github.failNext({ status: 422, method: 'PUT', path: /VAULT_UNSEAL_KEY_4$/, count: 1 });
    const r = await runAction('vault-init', initInputs(v, pair.publicKey, { 'key-format': 'base64' }), { cwd, env: { GITHUB_REPOSITORY: 'acme/app' } });
    expect(r.code).toBe(3);
    const file = path.join(cwd, 'hardline-vault-recovery.json');
    expect(r.everything()).toContain(file);
    const opened = await openRecoveryFile(file, pair.publicKey, pair.privateKey);
    expect(Object.keys(opened.entries).sort()).toEqual([...NAMES].sort());
    const keys = NAMES.slice(0, 5).map((n) => opened.entries[n]);
    v.unsealWith(keys.slice(0, 3));
    expect(v.state.sealed).toBe(false);
    const strip = (s: string) => s.replace(/::add-mask::.*\n/g, '');
    expect(findCanaries([...keys, opened.entries.VAULT_ROOT_TOKEN, token], [strip(r.stdout), r.stderr, r.summary, JSON.stringify(r.outputs)])).toEqual([]);
  });

  it('refuses to start without a recovery public key, before touching Vault', async () => {
    const v = await vault();
    const r = await runAction('vault-init', { 'vault-addr': v.url, 'github-token': token, 'github-api-url': github.url }, { cwd: tmp, env: { GITHUB_REPOSITORY: 'acme/app' } });
    expect(r.code).toBe(2);
    expect(r.everything()).toContain('recovery-public-key');
    expect(v.stats.requests).toEqual([]);
  });
});
