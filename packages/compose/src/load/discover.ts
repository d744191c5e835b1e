/**
 * Which files make which project: docker compose's discovery (compose.yaml, compose.yml,
 * docker-compose.yaml, docker-compose.yml, plus the matching override file; COMPOSE_FILE),
 * explicit files (one project, merged in order like several -f), and globs (one project per
 * directory, base files first, override files last).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

export const CANONICAL_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'vendor']);

export interface FileGroup {
  /** Absolute file paths, in merge order. */
  files: string[];
  /** Files given explicitly that do not exist (absolute). */
  missing: string[];
}

/** The files docker compose would pick in `dir`: the first canonical file and its override. */
export function discoverInDir(dir: string): string[] {
  let names: Set<string>;
  try {
    names = new Set(fs.readdirSync(dir));
  } catch {
    return [];
  }
  const base = CANONICAL_FILES.find((f) => names.has(f));
  if (!base) return [];
  const stem = base.replace(/\.ya?ml$/, '');
  const override = [`${stem}.override.yaml`, `${stem}.override.yml`].find((f) => names.has(f));
  return [path.join(dir, base), ...(override ? [path.join(dir, override)] : [])];
}

export function isGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function walk(root: string, out: string[], depth = 0): void {
  if (depth > 25) return;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(root, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(full, out, depth + 1);
    } else if (e.isFile() || e.isSymbolicLink()) out.push(full);
  }
}

/** Order files of one directory the way they would be passed as -f: base, others, overrides. */
function mergeOrder(a: string, b: string): number {
  const rank = (f: string) => {
    const n = path.basename(f);
    if (CANONICAL_FILES.includes(n)) return 0;
    if (/\.override\.ya?ml$/.test(n)) return 2;
    return 1;
  };
  return rank(a) - rank(b) || a.localeCompare(b);
}

export function groupFiles(cwd: string, patterns: readonly string[]): FileGroup[] {
  const explicit: FileGroup = { files: [], missing: [] };
  const globs = patterns.filter(isGlob);
  for (const p of patterns) {
    if (isGlob(p)) continue;
    const abs = path.resolve(cwd, p);
    if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
      const found = discoverInDir(abs);
      if (found.length) explicit.files.push(...found);
      else explicit.missing.push(path.join(abs, 'compose.yaml'));
    } else if (fs.existsSync(abs)) explicit.files.push(abs);
    else explicit.missing.push(abs);
  }
  const groups: FileGroup[] = [];
  if (explicit.files.length || explicit.missing.length) groups.push(explicit);
  if (globs.length) {
    const matchers = globs.map((g) => picomatch(g.replace(/\\/g, '/'), { dot: false }));
    const all: string[] = [];
    walk(cwd, all);
    const byDir = new Map<string, string[]>();
    const taken = new Set(explicit.files);
    for (const f of all) {
      const rel = path.relative(cwd, f).split(path.sep).join('/');
      if (taken.has(f) || !matchers.some((m) => m(rel))) continue;
      const d = path.dirname(f);
      const list = byDir.get(d) ?? [];
      list.push(f);
      byDir.set(d, list);
    }
    for (const d of [...byDir.keys()].sort()) {
      groups.push({ files: (byDir.get(d) as string[]).sort(mergeOrder), missing: [] });
    }
  }
  return groups;
}
