/**
 * Tests of the Keycloak TEST SERVER (not the real Keycloak), driven by the real
 * @keycloak/keycloak-admin-client (v26) and plain fetch for the endpoints it has no method for.
 */
import { createPublicKey, createVerify, type JsonWebKey } from 'node:crypto';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { KEYCLOAK_TEST_DEFAULTS as D, startKeycloakTestServer, type KeycloakTestServer } from './index';


describe('Keycloak test server', () => {
  let server: KeycloakTestServer;
  let kc: KcAdminClient;

  /** client_credentials with client_secret_post; resolves to the HTTP status and body. */
  async function tryToken(clientId: string, clientSecret: string, realm: string = D.realm) {
    const res = await fetch(`${server.url}/realms/${realm}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** GET .../client-secret/rotated: KcAdminClient v26 has invalidateSecret() but no getter for it. */
  async function rotated(id: string) {
    const res = await fetch(`${server.url}/admin/realms/${D.realm}/clients/${id}/client-secret/rotated`, {
      headers: { authorization: `Bearer ${kc.accessToken}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async function appClientId(): Promise<string> {
    const [client] = await kc.clients.find({ clientId: D.appClientId });
    return client!.id!;
  }

  beforeEach(async () => {
    server = await startKeycloakTestServer();
    kc = new KcAdminClient({ baseUrl: server.url, realmName: D.realm });
    await kc.auth({ grantType: 'client_credentials', clientId: D.rotatorClientId, clientSecret: D.rotatorSecret });
  });

  afterEach(async () => {
    await server.close();
  });

  it('issues RS256 access tokens for client_credentials that verify against the realm JWKS', async () => {
    const [head, body, signature] = kc.accessToken!.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: `${server.url}/realms/hardline`,
      azp: D.rotatorClientId,
      preferred_username: `service-account-${D.rotatorClientId}`,
      resource_access: { 'realm-management': { roles: ['manage-clients'] } },
    });
    const certs = await fetch(`${server.url}/realms/hardline/protocol/openid-connect/certs`);
    const jwks = (await certs.json()) as {
      keys: JsonWebKey[];
    };
    const key = createPublicKey({ key: jwks.keys[0]!, format: 'jwk' });
    expect(createVerify('RSA-SHA256').update(`${head}.${body}`).verify(key, Buffer.from(signature, 'base64url'))).toBe(true);

    const ok = await tryToken(D.rotatorClientId, D.rotatorSecret);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, refresh_expires_in: 0 });
    expect(ok.body).not.toHaveProperty('refresh_token');
  });

  it('answers 401 unauthorized_client for a bad secret and invalid_client for an unknown client', async () => {
    expect(await tryToken(D.rotatorClientId, 'wrong')).toEqual({
      status: 401,
      body: { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' },
    });
    expect((await tryToken('nobody', 'x')).body).toMatchObject({ error: 'invalid_client' });
    expect((await tryToken('admin-cli', 'x', 'master')).status).toBe(401);
  });

  it('finds a client by clientId and reads its secret', async () => {
    const found = await kc.clients.find({ clientId: D.appClientId });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ clientId: D.appClientId, publicClient: false, serviceAccountsEnabled: true });
    const secret = await kc.clients.getClientSecret({ id: found[0]!.id! });
    expect(secret).toEqual({ type: 'secret', value: server.clientSecret(D.realm, D.appClientId) });
    expect(secret.value).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(await kc.clients.find({ clientId: 'missing' })).toEqual([]);
  });

  it('without the rotation policy, regenerating kills the old secret at once and /rotated is 404', async () => {
    const id = await appClientId();
    const old = server.clientSecret(D.realm, D.appClientId)!;
    expect((await tryToken(D.appClientId, old)).status).toBe(200);

    const fresh = await kc.clients.generateNewClientSecret({ id });
    expect(fresh.type).toBe('secret');
    expect(fresh.value).not.toBe(old);
    expect(server.clientSecret(D.realm, D.appClientId)).toBe(fresh.value);

    expect((await tryToken(D.appClientId, old)).status).toBe(401);
    expect((await tryToken(D.appClientId, fresh.value!)).status).toBe(200);
    expect(await rotated(id)).toEqual({ status: 404, body: { error: 'Client does not have a rotated secret' } });
    expect(server.rotatedSecret(D.realm, D.appClientId)).toBeUndefined();
  });

  it('with the rotation policy, the old secret keeps working for the grace period only', async () => {
    server.setRotationPolicy(D.realm, true, 600);
    const id = await appClientId();
    const old = server.clientSecret(D.realm, D.appClientId)!;
    const fresh = (await kc.clients.generateNewClientSecret({ id })).value!;

    expect((await tryToken(D.appClientId, old)).status).toBe(200);
    expect((await tryToken(D.appClientId, fresh)).status).toBe(200);
    expect(await rotated(id)).toEqual({ status: 200, body: { type: 'secret', value: old } });
    const info = server.rotatedSecret(D.realm, D.appClientId)!;
    expect(info.expiresAt.getTime() - info.createdAt.getTime()).toBe(600_000);
    const [rep] = await kc.clients.find({ clientId: D.appClientId });
    expect(rep!.attributes).toHaveProperty(['client.secret.rotated.expiration.time']);

    server.advanceClock(601);
    // The admin token (300 s) has expired on the server's clock too: log in again.
    expect((await rotated(id)).status).toBe(401);
    await kc.auth({ grantType: 'client_credentials', clientId: D.rotatorClientId, clientSecret: D.rotatorSecret });
    expect((await tryToken(D.appClientId, old)).status).toBe(401);
    expect((await tryToken(D.appClientId, fresh)).status).toBe(200);
  });

  it("with the policy's secret expiration, a current secret past its lifetime stops authenticating", async () => {
    server.setRotationPolicy(D.realm, true, 60, 120);
    const old = server.clientSecret(D.realm, D.appClientId)!;
    server.advanceClock(121);
    expect((await tryToken(D.appClientId, old)).status).toBe(401);
    // The master realm has no policy: its admin can still rotate the expired client.
    const admin = new KcAdminClient({ baseUrl: server.url, realmName: 'master' });
    await admin.auth({ grantType: 'password', clientId: 'admin-cli', username: D.adminUser, password: D.adminPassword });
    const [client] = await admin.clients.find({ realm: D.realm, clientId: D.appClientId });
    const fresh = (await admin.clients.generateNewClientSecret({ realm: D.realm, id: client!.id! })).value!;
    expect((await tryToken(D.appClientId, fresh)).status).toBe(200);
  });

  it('invalidateSecret() ends the grace period at once', async () => {
    server.setRotationPolicy(D.realm, true, 3600);
    const id = await appClientId();
    const old = server.clientSecret(D.realm, D.appClientId)!;
    await kc.clients.generateNewClientSecret({ id });
    expect((await tryToken(D.appClientId, old)).status).toBe(200);

    await kc.clients.invalidateSecret({ id });
    expect((await tryToken(D.appClientId, old)).status).toBe(401);
    expect((await rotated(id)).status).toBe(404);
  });

  it('guards the admin API: 401 without a valid token, 403 without manage-clients, masked secret for view-clients', async () => {
    const anonymous = await fetch(`${server.url}/admin/realms/${D.realm}/clients`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'HTTP 401 Unauthorized' });

    const noRoles = new KcAdminClient({ baseUrl: server.url, realmName: D.realm });
    await noRoles.auth({
      grantType: 'client_credentials',
      clientId: D.appClientId,
      clientSecret: server.clientSecret(D.realm, D.appClientId)!,
    });
    await expect(noRoles.clients.find({ clientId: D.appClientId })).rejects.toMatchObject({ response: { status: 403 } });

    server.addClient(D.realm, 'auditor', 'auditor-secret', { roles: ['view-clients'] });
    const viewer = new KcAdminClient({ baseUrl: server.url, realmName: D.realm });
    await viewer.auth({ grantType: 'client_credentials', clientId: 'auditor', clientSecret: 'auditor-secret' });
    const [seen] = await viewer.clients.find({ clientId: D.appClientId });
    expect(seen!.secret).toBe('**********');
    await expect(viewer.clients.getClientSecret({ id: seen!.id! })).rejects.toMatchObject({ response: { status: 403 } });
    await expect(viewer.clients.generateNewClientSecret({ id: seen!.id! })).rejects.toMatchObject({ response: { status: 403 } });
  });

  it('lets the master-realm admin (password grant via admin-cli) manage another realm, and refresh', async () => {
    const admin = new KcAdminClient({ baseUrl: server.url, realmName: 'master' });
    await expect(
      admin.auth({ grantType: 'password', clientId: 'admin-cli', username: D.adminUser, password: 'wrong' }),
    ).rejects.toMatchObject({ response: { status: 401 }, message: 'invalid_grant' });
    await admin.auth({ grantType: 'password', clientId: 'admin-cli', username: D.adminUser, password: D.adminPassword });
    expect(admin.refreshToken).toBeTruthy();

    const [client] = await admin.clients.find({ realm: D.realm, clientId: D.appClientId });
    const fresh = await admin.clients.generateNewClientSecret({ realm: D.realm, id: client!.id! });
    expect(server.clientSecret(D.realm, D.appClientId)).toBe(fresh.value);

    const refreshed = await fetch(`${server.url}/realms/master/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'admin-cli', refresh_token: admin.refreshToken! }),
    });
    expect(refreshed.status).toBe(200);
    // A token from a non-master realm cannot administer another realm.
    await expect(kc.clients.find({ realm: 'master' })).rejects.toMatchObject({ response: { status: 403 } });
  });

  it('injects failures on one route and logs requests', async () => {
    server.failNext({ status: 503, method: 'POST', path: '/admin/realms/:realm/clients/:id/client-secret' });
    const id = await appClientId();
    const before = server.clientSecret(D.realm, D.appClientId);
    await expect(kc.clients.generateNewClientSecret({ id })).rejects.toMatchObject({ response: { status: 503 } });
    expect(server.clientSecret(D.realm, D.appClientId)).toBe(before);
    expect((await kc.clients.generateNewClientSecret({ id })).value).not.toBe(before);
    expect(server.stats.requests.filter((r) => r.injected)).toMatchObject([
      { method: 'POST', route: '/admin/realms/:realm/clients/:id/client-secret', status: 503 },
    ]);
  });
});
