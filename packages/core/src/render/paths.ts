import * as path from 'node:path';

/** Report files name paths relative to the repository root; findings carry them relative to the cwd. */
export interface PathContext {
  cwd: string;
  repoRoot: string;
}

export function repoRelative(file: string, ctx: PathContext): string {
  const abs = path.resolve(ctx.cwd, file);
  const rel = path.relative(ctx.repoRoot, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return toPosix(file);
  return toPosix(rel);
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function defaultPathContext(): PathContext {
  const cwd = process.cwd();
  const repoRoot = process.env.GITHUB_WORKSPACE || process.env.CI_PROJECT_DIR || cwd;
  return { cwd, repoRoot };
}
