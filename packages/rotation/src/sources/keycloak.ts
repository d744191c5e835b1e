/**
 * The `keycloak-client-secret` source, through @keycloak/keycloak-admin-client: admin login by client
 * credentials (a service account with manage-clients in the client's realm) or password grant
 * (admin-cli, default realm master), regenerate the client secret, read it back.
 *
 * Overlap: with the realm's "secret-rotation" client-policy executor on, Keycloak keeps the previous
 * secret as the *rotated* secret for its grace period ("rotated-expiration-period"), so services
 * keep working until they pick the new one up; hardline uses that period and never cuts it short.
 * Without the policy (or when the policy cannot be read) the previous secret dies at once, and the
 * procedure treats the source as one that invalidates immediately (recovery key required) and says so.
 */
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { mask, OperationalError, redact } from '@hardline/core';
import type { Created, Overlap, RotationSource } from './types';

export type KeycloakAdminAuth =
  | { grant: 'client_credentials'; clientId: string; clientSecret: string }
  | { grant: 'password'; username: string; password: string; clientId?: string };

export interface KeycloakSourceOptions {
  url: string;
  realm: string;
  clientId: string;
  /** Realm the admin logs in to: default master for a password grant, the client's realm for client credentials. */
  adminRealm?: string;
  auth: KeycloakAdminAuth;
  /** Attempts for reads (regenerating the secret is never repeated). Default 3. */
  attempts?: number;
  /** Time limit of each Keycloak request (the admin client has none of its own). Default 30 s. */
  timeoutMs?: number;
}

interface PolicyExecutor {
  executor?: string;
  configuration?: Record<string, unknown>;
}

/** The status code of an admin-client error (NetworkError carries the Response), if any. */
function statusOf(err: unknown): number | undefined {
  const r = (err as { response?: { status?: unknown } }).response;
  return typeof r?.status === 'number' ? r.status : undefined;
}

function describe(err: unknown, timeoutMs?: number): string {
  const status = statusOf(err);
  if (status !== undefined) return `HTTP ${status}`;
  const e = err as { cause?: { code?: string }; code?: string; message?: string; name?: string };
  if (e.name === 'TimeoutError') return `timeout after ${timeoutMs ?? '?'} ms`;
  return e.cause?.code ?? e.code ?? redact(String(e.message ?? err)).slice(0, 200);
}

export class KeycloakSource implements RotationSource {
  readonly label: string;
  private readonly kc: KcAdminClient;
  private readonly tried: string[] = [];
  private clientUuid?: string;
  private policyGrace?: number;

  constructor(private readonly opts: KeycloakSourceOptions) {
    this.label = `Keycloak client ${opts.clientId} (realm ${opts.realm})`;
    if (opts.auth.grant === 'client_credentials') mask(opts.auth.clientSecret);
    else mask(opts.auth.password);
    const adminRealm = opts.adminRealm ?? (opts.auth.grant === 'password' ? 'master' : opts.realm);
    this.kc = new KcAdminClient({ baseUrl: opts.url, realmName: adminRealm, timeout: opts.timeoutMs ?? 30_000 });
  }

