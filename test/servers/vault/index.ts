/**
 * TEST SERVER for hardline's tests, not Vault: a loopback HTTP server that imitates HashiCorp
 * Vault's HTTP API (seal lifecycle, tokens and ACL policies, mounts, AppRole, database static
 * roles, KV v1/v2, response wrapping) closely enough for hardline's unseal, init, sync and
 * rotation code to be tested against it. See the README-style header of each module for what is
 * faithful and what is deliberately left out.
 */
import { ROUTES } from './pipeline';
import type { RouteMethod } from './router';

export { startVaultTestServer, type VaultTestServer } from './server';
export type {
  InitResult,
  VaultData,
  VaultFaults,
  VaultRequestRecord,
  VaultStateView,
  VaultStats,
  VaultTestServerOptions,
} from './types';
export { combine, split } from '../shamir';

export interface VaultRouteInfo {
  method: RouteMethod;
  /** OpenAPI-style template, e.g. "/auth/{approle_mount_path}/role/{role_name}". */
  template: string;
  sudo: boolean;
  unauthenticated: boolean;
  createSupported: boolean;
  /** Body parameters the server understands for POST, when declared. */
  accepts: readonly string[] | null;
}

/** Every method + path the server implements, for contract checks against Vault's OpenAPI. */
export const vaultRouteTable: readonly VaultRouteInfo[] = ROUTES.flatMap((route) =>
  (Object.keys(route.handlers) as RouteMethod[]).map((method) => ({
    method,
    template: route.template,
    sudo: route.sudo ?? false,
    unauthenticated: route.unauthenticated ?? false,
    createSupported: route.exists !== undefined,
    accepts: method === 'POST' ? (route.accepts ?? null) : null,
  })),
);
