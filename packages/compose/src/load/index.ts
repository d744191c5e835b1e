/**
 * The Compose loader: loads every selected project exactly like Compose v2 (discovery, -f files
 * and globs, interpolation, include, extends, merge, profiles, schema, references) and returns the
 * projects with positioned models plus the load-stage findings. Never throws on bad input.
 */
import * as path from 'node:path';
import type { ComposeProject, LoadOptions, LoadResult } from '../model';
import { buildProjectEnv } from './env';
import { discoverInDir, groupFiles, type FileGroup } from './discover';
import { loadProject as loadOneProject } from './project';
import { toFinding, type LoadProblem } from './rules';

export { LOAD_RULES, type LoadRuleId } from './rules';
export { interpolate, type Lookup, type VarValue } from './interpolate';
export { parseDotenv, parseRawEnv, type EnvEntry } from './envfile';

export function loadProjects(opts: LoadOptions): LoadResult {
  const cwd = path.resolve(opts.cwd);
  const problems: LoadProblem[] = [];
  const projects: ComposeProject[] = [];
  const display = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/') || path.basename(abs);
  const envFiles = opts.envFiles?.map((f) => path.resolve(cwd, f));
  const projectDirectory = opts.projectDirectory ? path.resolve(cwd, opts.projectDirectory) : undefined;

  let groups: FileGroup[];
  if (opts.files && opts.files.length) {
    groups = groupFiles(cwd, opts.files);
  } else {
    const dir = projectDirectory ?? cwd;
    // COMPOSE_FILE (process env or the project's .env) selects the files, as in docker compose.
    const scratch: LoadProblem[] = [];
    const composeFile = buildProjectEnv(opts.env, dir, envFiles, display, scratch).lookup('COMPOSE_FILE')?.value;
    if (composeFile) {
      const sep = opts.env.COMPOSE_PATH_SEPARATOR ?? (process.platform === 'win32' ? ';' : ':');
      groups = groupFiles(dir, composeFile.split(sep).filter(Boolean));
    } else {
      const found = discoverInDir(dir);
      // Nothing found (here or for a glob): no project and no finding; the command reports the bad input.
      groups = found.length ? [{ files: found, missing: [] }] : [];
    }
  }

  for (const g of groups) {
    for (const m of g.missing) problems.push({ ruleId: 'missing-file', message: `Compose file ${display(m)} does not exist`, file: display(m) });
    if (!g.files.length) continue;
    const dir = groups.length === 1 && projectDirectory ? projectDirectory : path.dirname(g.files[0]);
    const project = loadOneProject({ cwd, files: g.files, projectDirectory: dir, envFiles, profiles: opts.profiles, env: opts.env }, problems);
    if (project) projects.push(project);
  }
  return { projects, findings: problems.map(toFinding) };
}

/** Alias of loadProjects (one name per the part-2 brief). */
export const loadProject = loadProjects;
