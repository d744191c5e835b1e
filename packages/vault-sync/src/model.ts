/**
 * The normalised objects vault sync compares: one per Vault object, with the fields the file
 * declares in the form Vault answers them (durations in seconds, sets sorted), the writes that
 * create or update it, and where the file declares it.
 */

/** Dependency order: apply writes in this order, deletes in the reverse. */
export const KINDS = ['mount', 'auth', 'policy', 'approle', 'db-connection', 'db-static-role', 'kv'] as const;
export type Kind = (typeof KINDS)[number];

export type FieldValue = string | number | boolean | string[] | Record<string, string>;
export type Fields = Record<string, FieldValue>;

export interface VaultWrite {
  method: 'write' | 'delete';
  path: string;
  body?: Record<string, unknown>;
}

export interface DesiredObject {
  kind: Kind;
  /** Display name, e.g. "approle approle/mcp-hr". */
  id: string;
  /** The Vault path that identifies it (sys/policies/acl/mcp-hr). */
  path: string;
  /** Normalised fields to compare with the live state (only what the file declares). */
  fields: Fields;
  /** Field values never shown (kv data, passwords): the plan names the field only. */
  secret?: boolean;
  /** Writes that create it. */
  create(): VaultWrite[];
  /** Writes that bring a live object to the desired fields, given the names of the fields that differ. */
  update(changed: readonly string[]): VaultWrite[];
  file?: string;
  line?: number;
}

/** Which kinds may be pruned, and where: only kinds the file lists, under the mounts it manages. */
export interface PruneScope {
  policies: boolean;
  /** AppRole mounts whose roles are managed. */
  approleMounts: string[];
  /** Database mount whose static roles are managed, if the file lists static_roles. */
  staticRoleMount?: string;
}

export interface DesiredState {
  objects: DesiredObject[];
  prune: PruneScope;
}

/** Live state: normalised fields per object path (absent = does not exist), plus listings for pruning. */
export interface LiveState {
  objects: Map<string, Fields>;
  /** Listed names for pruning: "policy" → names, "approle:<mount>" → names, "db-static-role:<mount>" → names. */
  listings: Map<string, string[]>;
  reads: number;
}

export type Action = 'create' | 'update' | 'delete' | 'unchanged' | 'conflict';

export interface FieldChange {
  field: string;
  /** Display values; undefined for secret fields. */
  from?: string;
  to?: string;
}

export interface PlanEntry {
  kind: Kind;
  id: string;
  path: string;
  action: Action;
  changes: FieldChange[];
  writes: VaultWrite[];
  /** Why an entry cannot be applied (conflict). */
  reason?: string;
  file?: string;
  line?: number;
}

export interface Plan {
  entries: PlanEntry[];
}

/** Built-in policies never pruned. */
export const BUILTIN_POLICIES = ['root', 'default'];
