/**
 * TEST SERVER for hardline's tests, not Vault: how the Vault test server keeps its state at rest.
 *
 * Like Vault, nothing usable is stored in the clear: the root key is stored only encrypted under
 * the unseal key (AES-256-GCM, the way Vault's Shamir seal stores it), and every other piece of
 * state (tokens, policies, mounts, secrets) is stored encrypted under the root key. Unseal keys
 * are never stored, so only the right shares can open a persisted state after `restart()`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { MountEntry, SealConfig, VaultData } from './types';
import { newAccessor, newToken, uuid } from './util';

export interface SealedBlob {
  iv: string;
  tag: string;
  ciphertext: string;
}

export interface PersistedState {
  format: 'hardline-vault-test-server/1';
  seal: SealConfig | null;
  /** The root key, encrypted under the (Shamir-combined) unseal key. */
  keyring: SealedBlob | null;
  /** {@link VaultData} as JSON, encrypted under the root key. */
  barrier: SealedBlob | null;
}

export const emptyPersistedState = (): PersistedState => ({ format: 'hardline-vault-test-server/1', seal: null, keyring: null, barrier: null });

/** Thrown when a blob does not decrypt: Go's crypto/cipher wording, which Vault passes through. */
export class DecryptError extends Error {
  constructor() {
    super('cipher: message authentication failed');
  }
}

export function encrypt(key: Buffer, plaintext: Buffer): SealedBlob {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

export function decrypt(key: Buffer, blob: SealedBlob): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(blob.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(blob.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(blob.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new DecryptError();
  }
}

export function readPersistedState(file: string): PersistedState {
  if (!existsSync(file)) return emptyPersistedState();
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
  if (parsed.format !== 'hardline-vault-test-server/1') throw new Error(`${file} is not a Vault test server state file`);
  return parsed;
}

/** Writes atomically (temp file + rename) so a crash mid-write never leaves half a state. */
export function writePersistedState(file: string, state: PersistedState): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(temp, file);
}

const hex8 = (): string => randomBytes(4).toString('hex');

export function newMountEntry(type: string, description: string, options: Record<string, string> | null, accessorPrefix = type): MountEntry {
  return {
    type,
    description,
    accessor: `${accessorPrefix}_${hex8()}`,
    uuid: uuid(),
    local: false,
    sealWrap: false,
    externalEntropyAccess: false,
    options,
    defaultLeaseTtl: 0,
    maxLeaseTtl: 0,
    forceNoCache: false,
  };
}

/** The policy Vault creates at initialisation and attaches to every non-root token. */
export const DEFAULT_POLICY = `
# Allow tokens to look up their own properties
path "auth/token/lookup-self" {
    capabilities = ["read"]
}

# Allow tokens to renew themselves
path "auth/token/renew-self" {
    capabilities = ["update"]
}

# Allow tokens to revoke themselves
path "auth/token/revoke-self" {
    capabilities = ["update"]
}

# Allow a token to look up its own capabilities on a path
path "sys/capabilities-self" {
    capabilities = ["update"]
}

# Allow a token to look up its own entity by id or name
path "identity/entity/id/{{identity.entity.id}}" {
  capabilities = ["read"]
}
path "identity/entity/name/{{identity.entity.name}}" {
  capabilities = ["read"]
}

# Allow a token to look up its resultant ACL from all policies
path "sys/internal/ui/resultant-acl" {
    capabilities = ["read"]
}

# Allow a token to renew a lease via lease_id in the request body
path "sys/renew" {
    capabilities = ["update"]
}
path "sys/leases/renew" {
    capabilities = ["update"]
}

# Allow looking up lease properties
path "sys/leases/lookup" {
    capabilities = ["update"]
}

# Allow a token to manage its own cubbyhole
path "cubbyhole/*" {
    capabilities = ["create", "read", "update", "delete", "list"]
}

# Allow a token to wrap arbitrary values in a response-wrapping token
path "sys/wrapping/wrap" {
    capabilities = ["update"]
}

# Allow a token to look up the creation time and TTL of a given
# response-wrapping token
path "sys/wrapping/lookup" {
    capabilities = ["update"]
}

# Allow a token to unwrap a response-wrapping token
path "sys/wrapping/unwrap" {
    capabilities = ["update"]
}

# Allow general purpose tools
path "sys/tools/hash" {
    capabilities = ["update"]
}
path "sys/tools/hash/*" {
    capabilities = ["update"]
}

# Allow checking the status of a Control Group request if the user has the
# accessor
path "sys/control-group/request" {
    capabilities = ["update"]
}

# Allow a token to make requests to the Authorization Endpoint for OIDC providers.
path "identity/oidc/provider/+/authorize" {
    capabilities = ["read", "update"]
}
`;

/** A freshly initialised production Vault: cubbyhole, identity and sys mounts, token auth only. */
export function freshData(rootToken: string = newToken()): VaultData {
  const now = Date.now();
  return {
    clusterName: `vault-cluster-${hex8()}`,
    clusterId: uuid(),
    policies: { default: DEFAULT_POLICY },
    mounts: {
      'cubbyhole/': { ...newMountEntry('cubbyhole', 'per-token private secret storage', null), local: true },
      'identity/': newMountEntry('identity', 'identity store', null),
      'sys/': newMountEntry('system', 'system endpoints used for control, policy and debugging', null),
    },
    authMounts: { 'token/': newMountEntry('token', 'token based credentials', null, 'auth_token') },
    tokens: {
      [rootToken]: {
        id: rootToken,
        accessor: newAccessor(),
        policies: ['root'],
        meta: null,
        displayName: 'root',
        path: 'auth/token/root',
        creationTime: now,
        ttl: 0,
        explicitMaxTtl: 0,
        period: 0,
        numUses: 0,
        orphan: true,
        renewable: false,
        entityId: '',
        boundCidrs: [],
      },
    },
    kv: {},
    database: {},
    approle: {},
    wrapping: {},
  };
}
