/**
 * GitLab CI/CD variables (project or group) through @gitbeaker/rest, with every request routed
 * through core's HttpClient (retries, backoff, timeouts, CA) by a gitbeaker requester function.
 * GitLab's masking rules are checked before anything is written, and verify() reads the value back.
 * GitLab keeps no timestamps on variables: list() returns names only (age comes from the audit log).
 */
import { randomBytes } from 'node:crypto';
import { Gitlab } from '@gitbeaker/rest';
import { createRequesterFn, type RequestOptions } from '@gitbeaker/requester-utils';
import { ConfigurationError, HttpClient, OperationalError, mask, redact, safeUrl } from '@hardline/core';
import type { GitLabStoreSpec, SecretStore, StoreEntry } from './types';

/** Ci::Maskable::REGEX (expanded variables). */
export const GITLAB_MASKABLE = /^[a-zA-Z0-9_+=/@:.~-]{8,}$/;
/** Ci::Maskable::MASK_AND_RAW_REGEX (raw variables). */
export const GITLAB_MASKABLE_RAW = /^\S{8,}$/;
const KEY_RULE = /^[a-zA-Z0-9_]{1,255}$/;

/** Why GitLab could not mask this value, or undefined when it can. Never quotes the value. */
export function gitlabMaskProblem(value: string, raw: boolean): string | undefined {
  const reasons: string[] = [];
  if (/[\r\n]/.test(value)) reasons.push('it spans more than one line');
  else if (/\s/.test(value)) reasons.push('it contains whitespace');
  if (value.length < 8) reasons.push(`it is ${value.length} characters long and GitLab needs at least 8`);
  if (!raw) {
    const bad = [...value].filter((c) => !/[a-zA-Z0-9_+=/@:.~-]/.test(c) && !/\s/.test(c)).length;
    if (bad > 0) {
      reasons.push(`it contains ${bad} character(s) outside GitLab's maskable set for expanded variables (letters, digits and _ + = / @ : . ~ -)`);
    }
  } else if (reasons.length === 0 && !GITLAB_MASKABLE_RAW.test(value)) {
    reasons.push('it does not match GitLab\'s maskable pattern');
  }
  return reasons.length ? reasons.join('; ') : undefined;
}

export function defaultGitLabApiUrl(): string {
  return process.env.CI_API_V4_URL || 'https://gitlab.com/api/v4';
}

/** An HTTP failure from the GitLab API, raised by our requester (never quotes a value: the text is redacted). */
class GitLabHttpError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly where: string,
  ) {
    super(`HTTP ${status}: ${description}`);
    this.name = 'GitLabHttpError';
  }
}

function describeBody(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown; error_description?: unknown };
    const parts = [body.error, body.error_description, body.message]
      .filter((p) => p !== undefined)
      .map((p) => (typeof p === 'string' ? p : JSON.stringify(p)));
    return redact(parts.join(': ')).slice(0, 300);
  } catch {
    return `${text.length} bytes of non-JSON`;
  }
}

