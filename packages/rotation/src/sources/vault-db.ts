/**
 * The `vault-database-static-role` source: `POST <mount>/rotate-role/<role>` makes Vault set a new
 * database password at once, then `GET <mount>/static-creds/<role>` reads it. The database accepts
 * only the new password from that moment, so the old value cannot overlap: without a recovery key
 * the procedure refuses this source at preflight.
 */
import { mask, OperationalError } from '@hardline/core';
import type { VaultClient, VaultResponse } from '@hardline/vault';
import type { Created, Overlap, RotationSource } from './types';

interface StaticCreds {
  username?: string;
  password?: string;
  last_vault_rotation?: string;
}

export class VaultDatabaseSource implements RotationSource {
  readonly label: string;
  constructor(
    private readonly vault: VaultClient,
    private readonly mount: string,
    private readonly role: string,
  ) {
    this.label = `Vault database static role ${mount}/${role}`;
  }

  async preflight(): Promise<void> {
    const role = await this.vault.read<VaultResponse>(`${this.mount}/static-roles/${this.role}`);
    if (!role) {
      throw new OperationalError(`${this.label} does not exist (GET ${this.mount}/static-roles/${this.role} → 404)`, [`GET ${this.mount}/static-roles/${this.role}`], 'create the static role first, or fix mount/role in rotation.yml');
    }
    // Reading the current credentials proves the token may read what it will rotate.
    await this.readCreds();
  }

  async overlap(): Promise<Overlap> {
    return { keepsOld: false, explanation: 'rotate-role changes the database password at once: the previous password stops working immediately' };
  }

  async create(): Promise<Created> {
    await this.vault.write(`${this.mount}/rotate-role/${this.role}`, {});
    const creds = await this.readCreds();
    return { value: creds.password, facts: { username: creds.username, ...(creds.last_vault_rotation ? { rotatedAt: creds.last_vault_rotation } : {}) } };
  }

  async finish(): Promise<string> {
    return 'nothing to invalidate (Vault already replaced the database password)';
  }

  private async readCreds(): Promise<{ username: string; password: string; last_vault_rotation?: string }> {
    const body = await this.vault.read<VaultResponse<StaticCreds>>(`${this.mount}/static-creds/${this.role}`);
    const password = body?.data?.password;
    if (!body?.data || typeof password !== 'string' || password === '') {
      throw new OperationalError(`Vault returned no password for ${this.label}`, [`GET ${this.mount}/static-creds/${this.role}`]);
    }
    return { username: String(body.data.username ?? ''), password: mask(password), last_vault_rotation: body.data.last_vault_rotation };
  }
}
