/**
 * The one input layer. A command declares its inputs once (kebab-case names, as in action.yml);
 * they are read from GitHub inputs (INPUT_*), GitLab CI variables (HARDLINE_*) or CLI flags (--name),
 * with optional environment fallbacks (VAULT_ADDR…). Secrets are masked the moment they are read.
 */
import { ConfigurationError } from './errors';
import { mask } from './mask';
import { parseBoolean, parseDuration, parseEnum, parseInteger, parseList } from './parse';

export type InputKind = 'string' | 'secret' | 'boolean' | 'list' | 'secret-list' | 'duration' | 'integer' | 'enum';

export interface InputSpec {
  kind: InputKind;
  description: string;
  default?: string;
  required?: boolean;
  /** Allowed values, for kind "enum". */
  values?: readonly string[];
  /** Environment variables read when the input is not given (first set wins), e.g. ["VAULT_ADDR"]. */
  env?: readonly string[];
  /** CLI only: positional arguments fill this input (kind list). */
  positional?: boolean;
  min?: number;
  max?: number;
  /** Extra CLI spellings, e.g. ["sarif"] for sarif-file. */
  aliases?: readonly string[];
}

export type InputSpecs = Record<string, InputSpec>;

type ValueOf<S extends InputSpec> = S['kind'] extends 'boolean'
  ? boolean
  : S['kind'] extends 'list' | 'secret-list'
    ? string[]
    : S['kind'] extends 'duration' | 'integer'
      ? number
      : S['kind'] extends 'enum'
        ? S['values'] extends readonly (infer V)[]
          ? V
          : string
        : string;

/** Values keyed by input name: lists and booleans always present; others present when defaulted or required. */
export type InputValues<T extends InputSpecs> = {
  [K in keyof T]: T[K] extends { kind: 'boolean' | 'list' | 'secret-list' }
    ? ValueOf<T[K]>
    : T[K] extends { default: string } | { required: true }
      ? ValueOf<T[K]>
      : ValueOf<T[K]> | undefined;
};

/** Where raw values come from. `all` returns every occurrence (repeated CLI flags). */
export interface InputSource {
  readonly kind: 'github' | 'gitlab' | 'cli';
  get(name: string): string | undefined;
  all(name: string): string[];
  /** How the user names this input on this platform, for error messages. */
  label(name: string): string;
  /** Positional CLI arguments (empty elsewhere). */
  positionals(): string[];
}

export function githubInputName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export function gitlabVariableName(name: string): string {
  return `HARDLINE_${name.replace(/[- ]/g, '_').toUpperCase()}`;
}

export class EnvInputSource implements InputSource {
  constructor(
    readonly kind: 'github' | 'gitlab',
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}
  private key(name: string): string {
    return this.kind === 'github' ? githubInputName(name) : gitlabVariableName(name);
  }
  get(name: string): string | undefined {
    const v = this.env[this.key(name)];
    return v === undefined || v === '' ? undefined : v;
  }
  all(name: string): string[] {
    const v = this.get(name);
    return v === undefined ? [] : [v];
  }
  label(name: string): string {
    return this.kind === 'github' ? `input "${name}"` : `variable ${this.key(name)} (input "${name}")`;
  }
  positionals(): string[] {
    return [];
  }
}

/** Parsed CLI flags: `--name value`, `--name=value`, `--flag`, `--no-flag`; repeated flags accumulate. */
export class FlagInputSource implements InputSource {
  readonly kind = 'cli' as const;
  constructor(
    private readonly flags: Map<string, string[]>,
    private readonly rest: string[],
  ) {}
  get(name: string): string | undefined {
    const v = this.flags.get(name);
    return v === undefined ? undefined : v[v.length - 1];
  }
  all(name: string): string[] {
    return this.flags.get(name) ?? [];
  }
  label(name: string): string {
    return `--${name}`;
  }
  positionals(): string[] {
    return this.rest;
  }
}

