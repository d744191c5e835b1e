/**
 * One Compose project from its files: each file is parsed, interpolated, schema-checked and
 * normalised; includes and extends are resolved per file; the files are merged in order; profiles
 * are applied; references and cycles are checked. Every problem is collected, never thrown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ComposeProject, EnvValue, Position } from '../model';
import { castTypes } from './cast';
import { readEnvFile, type EnvParseResult } from './envfile';
import { buildProjectEnv, type ProjectEnv } from './env';
import { ExtendsResolver, type FileModel } from './extends';
import { includeItems, mergeIncluded } from './include';
import { interpolateTree } from './interpolate';
import { isRecord, metaOf, setMeta, walkPath } from './located';
import { mergeMappings, stripResets } from './merge';
import { normalizeFile } from './normalize';
import { activeProfiles, applyProfiles } from './profiles';
import { checkReferences } from './references';
import type { LoadProblem } from './rules';
import { validateCompose } from './schema';
import { readComposeFile } from './yaml';

export interface ProjectSpec {
  cwd: string;
  files: string[];
  projectDirectory: string;
  envFiles?: string[];
  profiles?: string[];
  env: NodeJS.ProcessEnv;
}

type Model = ComposeProject['model'];

class Loader {
  readonly problems: LoadProblem[] = [];
  readonly disabled = new Map<string, Map<number, Set<string>>>();
  private readonly fileCache = new Map<string, FileModel | null>();
  private readonly loadedAs = new Map<string, FileModel>();
  private readonly envCache = new Map<string, EnvParseResult | 'missing' | 'unreadable'>();
  readonly display: (abs: string) => string;
  readonly onDisabled = (file: string, lines: Map<number, Set<string>>): void => {
    this.disabled.set(file, lines);
  };

  constructor(readonly cwd: string, readonly osEnv: NodeJS.ProcessEnv) {
    this.display = (abs) => path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);
  }

  /** Parse → interpolate → schema → normalise one file (cached per environment). */
  stage1(abs: string, env: ProjectEnv, dir: string): FileModel | undefined {
    const key = `${env.id}\u0000${abs}\u0000${dir}`;
    const cached = this.fileCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    this.fileCache.set(key, null);
    const display = this.display(abs);
    const read = readComposeFile(abs, display);
    if (!read.ok) {
      if ('missing' in read) this.problems.push({ ruleId: 'missing-file', message: `${display} does not exist`, file: display });
      else this.problems.push(read.problem);
      return undefined;
    }
    const { value, disabled } = read.parsed;
    if (disabled.size) this.disabled.set(display, disabled);
    const self: Position = metaOf(value)?.self ?? { file: display, line: 1, column: 1 };
    this.problems.push(...interpolateTree(value, env.lookup, self));
    castTypes(value);
    const services = value.services;
    if (isRecord(services)) {
      for (const [name, svc] of Object.entries(services)) {
        if (svc !== null) continue;
        const empty = {};
        setMeta(empty, { self: metaOf(services)?.entries.get(name)?.value ?? self, entries: new Map() });
        services[name] = empty;
      }
    }
    this.problems.push(...validateCompose(value, display));
    normalizeFile(value, dir);
    const fm: FileModel = { abs, dir: path.dirname(abs), display, model: value };
    this.fileCache.set(key, fm);
    if (!this.loadedAs.has(`${env.id}\u0000${abs}`)) this.loadedAs.set(`${env.id}\u0000${abs}`, fm);
    return fm;
  }

  /** Load and merge `files` as one (sub-)project; returns the merged model. */
  loadModel(files: readonly string[], projectDir: string, env: ProjectEnv, includeStack: readonly string[]): Record<string, unknown> | undefined {
    let merged: Record<string, unknown> | undefined;
    // An extended file already loaded as one of the project's files is reused as loaded (same positions, no second report).
    const resolver = new ExtendsResolver((abs) => this.loadedAs.get(`${env.id}\u0000${abs}`) ?? this.stage1(abs, env, path.dirname(abs)), this.problems);
    for (const abs of files) {
      // the first file's relative paths resolve against the project directory; others against it too (like -f)
      const fm = this.stage1(abs, env, projectDir);
      if (!fm) continue;
      for (const item of includeItems(fm.model, path.dirname(abs))) {
        const cyc = item.files.find((f) => f === abs || includeStack.includes(f));
        if (cyc) {
          this.problems.push({ ruleId: 'dependency-cycle', message: `include cycle: ${this.display(abs)} includes ${this.display(cyc)}, which is already being loaded`, ...item.pos });
          continue;
        }
        const missing = item.files.filter((f) => !fs.existsSync(f));
        if (missing.length) {
          for (const f of missing) this.problems.push({ ruleId: 'missing-file', message: `included file ${this.display(f)} does not exist`, ...item.pos });
          continue;
        }
        const subEnv = buildProjectEnv(this.osEnv, item.projectDirectory, item.envFiles, this.display, this.problems, this.onDisabled);
        const sub = this.loadModel(item.files, item.projectDirectory, subEnv, [...includeStack, abs]);
        if (!sub) continue;
        for (const [section, name] of mergeIncluded(fm.model, sub)) {
          const w = walkPath(fm.model, [section, name]);
          const at = w.entry?.key ?? w.entry?.value ?? item.pos;
          this.problems.push({
            ruleId: 'invalid-schema',
            message: `${section}.${name} conflicts with the ${section.slice(0, -1)} of the same name imported by include (${item.files.map(this.display).join(', ')})`,
            file: at.file,
            line: at.line,
            column: at.column,
          });
        }
      }
      resolver.resolveFile(fm);
      merged = merged ? mergeMappings(merged, fm.model) : fm.model;
    }
    if (merged) delete merged.include;
    return merged;
  }

  readEnv(abs: string, format: 'raw' | undefined, env: ProjectEnv): EnvParseResult | 'missing' | 'unreadable' {
    const key = `${env.id}\u0000${format ?? ''}\u0000${abs}`;
    let r = this.envCache.get(key);
    if (r === undefined) {
      const read = readEnvFile(abs, format, env.lookup);
      r = read.ok ? read.result : read.reason;
      this.envCache.set(key, r);
      if (read.ok && read.result.disabled) this.onDisabled(this.display(abs), read.result.disabled);
      if (read.ok && read.result.error) {
        const shown = this.display(abs);
        this.problems.push({ ruleId: 'invalid-schema', message: `env file ${shown}: ${read.result.error.message}`, file: shown, line: read.result.error.line, column: 1 });
      }
    }
    return r;
  }
}

