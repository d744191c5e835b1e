/**
 * `hardline recovery keygen` and `hardline recovery restore`: the two ends of the recovery file
 * `vault init` (and rotation) write when a store fails. keygen writes the private key to a file
 * (mode 0600) and prints only the public key; restore opens a recovery file and writes its entries
 * into a store, verifying each. No value is ever printed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConfigurationError,
  OperationalError,
  createReport,
  defineCommand,
  fingerprint,
  mask,
  type InputSpecs,
} from '@hardline/core';
import { createStore, generateRecoveryKeypair, openRecoveryFile } from '@hardline/stores';
import { INIT_INPUTS, storeSpec } from './init-command';

export const RECOVERY_KEYGEN_INPUTS = {
  'private-key-file': {
    kind: 'string',
    required: true,
    description: 'Where to write the new private key (base64, mode 0600). Must not exist yet. Keep it offline; only the public key goes into CI.',
  },
} as const satisfies InputSpecs;

export const recoveryKeygenCommand = defineCommand({
  name: 'recovery keygen',
  summary: 'Create a recovery key pair: private key to a 0600 file, public key printed',
  inputs: RECOVERY_KEYGEN_INPUTS,
  reports: false,
  async run({ inputs, cwd }) {
    const file = path.resolve(cwd, inputs['private-key-file']);
    const pair = await generateRecoveryKeypair();
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, `${pair.privateKey}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      throw new ConfigurationError(`cannot create the private key file (${(err as NodeJS.ErrnoException).code ?? 'error'}; an existing file is never overwritten)`, { file: inputs['private-key-file'] });
    }
    return {
      report: createReport('recovery keygen', [], [], { publicKey: pair.publicKey }),
      outputs: { 'public-key': pair.publicKey },
      text: `recovery public key (give it to vault init as recovery-public-key):\n${pair.publicKey}\nprivate key written to ${inputs['private-key-file']} (mode 0600)\n`,
    };
  },
});

export const RECOVERY_RESTORE_INPUTS = {
  file: { kind: 'string', required: true, description: 'The recovery file to open (hardline-recovery-v1).' },
  'public-key': { kind: 'string', required: true, env: ['HARDLINE_RECOVERY_PUBLIC_KEY'], description: 'Base64 recovery public key the file was sealed to.' },
  'private-key': {
    kind: 'secret',
    required: true,
    env: ['HARDLINE_RECOVERY_PRIVATE_KEY'],
    description: 'Base64 recovery private key (from recovery keygen). Default: $HARDLINE_RECOVERY_PRIVATE_KEY. Prefer the environment over a flag.',
  },
  store: INIT_INPUTS.store,
  'github-token': INIT_INPUTS['github-token'],
  'github-api-url': INIT_INPUTS['github-api-url'],
  'github-visibility': INIT_INPUTS['github-visibility'],
  'gitlab-token': INIT_INPUTS['gitlab-token'],
  'gitlab-api-url': INIT_INPUTS['gitlab-api-url'],
  'gitlab-environment-scope': INIT_INPUTS['gitlab-environment-scope'],
  'audit-log': { kind: 'string', description: 'Append one JSON line per entry written (name and store, never a value).' },
} as const satisfies InputSpecs;

export const recoveryRestoreCommand = defineCommand({
  name: 'recovery restore',
  summary: 'Open a recovery file and write its entries into a GitHub or GitLab store',
  inputs: RECOVERY_RESTORE_INPUTS,
  auditInput: 'audit-log',
  async run({ inputs, env, cwd, platform, audit }) {
    mask(inputs['private-key']);
    const opened = await openRecoveryFile(path.resolve(cwd, inputs.file), inputs['public-key'], inputs['private-key']);
    const names = Object.keys(opened.entries);
    if (names.length === 0) throw new ConfigurationError('the recovery file holds no entries', { file: inputs.file });
    const store = createStore(storeSpec(inputs, env));
    await store.preflight();
    const done: string[] = [];
    try {
      for (const name of names) {
        await audit.time('store.write', `${store.label}: ${name}`, async () => {
          await store.write(name, opened.entries[name]);
          await store.verify(name, opened.entries[name]);
        });
        done.push(name);
        platform.info(`restored ${name} into ${store.label}`);
      }
    } catch (err) {
      if (err instanceof OperationalError || err instanceof ConfigurationError) {
        throw new OperationalError(`restoring into ${store.label} stopped after ${done.length} of ${names.length} entries: ${err.message}`, [...done.map((n) => `wrote ${n}`)], 'the recovery file is unchanged: fix the store access and run again');
      }
      throw err;
    }
    const context = Object.entries(opened.context).map(([k, v]) => `${k}=${v}`).join(', ');
    return {
      report: createReport('recovery restore', [
        {
          ruleId: 'recovery-restored',
          severity: 'note',
          message: `${names.join(', ')} restored into ${store.label} and verified (recovery file context: ${context || 'none'})`,
          fingerprint: fingerprint('recovery-restored', store.label, names.join(',')),
        },
      ]),
      outputs: { restored: names.join(',') },
    };
  },
});