/** Split argv into flags and positionals, checking every flag against the command's specs. */
export function parseFlags(argv: readonly string[], specs: InputSpecs): FlagInputSource {
  const flags = new Map<string, string[]>();
  const rest: string[] = [];
  const push = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value]);
  const aliases = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) for (const a of spec.aliases ?? []) aliases.set(a, name);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (arg.startsWith('-') && arg.length > 1) {
        const alias = SHORT_FLAGS[arg];
        if (alias && specs[alias]) {
          const value = argv[++i];
          if (value === undefined) throw new ConfigurationError(`${arg}: expected a value after it`);
          push(alias, value);
          continue;
        }
        throw new ConfigurationError(`unknown option ${arg} (run with --help to list the options)`);
      }
      rest.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    name = aliases.get(name) ?? name;
    if (!specs[name] && name.startsWith('no-') && specs[name.slice(3)]?.kind === 'boolean' && inline === undefined) {
      name = name.slice(3);
      inline = 'false';
    }
    const spec = specs[name];
    if (!spec) throw new ConfigurationError(`unknown option --${name} (run with --help to list the options)`);
    if (spec.kind === 'boolean') {
      push(name, inline ?? (argv[i + 1] === 'true' || argv[i + 1] === 'false' ? argv[++i] : 'true'));
      continue;
    }
    if (inline === undefined) {
      inline = argv[++i];
      if (inline === undefined) throw new ConfigurationError(`--${name}: expected a value after it`);
    }
    push(name, inline);
  }
  return new FlagInputSource(flags, rest);
}

const SHORT_FLAGS: Record<string, string> = { '-f': 'files', '-o': 'output', '-c': 'config' };

export function readInputs<T extends InputSpecs>(specs: T, source: InputSource, env: NodeJS.ProcessEnv = process.env): InputValues<T> {
  const extra = source.positionals();
  if (extra.length > 0 && !Object.values(specs).some((s) => s.positional)) {
    // Never quote the word: it may be a secret that belonged to an option (`--unseal-keys k1 k2`).
    throw new ConfigurationError(
      `unexpected argument ${extra.length === 1 ? '' : `(${extra.length} of them) `}after the options: this command takes options only (--name value)`,
      {},
      'give every value with its option; several values of one option go in one argument, comma-separated (run with --help to list the options)',
    );
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = readOne(name, spec, source, env);
  }
  return out as InputValues<T>;
}

function readOne(name: string, spec: InputSpec, source: InputSource, env: NodeJS.ProcessEnv): unknown {
  const label = source.label(name);
  const secret = spec.kind === 'secret' || spec.kind === 'secret-list';
  const rawAll = source.all(name);
  let raws: string[] = rawAll;
  if (spec.positional && source.positionals().length > 0) raws = [...raws, ...source.positionals()];
  let fromLabel = label;
  if (raws.length === 0 && spec.env) {
    for (const key of spec.env) {
      const v = env[key];
      if (v !== undefined && v !== '') {
        raws = [v];
        fromLabel = `environment variable ${key}`;
        break;
      }
    }
  }
  if (secret) raws.forEach((r) => mask(r));
  if (raws.length === 0) {
    if (spec.required && spec.default === undefined) {
      const envHint = spec.env && spec.env.length > 0 ? ` (or set ${spec.env.join(' or ')})` : '';
      throw new ConfigurationError(`${label} is required: ${spec.description}${envHint}`);
    }
    if (spec.default === undefined) return spec.kind === 'boolean' ? false : spec.kind === 'list' || spec.kind === 'secret-list' ? [] : undefined;
    raws = [spec.default];
  }
  switch (spec.kind) {
    case 'list':
      return raws.flatMap(parseList);
    case 'secret-list': {
      const items = raws.flatMap((r) => r.split(/[\n,]/).map((s) => s.trim()).filter(Boolean));
      items.forEach((s) => mask(s));
      return items;
    }
    case 'secret':
      // Secrets are read untrimmed but for the line break a CI store may append.
      return raws[raws.length - 1].replace(/\r?\n$/, '');
    case 'boolean':
      return parseBoolean(raws[raws.length - 1], fromLabel);
    case 'duration':
      return parseDuration(raws[raws.length - 1], fromLabel);
    case 'integer':
      return parseInteger(raws[raws.length - 1], fromLabel, { min: spec.min, max: spec.max });
    case 'enum':
      return parseEnum(raws[raws.length - 1], spec.values ?? [], fromLabel);
    case 'string':
      return raws[raws.length - 1].trim();
  }
}
