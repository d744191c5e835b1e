/**
 * GitHub Actions secrets (repository, environment, organization) through Octokit from
 * @actions/github, every request going through core's HttpClient (retries, backoff, CA).
 * Values are sealed with libsodium crypto_box_seal to the scope's public key before they leave.
 * GitHub never returns a secret's value, so verify() checks that updated_at moved to the write.
 */
import { randomBytes } from 'node:crypto';
import { getOctokit } from '@actions/github';
import { sodium } from './sodium';
import { ConfigurationError, HttpClient, OperationalError, mask, safeUrl } from '@hardline/core';
import type { GitHubStoreSpec, SecretStore, StoreEntry } from './types';

type Octokit = ReturnType<typeof getOctokit>;

const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_VALUE_BYTES = 48 * 1024;

interface PublicKey {
  keyId: string;
  key: Uint8Array;
  /** Server clock when the key was fetched (second precision), a lower bound for the following write. */
  serverTime: Date;
}

interface HttpErrorLike {
  status: number;
  message: string;
}

function isHttpError(err: unknown): err is HttpErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

export function defaultGitHubApiUrl(): string {
  return process.env.GITHUB_API_URL || 'https://api.github.com';
}

export function validateGitHubSecretName(name: string): void {
  if (!NAME_RULE.test(name) || /^GITHUB_/i.test(name)) {
    throw new ConfigurationError(
      `GitHub secret name "${name}" is not allowed: expected letters, digits and underscores, not starting with a digit or with GITHUB_`,
    );
  }
}

export class GitHubSecretStore implements SecretStore {
  readonly label: string;
  private readonly octokit: Octokit;
  private readonly base: string;
  private readonly apiUrl: string;
  private readonly writes = new Map<string, Date>();
  private transportError: OperationalError | ConfigurationError | undefined;

  constructor(
    private readonly spec: GitHubStoreSpec,
    http: HttpClient,
  ) {
    mask(spec.token);
    const enc = encodeURIComponent;
    if (spec.scope === 'organization') {
      if (!spec.organization) throw new ConfigurationError('GitHub organization secrets: expected an organization name');
      this.base = `/orgs/${enc(spec.organization)}/actions/secrets`;
      this.label = `GitHub organization secrets of ${spec.organization}`;
    } else {
      const [owner, repo, extra] = (spec.repository ?? '').split('/');
      if (!owner || !repo || extra !== undefined) {
        throw new ConfigurationError(`GitHub ${spec.scope} secrets: expected the repository as owner/repo, got "${spec.repository ?? ''}"`);
      }
      if (spec.scope === 'environment') {
        if (!spec.environment) throw new ConfigurationError('GitHub environment secrets: expected an environment name');
        this.base = `/repos/${enc(owner)}/${enc(repo)}/environments/${enc(spec.environment)}/secrets`;
        this.label = `GitHub environment secrets of ${owner}/${repo} (${spec.environment})`;
      } else {
        this.base = `/repos/${enc(owner)}/${enc(repo)}/actions/secrets`;
        this.label = `GitHub repository secrets of ${owner}/${repo}`;
      }
    }
    if (spec.scope === 'organization' && spec.visibility === 'selected' && !spec.selectedRepositoryIds) {
      throw new ConfigurationError(`${this.label}: visibility "selected" needs the selected repository ids`);
    }
    this.apiUrl = (spec.apiUrl || defaultGitHubApiUrl()).replace(/\/+$/, '');
    const fetch = async (input: string | URL | { url: string }, init?: RequestInit): Promise<Response> => {
      try {
        return await http.fetch(input, init);
      } catch (err) {
        if (err instanceof OperationalError || err instanceof ConfigurationError) this.transportError = err;
        throw err;
      }
    };
    this.octokit = getOctokit(spec.token, { baseUrl: this.apiUrl, request: { fetch } });
  }

