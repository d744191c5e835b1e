/** @hardline/rotation — `hardline rotate`, `hardline secrets age` and the rotate-secrets action. */
export { rotateCommand, ageCommand, rotateSecretsCommand, ROTATE_INPUTS, AGE_INPUTS, ACTION_INPUTS, ROTATION_RULES } from './command';
export { loadPlan, parsePlan, selectEntries, type RotationPlan, type PlanEntry, type SinkSpec, type SourceSpec, type TriggerSpec } from './plan';
export { Rotator, type EntryResult, type SinkResult, type ProcedureOptions, type BoundSink } from './procedure';
export { acquireLock, isStale, lockFile, type LockInfo, type LockOptions, type HeldLock } from './lock';
export { notify, notificationText, webhookKind } from './notify';
export { runTriggers } from './trigger';
export { KeycloakSource } from './sources/keycloak';
export { VaultDatabaseSource } from './sources/vault-db';
export { VaultAppRoleSource } from './sources/vault-approle';
export { RandomSource, randomValue, RANDOM_ALPHABET } from './sources/random';
export type { RotationSource, Created, Overlap } from './sources/types';
