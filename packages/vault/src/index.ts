export * from './client';
export * from './unseal';
export { unsealCommand, unsealResult, UNSEAL_INPUTS, UNSEAL_RULES, VAULT_CONNECTION_INPUTS } from './unseal-command';
export * from './init';
export { initCommand, INIT_INPUTS, INIT_RULES, storeSpec } from './init-command';
export { recoveryKeygenCommand, recoveryRestoreCommand, RECOVERY_KEYGEN_INPUTS, RECOVERY_RESTORE_INPUTS } from './recovery-command';