/** A gitbeaker requester whose transport is core's HttpClient. */
function httpRequester(http: HttpClient) {
  return createRequesterFn(
    async (_service, options) => options,
    async (endpoint, raw) => {
      const options = (raw ?? {}) as RequestOptions;
      const prefix = options.prefixUrl ? (options.prefixUrl.endsWith('/') ? options.prefixUrl : `${options.prefixUrl}/`) : undefined;
      const url = new URL(endpoint, prefix);
      url.search = options.searchParams ?? '';
      const method = (options.method ?? 'GET').toUpperCase();
      if (options.body !== undefined && typeof options.body !== 'string') {
        throw new Error('hardline GitLab requester: form bodies are not supported');
      }
      const res = await http.request({
        method,
        url: url.toString(),
        headers: options.headers ?? {},
        body: options.body,
        // Every variables call is safe to repeat: a create that landed before a lost answer becomes "already taken", then an update.
        idempotent: true,
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      if (res.status < 200 || res.status >= 300) {
        throw new GitLabHttpError(res.status, describeBody(res.text), `${method} ${safeUrl(url.toString())}`);
      }
      const type = (headers['content-type'] ?? '').split(';')[0]!.trim();
      const body = res.status === 204 || res.text === '' ? null : type === 'application/json' ? res.json<Record<string, unknown>>() : res.text;
      return { body, headers, status: res.status };
    },
  );
}

interface VariableResource {
  all(id: string, opts: Record<string, unknown>): Promise<unknown>;
  create(id: string, key: string, value: string, opts: Record<string, unknown>): Promise<unknown>;
  edit(id: string, key: string, value: string, opts: Record<string, unknown> & { filter: Record<string, string> }): Promise<unknown>;
  show(id: string, key: string, opts: Record<string, unknown>): Promise<unknown>;
  remove(id: string, key: string, opts: Record<string, unknown>): Promise<unknown>;
}

export class GitLabVariableStore implements SecretStore {
  readonly label: string;
  private readonly variables: VariableResource;
  private readonly masked: boolean;
  private readonly protect: boolean;
  private readonly scope: string;
  private readonly raw: boolean;

  constructor(
    private readonly spec: GitLabStoreSpec,
    http: HttpClient,
  ) {
    mask(spec.token);
    if (!spec.id) throw new ConfigurationError(`GitLab ${spec.scope} variables: expected a ${spec.scope} path or numeric id`);
    const apiUrl = (spec.apiUrl || defaultGitLabApiUrl()).replace(/\/+$/, '');
    const m = /^(https?:\/\/.+?)\/api\/v4$/.exec(apiUrl);
    if (!m) throw new ConfigurationError(`GitLab API URL: expected https://<host>/api/v4 (like CI_API_V4_URL), got "${safeUrl(apiUrl)}"`);
    this.masked = spec.masked ?? true;
    this.protect = spec.protected ?? true;
    this.scope = spec.environmentScope ?? '*';
    this.raw = spec.raw ?? true;
    const env = this.scope === '*' ? '' : `, environment ${this.scope}`;
    this.label = `GitLab ${spec.scope} variables of ${spec.id}${env}`;
    const api = new Gitlab({ host: m[1]!, token: spec.token, requesterFn: httpRequester(http), queryTimeout: null });
    this.variables = (spec.scope === 'group' ? api.GroupVariables : api.ProjectVariables) as unknown as VariableResource;
  }

  async preflight(): Promise<void> {
    const name = `HARDLINE_PREFLIGHT_${randomBytes(6).toString('hex').toUpperCase()}`;
    await this.put(name, randomBytes(24).toString('base64url'), 'write a throw-away variable (preflight)');
    try {
      await this.call('delete the throw-away preflight variable', () => this.variables.remove(this.spec.id, name, { filter: this.filter() }));
    } catch {
      /* write access is proven; a left-over throw-away entry holds no secret */
    }
  }

  async write(name: string, value: string): Promise<void> {
    mask(value);
    await this.put(name, value, `write ${name}`);
  }

  async verify(name: string, value: string): Promise<'read-back' | 'updated-at'> {
    mask(value);
    this.checkKey(name);
    const found = (await this.call(`read ${name} back`, () => this.variables.show(this.spec.id, name, { filter: this.filter() }))) as {
      value?: unknown;
    };
    if (typeof found.value !== 'string') {
      throw new OperationalError(`${this.label}: ${name} cannot be read back (GitLab returned no value: a hidden variable?)`);
    }
    mask(found.value);
    if (found.value !== value) {
      throw new OperationalError(`${this.label}: the value read back for ${name} differs from the one written`, [`GET ${name} (read-back)`]);
    }
    return 'read-back';
  }

  async list(): Promise<StoreEntry[]> {
    const all = (await this.call('list variables', () => this.variables.all(this.spec.id, { perPage: 100 }))) as Array<{
      key: string;
      value?: unknown;
      masked?: boolean;
      environment_scope?: string;
    }>;
    // The list carries values; only names leave this function. Values GitLab itself treats as secret
    // are masked at once; unmasked ones (DEPLOY_ENV=production…) are not, or every "production" in
    // the logs would turn into ***.
    for (const v of all) if (v.masked && typeof v.value === 'string') mask(v.value);
    return all.filter((v) => (v.environment_scope ?? '*') === this.scope).map((v) => ({ name: v.key }));
  }

  async delete(name: string): Promise<void> {
    this.checkKey(name);
    try {
      await this.call(`delete ${name}`, () => this.variables.remove(this.spec.id, name, { filter: this.filter() }));
    } catch (err) {
      if (err instanceof ConfigurationError && /HTTP 404/.test(err.message) && /Variable/i.test(err.message)) return;
      throw err;
    }
  }

  private filter(): Record<string, string> {
    return { environment_scope: this.scope };
  }

  private checkKey(name: string): void {
    if (!KEY_RULE.test(name)) {
      throw new ConfigurationError(`GitLab variable key "${name}" is not allowed: expected 1-255 letters, digits and underscores`);
    }
  }

  private async put(name: string, value: string, action: string): Promise<void> {
    this.checkKey(name);
    if (this.masked) {
      const problem = gitlabMaskProblem(value, this.raw);
      if (problem) {
        throw new ConfigurationError(
          `${this.label}: the value for ${name} cannot be masked by GitLab: ${problem}; nothing was written`,
          {},
          'use a value GitLab can mask (the random source generates one), or set masked: false for this store if the value may appear in job logs',
        );
      }
    }
    const attrs = { masked: this.masked, protected: this.protect, raw: this.raw, environmentScope: this.scope };
    try {
      await this.call(action, () => this.variables.edit(this.spec.id, name, value, { ...attrs, filter: this.filter() }));
      return;
    } catch (err) {
      if (!(err instanceof ConfigurationError && /HTTP 404/.test(err.message) && /Variable/i.test(err.message))) throw err;
    }
    try {
      await this.call(action, () => this.variables.create(this.spec.id, name, value, attrs));
    } catch (err) {
      // Created meanwhile (or our create landed before a lost answer): update it instead.
      if (!(err instanceof ConfigurationError && /has already been taken/.test(err.message))) throw err;
      await this.call(action, () => this.variables.edit(this.spec.id, name, value, { ...attrs, filter: this.filter() }));
    }
  }

  private async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.explain(action, err);
    }
  }

  private explain(action: string, err: unknown): Error {
    if (err instanceof OperationalError) {
      return new OperationalError(`${this.label}: could not ${action}: ${err.message}`, err.tried, err.hint);
    }
    if (err instanceof ConfigurationError) return err;
    if (!(err instanceof GitLabHttpError)) {
      return new OperationalError(`${this.label}: could not ${action}: ${err instanceof Error ? err.name : 'unknown error'}`);
    }
    const role = this.spec.scope === 'group' ? 'Owner of the group' : 'Maintainer (or Owner) of the project';
    const tokenHint = `use a project, group or personal access token with the api scope whose user is ${role}; a CI_JOB_TOKEN cannot manage variables`;
    switch (err.status) {
      case 401:
        return new ConfigurationError(`${this.label}: GitLab rejected the token (HTTP 401) when trying to ${action}`, {}, tokenHint);
      case 403:
        if (/insufficient_scope/.test(err.description)) {
          return new ConfigurationError(
            `${this.label}: the token may not ${action}: it lacks the api scope (HTTP 403 insufficient_scope; read_api is not enough)`,
            {},
            tokenHint,
          );
        }
        return new ConfigurationError(
          `${this.label}: the token may not ${action} (HTTP 403): its user must be ${role}`,
          {},
          tokenHint,
        );
      case 404:
        return new ConfigurationError(
          `${this.label}: not found when trying to ${action} (HTTP 404: ${err.description})`,
          {},
          `check the ${this.spec.scope} path or id and that the token's user is a member; ${tokenHint}`,
        );
      case 400:
      case 409:
        return new ConfigurationError(`${this.label}: GitLab refused to ${action} (HTTP ${err.status}: ${err.description})`);
      default:
        return new OperationalError(
          `${this.label}: GitLab answered HTTP ${err.status} when trying to ${action}, after retries`,
          [`${err.where} → HTTP ${err.status}`],
        );
    }
  }
}
