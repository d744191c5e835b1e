/**
 * TEST SERVER for hardline's tests — NOT the real Keycloak server.
 *
 * Public types of the Keycloak test server: realms, clients, users, rotation policy and the handle.
 */
import type { FaultSpec, ServerStats } from '../shared/http';

export type { FaultSpec, RequestRecord, ServerStats } from '../shared/http';

/** Client roles of the `realm-management` client that the admin API checks. `realm-admin` implies the others. */
export type RealmManagementRole = 'realm-admin' | 'manage-clients' | 'view-clients' | 'query-clients';

export interface KeycloakClientConfig {
  clientId: string;
  /** Confidential client secret. Default: a generated 32-character secret (none for public clients). */
  secret?: string;
  /** Public clients (like admin-cli) have no secret and cannot use client_credentials. */
  publicClient?: boolean;
  /** Default true for confidential clients: allows the client_credentials grant. */
  serviceAccountsEnabled?: boolean;
  /** realm-management roles of the client's service account. */
  roles?: RealmManagementRole[];
  /** Internal id (UUID). Default: generated. */
  id?: string;
}

export interface KeycloakUserConfig {
  username: string;
  password: string;
  /** realm-management roles in this realm. */
  roles?: RealmManagementRole[];
  /** Realm role `admin` (meaningful in the master realm): administers every realm. */
  admin?: boolean;
}

/** Keycloak's "secret-rotation" client-policy executor, reduced to what a rotation needs. */
export interface RotationPolicy {
  on: boolean;
  /** Rotated-secret expiration ("remain valid" grace period) in seconds; 0 keeps no rotated secret. */
  graceSeconds: number;
  /** Lifetime of a current secret in seconds; once past it the secret no longer authenticates. Default: unlimited. */
  expirationSeconds?: number;
}

export interface KeycloakRealmConfig {
  realm: string;
  clients?: KeycloakClientConfig[];
  users?: KeycloakUserConfig[];
  rotation?: RotationPolicy;
}

export interface KeycloakTestServerOptions {
  /**
   * Default: `master` (public client admin-cli, user admin/admin with the admin role) and `hardline`
   * (confidential client KEYCLOAK_TEST_DEFAULTS.rotatorClientId with manage-clients, and client 'app-backend').
   * A `master` realm with admin-cli is always added when missing.
   */
  realms?: KeycloakRealmConfig[];
  /** Access token lifespan; default 300 s, Keycloak's default. */
  accessTokenLifespanSeconds?: number;
  latencyMs?: number;
}

export interface RotatedSecretInfo {
  value: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface KeycloakTestServer {
  /** Keycloak base URL (no /auth prefix), for KcAdminClient's `baseUrl`. */
  readonly url: string;
  /** Adds (or replaces) a client; the realm is created if needed. Returns its internal id. */
  addClient(realm: string, clientId: string, secret?: string, opts?: Omit<KeycloakClientConfig, 'clientId' | 'secret'>): string;
  /** The client's current secret. */
  clientSecret(realm: string, clientId: string): string | undefined;
  /** The rotated (previous) secret kept by the rotation policy, with its expiry. */
  rotatedSecret(realm: string, clientId: string): RotatedSecretInfo | undefined;
  /** Turns the secret-rotation policy on or off for a realm. */
  setRotationPolicy(realm: string, on: boolean, graceSeconds?: number, expirationSeconds?: number): void;
  /** Moves the server's clock forward (token expiry, rotated-secret grace), instead of sleeping. */
  advanceClock(seconds: number): void;
  readonly stats: ServerStats;
  /** Scripts failures, e.g. `failNext({status: 503})` or one route only with `method`/`path`. */
  failNext(fault: FaultSpec): void;
  setLatency(ms: number): void;
  /** Drops scripted faults and latency. */
  clearFaults(): void;
  close(): Promise<void>;
}
