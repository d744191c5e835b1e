/** Helpers shared by the hardening rules: reading model shapes (short and long syntax), images, secrets. */
import * as path from 'node:path';
import { mask, parseDuration } from '@hardline/core';
import type { ComposeProject, EnvValue } from '../model';

export type Service = Record<string, unknown>;

const serviceCache = new WeakMap<ComposeProject, Array<[string, Service]>>();

/** The project's services as [name, definition], computed once per project (every rule walks them). */
export function services(project: ComposeProject): Array<[string, Service]> {
  let list = serviceCache.get(project);
  if (!list) {
    list = Object.entries(project.model.services ?? {}).filter((e): e is [string, Service] => isObject(e[1]));
    serviceCache.set(project, list);
  }
  return list;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(true|yes|on|1)$/i.test(v.trim()));
}

/** Parsed image reference: registry/repository path, basename, tag, digest. */
export interface ImageRef {
  raw: string;
  repository: string;
  name: string;
  tag?: string;
  digest?: string;
}

export function parseImage(raw: string): ImageRef {
  let rest = raw.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
  }
  const repository = rest.toLowerCase();
  const name = repository.split('/').pop() ?? repository;
  return { raw, repository, name, tag, digest };
}

export function serviceImage(svc: Service): ImageRef | undefined {
  return typeof svc.image === 'string' && svc.image.trim() !== '' ? parseImage(svc.image) : undefined;
}

const DATA_IMAGES = [
  'postgres', 'postgresql', 'postgis', 'timescaledb', 'mysql', 'mariadb', 'percona', 'mongo', 'mongodb', 'redis', 'valkey', 'keydb',
  'memcached', 'dragonfly', 'vault', 'openbao', 'elasticsearch', 'opensearch', 'couchdb', 'cassandra', 'scylla', 'neo4j', 'influxdb',
  'clickhouse-server', 'clickhouse', 'etcd', 'cockroach', 'rethinkdb', 'arangodb', 'consul',
];

/** True for database, cache and Vault images (by repository name). */
export function isDataImage(img: ImageRef | undefined): boolean {
  if (!img) return false;
  if (img.repository.includes('mssql')) return true;
  return DATA_IMAGES.some((d) => img.name === d || img.name.startsWith(`${d}-`));
}

/** A variable that holds a password, secret, token or key (not a *_FILE path or a flag about passwords). */
export function isSecretName(name: string): boolean {
  const n = name.toUpperCase();
  if (/(_FILE|_PATH|_DIR|_LENGTH|_URL|_URI|_HOST|_PORT|_USER|_USERNAME|_METHOD|_ENABLED|_REQUIRED|_EXPIRY|_TTL|_ALGORITHM|_CHANGE|_RESET|_TYPE|_MODE)$/.test(n)) return false;
  if (/(ALLOW_EMPTY|RANDOM_ROOT|RANDOM_PASSWORD|GENERATE|_POLICY|_ROTATION|_HASH_)/.test(n)) return false;
  return /(PASSWORD|PASSWD|SECRET|TOKEN|APIKEY|API_KEY|ACCESS_KEY|PRIVATE_KEY|AUTH_KEY|CREDENTIAL)/.test(n) || /(^|_)(PASS|PWD)($|_)/.test(n);
}

/** Values such as true, no or 1 are flags (PASSWORD_AUTH=true), not secrets. */
export function isFlagValue(value: string): boolean {
  return /^(true|false|yes|no|on|off|\d{1,3})$/i.test(value.trim());
}

const PLACEHOLDER = [/^__[A-Z0-9_]*__$/, /^CHANGE[_-]?ME/, /^change[_-]me/i, /^<[^>]*>$/, /^(TODO|FIXME|TBD|REPLACE[_-]?ME|SET[_-]?ME|xxx+|XXX+)$/i, /^your[\w-]*(password|secret|token|key)[\w-]*$/i];

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || PLACEHOLDER.some((re) => re.test(v));
}

export const WEAK_SECRETS = [
  'postgrespassword', 'redispassword', 'infra_password', 'changeme', 'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin', 'administrator', 'root',
  'secret', 'mysecret', 'mysecretpassword', 'postgres', 'mysql', 'mariadb', 'mongo', 'redis', 'example', 'test', 'testing', 'guest', 'default',
  'letmein', 'qwerty', '123456', '12345678', '123456789', 'password1', 'password123', 'admin123', 'pass', 'db_password', 'dbpassword',
  'rootpassword', 'root_password', 'somewordpress', 'wordpress', 'keycloak', 'grafana', 'minio123', 'minioadmin', 'rabbitmq', 'elastic',
  'supersecret', 'topsecret', 'token', 'apikey',
];

export function isWeakValue(value: string, extra: readonly string[]): boolean {
  const v = value.trim().toLowerCase();
  return WEAK_SECRETS.includes(v) || extra.some((e) => e.toLowerCase() === v);
}

const masked = new Set<string>();
/** Several rules read each service's environment: compute (and mask) it once per project. */
const envCache = new WeakMap<ComposeProject, Map<string, Map<string, EnvValue>>>();

/**
 * Public placeholders, known defaults and short single words ("gitea", "nextcloud") are not secrets worth
 * masking: they are also service, directory and database names, and masking them would blank those
 * everywhere in the log. Such values are reported as weak anyway; messages never contain any value.
 */
