/**
 * TEST SERVER for hardline's tests — NOT the real Keycloak server.
 *
 * OpenID Connect endpoints of a realm: the token endpoint (client_credentials, password and
 * refresh_token grants; client auth by HTTP Basic or client_id/client_secret form fields, as
 * Keycloak accepts both), the JWKS and the discovery document.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject, Reply, RequestContext, Router } from '../shared/http';
import type { TokenSigner } from './jwt';
import type { Client, KeycloakState, Realm } from './state';

export interface KeycloakContext {
  state: KeycloakState;
  signer: TokenSigner;
  accessTokenLifespan: number;
  baseUrl(): string;
}

const oauthError = (status: number, error: string, description: string): Reply => ({
  status,
  body: { error, error_description: description },
});
const noRealm = (): Reply => ({ status: 404, body: { error: 'Realm does not exist' } });
const badClient = () => oauthError(401, 'unauthorized_client', 'Invalid client or Invalid client credentials');

/** Keycloak's refresh tokens live 30 minutes by default (SSO session idle). */
const REFRESH_LIFESPAN = 1800;

function clientCredentials(ctx: RequestContext, form: URLSearchParams): { clientId?: string; secret?: string } {
  const m = /^basic\s+(\S+)\s*$/i.exec(String(ctx.headers.authorization ?? ''));
  if (m) {
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    // RFC 6749 §2.3.1: both halves are form-urlencoded before Basic encoding.
    const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { clientId: unform(decoded.slice(0, i)), secret: unform(decoded.slice(i + 1)) };
  }
  return { clientId: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

interface Subject {
  sub: string;
  username: string;
  realmRoles: string[];
  managementRoles: string[];
}

function issue(app: KeycloakContext, realm: Realm, client: Client, subject: Subject, withRefresh: boolean): Reply {
  const now = Math.floor(app.state.now() / 1000);
  const iss = `${app.baseUrl()}/realms/${realm.name}`;
  const sid = randomUUID();
  const claims: JsonObject = {
    exp: now + app.accessTokenLifespan,
    iat: now,
    jti: randomUUID(),
    iss,
    aud: subject.managementRoles.length ? ['realm-management', 'account'] : 'account',
    sub: subject.sub,
    typ: 'Bearer',
    azp: client.clientId,
    sid,
    scope: 'profile email',
    preferred_username: subject.username,
    realm_access: { roles: subject.realmRoles },
    resource_access: subject.managementRoles.length ? { 'realm-management': { roles: subject.managementRoles } } : {},
  };
  const body: JsonObject = {
    access_token: app.signer.sign(claims),
    expires_in: app.accessTokenLifespan,
    refresh_expires_in: withRefresh ? REFRESH_LIFESPAN : 0,
    token_type: 'Bearer',
    'not-before-policy': 0,
    scope: 'profile email',
  };
  if (withRefresh) {
    body.refresh_token = app.signer.sign({
      ...claims,
      exp: now + REFRESH_LIFESPAN,
      jti: randomUUID(),
      typ: 'Refresh',
      aud: iss,
    });
    body.session_state = sid;
  }
  return { status: 200, body, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
}

function userSubject(realm: Realm, username: string): Subject | undefined {
  const user = realm.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  if (!user) return undefined;
  return {
    sub: `user-${realm.name}-${user.username}`,
    username: user.username,
    realmRoles: user.admin ? ['admin', 'default-roles-' + realm.name] : ['default-roles-' + realm.name],
    managementRoles: user.roles ?? [],
  };
}

function token(app: KeycloakContext): (ctx: RequestContext) => Reply {
  return (ctx) => {
    const realm = app.state.realm(ctx.params.realm ?? '');
    if (!realm) return noRealm();
    const form = new URLSearchParams(ctx.rawBody.toString('utf8'));
    const grantType = form.get('grant_type');
    if (!grantType) return oauthError(400, 'invalid_request', 'Missing form parameter: grant_type');

    const creds = clientCredentials(ctx, form);
    if (!creds.clientId) return oauthError(401, 'invalid_client', 'Missing parameter: client_id');
    const client = realm.clients.find((c) => c.clientId === creds.clientId);
    if (!client) return oauthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    if (!client.publicClient && (creds.secret === undefined || !app.state.secretMatches(realm, client, creds.secret))) {
      return badClient();
    }

    switch (grantType) {
      case 'client_credentials':
        if (client.publicClient) {
          return oauthError(401, 'unauthorized_client', 'Public client not allowed to retrieve service account');
        }
        if (!client.serviceAccountsEnabled) {
          return oauthError(400, 'unauthorized_client', 'Client not enabled to retrieve service account');
        }
        return issue(
          app,
          realm,
          client,
          {
            sub: `service-account-${client.id}`,
            username: `service-account-${client.clientId}`,
            realmRoles: ['default-roles-' + realm.name],
            managementRoles: client.roles,
          },
          false,
        );
      case 'password': {
        const user = realm.users.find((u) => u.username.toLowerCase() === (form.get('username') ?? '').toLowerCase());
        if (!user || user.password !== form.get('password')) {
          return oauthError(401, 'invalid_grant', 'Invalid user credentials');
        }
        return issue(app, realm, client, userSubject(realm, user.username)!, true);
      }
      case 'refresh_token': {
        const claims = app.signer.verify(form.get('refresh_token') ?? '');
        const valid =
          claims &&
          claims.typ === 'Refresh' &&
          claims.azp === client.clientId &&
          claims.iss === `${app.baseUrl()}/realms/${realm.name}` &&
          Number(claims.exp) * 1000 > app.state.now();
        const subject = valid ? userSubject(realm, String(claims.preferred_username)) : undefined;
        if (!subject) return oauthError(400, 'invalid_grant', 'Invalid refresh token');
        return issue(app, realm, client, subject, true);
      }
      default:
        return oauthError(400, 'unsupported_grant_type', 'Unsupported grant_type');
    }
  };
}

export function addTokenRoutes(router: Router, app: KeycloakContext): void {
  router.add('POST', '/realms/:realm/protocol/openid-connect/token', token(app));
  router.add('GET', '/realms/:realm/protocol/openid-connect/certs', (ctx): Reply =>
    app.state.realm(ctx.params.realm ?? '') ? { status: 200, body: app.signer.jwks() } : noRealm(),
  );
  router.add('GET', '/realms/:realm/.well-known/openid-configuration', (ctx): Reply => {
    const name = ctx.params.realm ?? '';
    if (!app.state.realm(name)) return noRealm();
    const issuer = `${app.baseUrl()}/realms/${name}`;
    return {
      status: 200,
      body: {
        issuer,
        token_endpoint: `${issuer}/protocol/openid-connect/token`,
        jwks_uri: `${issuer}/protocol/openid-connect/certs`,
        grant_types_supported: ['client_credentials', 'password', 'refresh_token'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        id_token_signing_alg_values_supported: ['RS256'],
      },
    };
  });
}