  async preflight(): Promise<void> {
    await this.publicKey('read the public key');
    const name = `HARDLINE_PREFLIGHT_${randomBytes(6).toString('hex').toUpperCase()}`;
    await this.put(name, randomBytes(24).toString('base64'), 'write a throw-away secret (preflight)', true);
    try {
      await this.call('delete the throw-away preflight secret', () => this.octokit.request(`DELETE ${this.base}/${name}`));
    } catch {
      /* write access is proven; a left-over throw-away entry holds no secret and is not worth failing for */
    }
  }

  async write(name: string, value: string): Promise<void> {
    mask(value);
    await this.put(name, value, `write ${name}`, false);
  }

  async verify(name: string, value: string): Promise<'read-back' | 'updated-at'> {
    mask(value);
    validateGitHubSecretName(name);
    const since = this.writes.get(name.toUpperCase());
    if (!since) {
      throw new OperationalError(`${this.label}: cannot verify ${name}: it was not written by this run, and GitHub never returns secret values`);
    }
    let updated: string | undefined;
    try {
      const res = await this.call(`read ${name}`, () => this.octokit.request(`GET ${this.base}/${name}`));
      updated = (res.data as { updated_at?: string }).updated_at;
    } catch (err) {
      if (err instanceof ConfigurationError && /not found/.test(err.message)) {
        throw new OperationalError(`${this.label}: ${name} is missing right after it was written`, [`GET ${this.base}/${name} → 404`]);
      }
      throw err;
    }
    const at = updated ? new Date(updated) : undefined;
    if (!at || Number.isNaN(at.getTime()) || at.getTime() < since.getTime()) {
      throw new OperationalError(
        `${this.label}: ${name} shows updated_at ${updated ?? '(none)'}, earlier than the write at ${since.toISOString()}: the new value did not land`,
        [`GET ${this.base}/${name}`],
      );
    }
    return 'updated-at';
  }

  async list(): Promise<StoreEntry[]> {
    const items = await this.call('list secrets', () =>
      this.octokit.paginate(`GET ${this.base}`, { per_page: 100 }) as Promise<Array<{ name: string; updated_at?: string }>>,
    );
    return items.map((s) => ({ name: s.name, updatedAt: s.updated_at ? new Date(s.updated_at) : undefined }));
  }

  async delete(name: string): Promise<void> {
    validateGitHubSecretName(name);
    try {
      await this.call(`delete ${name}`, () => this.octokit.request(`DELETE ${this.base}/${name}`));
    } catch (err) {
      if (err instanceof ConfigurationError && /not found/.test(err.message)) return;
      throw err;
    }
  }

