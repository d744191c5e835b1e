/**
 * Reading vault.yml: YAML with positions (core readYamlFile), validated against the shipped JSON
 * schema (unknown keys are errors at their line), policies resolved to HCL text (inline or a .hcl
 * file relative to vault.yml) and parsed, and every `{env: NAME}` reference resolved and masked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar } from 'yaml';
import { assertSchema, ConfigurationError, mask, readYamlFile, type LocatedYaml, type PathSegment } from '@hardline/core';
import { parsePolicy, type PolicyRule } from './hcl';
import schema from './schema/vault-sync.schema.json';

export { schema as vaultSyncSchema };

export type Duration = number | string;
export interface EnvRef {
  env: string;
}

export interface RawMount {
  type: string;
  description?: string;
  version?: 1 | 2;
  options?: Record<string, string>;
  default_lease_ttl?: Duration;
  max_lease_ttl?: Duration;
}

export interface RawAppRole {
  mount?: string;
  role_id?: string;
  bind_secret_id?: boolean;
  secret_id_bound_cidrs?: string[];
  secret_id_num_uses?: number;
  secret_id_ttl?: Duration;
  local_secret_ids?: boolean;
  token_policies?: string[];
  token_ttl?: Duration;
  token_max_ttl?: Duration;
  token_explicit_max_ttl?: Duration;
  token_period?: Duration;
  token_num_uses?: number;
  token_bound_cidrs?: string[];
  token_no_default_policy?: boolean;
  token_type?: string;
}

export interface RawConnection {
  plugin_name: string;
  plugin_version?: string;
  connection_url: string;
  username?: string;
  password?: EnvRef;
  allowed_roles?: string[];
  verify_connection?: boolean;
  password_policy?: string;
  root_rotation_statements?: string[];
  max_open_connections?: number;
  max_idle_connections?: number;
  max_connection_lifetime?: Duration;
  username_template?: string;
}

export interface RawStaticRole {
  db_name: string;
  username: string;
  rotation_period?: Duration;
  rotation_schedule?: string;
  rotation_window?: Duration;
  rotation_statements?: string[];
  credential_type?: string;
}

export interface RawVaultFile {
  version?: 1;
  mounts?: Record<string, RawMount>;
  auth?: Record<string, RawMount>;
  policies?: Record<string, string | { file: string }>;
  approles?: Record<string, RawAppRole>;
  database?: { mount?: string; connections?: Record<string, RawConnection>; static_roles?: Record<string, RawStaticRole> };
  kv?: Record<string, Record<string, Record<string, EnvRef>>>;
}

export interface ResolvedPolicy {
  name: string;
  text: string;
  rules: PolicyRule[];
  /** Where the policy is declared in vault.yml. */
  line: number;
}

export interface VaultFile {
  file: string;
  raw: RawVaultFile;
  /** 1-based line of the node at a path in vault.yml. */
  lineOf(p: readonly PathSegment[]): number;
  policies: ResolvedPolicy[];
  /** Resolved `{env: NAME}` values by their path in the file joined with "/" (already masked). */
  secrets: Map<string, string>;
}

/**
 * @param file path to vault.yml (as given: it is the name shown in messages)
 * @param cwd directory `file` is relative to
 */
export function loadVaultFile(file: string, cwd: string, env: NodeJS.ProcessEnv): VaultFile {
  const abs = path.resolve(cwd, file);
  const doc = readYamlFile(abs, file);
  if (doc.value === null || doc.value === undefined) throw new ConfigurationError(`${file} is empty: expected mounts, auth, policies, approles, database or kv`, { file, line: 1 });
  assertSchema(doc, schema, 'vault.yml');
  const raw = doc.value as RawVaultFile;
  const lineOf = (p: readonly PathSegment[]) => doc.locate(p, 'key').line;
  checkStaticRoles(raw, file, lineOf);
  checkMounts(raw, file, lineOf);
  const policies = Object.entries(raw.policies ?? {}).map(([name, spec]) => resolvePolicy(doc, abs, file, name, spec));
  const secrets = new Map<string, string>();
  const resolve = (p: PathSegment[], ref: EnvRef) => {
    const v = env[ref.env];
    if (v === undefined || v === '') {
      throw new ConfigurationError(`${p.join('.')}: environment variable ${ref.env} is not set (expected the value there, never in the file)`, { file, line: doc.locate(p, 'value').line }, `set ${ref.env} in the job's environment (a CI secret)`);
    }
    secrets.set(p.join('/'), mask(v));
  };
  for (const [name, conn] of Object.entries(raw.database?.connections ?? {})) {
    if (conn.password) resolve(['database', 'connections', name, 'password'], conn.password);
  }
  for (const [mountPath, secretsAt] of Object.entries(raw.kv ?? {})) {
    for (const [secretPath, values] of Object.entries(secretsAt)) {
      for (const [key, ref] of Object.entries(values)) resolve(['kv', mountPath, secretPath, key], ref);
    }
  }
  return { file, raw, lineOf, policies, secrets };
}

