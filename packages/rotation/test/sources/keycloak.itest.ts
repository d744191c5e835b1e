import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { OperationalError } from '@hardline/core';
import { startKeycloakTestServer, KEYCLOAK_TEST_DEFAULTS as KC, type KeycloakTestServer } from '../../../../test/servers/keycloak';
import { KeycloakSource } from '../../src/sources/keycloak';

let kc: KeycloakTestServer;
beforeAll(async () => {
  kc = await startKeycloakTestServer();
});
afterAll(async () => {
  await kc.close();
});

const viaClient = () => ({ grant: 'client_credentials' as const, clientId: KC.rotatorClientId, clientSecret: KC.rotatorSecret });

describe('KeycloakSource', () => {
  it('rotates with a password-grant admin of the master realm and returns the secret Keycloak now holds', async () => {
    const s = new KeycloakSource({ url: kc.url, realm: KC.realm, clientId: KC.appClientId, auth: { grant: 'password', username: KC.adminUser, password: KC.adminPassword } });
    await s.preflight();
    const created = await s.create();
    expect(created.value).toBe(kc.clientSecret(KC.realm, KC.appClientId));
  });

  it('says the previous secret dies at once when no secret-rotation policy can be found', async () => {
    const s = new KeycloakSource({ url: kc.url, realm: KC.realm, clientId: KC.appClientId, auth: viaClient() });
    await s.preflight();
    const overlap = await s.overlap();
    expect(overlap.keepsOld).toBe(false);
    expect(overlap.explanation).toContain('no enabled secret-rotation client policy');
    const created = await s.create();
    expect(await s.finish(created)).toContain('the previous secret stopped working at once');
  });

  it('reports the grace period of the rotated secret when the policy is on, and leaves it to expire', async () => {
    kc.setRotationPolicy(KC.realm, true, 600);
    try {
      const before = kc.clientSecret(KC.realm, KC.appClientId);
      const s = new KeycloakSource({ url: kc.url, realm: KC.realm, clientId: KC.appClientId, auth: viaClient() });
      await s.preflight();
      const created = await s.create();
      expect(kc.rotatedSecret(KC.realm, KC.appClientId)?.value).toBe(before);
      expect(created.facts.previousValidUntil).toBe(kc.rotatedSecret(KC.realm, KC.appClientId)!.expiresAt.toISOString().replace(/\.\d{3}Z$/, '.000Z'));
      await s.finish(created);
      expect(kc.rotatedSecret(KC.realm, KC.appClientId)?.value).toBe(before);
    } finally {
      kc.setRotationPolicy(KC.realm, false);
    }
  });

  it('refuses a client that does not exist, and one that is public, at preflight', async () => {
    const missing = new KeycloakSource({ url: kc.url, realm: KC.realm, clientId: 'nope', auth: viaClient() });
    await expect(missing.preflight()).rejects.toThrow(/no such client in realm hardline/);
    kc.addClient(KC.realm, 'spa', undefined, { publicClient: true });
    const pub = new KeycloakSource({ url: kc.url, realm: KC.realm, clientId: 'spa', auth: viaClient() });
    await expect(pub.preflight()).rejects.toThrow(/public client/);
  });

  it('explains refused admin credentials and a missing manage-clients role', async () => {
    const bad = new KeycloakSource({ url: kc.url, realm: KC.realm, clientId: KC.appClientId, auth: { grant: 'client_credentials', clientId: KC.rotatorClientId, clientSecret: 'wrong-secret-000000' } });
    const err = (await bad.preflight().catch((e: unknown) => e)) as OperationalError;
    expect(err).toBeInstanceOf(OperationalError);
    expect(err.describe()).toMatch(/admin login failed \(HTTP 401\)/);
    kc.addClient(KC.realm, 'viewer', 'viewer-secret-0123456789', { roles: ['view-clients'] });
    const viewer = new KeycloakSource({ url: kc.url, realm: KC.realm, clientId: KC.appClientId, auth: { grant: 'client_credentials', clientId: 'viewer', clientSecret: 'viewer-secret-0123456789' } });
    const err2 = (await viewer.preflight().catch((e: unknown) => e)) as OperationalError;
    expect(err2.describe()).toContain('lacks the realm-management role manage-clients');
  });

  it('gives each request a time limit, so a Keycloak that accepts connections but never answers cannot hold the job', async () => {
    const sockets = new Set<net.Socket>();
    const hang = net.createServer((sock) => {
      sockets.add(sock);
    });
    await new Promise<void>((resolve) => hang.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hang.address() as AddressInfo).port}`;
      const s = new KeycloakSource({ url, realm: KC.realm, clientId: KC.appClientId, auth: viaClient(), attempts: 2, timeoutMs: 200 });
      const err = (await s.preflight().catch((e: unknown) => e)) as OperationalError;
      expect(err).toBeInstanceOf(OperationalError);
      expect(err.describe()).toContain('admin login failed (timeout after 200 ms)');
      expect(err.tried).toHaveLength(2);
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => hang.close(() => resolve()));
    }
  }, 30_000);

  it('retries a read that fails with 503 but never repeats the regeneration', async () => {
    const s = new KeycloakSource({ url: kc.url, realm: KC.realm, clientId: KC.appClientId, auth: viaClient() });
    kc.failNext({ status: 503, method: 'GET', path: '/admin/realms/:realm/clients' });
    await s.preflight();
    const before = kc.clientSecret(KC.realm, KC.appClientId);
    kc.failNext({ status: 503, method: 'POST', path: '/admin/realms/:realm/clients/:id/client-secret' });
    await expect(s.create()).rejects.toThrow(/regenerate client secret failed \(HTTP 503\)/);
    expect(kc.clientSecret(KC.realm, KC.appClientId)).toBe(before);
  });
});
