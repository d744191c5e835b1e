/**
 * `include`: each entry is loaded as its own sub-project (own project directory and `.env`), then
 * its resources are added to the including file; the including file wins on a name clash.
 */
import * as path from 'node:path';
import type { Position } from '../model';
import { isRecord, metaOf, setMeta } from './located';
import { resolvePath } from './normalize';

export interface IncludeItem {
  /** Absolute paths of the files to include, merged in order. */
  files: string[];
  projectDirectory: string;
  /** Absolute env files (undefined: the sub-project's own .env). */
  envFiles?: string[];
  pos: Position;
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

export function includeItems(model: Record<string, unknown>, dir: string): IncludeItem[] {
  const inc = model.include;
  if (!Array.isArray(inc)) return [];
  const meta = metaOf(inc);
  const out: IncludeItem[] = [];
  inc.forEach((item, i) => {
    const pos = meta?.entries.get(i)?.value ?? meta?.self ?? { file: '', line: 1, column: 1 };
    const raw = typeof item === 'string' ? { path: item } : isRecord(item) ? item : undefined;
    if (!raw) return;
    const files = asList(raw.path).map((p) => resolvePath(dir, p));
    if (!files.length) return;
    const projectDirectory = typeof raw.project_directory === 'string' ? resolvePath(dir, raw.project_directory) : path.dirname(files[0]);
    const envFiles = raw.env_file === undefined ? undefined : asList(raw.env_file).map((p) => resolvePath(dir, p));
    out.push({ files, projectDirectory, envFiles, pos });
  });
  return out;
}

export const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'] as const;

/**
 * Add the included model's resources that `target` does not define itself. Returns the
 * `section.name` of resources defined differently on both sides (Compose rejects those:
 * "services.x conflicts with imported resource"); the including file's definition is kept.
 */
export function mergeIncluded(target: Record<string, unknown>, included: Record<string, unknown>): Array<[string, string]> {
  const conflicts: Array<[string, string]> = [];
  const tm = metaOf(target);
  for (const section of SECTIONS) {
    const src = included[section];
    if (!isRecord(src)) continue;
    let dst = target[section];
    if (!isRecord(dst)) {
      dst = {};
      setMeta(dst as object, { self: metaOf(src)?.self ?? tm?.self ?? { file: '', line: 1, column: 1 }, entries: new Map() });
      target[section] = dst;
      const se = metaOf(included)?.entries.get(section);
      if (se && tm) tm.entries.set(section, se);
    }
    const d = dst as Record<string, unknown>;
    const dm = metaOf(d);
    for (const [k, v] of Object.entries(src)) {
      if (k in d) {
        if (JSON.stringify(d[k]) !== JSON.stringify(v)) conflicts.push([section, k]);
        continue;
      }
      d[k] = v;
      const e = metaOf(src)?.entries.get(k);
      if (e && dm) dm.entries.set(k, e);
    }
  }
  return conflicts;
}