export function worthMasking(value: string): boolean {
  if (isPlaceholder(value) || isWeakValue(value, [])) return false;
  return !(/^[A-Za-z]+$/.test(value) && value.length < 16);
}

/** The service's container environment with every secret-named value masked the moment it is read. */
export function environment(project: ComposeProject, service: string): Map<string, EnvValue> {
  let byService = envCache.get(project);
  if (!byService) envCache.set(project, (byService = new Map()));
  const cached = byService.get(service);
  if (cached) return cached;
  const env = project.serviceEnvironment(service);
  byService.set(service, env);
  for (const [name, v] of env) {
    if (isSecretName(name) && !masked.has(v.value) && worthMasking(v.value)) {
      masked.add(v.value);
      mask(v.value);
    }
  }
  return env;
}

/** Model path of a service environment variable. */
export function envPath(service: string, name: string): Array<string> {
  return ['services', service, 'environment', name];
}

/** A short volume spec ("src:dst[:mode]") or a long one ({type, source, target}); source undefined for anonymous volumes. */
export interface VolumeMount {
  type: string;
  source?: string;
  target?: string;
}

export function volumeMount(v: unknown): VolumeMount | undefined {
  if (typeof v === 'string') {
    const parts = splitVolume(v);
    if (parts.length === 1) return { type: 'volume', target: parts[0] };
    const source = parts[0];
    const type = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source) ? 'volume' : 'bind';
    return { type, source, target: parts[1] };
  }
  if (isObject(v)) {
    return {
      type: typeof v.type === 'string' ? v.type : 'volume',
      source: typeof v.source === 'string' ? v.source : undefined,
      target: typeof v.target === 'string' ? v.target : undefined,
    };
  }
  return undefined;
}

/** Split "src:dst:mode", keeping a Windows drive letter ("C:\\x:/y") together. */
function splitVolume(spec: string): string[] {
  const parts = spec.split(':');
  if (parts.length > 1 && /^[A-Za-z]$/.test(parts[0]) && /^[\\/]/.test(parts[1] ?? '')) {
    return [`${parts[0]}:${parts[1]}`, ...parts.slice(2)];
  }
  return parts;
}

/** One published port, from short ("127.0.0.1:8080:80/tcp", "[::1]:80:80", "3000") or long syntax. */
export interface PortBinding {
  hostIp?: string;
  published?: string;
  target: string;
}

export function portBinding(p: unknown): PortBinding | undefined {
  if (typeof p === 'number') return { target: String(p) };
  if (typeof p === 'string') {
    let s = p.trim().replace(/\/(tcp|udp|sctp)$/i, '');
    let hostIp: string | undefined;
    const v6 = s.match(/^\[([^\]]*)\]:(.*)$/);
    if (v6) {
      hostIp = v6[1];
      s = v6[2];
      const [published, target] = s.split(':');
      return { hostIp, published: published || undefined, target: target ?? published };
    }
    const parts = s.split(':');
    if (parts.length === 1) return { target: parts[0] };
    if (parts.length === 2) return { published: parts[0] || undefined, target: parts[1] };
    return { hostIp: parts[0] || undefined, published: parts[1] || undefined, target: parts[2] };
  }
  if (isObject(p)) {
    return {
      hostIp: typeof p.host_ip === 'string' && p.host_ip !== '' ? p.host_ip : undefined,
      published: p.published === undefined || p.published === null || p.published === '' ? undefined : String(p.published),
      target: String(p.target ?? ''),
    };
  }
  return undefined;
}

export function allInterfaces(hostIp: string | undefined): boolean {
  return hostIp === undefined || hostIp === '0.0.0.0' || hostIp === '::' || hostIp === '[::]' || hostIp === '*';
}

/** depends_on in list or map form → [service, condition]. */
export function dependencies(svc: Service): Array<{ name: string; condition: string; index: number | string }> {
  const d = svc.depends_on;
  if (Array.isArray(d)) return d.filter((x): x is string => typeof x === 'string').map((name, index) => ({ name, condition: 'service_started', index }));
  if (isObject(d)) {
    return Object.entries(d).map(([name, v]) => ({
      name,
      condition: isObject(v) && typeof v.condition === 'string' ? v.condition : 'service_started',
      index: name,
    }));
  }
  return [];
}

/** True when the service (or its image, declared here) has an enabled healthcheck. */
export function hasHealthcheck(svc: Service): boolean {
  const hc = svc.healthcheck;
  if (!isObject(hc)) return false;
  if (isTrue(hc.disable)) return false;
  const test = hc.test;
  if (Array.isArray(test) && test[0] === 'NONE') return false;
  return test !== undefined && test !== null && test !== '';
}

/** Compose durations ("1m30s", "10s", 30) in seconds; undefined when unparsable (the schema reports those). */
export function durationSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  try {
    return parseDuration(v.replace(/us|µs|ns/g, 'ms'), 'duration');
  } catch {
    return undefined;
  }
}

/** Normalise a host path spelling: collapse slashes, resolve "." and "..", drop a trailing slash. */
export function normalizeHostPath(p: string): string {
  const s = p.replace(/\\/g, '/');
  if (s.startsWith('//./pipe/')) return s.toLowerCase();
  return path.posix.normalize(s.startsWith('/') ? s : `/${s}`).replace(/\/+$/, '') || '/';
}
