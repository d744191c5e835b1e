/**
 * `hardline compose [FILES…]` / actions/compose-validate / templates/compose-validate.yml:
 * load the projects like Compose v2, run the hardening rules, return one report.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigurationError, createReport, defineCommand, ExitCode, type Finding, type InputSpecs } from '@hardline/core';
import { loadConfig, type ComposeConfig } from './config';
import { loadProjects } from './load';
import { LOAD_RULES } from './load/rules';
import { RULE_METAS, runRules } from './rules';

export const COMPOSE_INPUTS = {
  files: {
    kind: 'list',
    positional: true,
    description:
      'Compose files or globs (newline- or comma-separated), e.g. `**/compose*.y*ml` for a repository with many stacks; files of one directory form one project and are merged in order. Default: the `files` of .hardline.yml, else discovery like `docker compose` (compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml plus the override file) in the working directory.',
  },
  'env-files': {
    kind: 'list',
    aliases: ['env-file'],
    description: 'Extra env files for interpolation, like `docker compose --env-file` (newline- or comma-separated, relative to the working directory; on the CLI write `--env-files FILE`, repeatable: Node.js 20 takes a script argument spelled `--env-file` as its own option and loads or rejects the file before hardline starts). Default: none; `.env` in the project directory is always read.',
  },
  profiles: {
    kind: 'list',
    aliases: ['profile'],
    description: 'Compose profiles to enable, like `--profile` (newline- or comma-separated). Default: none (services with a profile are skipped).',
  },
  config: {
    kind: 'string',
    description: 'Path of the hardline config file (rule severities and options), relative to the working directory. Default: `.hardline.yml` (or `.hardline.yaml`) when present, else built-in defaults. A given path that does not exist is an error (exit 2).',
  },
  'project-directory': {
    kind: 'string',
    description: 'Project directory, like `docker compose --project-directory`: base of relative paths and location of `.env`. Default: the directory of the first compose file. A path that is not a directory is an error (exit 2).',
  },
} as const satisfies InputSpecs;

const KNOWN_RULES = new Set([...RULE_METAS, ...LOAD_RULES].map((r) => r.id));

export const composeCommand = defineCommand({
  name: 'compose',
  summary: 'Validate Compose files: loading, schema, references and hardening rules',
  inputs: COMPOSE_INPUTS,
  async run({ inputs, cwd, env }) {
    const config = loadConfig(cwd, inputs.config, KNOWN_RULES);
    // Config files are resolved against the config file's directory; the loader takes globs relative to cwd.
    const configFiles = config.files.map((f) => path.relative(cwd, f).split(path.sep).join('/'));
    const files = inputs.files.length > 0 ? inputs.files : configFiles.length > 0 ? configFiles : undefined;
    const projectDirectory = inputs['project-directory'];
    if (projectDirectory !== undefined && !isDirectory(path.resolve(cwd, projectDirectory))) {
      // A mistyped project directory would silently skip its .env and resolve paths elsewhere.
      throw new ConfigurationError(
        `project-directory ${projectDirectory} is not a directory`,
        {},
        'set `project-directory` to an existing directory (relative to the working directory) or leave it empty to use the directory of the first compose file',
      );
    }
    const loaded = loadProjects({
      cwd,
      files,
      projectDirectory,
      envFiles: inputs['env-files'].length > 0 ? inputs['env-files'] : undefined,
      profiles: inputs.profiles,
      env,
    });
    if (loaded.projects.length === 0 && loaded.findings.length === 0) {
      throw new ConfigurationError(
        files ? `no compose file matches ${files.join(', ')}` : 'no compose file found (looked for compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml)',
        {},
        'pass the files to check (`files` input, or positional arguments on the CLI), e.g. **/compose*.y*ml',
      );
    }
    const findings: Finding[] = applySettings(loaded.findings, config);
    for (const project of loaded.projects) findings.push(...runRules(project, config, cwd));
    const services = loaded.projects.reduce((n, p) => n + Object.keys(p.model.services ?? {}).length, 0);
    const report = createReport('compose', findings, [...LOAD_RULES, ...RULE_METAS], {
      projects: loaded.projects.length,
      services,
      files: [...new Set(loaded.projects.flatMap((p) => p.files))].length,
      config: config.file ?? '(defaults)',
    });
    // A file that cannot be read as YAML at all, or no file to check, is bad input like a bad config:
    // exit 2, with the report (naming the file) still written.
    const unreadable = loaded.projects.length === 0 || report.findings.some((f) => f.ruleId === 'invalid-yaml' && f.severity === 'error');
    return { report, exitCode: unreadable ? ExitCode.Configuration : undefined };
  },
});

/** Severity overrides and `off` from .hardline.yml apply to load-stage findings too. */
function applySettings(findings: readonly Finding[], config: ComposeConfig): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = config.rules[f.ruleId];
    if (setting === 'off') continue;
    out.push(setting ? { ...f, severity: setting } : f);
  }
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