export function normalizeProjectName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

export function loadProject(spec: ProjectSpec, problems: LoadProblem[]): ComposeProject | undefined {
  const loader = new Loader(spec.cwd, spec.env);
  const env = buildProjectEnv(spec.env, spec.projectDirectory, spec.envFiles, loader.display, loader.problems, loader.onDisabled);
  const raw = loader.loadModel(spec.files, spec.projectDirectory, env, []);
  if (!raw) {
    problems.push(...loader.problems);
    return undefined;
  }
  stripResets(raw);
  if (!isRecord(raw.services)) {
    const s = {};
    setMeta(s, { self: metaOf(raw)?.self ?? { file: '', line: 1, column: 1 }, entries: new Map() });
    raw.services = s;
  }
  delete raw.version;
  const model = raw as Model;
  for (const svc of Object.values(model.services)) if (isRecord(svc)) delete svc.extends;

  const composeProfiles = env.lookup('COMPOSE_PROFILES')?.value;
  const removed = applyProfiles(model, activeProfiles(spec.profiles, composeProfiles));
  loader.problems.push(...checkReferences(model, removed, loader.display));

  // Container environment per service: env_file entries, then environment.
  const environments = new Map<string, Map<string, EnvValue>>();
  for (const [name, svc] of Object.entries(model.services)) {
    const vars = new Map<string, EnvValue>();
    const envFiles = svc.env_file;
    if (Array.isArray(envFiles)) {
      envFiles.forEach((ef, i) => {
        if (!isRecord(ef) || typeof ef.path !== 'string') return;
        const w = walkPath(model, ['services', name, 'env_file', i]);
        const pos = w.entry?.value ?? w.container?.self;
        if (ef.path.startsWith('~')) return;
        const r = loader.readEnv(ef.path, ef.format === 'raw' ? 'raw' : undefined, env);
        if (r === 'missing' || r === 'unreadable') {
          if (ef.required === false && r === 'missing') return;
          loader.problems.push({
            ruleId: 'missing-file',
            message: `service "${name}" reads env_file ${loader.display(ef.path)}, which ${r === 'missing' ? 'does not exist (mark it `required: false` if it is optional)' : 'cannot be read'}`,
            ...(pos ? { file: pos.file, line: pos.line, column: pos.column } : {}),
          });
          return;
        }
        const shown = loader.display(ef.path);
        for (const e of r.entries) vars.set(e.key, { value: e.value, source: 'env_file', origin: { file: shown, line: e.line, column: e.column } });
      });
    }
    const environment = svc.environment;
    if (isRecord(environment)) {
      const meta = metaOf(environment);
      for (const [k, v] of Object.entries(environment)) {
        const entry = meta?.entries.get(k);
        if (v === null || v === undefined) {
          const found = env.lookup(k);
          if (found) vars.set(k, { value: found.value, source: found.source, ...(found.origin ? { origin: found.origin } : {}) });
          continue;
        }
        const value = typeof v === 'object' ? JSON.stringify(v) : String(v);
        const interp = entry?.interp;
        if (interp && interp.source !== 'compose') {
          vars.set(k, { value, source: interp.source, ...(interp.origin ?? entry?.value ? { origin: interp.origin ?? entry?.value } : {}) });
        } else vars.set(k, { value, source: 'compose', ...(entry?.value ? { origin: entry.value } : {}) });
      }
    }
    environments.set(name, vars);
  }

  const workingDir = spec.projectDirectory;
  const nameRaw = typeof model.name === 'string' && model.name ? model.name : env.lookup('COMPOSE_PROJECT_NAME')?.value || path.basename(workingDir);
  const name = normalizeProjectName(nameRaw) || 'default';
  const seen = new Set<string>();
  for (const p of loader.problems) {
    const id = `${p.ruleId}\u0000${p.file}\u0000${p.line}\u0000${p.column}\u0000${p.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(p);
  }
  const disabled = loader.disabled;
  const none = new Set<string>();
  return {
    name,
    workingDir,
    files: spec.files.map(loader.display),
    model,
    locate(p) {
      const w = walkPath(model, p);
      return w.entry?.value ?? w.container?.self;
    },
    locateKey(p) {
      const w = walkPath(model, p);
      return w.entry?.key ?? w.entry?.value ?? w.container?.self;
    },
    interpolatedFrom(p) {
      const w = walkPath(model, p);
      if (!w.complete || !w.entry?.interp) return undefined;
      return { variable: w.entry.interp.variable, ...(w.entry.interp.origin ? { origin: w.entry.interp.origin } : {}) };
    },
    serviceEnvironment(service) {
      return new Map(environments.get(service) ?? []);
    },
    disabledRules(file, line) {
      return disabled.get(file)?.get(line) ?? none;
    },
  };
}
