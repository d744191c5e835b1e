/** Test helpers: write a throw-away Compose project and load it. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProjects } from '../../src/load';
import type { LoadOptions, LoadResult } from '../../src/model';

const made: string[] = [];

/** Write `files` (relative path → content) into a new temp directory and return it. */
export function tempProject(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-compose-'));
  made.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

export function removeTempProjects(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Load a temp project made of `files`; options default to discovery with an empty environment. */
export function load(files: Record<string, string | Buffer>, opts: Partial<LoadOptions> = {}): LoadResult & { dir: string } {
  const dir = tempProject(files);
  return { dir, ...loadProjects({ cwd: dir, env: {}, ...opts }) };
}

/** "ruleId@file:line" of every finding, sorted, for compact assertions. */
export function where(r: LoadResult): string[] {
  return r.findings.map((f) => `${f.ruleId}@${f.file ?? ''}:${f.line ?? ''}`).sort();
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'load');
