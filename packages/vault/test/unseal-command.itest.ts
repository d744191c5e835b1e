/** The vault-unseal action bundle, run as GitHub runs it, against Vault test servers. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDotenv, ROOT, runAction } from '../../../test/helpers/run-bundle';
import { runCommand } from '@hardline/core';
import { findCanaries } from '../../../test/helpers/canary';
import { unsealCommand } from '../src/unseal-command';
import { startVaultTestServer, type InitResult, type VaultTestServer } from '../../../test/servers/vault';

const servers: VaultTestServer[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-unseal-action-'));

beforeAll(() => {
  // dist/ is built by `npm test`'s pretest step; tests never rebuild it.
  if (!fs.existsSync(path.join(ROOT, 'dist/vault-unseal/index.js'))) throw new Error('build first: npm run build');
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function cluster(n: number, shares: number, threshold: number): Promise<{ nodes: VaultTestServer[]; init: InitResult }> {
  const dir = fs.mkdtempSync(path.join(tmp, 'c-'));
  const first = await startVaultTestServer({ stateFile: path.join(dir, '0.json') });
  servers.push(first);
  const init = first.initialize({ shares, threshold });
  const nodes = [first];
  for (let i = 1; i < n; i++) {
    fs.copyFileSync(path.join(dir, '0.json'), path.join(dir, `${i}.json`));
    const s = await startVaultTestServer({ stateFile: path.join(dir, `${i}.json`), standby: true });
    servers.push(s);
    nodes.push(s);
  }
  return { nodes, init };
}

const secretsOf = (init: InitResult) => [...init.keys, ...init.keysBase64, init.rootToken];

describe('vault-unseal action', () => {
  it('unseals all three nodes of an HA cluster with keys from VAULT_UNSEAL_KEY_1..5 and prints no key', async () => {
    const { nodes, init } = await cluster(3, 5, 3);
    const audit = path.join(tmp, 'audit.jsonl');
    const env: Record<string, string> = {};
    init.keys.forEach((k, i) => (env[`VAULT_UNSEAL_KEY_${i + 1}`] = k));
    const reportFile = path.join(tmp, 'unseal-report.json');
    const r = await runAction('vault-unseal', { 'vault-addr': nodes.map((n) => n.url).join(','), 'audit-log': audit, format: 'json', output: reportFile }, { env, cwd: tmp });
    expect(r.code).toBe(0);
    expect(nodes.map((n) => n.state.sealed)).toEqual([false, false, false]);
    expect(r.outputs).toMatchObject({ sealed: 'false', threshold: '3', version: '1.21.0', notes: '3', errors: '0' });
    expect(r.outputs['cluster-name']).toMatch(/^vault-cluster-/);
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { findings: Array<{ ruleId: string }> };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['vault-unsealed', 'vault-unsealed', 'vault-unsealed']);
    expect(r.stdout).toContain('::add-mask::');
    expect(findCanaries(secretsOf(init), [r.stdout.replace(/::add-mask::.*\n/g, ''), r.stderr, JSON.stringify(r.outputs), r.summary], [audit, reportFile])).toEqual([]);
  });

  it('reads keys from the unseal-keys input in base64 and succeeds without sending any when already unsealed', async () => {
    const { nodes, init } = await cluster(1, 5, 3);
    const inputs = { 'vault-addr': nodes[0].url, 'unseal-keys': init.keysBase64.join('\n') };
    expect((await runAction('vault-unseal', inputs, { cwd: tmp })).code).toBe(0);
    nodes[0].resetStats();
    const again = await runAction('vault-unseal', inputs, { cwd: tmp });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already unsealed');
    expect(nodes[0].stats.requests.filter((q) => q.path === '/v1/sys/unseal')).toEqual([]);
  });

  it('exits 3 with the hint to run init when Vault is not initialised', async () => {
    const s = await startVaultTestServer();
    servers.push(s);
    const key = randomBytes(33).toString('hex');
    const r = await runAction('vault-unseal', { 'vault-addr': s.url, 'unseal-keys': key }, { cwd: tmp });
    expect(r.code).toBe(3);
    expect(r.everything()).toMatch(/not initialised/);
    expect(r.everything()).toMatch(/vault init/);
    expect(r.outputs.sealed).toBe('true');
    expect(findCanaries([key], [r.stdout.replace(/::add-mask::.*\n/g, ''), r.stderr, r.summary])).toEqual([]);
  });

  it('exits 2 naming the wrong key by its index, with the progress reset, and never prints it', async () => {
    const { nodes, init } = await cluster(1, 5, 3);
    const other = await cluster(1, 5, 3);
    const keys = [init.keys[0], init.keys[1], other.init.keys[2]];
    const r = await runAction('vault-unseal', { 'vault-addr': nodes[0].url, 'unseal-keys': keys.join(',') }, { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.everything()).toContain('unseal key #3');
    expect(nodes[0].state).toMatchObject({ sealed: true, unsealProgress: 0 });
    expect(findCanaries([...secretsOf(init), ...secretsOf(other.init)], [r.stdout.replace(/::add-mask::.*\n/g, ''), r.stderr, r.summary])).toEqual([]);
  });

  it('exits 2 without contacting Vault when no key is given', async () => {
    const { nodes } = await cluster(1, 1, 1);
    nodes[0].resetStats();
    const r = await runAction('vault-unseal', { 'vault-addr': nodes[0].url }, { cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.everything()).toContain('VAULT_UNSEAL_KEY_1');
    expect(nodes[0].stats.requests).toEqual([]);
  });

  it('warns loudly when TLS verification is switched off', async () => {
    const { nodes, init } = await cluster(1, 1, 1);
    const r = await runAction('vault-unseal', { 'vault-addr': nodes[0].url, 'unseal-keys': init.keys[0], 'tls-skip-verify': 'true' }, { cwd: tmp });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/::warning::.*tls-skip-verify is true/);
  });
});

describe('vault-unseal bundle in a GitLab job', () => {
  it('reads HARDLINE_* variables as the component sets them, keys from VAULT_UNSEAL_KEY_N, and writes the dotenv report', async () => {
    const { nodes, init } = await cluster(2, 3, 2);
    const dotenv = path.join(tmp, 'gitlab.env');
    const env: Record<string, string | undefined> = {
      GITHUB_ACTIONS: undefined,
      GITLAB_CI: 'true',
      CI: 'true',
      HARDLINE_DOTENV: dotenv,
      HARDLINE_VAULT_ADDR: nodes.map((n) => n.url).join(','),
      HARDLINE_KEY_NAME_PREFIX: 'VAULT_UNSEAL_KEY_',
      HARDLINE_CA_CERT: '',
      HARDLINE_TLS_SKIP_VERIFY: 'false',
      HARDLINE_NAMESPACE: '',
      HARDLINE_TIMEOUT: '5m',
      VAULT_UNSEAL_KEY_1: init.keys[0],
      VAULT_UNSEAL_KEY_2: init.keysBase64[1],
      VAULT_UNSEAL_KEY_3: init.keys[2],
    };
    const r = await runAction('vault-unseal', {}, { cwd: tmp, env });
    expect(r.code).toBe(0);
    expect(nodes.map((n) => n.state.sealed)).toEqual([false, false]);
    const outputs = parseDotenv(fs.readFileSync(dotenv, 'utf8'));
    expect(outputs).toMatchObject({ HARDLINE_SEALED: 'false', HARDLINE_THRESHOLD: '2', HARDLINE_ERRORS: '0' });
    expect(findCanaries(secretsOf(init), [r.stdout, r.stderr, fs.readFileSync(dotenv, 'utf8')])).toEqual([]);
  });
});

describe('vault-unseal over TLS', () => {
  let proxy: https.Server;
  let caFile: string;
  let vaultNode: VaultTestServer;
  let keys: string[];

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'tls-'));
    caFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    const c = await cluster(1, 1, 1);
    vaultNode = c.nodes[0];
    keys = c.init.keys;
    // An HTTPS front for the Vault test server, with a certificate no system CA trusts.
    proxy = https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(caFile) }, (req, res) => {
      const upstream = http.request(`${vaultNode.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });
  const url = () => `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  it('refuses an untrusted certificate without waiting out the timeout, with the hint to pass ca-cert', async () => {
    const r = await runAction('vault-unseal', { 'vault-addr': url(), 'unseal-keys': keys[0], timeout: '2m' }, { cwd: tmp });
    expect(r.code).toBe(3);
    expect(r.everything()).toMatch(/ca-cert/);
    expect(vaultNode.state.sealed).toBe(true);
  });

  it('unseals through TLS verified with the CA given in ca-cert', async () => {
    const r = await runAction('vault-unseal', { 'vault-addr': url(), 'unseal-keys': keys[0], 'ca-cert': caFile }, { cwd: tmp });
    expect(r.code).toBe(0);
    expect(vaultNode.state.sealed).toBe(false);
  });
});

describe('hardline vault unseal on the command line', () => {
  it('takes the address from VAULT_ADDR and the keys from VAULT_UNSEAL_KEY_N, printing the report and no key', async () => {
    const { nodes, init } = await cluster(1, 5, 3);
    let out = '';
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      }),
    );
    try {
      const env: NodeJS.ProcessEnv = { VAULT_ADDR: nodes[0].url };
      init.keys.forEach((k, i) => (env[`VAULT_UNSEAL_KEY_${i + 1}`] = k));
      const code = await runCommand(unsealCommand, { argv: ['--timeout', '30s'], env, cwd: tmp });
      expect(code).toBe(0);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(nodes[0].state.sealed).toBe(false);
    expect(out).toContain('vault-unsealed');
    expect(findCanaries(secretsOf(init), [out])).toEqual([]);
  });
});