  private async call<T>(what: string, fn: () => Promise<T>, retry: boolean): Promise<T> {
    const attempts = retry ? (this.opts.attempts ?? 3) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const status = statusOf(err);
        this.tried.push(`${what} at ${this.opts.url} → ${describe(err, this.opts.timeoutMs ?? 30_000)} (attempt ${attempt})`);
        const transient = status === undefined || status === 429 || status >= 500;
        if (!transient || attempt >= attempts) {
          const hint =
            status === 401
              ? 'the admin credentials were refused: check keycloak-client-id/keycloak-client-secret (or keycloak-username/keycloak-password)'
              : status === 403
                ? `the admin account lacks the realm-management role manage-clients in realm ${this.opts.realm}`
                : undefined;
          throw new OperationalError(`${this.label}: ${what} failed (${describe(err, this.opts.timeoutMs ?? 30_000)})`, [...this.tried], hint);
        }
        await new Promise((r) => setTimeout(r, 200 * 2 ** (attempt - 1)));
      }
    }
  }

  private async login(): Promise<void> {
    const a = this.opts.auth;
    await this.call(
      'admin login',
      () =>
        this.kc.auth(
          a.grant === 'client_credentials'
            ? { grantType: 'client_credentials', clientId: a.clientId, clientSecret: a.clientSecret }
            : { grantType: 'password', clientId: a.clientId ?? 'admin-cli', username: a.username, password: a.password },
        ),
      true,
    );
    if (this.kc.accessToken) mask(this.kc.accessToken);
  }

  async preflight(): Promise<void> {
    await this.login();
    const found = await this.call('find client', () => this.kc.clients.find({ clientId: this.opts.clientId, realm: this.opts.realm }), true);
    const client = found.find((c) => c.clientId === this.opts.clientId);
    if (!client?.id) {
      throw new OperationalError(`${this.label}: no such client in realm ${this.opts.realm}`, [...this.tried], 'fix client-id or realm in rotation.yml');
    }
    if (client.publicClient) throw new OperationalError(`${this.label} is a public client: it has no secret to rotate`, [...this.tried]);
    this.clientUuid = client.id;
    // Reading the current secret proves manage-clients (view-clients sees only a masked secret).
    const current = await this.call('read client secret', () => this.kc.clients.getClientSecret({ id: client.id!, realm: this.opts.realm }), true);
    if (current.value) mask(current.value);
    this.policyGrace = await this.rotationGrace();
  }

  /** Seconds of grace from an enabled client policy using the secret-rotation executor; undefined when none can be found. */
  private async rotationGrace(): Promise<number | undefined> {
    try {
      const realm = this.opts.realm;
      const [profiles, policies] = await Promise.all([
        this.kc.clientPolicies.listProfiles({ includeGlobalProfiles: true, realm }),
        this.kc.clientPolicies.listPolicies({ includeGlobalPolicies: true, realm }),
      ]);
      const enabledProfiles = new Set(
        [...(policies.policies ?? []), ...(policies.globalPolicies ?? [])].filter((p) => p.enabled !== false).flatMap((p) => p.profiles ?? []),
      );
      for (const profile of [...(profiles.profiles ?? []), ...(profiles.globalProfiles ?? [])]) {
        if (!profile.name || !enabledProfiles.has(profile.name)) continue;
        for (const ex of (profile.executors ?? []) as PolicyExecutor[]) {
          if (ex.executor !== 'secret-rotation') continue;
          const grace = Number(ex.configuration?.['rotated-expiration-period'] ?? 0);
          if (grace > 0) return grace;
        }
      }
      return undefined;
    } catch {
      return undefined;
    }
  }

  async overlap(): Promise<Overlap> {
    if (this.policyGrace !== undefined) {
      return { keepsOld: true, explanation: `the realm's secret-rotation policy keeps the previous secret valid for ${this.policyGrace} s after rotation` };
    }
    return {
      keepsOld: false,
      explanation:
        `no enabled secret-rotation client policy could be found for realm ${this.opts.realm}: Keycloak invalidates the previous secret at once ` +
        '(turn on a client policy with the "secret-rotation" executor and a rotated-expiration-period to get a grace period)',
    };
  }

  async create(): Promise<Created> {
    const id = this.clientUuid;
    if (!id) throw new OperationalError(`${this.label}: preflight did not run`, []);
    const cred = await this.call('regenerate client secret', () => this.kc.clients.generateNewClientSecret({ id, realm: this.opts.realm }), false);
    let value = cred.value;
    if (!value) {
      const read = await this.call('read client secret', () => this.kc.clients.getClientSecret({ id, realm: this.opts.realm }), true);
      value = read.value;
    }
    if (!value) throw new OperationalError(`${this.label}: Keycloak returned no secret after regenerating it`, [...this.tried]);
    mask(value);
    const facts: Record<string, string> = {};
    try {
      const rep = await this.kc.clients.findOne({ id, realm: this.opts.realm });
      const expiry = rep?.attributes?.['client.secret.rotated.expiration.time'];
      if (expiry !== undefined) facts.previousValidUntil = new Date(Number(expiry) * 1000).toISOString();
    } catch {
      /* facts are informative only */
    }
    facts.grace = facts.previousValidUntil
      ? `the previous secret stays valid until ${facts.previousValidUntil} (Keycloak secret-rotation policy)`
      : 'the realm keeps no rotated secret: the previous secret stopped working at once';
    return { value, facts };
  }

  async finish(created: Created): Promise<string> {
    // The grace period is what lets deployed services switch over: it is left to expire, never cut short.
    return created.facts.grace ?? 'nothing to invalidate';
  }
}
