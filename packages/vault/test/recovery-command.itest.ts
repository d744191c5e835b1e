import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditLog, ConfigurationError, readInputs, type Command, type CommandResult, type InputSource, type Platform } from '@hardline/core';
import { generateRecoveryKeypair, writeRecoveryFile } from '@hardline/stores';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { GITHUB_TEST_TOKENS, startGitHubTestServer, type GitHubTestServer } from '../../../test/servers/github';
import { recoveryKeygenCommand, recoveryRestoreCommand } from '../src/recovery-command';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-recovery-'));
let github: GitHubTestServer;
beforeAll(async () => {
  github = await startGitHubTestServer({ repos: [{ owner: 'acme', name: 'app' }] });
});
afterAll(async () => {
  await github.close();
});

/** Runs a command in-process with inputs from a map, collecting everything it logs. */
async function run(cmd: Command, values: Record<string, string>): Promise<{ result: CommandResult; logs: string[] }> {
  const logs: string[] = [];
  const source: InputSource = { kind: 'cli', get: (n) => values[n], all: (n) => (values[n] === undefined ? [] : [values[n]]), label: (n) => `--${n}`, positionals: () => [] };
  const platform = { kind: 'cli', inputs: source, color: false, info: (m: string) => logs.push(m), warning: (m: string) => logs.push(m), error: (m: string) => logs.push(m), debug: () => undefined } as unknown as Platform;
  const inputs = readInputs(cmd.inputs, source, {});
  const result = await cmd.run({ platform, inputs, cwd: tmp, env: {}, audit: new AuditLog(path.join(tmp, 'audit.jsonl'), cmd.name) });
  return { result, logs };
}

describe('recovery keygen', () => {
  it('writes the private key to a 0600 file and returns only the public key', async () => {
    const { result } = await run(recoveryKeygenCommand, { 'private-key-file': 'keys/recovery.key' });
    const file = path.join(tmp, 'keys/recovery.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const privateKey = fs.readFileSync(file, 'utf8').trim();
    expect(result.outputs?.['public-key']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(result.text).not.toContain(privateKey);
  });
  it('never overwrites an existing private key file', async () => {
    await expect(run(recoveryKeygenCommand, { 'private-key-file': 'keys/recovery.key' })).rejects.toThrow(ConfigurationError);
  });
});

describe('recovery restore', () => {
  it('writes every entry of a recovery file into GitHub secrets without printing any value', async () => {
    const pair = await generateRecoveryKeypair();
    const entries = { VAULT_UNSEAL_KEY_1: canary('key1'), VAULT_UNSEAL_KEY_2: canary('key2'), VAULT_ROOT_TOKEN: canary('root') };
    const file = path.join(tmp, 'r.json');
    await writeRecoveryFile(file, pair.publicKey, entries, { command: 'vault init' });
    const { result, logs } = await run(recoveryRestoreCommand, {
      file: 'r.json',
      'public-key': pair.publicKey,
      'private-key': pair.privateKey,
      store: 'github:repository:acme/app',
      'github-token': GITHUB_TEST_TOKENS.write,
      'github-api-url': github.url,
    });
    for (const [name, value] of Object.entries(entries)) expect(github.secretValue('repo:acme/app', name)).toBe(value);
    expect(result.outputs?.restored).toBe('VAULT_UNSEAL_KEY_1,VAULT_UNSEAL_KEY_2,VAULT_ROOT_TOKEN');
    expect(findCanaries([...Object.values(entries), pair.privateKey], [...logs, JSON.stringify(result.report), JSON.stringify(result.outputs)], [path.join(tmp, 'audit.jsonl')])).toEqual([]);
  });
});
