/**
 * TEST SERVER for hardline's tests — NOT the real Keycloak server.
 *
 * Admin REST API for clients and their secrets, under /admin/realms/{realm}/clients:
 * find by clientId, get by id, get / regenerate the secret, get / invalidate the rotated secret.
 * Authorization follows Keycloak 26.8+: reading or changing a secret needs manage-clients
 * (view-clients only sees a masked `secret` in client representations); a master-realm `admin`
 * may administer every realm.
 */
import type { Handler, JsonObject, Reply, RequestContext, Router } from '../shared/http';
import type { KeycloakContext } from './routes-token';
import type { Client, Realm } from './state';

type Need = 'query' | 'view' | 'manage';

const MASKED = '**********';
const unauthorized = (): Reply => ({ status: 401, body: { error: 'HTTP 401 Unauthorized' } });
const forbidden = (): Reply => ({ status: 403, body: { error: 'unknown_error' } });
const notFound = (error: string): Reply => ({ status: 404, body: { error } });

interface Admin {
  roles: Set<string>;
}

function authenticate(app: KeycloakContext, ctx: RequestContext): Admin | Reply {
  const m = /^bearer\s+(\S+)\s*$/i.exec(String(ctx.headers.authorization ?? ''));
  const claims = m ? app.signer.verify(m[1]!) : undefined;
  if (!claims || claims.typ !== 'Bearer' || Number(claims.exp) * 1000 <= app.state.now()) return unauthorized();
  const prefix = `${app.baseUrl()}/realms/`;
  const tokenRealm = String(claims.iss).startsWith(prefix) ? String(claims.iss).slice(prefix.length) : '';
  const realmRoles = (claims.realm_access as { roles?: string[] } | undefined)?.roles ?? [];
  const mgmt = (claims.resource_access as Record<string, { roles?: string[] }> | undefined)?.['realm-management']?.roles ?? [];
  const roles = new Set<string>();
  if (tokenRealm === 'master' && realmRoles.includes('admin')) roles.add('*');
  if (tokenRealm === ctx.params.realm) mgmt.forEach((r) => roles.add(r));
  return { roles };
}

function allowed(admin: Admin, need: Need): boolean {
  const r = admin.roles;
  if (r.has('*') || r.has('realm-admin') || r.has('manage-clients')) return true;
  if (need === 'view') return r.has('view-clients');
  if (need === 'query') return r.has('view-clients') || r.has('query-clients');
  return false;
}

function route(
  app: KeycloakContext,
  need: Need,
  fn: (ctx: RequestContext, realm: Realm, admin: Admin, client: Client | undefined) => Reply,
): Handler {
  return (ctx) => {
    const admin = authenticate(app, ctx);
    if ('status' in admin) return admin;
    const realm = app.state.realm(ctx.params.realm ?? '');
    if (!realm) return notFound('Realm not found.');
    if (!allowed(admin, need)) return forbidden();
    let client: Client | undefined;
    if (ctx.params.id !== undefined) {
      client = realm.clients.find((c) => c.id === ctx.params.id);
      if (!client) return notFound('Could not find client');
    }
    return fn(ctx, realm, admin, client);
  };
}

function clientJson(realm: Realm, c: Client, admin: Admin): JsonObject {
  const attributes: JsonObject = { 'client.secret.creation.time': String(Math.floor(c.secretCreatedAt / 1000)) };
  if (realm.rotation.on && realm.rotation.expirationSeconds !== undefined) {
    attributes['client.secret.expiration.time'] = String(Math.floor(c.secretCreatedAt / 1000) + realm.rotation.expirationSeconds);
  }
  if (c.rotated) {
    attributes['client.secret.rotated.creation.time'] = String(Math.floor(c.rotated.createdAt / 1000));
    attributes['client.secret.rotated.expiration.time'] = String(Math.floor(c.rotated.expiresAt / 1000));
  }
  const json: JsonObject = {
    id: c.id,
    clientId: c.clientId,
    name: c.clientId,
    enabled: true,
    protocol: 'openid-connect',
    clientAuthenticatorType: 'client-secret',
    publicClient: c.publicClient,
    bearerOnly: false,
    serviceAccountsEnabled: c.serviceAccountsEnabled,
    standardFlowEnabled: true,
    directAccessGrantsEnabled: c.publicClient,
    attributes,
  };
  if (c.secret !== undefined) json.secret = allowed(admin, 'manage') ? c.secret : MASKED;
  return json;
}

const credential = (value: string | undefined): Reply => ({
  status: 200,
  body: value === undefined ? { type: 'secret' } : { type: 'secret', value },
});

export function addAdminClientRoutes(router: Router, app: KeycloakContext): void {
  const base = '/admin/realms/:realm/clients';

  router.add(
    'GET',
    base,
    route(app, 'query', (ctx, realm, admin) => {
      const wanted = ctx.query.get('clientId');
      const search = ctx.query.get('search') === 'true';
      const first = Math.max(0, Number(ctx.query.get('first')) || 0);
      const max = Number(ctx.query.get('max')) || 100;
      const matches = realm.clients.filter(
        (c) => wanted === null || (search ? c.clientId.toLowerCase().includes(wanted.toLowerCase()) : c.clientId === wanted),
      );
      return { status: 200, body: matches.slice(first, first + max).map((c) => clientJson(realm, c, admin)) };
    }),
  );

  router.add(
    'GET',
    `${base}/:id`,
    route(app, 'view', (_ctx, realm, admin, client) => ({ status: 200, body: clientJson(realm, client!, admin) })),
  );

  router.add('GET', `${base}/:id/client-secret`, route(app, 'manage', (_ctx, _realm, _admin, client) => credential(client!.secret)));

  router.add(
    'POST',
    `${base}/:id/client-secret`,
    route(app, 'manage', (_ctx, realm, _admin, client) => {
      if (client!.publicClient) return { status: 400, body: { error: 'invalid_request', error_description: 'Public client' } };
      return credential(app.state.regenerate(realm, client!));
    }),
  );

  router.add(
    'GET',
    `${base}/:id/client-secret/rotated`,
    route(app, 'manage', (_ctx, _realm, _admin, client) =>
      client!.rotated ? credential(client!.rotated.value) : notFound('Client does not have a rotated secret'),
    ),
  );

  router.add(
    'DELETE',
    `${base}/:id/client-secret/rotated`,
    route(app, 'manage', (_ctx, _realm, _admin, client) => {
      client!.rotated = undefined;
      return { status: 204 };
    }),
  );
}
