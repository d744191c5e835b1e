/**
 * TEST SERVER for hardline's tests — NOT the real Keycloak server.
 *
 * In-memory realms, clients and users, the server clock, and client-secret rotation the way
 * Keycloak's "secret-rotation" executor does it: with the policy on, regenerating keeps the previous
 * secret as the *rotated* secret until its expiration; with it off, the previous secret dies at once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  KeycloakClientConfig,
  KeycloakRealmConfig,
  KeycloakTestServerOptions,
  KeycloakUserConfig,
  RealmManagementRole,
  RotatedSecretInfo,
  RotationPolicy,
} from './types';

export interface Client {
  id: string;
  clientId: string;
  publicClient: boolean;
  serviceAccountsEnabled: boolean;
  roles: RealmManagementRole[];
  secret?: string;
  secretCreatedAt: number;
  rotated?: { value: string; createdAt: number; expiresAt: number };
}

export interface Realm {
  name: string;
  clients: Client[];
  users: KeycloakUserConfig[];
  rotation: RotationPolicy;
}

export const ROTATOR_CLIENT_ID = 'hardline-rotator';
export const ROTATOR_SECRET = 'rotator-secret-0123456789abcdefXYZ';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Keycloak's generated client secrets: 32 random alphanumerics. */
export function generateSecret(): string {
  return [...randomBytes(32)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

function defaultRealms(): KeycloakRealmConfig[] {
  return [
    {
      realm: 'master',
      clients: [{ clientId: 'admin-cli', publicClient: true }],
      users: [{ username: 'admin', password: 'admin', admin: true }],
    },
    {
      realm: 'hardline',
      clients: [
        { clientId: ROTATOR_CLIENT_ID, secret: ROTATOR_SECRET, roles: ['manage-clients'] },
        { clientId: 'app-backend' },
      ],
    },
  ];
}

export class KeycloakState {
  readonly realms = new Map<string, Realm>();
  private offsetMs = 0;

  constructor(opts: KeycloakTestServerOptions) {
    for (const r of opts.realms ?? defaultRealms()) {
      const realm = this.realm(r.realm, true)!;
      if (r.rotation) realm.rotation = { ...r.rotation };
      for (const c of r.clients ?? []) this.addClient(r.realm, c);
      realm.users.push(...(r.users ?? []));
    }
    const master = this.realm('master', true)!;
    if (!master.clients.some((c) => c.clientId === 'admin-cli')) this.addClient('master', { clientId: 'admin-cli', publicClient: true });
  }

  /** Milliseconds since the epoch on the server's (advanceable) clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }

  realm(name: string, create = false): Realm | undefined {
    let realm = this.realms.get(name);
    if (!realm && create) {
      realm = { name, clients: [], users: [], rotation: { on: false, graceSeconds: 0 } };
      this.realms.set(name, realm);
    }
    return realm;
  }

  addClient(realmName: string, config: KeycloakClientConfig): Client {
    const realm = this.realm(realmName, true)!;
    const publicClient = config.publicClient ?? false;
    const client: Client = {
      id: config.id ?? randomUUID(),
      clientId: config.clientId,
      publicClient,
      serviceAccountsEnabled: config.serviceAccountsEnabled ?? !publicClient,
      roles: config.roles ?? [],
      secret: publicClient ? undefined : (config.secret ?? generateSecret()),
      secretCreatedAt: this.now(),
    };
    realm.clients = realm.clients.filter((c) => c.clientId !== config.clientId);
    realm.clients.push(client);
    return client;
  }

  client(realmName: string, clientId: string): Client | undefined {
    return this.realm(realmName)?.clients.find((c) => c.clientId === clientId);
  }

  /** The current secret (unless the policy's expiration has passed) or the rotated one within its grace period. */
  secretMatches(realm: Realm, client: Client, given: string): boolean {
    const now = this.now();
    const expiration = realm.rotation.on ? realm.rotation.expirationSeconds : undefined;
    const currentAlive = expiration === undefined || now < client.secretCreatedAt + expiration * 1000;
    if (client.secret !== undefined && given === client.secret && currentAlive) return true;
    return client.rotated !== undefined && given === client.rotated.value && now < client.rotated.expiresAt;
  }

  /** POST .../client-secret */
  regenerate(realm: Realm, client: Client): string {
    const previous = client.secret;
    const now = this.now();
    client.secret = generateSecret();
    client.secretCreatedAt = now;
    if (realm.rotation.on && realm.rotation.graceSeconds > 0 && previous !== undefined) {
      client.rotated = { value: previous, createdAt: now, expiresAt: now + realm.rotation.graceSeconds * 1000 };
    } else {
      client.rotated = undefined;
    }
    return client.secret;
  }

  rotatedInfo(client: Client): RotatedSecretInfo | undefined {
    const r = client.rotated;
    return r && { value: r.value, createdAt: new Date(r.createdAt), expiresAt: new Date(r.expiresAt) };
  }
}