  private async put(name: string, value: string, action: string, preflight: boolean): Promise<void> {
    validateGitHubSecretName(name);
    if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_BYTES) {
      throw new ConfigurationError(`${this.label}: the value for ${name} is larger than GitHub's 48 KB limit for a secret`);
    }
    for (let attempt = 1; ; attempt++) {
      const key = await this.publicKey(action);
      await sodium.ready;
      const sealed = sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), key.key), sodium.base64_variants.ORIGINAL);
      const body: Record<string, unknown> = { encrypted_value: sealed, key_id: key.keyId };
      if (this.spec.scope === 'organization') {
        // The preflight entry is visible to no repository at all.
        body.visibility = preflight ? 'selected' : (this.spec.visibility ?? 'private');
        if (preflight) body.selected_repository_ids = [];
        else if (this.spec.visibility === 'selected') body.selected_repository_ids = this.spec.selectedRepositoryIds ?? [];
      }
      try {
        await this.call(action, () => this.octokit.request(`PUT ${this.base}/${name}`, body));
        this.writes.set(name.toUpperCase(), key.serverTime);
        return;
      } catch (err) {
        // 422 after a key rotation between our fetch and our PUT: fetch the new key once and seal again.
        if (attempt === 1 && err instanceof ConfigurationError && /HTTP 422/.test(err.message) && /encrypt/i.test(err.message)) continue;
        throw err;
      }
    }
  }

  private async publicKey(action: string): Promise<PublicKey> {
    const res = await this.call(action === 'read the public key' ? action : `${action} (public key)`, () =>
      this.octokit.request(`GET ${this.base}/public-key`),
    );
    const data = res.data as { key_id?: string; key?: string };
    await sodium.ready;
    let key: Uint8Array | undefined;
    try {
      key = data.key ? sodium.from_base64(data.key, sodium.base64_variants.ORIGINAL) : undefined;
    } catch {
      key = undefined;
    }
    if (!data.key_id || !key || key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
      throw new OperationalError(`${this.label}: GitHub answered the public-key request without a usable key`, [`GET ${this.base}/public-key`]);
    }
    const date = Date.parse(String((res.headers as Record<string, unknown>).date ?? ''));
    const serverTime = new Date(Math.floor((Number.isFinite(date) ? date : Date.now()) / 1000) * 1000);
    return { keyId: data.key_id, key, serverTime };
  }

  /** Runs one Octokit call and turns its failure into ConfigurationError (our setup) or OperationalError (theirs). */
  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    this.transportError = undefined;
    try {
      return await fn();
    } catch (err) {
      throw this.explain(action, err);
    }
  }

  private explain(action: string, err: unknown): Error {
    const transport = this.transportError;
    this.transportError = undefined;
    if (transport instanceof ConfigurationError) return transport;
    if (transport instanceof OperationalError) {
      return new OperationalError(`${this.label}: could not ${action}: ${transport.message}`, transport.tried, transport.hint);
    }
    if (!isHttpError(err)) {
      return new OperationalError(`${this.label}: could not ${action}: ${err instanceof Error ? err.name : 'unknown error'}`);
    }
    const detail = firstLine(err.message);
    const where = `${safeUrl(this.apiUrl)}${this.base}`;
    switch (err.status) {
      case 401:
        return new ConfigurationError(
          `${this.label}: GitHub rejected the token (HTTP 401 Bad credentials) when trying to ${action}`,
          {},
          'check that the token is set, current and not expired or revoked',
        );
      case 403:
        return new ConfigurationError(
          `${this.label}: the token may not ${action} (HTTP 403: ${detail}); it lacks ${this.permission(action)}`,
          {},
          this.permissionHint(),
        );
      case 404:
        return new ConfigurationError(
          `${this.label}: not found when trying to ${action} (HTTP 404 at ${where}): the ${this.spec.scope} does not exist or the token cannot see it`,
          {},
          `check the ${this.spec.scope} name and that the token has access to it; ${this.permissionHint()}`,
        );
      case 422:
        return new ConfigurationError(`${this.label}: GitHub refused to ${action} (HTTP 422: ${detail})`);
      default:
        return new OperationalError(
          `${this.label}: GitHub answered HTTP ${err.status} when trying to ${action}, after retries`,
          [`${where} → HTTP ${err.status}`],
          err.status >= 500 ? 'GitHub may be having an outage; see https://www.githubstatus.com and run again' : undefined,
        );
    }
  }

  private permission(action: string): string {
    const write = !/^read|^list/.test(action);
    const level = write ? 'write' : 'read';
    if (this.spec.scope === 'organization') return `organization_secrets: ${level}`;
    if (this.spec.scope === 'environment') return `secrets: ${level} and environments: ${level}`;
    return `secrets: ${level}`;
  }

  private permissionHint(): string {
    const never = "the workflow's GITHUB_TOKEN can never manage Actions secrets: use a GitHub App installation token or a fine-grained personal access token";
    if (this.spec.scope === 'organization') {
      return `${never} with the organization permission "Secrets: Read and write" (classic PAT: admin:org scope, by an organization owner)`;
    }
    if (this.spec.scope === 'environment') {
      return `${never} with the repository permissions "Environments: Read and write" and "Secrets: Read and write" (classic PAT: repo scope)`;
    }
    return `${never} with the repository permission "Secrets: Read and write" (classic PAT: repo scope)`;
  }
}

function firstLine(message: string): string {
  // Octokit appends " - <documentation url>"; GitHub's 422 bodies may quote what was sent: keep the first line only.
  return (message.split('\n')[0] ?? '').replace(/ - https?:\/\/\S+$/, '').slice(0, 200);
}
