/**
 * The `compose:` section of .hardline.yml: per-rule severity (or off), rule options (reverse
 * proxies, healthcheck standard, image digests, extra weak passwords) and default files.
 * Schema-validated with core (unknown keys and bad values → ConfigurationError at their line, exit 2);
 * paths are relative to the config file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertSchema, ConfigurationError, parseDuration, readYamlFile, type Severity } from '@hardline/core';

export type RuleSetting = Severity | 'off';

export interface HealthcheckStandard {
  /** Seconds. */
  interval: number;
  /** Seconds. */
  timeout: number;
  retries: number;
}

export interface ComposeConfig {
  /** The config file as given (relative to cwd), when one was read. */
  file?: string;
  /** Severity overrides keyed by rule ID (hardening and load-stage rules). */
  rules: Record<string, RuleSetting>;
  /** Image names (repository basenames, prefix match) treated as reverse proxies by no-bypass-port. */
  proxies: string[];
  healthcheck: HealthcheckStandard;
  /** `required`: require-image-pin reports every image without `@sha256:` as an error. */
  digest: 'required' | 'optional';
  /** Extra known-weak secret values (compared case-insensitively) on top of the built-in list. */
  weakPasswords: string[];
  /** Secret values shorter than this are weak. */
  minSecretLength: number;
  /** Default compose files or globs (absolute, resolved against the config file's directory) used when no files are given. */
  files: string[];
}

export const DEFAULT_PROXIES = ['nginx', 'traefik', 'caddy', 'haproxy'];
export const DEFAULT_HEALTHCHECK: HealthcheckStandard = { interval: 30, timeout: 5, retries: 5 };
export const CONFIG_FILE_NAMES = ['.hardline.yml', '.hardline.yaml'];

export function defaultConfig(): ComposeConfig {
  return {
    rules: {},
    proxies: [...DEFAULT_PROXIES],
    healthcheck: { ...DEFAULT_HEALTHCHECK },
    digest: 'optional',
    weakPasswords: [],
    minSecretLength: 16,
    files: [],
  };
}

const SEVERITY_ENUM = ['error', 'warning', 'note', 'off'];
const duration = { type: ['string', 'integer'] };
const stringList = { type: 'array', items: { type: 'string', minLength: 1 } };

/** JSON schema of .hardline.yml as far as compose is concerned; other capabilities own their sections. */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { type: ['integer', 'string'] },
    compose: {
      type: 'object',
      additionalProperties: false,
      properties: {
        rules: { type: 'object', additionalProperties: { enum: SEVERITY_ENUM } },
        proxies: stringList,
        healthcheck: {
          type: 'object',
          additionalProperties: false,
          properties: { interval: duration, timeout: duration, retries: { type: 'integer', minimum: 0 } },
        },
        digest: { enum: ['required', 'optional'] },
        'weak-passwords': stringList,
        'min-secret-length': { type: 'integer', minimum: 1 },
        files: stringList,
      },
    },
    scan: { type: 'object' },
    vault: { type: 'object' },
    'vault-sync': { type: 'object' },
    rotation: { type: 'object' },
  },
} as const;

interface RawCompose {
  rules?: Record<string, RuleSetting>;
  proxies?: string[];
  healthcheck?: { interval?: string | number; timeout?: string | number; retries?: number };
  digest?: 'required' | 'optional';
  'weak-passwords'?: string[];
  'min-secret-length'?: number;
  files?: string[];
}

/**
 * Reads the config: `given` (the `config` input, relative to cwd) must exist; without it
 * .hardline.yml / .hardline.yaml in cwd is read when present, else the defaults apply.
 * `knownRules` are the rule IDs a `rules:` key may name.
 */
export function loadConfig(cwd: string, given: string | undefined, knownRules: ReadonlySet<string>): ComposeConfig {
  let rel = given;
  if (!rel) {
    rel = CONFIG_FILE_NAMES.find((n) => fs.existsSync(path.join(cwd, n)));
    if (!rel) return defaultConfig();
  } else if (!fs.existsSync(path.resolve(cwd, rel))) {
    throw new ConfigurationError(`config file ${rel} does not exist`, { file: rel }, 'set `config` to an existing .hardline.yml or leave it empty to use the defaults');
  }
  const abs = path.resolve(cwd, rel);
  const doc = readYamlFile(abs, rel);
  if (doc.value === null || doc.value === undefined) return { ...defaultConfig(), file: rel };
  assertSchema(doc, CONFIG_SCHEMA, '.hardline.yml');
  const raw = ((doc.value as { compose?: RawCompose }).compose ?? {}) as RawCompose;
  const config: ComposeConfig = { ...defaultConfig(), file: rel };
  for (const [id, setting] of Object.entries(raw.rules ?? {})) {
    if (!knownRules.has(id)) {
      const pos = doc.locate(['compose', 'rules', id], 'key');
      const near = closest(id, knownRules);
      throw new ConfigurationError(
        `unknown rule "${id}" in compose.rules${near ? ` (did you mean "${near}"?)` : ''}`,
        { file: rel, line: pos.line, column: pos.column },
        'rule IDs are listed in docs/compose.md',
      );
    }
    config.rules[id] = setting;
  }
  if (raw.proxies) config.proxies = raw.proxies.map((p) => p.toLowerCase());
  const hc = raw.healthcheck ?? {};
  for (const field of ['interval', 'timeout'] as const) {
    const v = hc[field];
    if (v !== undefined) {
      const pos = doc.locate(['compose', 'healthcheck', field]);
      config.healthcheck[field] = parseDuration(v, `compose.healthcheck.${field}`, { file: rel, line: pos.line, column: pos.column });
    }
  }
  if (hc.retries !== undefined) config.healthcheck.retries = hc.retries;
  if (raw.digest) config.digest = raw.digest;
  if (raw['weak-passwords']) config.weakPasswords = [...raw['weak-passwords']];
  if (raw['min-secret-length'] !== undefined) config.minSecretLength = raw['min-secret-length'];
  if (raw.files) config.files = raw.files.map((f) => path.resolve(path.dirname(abs), f));
  return config;
}

function closest(id: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const d = distance(id, k);
    if (d < bestScore) {
      bestScore = d;
      best = k;
    }
  }
  return bestScore <= 3 ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
