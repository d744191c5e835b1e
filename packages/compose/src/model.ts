/**
 * The Compose project model shared by the loader (load/) and the hardening rules.
 * Keep stable: extend only by adding fields.
 */
import type { Finding } from '@hardline/core';

/** A place in a file. `file` is relative to cwd (forward slashes); line and column are 1-based. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

export interface EnvValue {
  value: string;
  origin?: Position;
  source: 'compose' | 'env_file' | 'dotenv' | 'environment' | 'default';
}

export interface LoadOptions {
  cwd: string;
  /** Explicit files or globs like `**\/compose*.y*ml`; none = discovery (compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml + override). */
  files?: string[];
  projectDirectory?: string;
  envFiles?: string[];
  profiles?: string[];
  env: NodeJS.ProcessEnv;
}

export interface ComposeProject {
  name: string;
  workingDir: string;
  /** Files relative to cwd. */
  files: string[];
  /**
   * Merged, interpolated, extends/include-resolved model, shaped like `docker compose config` (services, networks, volumes, secrets, configs).
   * Normalised per service: `environment`, `labels`, `annotations`, `sysctls` are mappings (a bare `KEY` list item is `KEY: null`);
   * `depends_on` is a mapping `{svc: {condition, required, …}}`; `networks` is a mapping; `env_file` is `[{path (absolute), required, format?}]`;
   * `build` is `{context (absolute unless remote), …}`; top-level secret/config `file` is absolute. Paths starting with `~` are kept as written.
   * `volumes`, `ports` and everything else keep the syntax written (short strings or long mappings). `extends`, `include`, `version` are gone;
   * services of inactive profiles are removed.
   */
  model: Record<string, unknown> & { services: Record<string, Record<string, unknown>> };
  /** Where the node at this model path was written (the file that won the merge), e.g. ['services','db','environment','POSTGRES_PASSWORD'] or ['services','web','volumes',0]. Falls back to the nearest ancestor. */
  locate(path: ReadonlyArray<string | number>): Position | undefined;
  /** Where the KEY at this path was written (for "remove this key" findings). */
  locateKey(path: ReadonlyArray<string | number>): Position | undefined;
  /** For a value produced by interpolation: where the variable's value was written (e.g. the .env line) and its name. */
  interpolatedFrom(path: ReadonlyArray<string | number>): { variable: string; origin?: Position } | undefined;
  /** The container environment of a service (env_file entries then environment), each with where its value was written. */
  serviceEnvironment(service: string): Map<string, EnvValue>;
  /** Comments "# hardline-disable-line <rule-id>[,…]" per file/line, so the rules can honour them. */
  disabledRules(file: string, line: number): Set<string>;
}

export interface LoadResult {
  projects: ComposeProject[];
  /** Load-stage findings (invalid-yaml, invalid-schema, invalid-interpolation, missing-variable, missing-file, undefined-reference, dependency-cycle). */
  findings: Finding[];
}

export type LoadProjects = (opts: LoadOptions) => LoadResult;
