/**
 * TEST SERVER for hardline's tests — NOT the real Keycloak server.
 *
 * A loopback (127.0.0.1, port 0) stand-in for the subset of Keycloak hardline uses: the realm token
 * endpoint (RS256 JWTs) and the admin REST API for client secrets, including the secret-rotation
 * policy's grace period, with scripted faults and an advanceable clock.
 * Drive it with real clients: `new KcAdminClient({ baseUrl: server.url, realmName })`.
 */
import { STATUS_CODES } from 'node:http';
import { FaultInjector, listen, Router, type JsonValue } from '../shared/http';
import { TokenSigner } from './jwt';
import { addAdminClientRoutes } from './routes-admin-clients';
import { addTokenRoutes, type KeycloakContext } from './routes-token';
import { KeycloakState, ROTATOR_CLIENT_ID, ROTATOR_SECRET } from './state';
import type { KeycloakTestServer, KeycloakTestServerOptions } from './types';

export * from './types';

/** What the default options (no `realms`) set up. */
export const KEYCLOAK_TEST_DEFAULTS = {
  realm: 'hardline',
  /** Confidential client with the manage-clients role, for client_credentials admin access. */
  rotatorClientId: ROTATOR_CLIENT_ID,
  rotatorSecret: ROTATOR_SECRET,
  /** A confidential client whose secret tests rotate. */
  appClientId: 'app-backend',
  /** master realm admin (password grant through admin-cli). */
  adminUser: 'admin',
  adminPassword: 'admin',
} as const;

export async function startKeycloakTestServer(opts: KeycloakTestServerOptions = {}): Promise<KeycloakTestServer> {
  const state = new KeycloakState(opts);
  const faults = new FaultInjector();
  faults.latencyMs = opts.latencyMs ?? 0;
  const router = new Router();
  let baseUrl = '';
  const app: KeycloakContext = {
    state,
    signer: new TokenSigner(),
    accessTokenLifespan: opts.accessTokenLifespanSeconds ?? 300,
    baseUrl: () => baseUrl,
  };
  addTokenRoutes(router, app);
  addAdminClientRoutes(router, app);

  const running = await listen({
    router,
    faults,
    notFound: () => ({ status: 404, body: { error: 'Unable to find matching target resource method' } }),
    faultBody: (status): JsonValue => ({ error: status >= 500 ? 'unknown_error' : `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trim() }),
  });
  baseUrl = running.url;

  const mustClient = (realm: string, clientId: string) => {
    const client = state.client(realm, clientId);
    if (!client) throw new Error(`no client ${clientId} in realm ${realm}`);
    return client;
  };

  return {
    url: running.url,
    addClient: (realm, clientId, secret, more) => state.addClient(realm, { ...more, clientId, secret }).id,
    clientSecret: (realm, clientId) => state.client(realm, clientId)?.secret,
    rotatedSecret: (realm, clientId) => state.rotatedInfo(mustClient(realm, clientId)),
    setRotationPolicy: (realm, on, graceSeconds = 3600, expirationSeconds) => {
      state.realm(realm, true)!.rotation = { on, graceSeconds, expirationSeconds };
    },
    advanceClock: (seconds) => state.advance(seconds),
    get stats() {
      return running.stats();
    },
    failNext: (fault) => faults.add(fault),
    setLatency: (ms) => {
      faults.latencyMs = ms;
    },
    clearFaults: () => faults.clear(),
    close: () => running.close(),
  };
}
