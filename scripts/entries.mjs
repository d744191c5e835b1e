// Every bundle dist/ holds: one per action, one for the CLI. Action folders point at dist/<name>/index.js.
export const ENTRIES = {
  'compose-validate': 'packages/compose/src/main.ts',
  'secret-scan': 'packages/scan/src/main.ts',
  'vault-unseal': 'packages/vault/src/unseal-main.ts',
  'vault-init': 'packages/vault/src/init-main.ts',
  'vault-sync': 'packages/vault-sync/src/main.ts',
  'rotate-secrets': 'packages/rotation/src/main.ts',
  cli: 'packages/cli/src/main.ts',
};
