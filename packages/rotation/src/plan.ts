/**
 * The rotation plan (rotation.yml): entries of {name, source, sinks, max-age, environment?, trigger?},
 * validated against schema/rotation.schema.json with file:line errors, sink targets parsed as
 * store targets (github:…, gitlab:…, vault-kv:…) at their own line.
 */
import { ConfigurationError, parseDuration, readYamlFile, schemaProblems, type LocatedYaml } from '@hardline/core';
import { parseStoreTarget, type StoreTarget } from '@hardline/stores';
import schema from './schema/rotation.schema.json';

export type SourceSpec =
  | { type: 'keycloak-client-secret'; url: string; realm: string; clientId: string; adminRealm?: string }
  | { type: 'vault-database-static-role'; mount: string; role: string }
  | { type: 'vault-approle-secret-id'; mount: string; role: string; keep: number }
  | { type: 'random'; length: number };

export interface SinkSpec {
  /** As written in the plan, e.g. "github:repository:acme/app". */
  raw: string;
  target: StoreTarget;
  /** Name of the secret in this sink (default: the entry name). */
  name: string;
  line: number;
}

export interface TriggerSpec {
  githubWorkflow?: { repository: string; workflow: string; ref: string; inputs: Record<string, string> };
  gitlabPipeline?: { project: string; ref: string; variables: Record<string, string> };
}

export interface PlanEntry {
  name: string;
  source: SourceSpec;
  sinks: SinkSpec[];
  /** Seconds. */
  maxAge: number;
  environment?: string;
  trigger?: TriggerSpec;
  line: number;
}

export interface RotationPlan {
  file: string;
  entries: PlanEntry[];
}

export const DEFAULT_MAX_AGE_DAYS = 30;
export const DEFAULT_RANDOM_LENGTH = 48;
export const DEFAULT_APPROLE_KEEP = 2;

interface RawEntry {
  name: string;
  'max-age'?: string | number;
  environment?: string;
  source: Record<string, unknown> & { type: SourceSpec['type'] };
  sinks: Array<string | { target: string; name?: string }>;
  trigger?: {
    'github-workflow'?: { repository: string; workflow: string; ref?: string; inputs?: Record<string, string> };
    'gitlab-pipeline'?: { project: string; ref?: string; variables?: Record<string, string> };
  };
}

export function loadPlan(file: string, displayName = file): RotationPlan {
  return parsePlan(readYamlFile(file, displayName));
}

export function parsePlan(doc: LocatedYaml): RotationPlan {
  checkSchema(doc);
  const raw = doc.value as { entries: RawEntry[] };
  const seen = new Map<string, number>();
  const entries = raw.entries.map((e, i): PlanEntry => {
    const at = (...path: Array<string | number>) => ({ file: doc.file, ...doc.locate(['entries', i, ...path]) });
    const line = doc.locate(['entries', i]).line;
    const first = seen.get(e.name);
    if (first !== undefined) throw new ConfigurationError(`entries[${i}].name: "${e.name}" is already the name of the entry at line ${first}; expected unique entry names`, at('name'));
    seen.set(e.name, line);
    const sinks = e.sinks.map((s, j): SinkSpec => {
      const rawTarget = typeof s === 'string' ? s : s.target;
      const loc = at('sinks', j);
      const target = parseStoreTarget(rawTarget, `entries[${i}].sinks[${j}]`, loc);
      return { raw: rawTarget, target, name: (typeof s === 'string' ? undefined : s.name) ?? e.name, line: loc.line };
    });
    const targets = new Set<string>();
    sinks.forEach((s, j) => {
      const key = `${s.raw}\u0000${s.name}`;
      if (targets.has(key)) throw new ConfigurationError(`entries[${i}].sinks[${j}]: ${s.raw} is listed twice for ${s.name}; expected each sink once`, at('sinks', j));
      targets.add(key);
    });
    const maxAge = e['max-age'] === undefined ? DEFAULT_MAX_AGE_DAYS * 86400 : parseDuration(e['max-age'], `entries[${i}].max-age`, at('max-age'));
    return {
      name: e.name,
      source: sourceSpec(e.source),
      sinks,
      maxAge,
      environment: e.environment,
      trigger: triggerSpec(e.trigger),
      line,
    };
  });
  return { file: doc.file, entries };
}

/** core's schemaProblems, without the if/then wrapper errors that only repeat what a child error says. */
function checkSchema(doc: LocatedYaml): void {
  const all = schemaProblems(doc, schema);
  const problems = all.filter((p) => !/must match "(then|else)" schema$/.test(p.message));
  if (all.length === 0) return;
  const list = problems.length > 0 ? problems : all;
  const first = list[0]!;
  const rest = list.slice(1).map((p) => `\n  ${doc.file}:${p.line}:${p.column}: ${p.message}`);
  throw new ConfigurationError(`${first.message}${rest.join('')}`, { file: doc.file, line: first.line, column: first.column }, 'see docs/rotation.md for the rotation.yml reference');
}

function sourceSpec(s: RawEntry['source']): SourceSpec {
  const str = (k: string): string => String(s[k]);
  const opt = (k: string): string | undefined => (s[k] === undefined ? undefined : String(s[k]));
  switch (s.type) {
    case 'keycloak-client-secret':
      return { type: s.type, url: str('url').replace(/\/+$/, ''), realm: str('realm'), clientId: str('client-id'), adminRealm: opt('admin-realm') };
    case 'vault-database-static-role':
      return { type: s.type, mount: opt('mount') ?? 'database', role: str('role') };
    case 'vault-approle-secret-id':
      return { type: s.type, mount: opt('mount') ?? 'approle', role: str('role'), keep: s.keep === undefined ? DEFAULT_APPROLE_KEEP : Number(s.keep) };
    case 'random':
      return { type: s.type, length: s.length === undefined ? DEFAULT_RANDOM_LENGTH : Number(s.length) };
  }
}

function triggerSpec(t: RawEntry['trigger']): TriggerSpec | undefined {
  if (!t) return undefined;
  const out: TriggerSpec = {};
  const gh = t['github-workflow'];
  if (gh) out.githubWorkflow = { repository: gh.repository, workflow: gh.workflow, ref: gh.ref ?? 'main', inputs: gh.inputs ?? {} };
  const gl = t['gitlab-pipeline'];
  if (gl) out.gitlabPipeline = { project: gl.project, ref: gl.ref ?? 'main', variables: gl.variables ?? {} };
  return out;
}

/** Entries selected by name (all when `names` is empty); an unknown name is a configuration error. */
export function selectEntries(plan: RotationPlan, names: readonly string[]): PlanEntry[] {
  if (names.length === 0) return plan.entries;
  const known = new Set(plan.entries.map((e) => e.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ConfigurationError(`entries: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in ${plan.file}; expected one of ${[...known].join(', ')}`, { file: plan.file });
  }
  return plan.entries.filter((e) => names.includes(e.name));
}
