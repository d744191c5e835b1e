import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpClient, OperationalError } from '@hardline/core';
import { createStore, generateRecoveryKeypair, openRecoveryFile } from '@hardline/stores';
import { GITHUB_TEST_TOKENS, startGitHubTestServer, type GitHubTestServer } from '../../../test/servers/github';
import { GITLAB_TEST_TOKENS, startGitLabTestServer } from '../../../test/servers/gitlab';
import { startVaultTestServer, type VaultTestServer } from '../../../test/servers/vault';
import { storeSpec } from '../src/init-command';
import { VaultClient, type InitRequest, type InitResponse } from '../src/client';
import { initVault, type InitOptions } from '../src/init';
import { keysFromList, unsealNode } from '../src/unseal';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-init-it-'));
let github: GitHubTestServer;
const vaults: VaultTestServer[] = [];

beforeAll(async () => {
  github = await startGitHubTestServer({ repos: [{ owner: 'acme', name: 'app' }] });
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

/** A VaultClient that remembers what sys/init returned, to compare with what landed in the store. */
class RecordingClient extends VaultClient {
  returned?: InitResponse;
  override async init(req: InitRequest): Promise<InitResponse> {
    this.returned = await super.init(req);
    return this.returned;
  }
}

const store = () =>
  createStore({ kind: 'github', scope: 'repository', repository: 'acme/app', token: GITHUB_TEST_TOKENS.write, apiUrl: github.url }, { http: new HttpClient({ service: 'GitHub API', baseDelayMs: 20 }) });

async function options(over: Partial<InitOptions> = {}): Promise<InitOptions> {
  const pair = await generateRecoveryKeypair();
  return { shares: 5, threshold: 3, keyFormat: 'hex', keyNamePrefix: 'VAULT_UNSEAL_KEY_', rootTokenName: 'VAULT_ROOT_TOKEN', recoveryPublicKey: pair.publicKey, recoveryFile: path.join(tmp, `r-${Date.now()}.json`), timeoutSec: 30, ...over };
}

describe('initVault against the Vault and GitHub test servers', () => {
  it('puts exactly the keys and root token Vault returned into GitHub secrets, and those keys unseal it', async () => {
    const v = await vault();
    const client = new RecordingClient({ addr: v.url });
    const r = await initVault(client, store(), await options());
    expect(r.outcome).toBe('initialized');
    const returned = client.returned!;
    for (let i = 0; i < 5; i++) expect(github.secretValue('repo:acme/app', `VAULT_UNSEAL_KEY_${i + 1}`)).toBe(returned.keys[i]);
    expect(github.secretValue('repo:acme/app', 'VAULT_ROOT_TOKEN')).toBe(returned.root_token);

    const stored = [1, 2, 3, 4, 5].map((i) => github.secretValue('repo:acme/app', `VAULT_UNSEAL_KEY_${i}`) ?? '');
    const fresh = new VaultClient({ addr: v.url });
    const u = await unsealNode(fresh, keysFromList(stored), { timeoutSec: 10 });
    expect(u.outcome).toBe('unsealed');
    expect(v.state.sealed).toBe(false);
    fresh.close();
    client.close();
  });

  it('stores the keys as masked, protected GitLab CI/CD variables when the store is a GitLab project', async () => {
    const gitlab = await startGitLabTestServer();
    try {
      const v = await vault();
      const client = new RecordingClient({ addr: v.url });
      const gl = createStore(storeSpec({ store: 'gitlab:project:acme/app', 'gitlab-token': GITLAB_TEST_TOKENS.owner, 'gitlab-api-url': `${gitlab.url}/api/v4`, 'github-visibility': 'private', 'gitlab-environment-scope': '*' }, {}));
      const r = await initVault(client, gl, await options({ shares: 3, threshold: 2 }));
      expect(r.outcome).toBe('initialized');
      const returned = client.returned!;
      for (let i = 0; i < 3; i++) {
        expect(gitlab.variable('project:acme/app', `VAULT_UNSEAL_KEY_${i + 1}`)).toMatchObject({ value: returned.keys[i], masked: true, protected: true });
      }
      expect(gitlab.variable('project:acme/app', 'VAULT_ROOT_TOKEN')).toMatchObject({ value: returned.root_token, masked: true, protected: true });
      client.close();
    } finally {
      await gitlab.close();
    }
  });

  it('does nothing to an initialised Vault or the store', async () => {
    const v = await vault();
    v.initialize({ shares: 1, threshold: 1 });
    github.clearFaults();
    const before = github.stats.requests.length;
    const r = await initVault(new VaultClient({ addr: v.url }), store(), await options());
    expect(r.outcome).toBe('already-initialized');
    expect(github.stats.requests.length).toBe(before);
  });

  it('does not initialise Vault when the store cannot be written', async () => {
    const v = await vault();
    const readOnly = createStore({ kind: 'github', scope: 'repository', repository: 'acme/app', token: GITHUB_TEST_TOKENS.read, apiUrl: github.url });
    await expect(initVault(new VaultClient({ addr: v.url }), readOnly, await options())).rejects.toThrow();
    expect(v.state.initialized).toBe(false);
  });

  it('seals the keys into the recovery file when the store fails after Vault returned them', async () => {
    const v = await vault();
    const pair = await generateRecoveryKeypair();
    const file = path.join(tmp, 'recovery.json');
    github.failNext({ status: 422, method: 'PUT', path: /VAULT_UNSEAL_KEY_3$/, count: 1 });
    const client = new RecordingClient({ addr: v.url });
    const err = await initVault(client, store(), await options({ recoveryPublicKey: pair.publicKey, recoveryFile: file })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as Error).message).toContain(file);
    const opened = await openRecoveryFile(file, pair.publicKey, pair.privateKey);
    const returned = client.returned!;
    expect([1, 2, 3, 4, 5].map((i) => opened.entries[`VAULT_UNSEAL_KEY_${i}`])).toEqual(returned.keys);
    expect(opened.entries.VAULT_ROOT_TOKEN).toBe(returned.root_token);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(returned.keys[0]);
  });
});
