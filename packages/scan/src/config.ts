/**
 * The gitleaks configuration a scan runs with: hardline's extension rules on top of the repository's
 * own config (--config, else .gitleaks.toml at the scanned root), which itself may extend gitleaks'
 * defaults with `[extend] useDefault = true`; without a repository config, on top of the defaults.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify, TomlError } from 'smol-toml';
import { ConfigurationError } from '@hardline/core';
import { EXTENSION_TOML } from './rules/extension';

export interface ConfigChoice {
  /** Absolute path of the repository's config, if any. */
  repoConfig?: string;
  extensionRules: boolean;
  /**
   * Commit scopes scan a patch tree laid out as `<commit>/<path>` (or `index/<path>`): path regexes
   * anchored at the start (`^dist/`) must allow that first segment or they would silently never match.
   */
  commitTree?: boolean;
}

/** The first segment of a patch-tree path, as gitleaks sees it from the tree root. */
export const TREE_PREFIX = '(?:\\d+|index)/';

/** Finds the repository config: the explicit one (must exist) or `<root>/.gitleaks.toml`. */
export function findRepoConfig(root: string, explicit: string | undefined, cwd: string): string | undefined {
  if (explicit) {
    const abs = path.resolve(cwd, explicit);
    if (!fs.existsSync(abs)) throw new ConfigurationError(`the gitleaks config ${explicit} does not exist`, { file: explicit }, 'pass the path of a .gitleaks.toml, relative to the working directory');
    return abs;
  }
  const def = path.join(root, '.gitleaks.toml');
  return fs.existsSync(def) ? def : undefined;
}

/** Checks the TOML syntax so that a typo is reported as file:line, not as a gitleaks failure. */
export function checkToml(file: string, display: string): void {
  try {
    parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof TomlError) {
      throw new ConfigurationError(`invalid TOML: ${err.message.split('\n')[0]}`, { file: display, line: err.line, column: err.column }, 'see https://github.com/gitleaks/gitleaks#configuration');
    }
    throw err;
  }
}

/** Writes the effective config into `dir` and returns its path (or the repository config unchanged). */
export function writeEffectiveConfig(dir: string, choice: ConfigChoice): string | undefined {
  const repoConfig = choice.repoConfig && choice.commitTree ? writeTreeConfig(dir, choice.repoConfig) : choice.repoConfig;
  if (!choice.extensionRules) return repoConfig;
  const head = repoConfig ? `[extend]\npath = ${JSON.stringify(repoConfig)}\n\n` : '[extend]\nuseDefault = true\n\n';
  const file = path.join(dir, 'hardline-gitleaks.toml');
  fs.writeFileSync(file, `title = "hardline"\n${head}${EXTENSION_TOML}`);
  return file;
}

/** A copy of the repository config for a patch tree: anchored path regexes get the tree prefix. */
function writeTreeConfig(dir: string, repoConfig: string): string {
  const doc = parse(fs.readFileSync(repoConfig, 'utf8')) as Record<string, unknown>;
  const extend = doc.extend as Record<string, unknown> | undefined;
  if (extend && typeof extend.path === 'string' && !path.isAbsolute(extend.path)) {
    extend.path = path.resolve(path.dirname(repoConfig), extend.path);
  }
  const lists = (node: unknown): Array<Record<string, unknown>> => {
    if (!node || typeof node !== 'object') return [];
    return Array.isArray(node) ? (node as Array<Record<string, unknown>>) : [node as Record<string, unknown>];
  };
  const fixLists = (owner: Record<string, unknown>) => {
    for (const key of ['allowlist', 'allowlists']) {
      for (const list of lists(owner[key])) {
        if (Array.isArray(list.paths)) list.paths = list.paths.map((p) => (typeof p === 'string' ? anchorToTree(p) : p));
      }
    }
  };
  fixLists(doc);
  for (const rule of lists(doc.rules)) {
    if (typeof rule.path === 'string') rule.path = anchorToTree(rule.path);
    fixLists(rule);
  }
  const file = path.join(dir, 'repository-gitleaks.toml');
  fs.writeFileSync(file, stringify(doc));
  return file;
}

/** `^dist/` → `^(?:\d+|index)/dist/`, keeping leading inline flags such as `(?i)`. */
export function anchorToTree(regex: string): string {
  const m = regex.match(/^((?:\(\?[a-zA-Z]+\))*)\^/);
  if (!m) return regex;
  return `${m[1]}^${TREE_PREFIX}${regex.slice(m[0].length)}`;
}
