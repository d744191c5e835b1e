/**
 * Every CLI command and where it lives. Loaded lazily so `hardline compose` does not parse
 * the Vault or rotation code.
 */
import type { Command } from '@hardline/core';

export interface CommandEntry {
  words: string[];
  summary: string;
  load: () => Command;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: CommandEntry[] = [
  { words: ['compose'], summary: 'Validate Compose files: loading, schema, references and hardening rules', load: () => require('@hardline/compose').composeCommand },
  { words: ['scan'], summary: 'Scan commits, a directory or the index for secrets with gitleaks', load: () => require('@hardline/scan').scanCommand },
  { words: ['vault', 'unseal'], summary: 'Unseal every Vault node with Shamir keys from CI secrets', load: () => require('@hardline/vault').unsealCommand },
  { words: ['vault', 'init'], summary: 'Initialise a rebuilt Vault and store its keys straight into the CI secret store', load: () => require('@hardline/vault').initCommand },
  { words: ['vault', 'sync'], summary: 'Plan or apply policies, AppRoles and database static roles from vault.yml', load: () => require('@hardline/vault-sync').syncCommand },
  { words: ['recovery', 'keygen'], summary: 'Make the key pair that recovery files are sealed to (keep the private key offline)', load: () => require('@hardline/vault').recoveryKeygenCommand },
  { words: ['recovery', 'restore'], summary: 'Open a recovery file with the private key and put its values back into a store', load: () => require('@hardline/vault').recoveryRestoreCommand },
  { words: ['rotate'], summary: 'Rotate the credentials of rotation.yml into GitHub, GitLab and Vault without losing any', load: () => require('@hardline/rotation').rotateCommand },
  { words: ['secrets', 'age'], summary: 'Report CI secrets older than their maximum age', load: () => require('@hardline/rotation').ageCommand },
];