function resolvePolicy(doc: LocatedYaml, abs: string, file: string, name: string, spec: string | { file: string }): ResolvedPolicy {
  const line = doc.locate(['policies', name], 'key').line;
  if (typeof spec === 'string') {
    // A block scalar (`|`) starts on the line after its indicator; a quoted string on its own line.
    const node = doc.doc.getIn(['policies', name], true);
    const valueLine = doc.locate(['policies', name], 'value').line;
    const block = isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
    const rules = parsePolicy(spec, { file, firstLine: block ? valueLine + 1 : valueLine });
    return { name, text: spec, rules, line };
  }
  const hclAbs = path.resolve(path.dirname(abs), spec.file);
  const hclShown = path.join(path.dirname(file), spec.file);
  let text: string;
  try {
    text = fs.readFileSync(hclAbs, 'utf8');
  } catch (err) {
    throw new ConfigurationError(`policies.${name}: cannot read policy file ${spec.file} (${(err as NodeJS.ErrnoException).code ?? 'error'}; paths are relative to ${file})`, { file, line: doc.locate(['policies', name, 'file'], 'value').line });
  }
  const rules = parsePolicy(text, { file: hclShown, firstLine: 1 });
  return { name, text, rules, line };
}

function checkStaticRoles(raw: RawVaultFile, file: string, lineOf: (p: readonly PathSegment[]) => number): void {
  const connections = raw.database?.connections ?? {};
  for (const [name, role] of Object.entries(raw.database?.static_roles ?? {})) {
    const at = ['database', 'static_roles', name];
    const both = role.rotation_period !== undefined && role.rotation_schedule !== undefined;
    const neither = role.rotation_period === undefined && role.rotation_schedule === undefined;
    if (both || neither) {
      throw new ConfigurationError(`database.static_roles.${name}: expected exactly one of rotation_period (e.g. 30d) or rotation_schedule (cron)`, { file, line: lineOf(at) });
    }
    if (Object.keys(connections).length > 0 && !connections[role.db_name]) {
      throw new ConfigurationError(`database.static_roles.${name}.db_name: "${role.db_name}" is not a connection in database.connections (expected one of ${Object.keys(connections).join(', ')})`, { file, line: lineOf([...at, 'db_name']) });
    }
  }
}

function checkMounts(raw: RawVaultFile, file: string, lineOf: (p: readonly PathSegment[]) => number): void {
  for (const [p, m] of Object.entries(raw.mounts ?? {})) {
    if (m.version !== undefined && m.type !== 'kv' && m.type !== 'kv-v2') {
      throw new ConfigurationError(`mounts.${p}.version: only a kv mount has a version (type is ${m.type})`, { file, line: lineOf(['mounts', p, 'version']) });
    }
    if (m.version !== undefined && m.options?.version !== undefined && m.options.version !== String(m.version)) {
      throw new ConfigurationError(`mounts.${p}: version ${m.version} contradicts options.version "${m.options.version}"`, { file, line: lineOf(['mounts', p, 'version']) });
    }
  }
  for (const mount of Object.keys(raw.kv ?? {})) {
    const m = raw.mounts?.[mount];
    const v2 = m && (m.type === 'kv-v2' || (m.type === 'kv' && (m.version === 2 || m.options?.version === '2')));
    if (m && !v2) {
      throw new ConfigurationError(`kv.${mount}: seed values need a KV version 2 mount, but mounts.${mount} is ${m.type}${m.type === 'kv' ? ' version 1' : ''} (expected type kv with version: 2)`, { file, line: lineOf(['kv', mount]) });
    }
  }
  for (const [p, m] of Object.entries(raw.auth ?? {})) {
    if (m.version !== undefined) throw new ConfigurationError(`auth.${p}.version: an auth method has no version`, { file, line: lineOf(['auth', p, 'version']) });
  }
}
