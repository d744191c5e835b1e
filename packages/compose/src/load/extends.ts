/**
 * `extends` (same file or another file, chained), merged with the compose-spec merge rules; the
 * extended service's relative paths stay relative to its own file. Cycles are dependency-cycle
 * findings at the `extends` key that closes them.
 */
import * as fs from 'node:fs';
import { cloneLocated, isRecord, metaOf, setMeta } from './located';
import { mergeMappings } from './merge';
import { resolvePath } from './normalize';
import type { LoadProblem } from './rules';

export interface FileModel {
  abs: string;
  dir: string;
  display: string;
  model: Record<string, unknown>;
}

export type FileLoader = (abs: string) => FileModel | undefined;

export class ExtendsResolver {
  private readonly resolved = new Map<string, Record<string, unknown>>();
  constructor(private readonly load: FileLoader, private readonly problems: LoadProblem[]) {}

  /** Replace every service of `fm` by its extends-resolved form. */
  resolveFile(fm: FileModel): void {
    const services = fm.model.services;
    if (!isRecord(services)) return;
    for (const name of Object.keys(services)) {
      const r = this.resolve(fm, name, []);
      if (r) services[name] = r;
    }
  }

  private resolve(fm: FileModel, name: string, stack: string[]): Record<string, unknown> | undefined {
    const key = `${fm.abs}#${name}`;
    const done = this.resolved.get(key);
    if (done) return done;
    const services = fm.model.services;
    const svc = isRecord(services) ? services[name] : undefined;
    if (!isRecord(svc)) return undefined;
    const ext = svc.extends;
    if (ext === undefined) {
      this.resolved.set(key, svc);
      return svc;
    }
    const pos = metaOf(svc)?.entries.get('extends')?.key ?? metaOf(svc)?.self;
    const at = pos ? { file: pos.file, line: pos.line, column: pos.column } : { file: fm.display };
    const local = withoutExtends(svc);
    if (stack.includes(key)) {
      const chain = [...stack.slice(stack.indexOf(key)), key].map((k) => k.slice(k.lastIndexOf('#') + 1)).join(' → ');
      this.problems.push({ ruleId: 'dependency-cycle', message: `extends cycle: ${chain}`, ...at });
      return local;
    }
    const baseName = typeof ext === 'string' ? ext : isRecord(ext) ? String(ext.service ?? '') : '';
    let target = fm;
    if (isRecord(ext) && typeof ext.file === 'string') {
      const abs = resolvePath(fm.dir, ext.file);
      if (!fs.existsSync(abs)) {
        const fp = metaOf(ext)?.entries.get('file')?.value;
        const fileAt = fp ? { file: fp.file, line: fp.line, column: fp.column } : at;
        this.problems.push({ ruleId: 'missing-file', message: `service "${name}" extends a service in "${ext.file}", which does not exist`, ...fileAt });
        this.resolved.set(key, local);
        return local;
      }
      const loaded = this.load(abs);
      if (!loaded) {
        this.resolved.set(key, local);
        return local;
      }
      target = loaded;
    }
    const targetServices = target.model.services;
    if (!isRecord(targetServices) || !isRecord(targetServices[baseName])) {
      const where = target === fm ? '' : ` in ${target.display}`;
      this.problems.push({ ruleId: 'undefined-reference', message: `service "${name}" extends undefined service "${baseName}"${where}`, ...at });
      this.resolved.set(key, local);
      return local;
    }
    const base = this.resolve(target, baseName, [...stack, key]);
    const merged = base ? mergeMappings(cloneLocated(base), local, ['services', name]) : local;
    this.resolved.set(key, merged);
    return merged;
  }
}

function withoutExtends(svc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(svc)) if (k !== 'extends') out[k] = v;
  const m = metaOf(svc);
  if (m) {
    const entries = new Map(m.entries);
    entries.delete('extends');
    setMeta(out, { self: m.self, entries });
  }
  return out;
}
