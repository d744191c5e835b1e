/**
 * The `vault-approle-secret-id` source: mint a new secret ID (`POST auth/<mount>/role/<role>/secret-id`),
 * leave every older one valid while the sinks are set and verified, then destroy the accessors
 * beyond the newest `keep` (by creation time, never the one just minted).
 */
import { mask, OperationalError } from '@hardline/core';
import type { VaultClient, VaultResponse } from '@hardline/vault';
import type { Created, Overlap, RotationSource } from './types';

interface SecretIdAnswer {
  secret_id?: string;
  secret_id_accessor?: string;
}

export class VaultAppRoleSource implements RotationSource {
  readonly label: string;
  constructor(
    private readonly vault: VaultClient,
    private readonly mount: string,
    private readonly role: string,
    private readonly keep: number,
    private readonly entry: string,
  ) {
    this.label = `Vault AppRole secret ID of ${mount}/${role}`;
  }

  private get base(): string {
    return `auth/${this.mount}/role/${this.role}`;
  }

  async preflight(): Promise<void> {
    const role = await this.vault.read<VaultResponse>(this.base);
    if (!role) throw new OperationalError(`${this.label}: the role does not exist (GET ${this.base} → 404)`, [`GET ${this.base}`], 'create the AppRole role first, or fix mount/role in rotation.yml');
    await this.vault.list(`${this.base}/secret-id`);
  }

  async overlap(): Promise<Overlap> {
    return { keepsOld: true, explanation: `older secret IDs stay valid until the sinks are verified; then all but the newest ${this.keep} are destroyed` };
  }

  async create(): Promise<Created> {
    const body = await this.vault.write<VaultResponse<SecretIdAnswer>>(`${this.base}/secret-id`, {
      metadata: JSON.stringify({ 'created-by': 'hardline rotate', entry: this.entry }),
    });
    const id = body?.data?.secret_id;
    const accessor = body?.data?.secret_id_accessor;
    if (!id || !accessor) throw new OperationalError(`Vault returned no secret ID for ${this.label}`, [`POST ${this.base}/secret-id`]);
    return { value: mask(id), facts: { accessor } };
  }

  async finish(created: Created): Promise<string> {
    const accessors = await this.vault.list(`${this.base}/secret-id`);
    const dated: Array<{ accessor: string; created: number }> = [];
    for (const accessor of accessors) {
      const info = await this.vault.write<VaultResponse<{ creation_time?: string }>>(`${this.base}/secret-id-accessor/lookup`, { secret_id_accessor: accessor });
      const t = Date.parse(info?.data?.creation_time ?? '');
      dated.push({ accessor, created: Number.isNaN(t) ? 0 : t });
    }
    dated.sort((a, b) => b.created - a.created);
    const mine = created.facts.accessor;
    const kept = new Set<string>([mine]);
    for (const d of dated) if (kept.size < this.keep) kept.add(d.accessor);
    const doomed = dated.filter((d) => !kept.has(d.accessor));
    for (const d of doomed) await this.vault.write(`${this.base}/secret-id-accessor/destroy`, { secret_id_accessor: d.accessor });
    return `destroyed ${doomed.length} older secret ID(s), kept the newest ${kept.size}`;
  }
}
