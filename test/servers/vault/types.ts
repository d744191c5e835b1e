/**
 * TEST SERVER for hardline's tests, not Vault: the types of the Vault test server — its public
 * options, fault switches and statistics, and the shape of the state it keeps (and persists).
 */
import type { JsonObject } from './util';

/** Switches a test flips to make the server misbehave. Mutable: change them at any time. */
export interface VaultFaults {
  /** Epoch ms: until then the port is closed (connections are refused) and open sockets dropped. */
  refuseUntil: number;
  /** Answers the next `count` requests (any route, health included) with `status` and `{"errors": [...]}`. */
  failNext: { status: 500 | 503; count: number; errors?: string[] } | null;
  /** Added delay before every response, in ms. */
  slowMs: number;
  /** Reports this node as a standby: sys/health answers 429 (or standbycode / 200 with standbyok). */
  standby: boolean;
}

export interface VaultTestServerOptions {
  /** JSON file the state is persisted to on every change, and reloaded from by `restart()`. */
  stateFile?: string;
  faults?: Partial<VaultFaults>;
  standby?: boolean;
  /** Added latency per request, in ms (on top of `faults.slowMs`). */
  latencyMs?: number;
  /** Called with the new credentials whenever a database static role's password rotates. */
  onRotate?: (username: string, password: string) => Promise<void>;
  /** Reported as `version` by sys/health and sys/seal-status. Default "1.21.0". */
  version?: string;
  /** Observes every answer: route is "METHOD /template" (or "METHOD /path" when unrouted). */
  onResponse?: (response: { route: string; status: number; body: JsonObject | null }) => void;
}

export interface VaultRequestRecord {
  method: string;
  path: string;
  status: number;
}

export interface VaultStats {
  /** GET, HEAD and LIST requests (LIST includes GET ?list=true). */
  reads: number;
  /** Successful (status < 400) POST/PUT/PATCH/DELETE requests that change state (lookups excluded). */
  writes: number;
  /** Requests per "METHOD /template" (OpenAPI template), or "METHOD /path" when no route matched. */
  byRoute: Record<string, number>;
  requests: VaultRequestRecord[];
}

export interface InitResult {
  /** Unseal keys, hex. */
  keys: string[];
  keysBase64: string[];
  rootToken: string;
}

export interface MountEntry {
  type: string;
  description: string;
  accessor: string;
  uuid: string;
  local: boolean;
  sealWrap: boolean;
  externalEntropyAccess: boolean;
  options: Record<string, string> | null;
  defaultLeaseTtl: number;
  maxLeaseTtl: number;
  forceNoCache: boolean;
}

export interface TokenEntry {
  id: string;
  accessor: string;
  policies: string[];
  meta: Record<string, string> | null;
  displayName: string;
  path: string;
  /** Epoch ms. */
  creationTime: number;
  /** Seconds; 0 = never expires. */
  ttl: number;
  explicitMaxTtl: number;
  period: number;
  /** Remaining uses; 0 = unlimited. */
  numUses: number;
  orphan: boolean;
  renewable: boolean;
  entityId: string;
  boundCidrs: string[];
}

export interface AppRoleRole {
  name: string;
  roleId: string;
  bindSecretId: boolean;
  secretIdBoundCidrs: string[];
  secretIdNumUses: number;
  secretIdTtl: number;
  localSecretIds: boolean;
  tokenPolicies: string[];
  /** Set only through the deprecated `policies` parameter; read back as `policies`. */
  legacyPolicies: boolean;
  tokenTtl: number;
  tokenMaxTtl: number;
  tokenExplicitMaxTtl: number;
  tokenPeriod: number;
  legacyPeriod: boolean;
  tokenNumUses: number;
  tokenBoundCidrs: string[];
  tokenNoDefaultPolicy: boolean;
  tokenType: string;
  entityId: string;
}

export interface AppRoleSecretId {
  secretId: string;
  accessor: string;
  roleName: string;
  metadata: Record<string, string>;
  cidrList: string[];
  tokenBoundCidrs: string[];
  /** Epoch ms. */
  creationTime: number;
  lastUpdatedTime: number;
  /** Epoch ms; 0 = never. */
  expirationTime: number;
  ttl: number;
  /** Uses left; 0 = unlimited. */
  numUses: number;
}

export interface AppRoleMountState {
  roles: Record<string, AppRoleRole>;
  secretIds: Record<string, AppRoleSecretId>;
}

export interface KvVersion {
  data: JsonObject | null;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
}

export interface KvSecret {
  versions: Record<string, KvVersion>;
  currentVersion: number;
  oldestVersion: number;
  maxVersions: number;
  casRequired: boolean;
  deleteVersionAfter: number;
  customMetadata: Record<string, string> | null;
  createdTime: string;
  updatedTime: string;
}

export interface KvMountState {
  version: 1 | 2;
  config: { maxVersions: number; casRequired: boolean; deleteVersionAfter: number };
  v1: Record<string, JsonObject>;
  v2: Record<string, KvSecret>;
}

export interface DbConnection {
  pluginName: string;
  pluginVersion: string;
  /** Includes the password; never returned by a read. */
  connectionDetails: JsonObject;
  allowedRoles: string[];
  passwordPolicy: string;
  rootRotationStatements: string[];
  verifyConnection: boolean;
}

export interface DbStaticRole {
  username: string;
  dbName: string;
  rotationPeriod: number;
  rotationSchedule: string;
  rotationWindow: number;
  rotationStatements: string[];
  credentialType: string;
  password: string;
  /** Epoch ms of the last rotation. */
  lastRotation: number;
}

export interface DbMountState {
  connections: Record<string, DbConnection>;
  staticRoles: Record<string, DbStaticRole>;
}

export interface WrappedResponse {
  token: string;
  accessor: string;
  ttl: number;
  /** Epoch ms. */
  creationTime: number;
  creationPath: string;
  /** The whole response body unwrap returns. */
  response: JsonObject;
}

/** Everything behind the barrier: only readable while unsealed, encrypted at rest. */
export interface VaultData {
  clusterName: string;
  clusterId: string;
  /** Name -> HCL. "root" is implicit and never stored. */
  policies: Record<string, string>;
  /** Secret engine mounts, keyed "path/". */
  mounts: Record<string, MountEntry>;
  /** Auth method mounts, keyed "path/" (without "auth/"). */
  authMounts: Record<string, MountEntry>;
  tokens: Record<string, TokenEntry>;
  kv: Record<string, KvMountState>;
  database: Record<string, DbMountState>;
  approle: Record<string, AppRoleMountState>;
  wrapping: Record<string, WrappedResponse>;
}

export interface SealConfig {
  shares: number;
  threshold: number;
}

/** A read-only view for assertions. `data` is null while the barrier is sealed. */
export interface VaultStateView {
  initialized: boolean;
  sealed: boolean;
  sealConfig: Readonly<SealConfig> | null;
  unsealProgress: number;
  data: Readonly<VaultData> | null;
}
