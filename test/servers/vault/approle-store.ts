/**
 * TEST SERVER for hardline's tests, not Vault: storage helpers shared by the Vault test server's
 * AppRole routes — the mount's state, role lookup, and the live (unexpired) secret IDs of a role.
 */
import type { VaultCore } from './core';
import type { RouteContext } from './router';
import type { AppRoleMountState, AppRoleRole, AppRoleSecretId } from './types';
import { badRequest, VaultHttpError } from './util';

export function approleState(ctx: RouteContext): AppRoleMountState {
  const state = ctx.core.data.approle[ctx.mountPath];
  if (!state) throw new VaultHttpError(500, [`no AppRole storage for ${ctx.mountPath}`]);
  return state;
}

/** Role names are case-insensitive in Vault. */
export const roleName = (ctx: RouteContext): string => ctx.params.role_name.toLowerCase();

/** The named role; throws Vault's 400 `role "x" does not exist` when missing. */
export function existingRole(ctx: RouteContext): AppRoleRole {
  const role = approleState(ctx).roles[roleName(ctx)];
  if (!role) throw badRequest(`role ${JSON.stringify(ctx.params.role_name)} does not exist`);
  return role;
}

/** The role's secret IDs that have not expired, keyed by secret ID; expired ones are removed. */
export function liveSecretIds(core: VaultCore, state: AppRoleMountState, role: string): Record<string, AppRoleSecretId> {
  const live: Record<string, AppRoleSecretId> = {};
  for (const [secretId, entry] of Object.entries(state.secretIds)) {
    if (entry.roleName !== role) continue;
    if (entry.expirationTime > 0 && Date.now() >= entry.expirationTime) {
      delete state.secretIds[secretId];
      core.touch();
      continue;
    }
    live[secretId] = entry;
  }
  return live;
}
