import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationError, isRegisteredSecret } from '@hardline/core';
import { canary, findCanaries } from '../../../test/helpers/canary';
import { checkRecoveryPublicKey, generateRecoveryKeypair, openRecoveryFile, RECOVERY_FORMAT, writeRecoveryFile } from '../src';

describe('recovery files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-recovery-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips entries and context through a file only the private key opens', async () => {
    const keys = await generateRecoveryKeypair();
    const entries = { VAULT_UNSEAL_KEY_1: canary('k1'), VAULT_ROOT_TOKEN: canary('root') };
    const file = path.join(dir, 'out', 'recovery.json');
    await writeRecoveryFile(file, keys.publicKey, entries, { command: 'vault init', store: 'GitHub repository secrets of o/r' });

    const text = fs.readFileSync(file, 'utf8');
    const json = JSON.parse(text) as { format: string; recipient: string; sealed: string };
    expect(json.format).toBe(RECOVERY_FORMAT);
    expect(json.recipient).toBe(keys.publicKey);
    expect(findCanaries(Object.values(entries), [], [dir])).toEqual([]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const opened = await openRecoveryFile(file, keys.publicKey, keys.privateKey);
    expect(opened.entries).toEqual(entries);
    expect(opened.context).toEqual({ command: 'vault init', store: 'GitHub repository secrets of o/r' });
  });

  it('masks the private key it generates', async () => {
    const keys = await generateRecoveryKeypair();
    expect(isRegisteredSecret(keys.privateKey)).toBe(true);
    expect(isRegisteredSecret(keys.publicKey)).toBe(false);
  });

  it('fails to open with the wrong private key', async () => {
    const keys = await generateRecoveryKeypair();
    const other = await generateRecoveryKeypair();
    const file = path.join(dir, 'r.json');
    await writeRecoveryFile(file, keys.publicKey, { A: canary('a') }, {});
    await expect(openRecoveryFile(file, keys.publicKey, other.privateKey)).rejects.toThrow(/private key does not match/);
  });

  it('says which public key a file is sealed to when opened with another key pair', async () => {
    const keys = await generateRecoveryKeypair();
    const other = await generateRecoveryKeypair();
    const file = path.join(dir, 'r.json');
    await writeRecoveryFile(file, keys.publicKey, { A: canary('a') }, {});
    await expect(openRecoveryFile(file, other.publicKey, other.privateKey)).rejects.toThrow(keys.publicKey);
  });

  it('keeps an existing recovery file instead of overwriting it', async () => {
    const keys = await generateRecoveryKeypair();
    const file = path.join(dir, 'r.json');
    const first = canary('first');
    const second = canary('second');
    await writeRecoveryFile(file, keys.publicKey, { A: first }, {});
    await writeRecoveryFile(file, keys.publicKey, { A: second }, {});
    expect((await openRecoveryFile(file, keys.publicKey, keys.privateKey)).entries.A).toBe(second);
    expect((await openRecoveryFile(`${file}.1.bak`, keys.publicKey, keys.privateKey)).entries.A).toBe(first);
  });

  it('rejects a recipient key that is not a 32-byte base64 key', async () => {
    await expect(writeRecoveryFile(path.join(dir, 'r.json'), 'c2hvcnQ=', { A: canary('a') }, {})).rejects.toThrow(ConfigurationError);
    await expect(writeRecoveryFile(path.join(dir, 'r.json'), 'not base64!!', { A: canary('a') }, {})).rejects.toThrow(/expected standard base64/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('blanks a context entry that holds a secret instead of losing the recovery file', async () => {
    const keys = await generateRecoveryKeypair();
    const value = canary('ctx');
    const file = path.join(dir, 'r.json');
    await writeRecoveryFile(file, keys.publicKey, { A: value }, { note: value, store: 'S' });
    const opened = await openRecoveryFile(file, keys.publicKey, keys.privateKey);
    expect(opened.context).toEqual({ note: '***', store: 'S' });
    expect(opened.entries.A).toBe(value);
  });

  it('checks a recovery public key exactly as writing the file will decode it', async () => {
    const keys = await generateRecoveryKeypair();
    await expect(checkRecoveryPublicKey(keys.publicKey)).resolves.toBeUndefined();
    await expect(checkRecoveryPublicKey(`${'A'.repeat(42)}B=`, 'recovery-public-key')).rejects.toThrow(/recovery-public-key: expected standard base64/);
    await expect(checkRecoveryPublicKey(Buffer.alloc(31, 1).toString('base64'))).rejects.toThrow(/32-byte X25519 key, got 31 bytes/);
  });

  it('names the file when it is not a recovery file', async () => {
    const keys = await generateRecoveryKeypair();
    const file = path.join(dir, 'x.json');
    fs.writeFileSync(file, '{"hello": 1}');
    await expect(openRecoveryFile(file, keys.publicKey, keys.privateKey)).rejects.toThrow(ConfigurationError);
    await expect(openRecoveryFile(path.join(dir, 'missing.json'), keys.publicKey, keys.privateKey)).rejects.toThrow(/ENOENT/);
  });
});
