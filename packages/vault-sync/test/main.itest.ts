/**
 * The vault-sync action bundle (dist/vault-sync, built by `node scripts/build.mjs vault-sync`)
 * run as GitHub runs it: inputs as INPUT_*, outputs and the job summary in files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, runAction, runCli } from '../../../test/helpers/run-bundle';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { startVaultTestServer, type VaultTestServer } from '../../../test/servers/vault/server';
import { fixtureText, writeVaultFile } from './helpers/fixture';

let server: VaultTestServer;
let root: string;

// dist/ is built by `npm test`'s pretest step; tests never rebuild it (other test files run it meanwhile).
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist/vault-sync/index.js'))) throw new Error('build first: npm run build');
});

beforeEach(async () => {
  server = await startVaultTestServer();
  const init = server.initialize({ shares: 1, threshold: 1 });
  server.unsealWith(init.keys);
  root = init.rootToken;
});
afterEach(async () => server.close());

describe('the vault-sync action', () => {
  it('plans in a pull request, applies on push, and outputs a masked wrapped SecretID without leaking a secret', async () => {
    const { dir } = writeVaultFile(fixtureText());
    const values = { TAMSHAI_DB_PASSWORD: canary('db'), MCP_HR_API_KEY: canary('hr'), MCP_GATEWAY_SIGNING_KEY: canary('gw') };
    const env = { VAULT_ADDR: server.url, ...values };
    const inputs = { 'vault-token': root, 'audit-log': 'audit.jsonl' };

    const pr = await runAction('vault-sync', inputs, { cwd: dir, env: { ...env, GITHUB_EVENT_NAME: 'pull_request' } });
    expect(pr.code).toBe(0);
    expect(pr.outputs).toMatchObject({ mode: 'plan', changes: '20', writes: '0' });
    expect(pr.summary).toContain('| + create | approle approle/mcp-hr |');
    expect(server.state.data!.policies['mcp-hr']).toBeUndefined();

    const push = await runAction('vault-sync', { ...inputs, 'issue-secret-id': 'mcp-hr' }, { cwd: dir, env: { ...env, GITHUB_EVENT_NAME: 'push' } });
    expect(push.code).toBe(0);
    expect(push.outputs).toMatchObject({ mode: 'apply', created: '20', writes: '21' });
    expect(push.outputs['secret-id']).toMatch(/^hvs\./);
    expect(push.stdout).toContain(`::add-mask::${push.outputs['secret-id']}`);
    expect(JSON.parse(push.outputs['secret-ids'])).toEqual({ 'approle/mcp-hr': push.outputs['secret-id'] });

    const again = await runAction('vault-sync', inputs, { cwd: dir, env: { ...env, GITHUB_EVENT_NAME: 'push' } });
    expect(again.outputs).toMatchObject({ mode: 'apply', changes: '0', writes: '0' });

    // `::add-mask::VALUE` is how a secret is registered with the runner, which never shows those lines.
    const shown = (t: string) => t.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    const hits = findCanaries([root, ...Object.values(values)], [pr, push, again].map((r) => shown(r.everything())), [path.join(dir, 'audit.jsonl')]);
    expect(hits).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'audit.jsonl'), 'utf8')).toContain('"operation":"vault-write"');
  });

  it('fails with exit 2 and the line when vault.yml has an unknown key', async () => {
    const { dir } = writeVaultFile('policies:\n  p: |\n    path "a" { capabilities = ["read"] }\nprune_everything: true\n');
    const run = await runAction('vault-sync', { 'vault-token': root, 'vault-addr': server.url }, { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('::error::hardline vault sync failed: vault.yml:4:1: unknown key "prune_everything" in top level');
  });
});

describe('the vault sync GitLab job (CLI bundle)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, 'dist/cli/index.js'))) throw new Error('build first: npm run build');
  });

  it('plans in a merge request pipeline and applies on the default branch, outputs in hardline.env', async () => {
    const { dir } = writeVaultFile(fixtureText());
    const values = { TAMSHAI_DB_PASSWORD: canary('db'), MCP_HR_API_KEY: canary('hr'), MCP_GATEWAY_SIGNING_KEY: canary('gw') };
    const gitlab = { HARDLINE_VAULT_ADDR: server.url, VAULT_TOKEN: root, HARDLINE_DETAILED_EXITCODE: 'true', HARDLINE_JWT_ROLE: '', ...values };
    const mr = await runCli(['vault', 'sync'], { cwd: dir, gitlab: { ...gitlab, CI_MERGE_REQUEST_IID: '7' } });
    expect(mr.code).toBe(1);
    expect(mr.outputs).toMatchObject({ HARDLINE_MODE: 'plan', HARDLINE_CHANGES: '20', HARDLINE_WRITES: '0' });
    const main = await runCli(['vault', 'sync'], { cwd: dir, gitlab });
    expect(main.code).toBe(0);
    expect(main.outputs).toMatchObject({ HARDLINE_MODE: 'apply', HARDLINE_CREATED: '20' });
    expect(findCanaries([root, ...Object.values(values)], [mr.everything(), main.everything()])).toEqual([]);
  });
});
