/**
 * `--issue-secret-id ROLE`: after the sync, mint one SecretID per named role with the role's own
 * TTL and number of uses, response-wrapped (wrap-ttl, default 10m) unless plain SecretIDs are
 * asked for. Every value is masked the moment Vault returns it.
 */
import { ConfigurationError, OperationalError, formatDuration, mask } from '@hardline/core';
import type { VaultResponse } from '@hardline/vault';
import { DEFAULT_APPROLE_MOUNT } from './desired';
import type { VaultFile } from './file';
import type { VaultApi } from './live';

export interface IssuedSecretId {
  role: string;
  mount: string;
  /** The wrapping token (wrapped) or the SecretID itself (plain): masked. */
  value: string;
  wrapped: boolean;
  /** Seconds the wrapping token lives (wrapped only). */
  wrapTtl?: number;
}

/** "mount/role" or "role" (mount from the file, else approle). Roles must be declared in the file. */
export function resolveRoles(names: readonly string[], file: VaultFile): Array<{ role: string; mount: string }> {
  const declared = file.raw.approles ?? {};
  return names.map((n) => {
    const slash = n.lastIndexOf('/');
    const role = slash >= 0 ? n.slice(slash + 1) : n;
    const mount = slash >= 0 ? n.slice(0, slash) : (declared[role]?.mount ?? DEFAULT_APPROLE_MOUNT);
    if (!declared[role] || (declared[role].mount ?? DEFAULT_APPROLE_MOUNT) !== mount) {
      throw new ConfigurationError(`issue-secret-id: "${n}" is not an AppRole declared in ${file.file} (expected one of ${Object.keys(declared).join(', ') || 'none'})`);
    }
    return { role, mount };
  });
}

export async function issueSecretIds(
  vault: VaultApi,
  roles: ReadonlyArray<{ role: string; mount: string }>,
  opts: { wrapTtl: number; plain: boolean },
): Promise<IssuedSecretId[]> {
  const out: IssuedSecretId[] = [];
  for (const { role, mount } of roles) {
    const path = `auth/${mount}/role/${role}/secret-id`;
    const res = await vault.write<VaultResponse<{ secret_id?: string }>>(path, {}, opts.plain ? {} : { wrapTtl: `${opts.wrapTtl}s` });
    if (opts.plain) {
      const id = res?.data?.secret_id;
      if (!id) throw new OperationalError(`Vault answered ${path} without a secret_id`, [`POST ${path}`]);
      out.push({ role, mount, value: mask(id), wrapped: false });
    } else {
      const token = res?.wrap_info?.token;
      if (!token) throw new OperationalError(`Vault answered ${path} without wrap_info (is response wrapping disabled by a proxy?)`, [`POST ${path} (X-Vault-Wrap-TTL ${formatDuration(opts.wrapTtl)})`]);
      out.push({ role, mount, value: mask(token), wrapped: true, wrapTtl: res?.wrap_info?.ttl ?? opts.wrapTtl });
    }
  }
  return out;
}
