/**
 * The project environment used for interpolation: the process environment, then `.env` in the
 * project directory (or the --env-file files instead). The process environment wins, as in Compose.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readEnvFile } from './envfile';
import type { Lookup, VarValue } from './interpolate';
import type { LoadProblem } from './rules';

export interface ProjectEnv {
  lookup: Lookup;
  /** Identity for caches (same env → same interpolation result). */
  id: string;
}

let nextId = 0;

export function buildProjectEnv(
  osEnv: NodeJS.ProcessEnv,
  projectDir: string,
  envFiles: readonly string[] | undefined,
  display: (abs: string) => string,
  problems: LoadProblem[],
  onDisabled?: (file: string, disabled: Map<number, Set<string>>) => void,
): ProjectEnv {
  const fromOs: Lookup = (name) => {
    const v = osEnv[name];
    return v === undefined ? undefined : { value: v, source: 'environment' };
  };
  const fileVars = new Map<string, VarValue>();
  const files = envFiles ?? [path.join(projectDir, '.env')];
  for (const abs of files) {
    const explicit = envFiles !== undefined;
    if (!explicit && !fs.existsSync(abs)) continue;
    const shown = display(abs);
    const read = readEnvFile(abs, undefined, (name) => fromOs(name) ?? fileVars.get(name));
    if (!read.ok) {
      problems.push({ ruleId: 'missing-file', message: `env file ${shown} ${read.reason === 'missing' ? 'does not exist' : `cannot be read (${read.detail})`}`, file: shown });
      continue;
    }
    if (read.result.disabled && onDisabled) onDisabled(shown, read.result.disabled);
    if (read.result.error) {
      problems.push({ ruleId: 'invalid-schema', message: `env file ${shown}: ${read.result.error.message}`, file: shown, line: read.result.error.line, column: 1 });
    }
    for (const e of read.result.entries) {
      fileVars.set(e.key, { value: e.value, source: 'dotenv', origin: { file: shown, line: e.line, column: e.column } });
    }
  }
  return { lookup: (name) => fromOs(name) ?? fileVars.get(name), id: String(nextId++) };
}
