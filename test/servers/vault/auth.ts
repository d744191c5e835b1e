/**
 * TEST SERVER for hardline's tests, not Vault: request authentication and authorisation of the
 * Vault test server. The token comes from X-Vault-Token (or "Authorization: Bearer"); a missing,
 * unknown, expired or CIDR-bound-elsewhere token is 403 "permission denied", and a token whose
 * policies do not grant the operation is 403 with Vault's multierror-wrapped "permission denied".
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { compileAcl, isAllowed, type Operation } from './acl';
import type { VaultCore } from './core';
import { policyRules } from './policies';
import { lookupToken } from './tokens';
import type { TokenEntry } from './types';
import { permissionDenied, VaultHttpError } from './util';

export function headerToken(headers: Record<string, string | string[] | undefined>): string | null {
  const vaultToken = headers['x-vault-token'];
  if (typeof vaultToken === 'string' && vaultToken !== '') return vaultToken;
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization)) return authorization.replace(/^Bearer\s+/i, '');
  return null;
}

/** True when `address` falls in one of the CIDR blocks (or equals one of the plain addresses). */
export function addressInCidrs(address: string, cidrs: string[]): boolean {
  const normalised = address.replace(/^::ffff:/, '');
  const type = isIPv4(normalised) ? 'ipv4' : isIPv6(normalised) ? 'ipv6' : null;
  if (!type) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [ip, bits] = cidr.split('/');
    const family = isIPv4(ip) ? 'ipv4' : 'ipv6';
    list.addSubnet(ip, bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits), family);
  }
  return list.check(normalised, type);
}

/** The token the request authenticates with; throws 403 when there is none usable. */
export function authenticate(core: VaultCore, token: string | null, remoteAddress: string): TokenEntry {
  const entry = token ? lookupToken(core, token) : null;
  if (!entry) throw new VaultHttpError(403, ['permission denied']);
  if (entry.boundCidrs.length > 0 && !addressInCidrs(remoteAddress, entry.boundCidrs)) {
    throw new VaultHttpError(403, ['permission denied']);
  }
  return entry;
}

/** Throws 403 unless the token's policies allow `operation` on `path` (with sudo if required). */
export function authorize(core: VaultCore, token: TokenEntry, path: string, operation: Operation, needsSudo: boolean): void {
  const acl = compileAcl(token.policies, (name) => policyRules(core, name));
  if (!isAllowed(acl, path, operation, needsSudo)) throw permissionDenied();
}
