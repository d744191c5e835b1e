/**
 * Creating the parent directories of a file the user named (report files, audit logs, dotenv).
 * Node 20's `fs.mkdirSync(dir, { recursive: true })` never returns when a parent exists but refuses
 * new entries with ENOENT (e.g. anything under /proc): this walks the path itself, so a bad path
 * fails with its error code instead of hanging the job.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Make `dir` and its missing parents; throws the fs error (with `code`) when one cannot be made. */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
