/**
 * Consistency checks on the merged model, as Compose does before running it: references to
 * undefined services, networks, named volumes, secrets and configs; secret/config files that do not
 * exist; depends_on cycles (a service depending on itself included).
 */
import * as fs from 'node:fs';
import type { Position } from '../model';
import { isRecord, walkPath } from './located';
import { splitVolume } from './merge';
import type { LoadProblem } from './rules';

type Model = Record<string, unknown> & { services: Record<string, Record<string, unknown>> };

function at(model: Model, path: ReadonlyArray<string | number>, which: 'key' | 'value' = 'value'): Partial<Position> {
  const w = walkPath(model, path);
  const p = (which === 'key' ? w.entry?.key : undefined) ?? w.entry?.value ?? w.container?.self;
  return p ? { file: p.file, line: p.line, column: p.column } : {};
}

function names(v: unknown): Set<string> {
  return new Set(isRecord(v) ? Object.keys(v) : []);
}

/** Is the short-syntax volume source a named volume (not a path)? */
export function isNamedVolumeSource(src: string): boolean {
  if (!src) return false;
  if (/^[./~$\\]/.test(src) || /^[A-Za-z]:[\\/]/.test(src)) return false;
  return !src.includes('/') && !src.includes('\\');
}

export function checkReferences(model: Model, disabled: ReadonlyMap<string, string[]>, display: (abs: string) => string): LoadProblem[] {
  const out: LoadProblem[] = [];
  const services = model.services;
  const serviceNames = new Set(Object.keys(services));
  const networks = names(model.networks);
  const volumes = names(model.volumes);
  const secrets = names(model.secrets);
  const configs = names(model.configs);
  const undefinedRef = (path: ReadonlyArray<string | number>, message: string, which: 'key' | 'value' = 'value') =>
    out.push({ ruleId: 'undefined-reference', message, ...at(model, path, which) });
  const serviceRef = (svc: string, target: string, how: string, path: ReadonlyArray<string | number>, which: 'key' | 'value' = 'value') => {
    if (serviceNames.has(target)) return;
    const why = disabled.has(target) ? ` (it is only enabled with profile ${disabled.get(target)?.map((p) => `"${p}"`).join(' or ')})` : '';
    undefinedRef(path, `service "${svc}" ${how} undefined service "${target}"${why}`, which);
  };

  for (const [name, svc] of Object.entries(services)) {
    const base = ['services', name];
    const dep = svc.depends_on;
    if (isRecord(dep)) {
      for (const [target, d] of Object.entries(dep)) {
        if (isRecord(d) && d.required === false && !serviceNames.has(target)) continue;
        serviceRef(name, target, 'depends on', [...base, 'depends_on', target], 'key');
      }
    }
    for (const field of ['network_mode', 'ipc', 'pid'] as const) {
      const v = svc[field];
      if (typeof v === 'string' && v.startsWith('service:')) serviceRef(name, v.slice(8), `uses the ${field} of`, [...base, field]);
    }
    if (Array.isArray(svc.volumes_from)) {
      svc.volumes_from.forEach((v, i) => {
        const s = String(v);
        if (s.startsWith('container:')) return;
        serviceRef(name, s.split(':')[0], 'takes volumes from', [...base, 'volumes_from', i]);
      });
    }
    if (Array.isArray(svc.links)) {
      svc.links.forEach((v, i) => serviceRef(name, String(v).split(':')[0], 'links to', [...base, 'links', i]));
    }
    if (isRecord(svc.networks)) {
      for (const net of Object.keys(svc.networks)) {
        if (net === 'default' || networks.has(net)) continue;
        undefinedRef([...base, 'networks', net], `service "${name}" uses undefined network "${net}"; declare it under the top-level networks:`, 'key');
      }
    }
    if (Array.isArray(svc.volumes)) {
      svc.volumes.forEach((v, i) => {
        let src: string | undefined;
        if (typeof v === 'string') {
          const parts = splitVolume(v);
          if (parts.length > 1) src = parts[0];
        } else if (isRecord(v) && (v.type === undefined || v.type === 'volume') && typeof v.source === 'string') src = v.source;
        if (src !== undefined && isNamedVolumeSource(src) && !volumes.has(src)) {
          undefinedRef([...base, 'volumes', i], `service "${name}" mounts undefined volume "${src}"; declare it under the top-level volumes:`);
        }
      });
    }
    for (const [field, defined] of [['secrets', secrets], ['configs', configs]] as const) {
      const list = svc[field];
      if (!Array.isArray(list)) continue;
      list.forEach((v, i) => {
        const src = typeof v === 'string' ? v : isRecord(v) ? String(v.source ?? '') : '';
        if (!defined.has(src)) {
          undefinedRef([...base, field, i], `service "${name}" uses undefined ${field.slice(0, -1)} "${src}"; declare it under the top-level ${field}:`);
        }
      });
    }
  }

  for (const section of ['secrets', 'configs'] as const) {
    const defs = model[section];
    if (!isRecord(defs)) continue;
    for (const [name, def] of Object.entries(defs)) {
      if (!isRecord(def) || typeof def.file !== 'string' || def.file.startsWith('~')) continue;
      if (!fs.existsSync(def.file)) {
        out.push({
          ruleId: 'missing-file',
          message: `${section.slice(0, -1)} "${name}" reads file ${display(def.file)}, which does not exist`,
          ...at(model, [section, name, 'file']),
        });
      }
    }
  }

  out.push(...dependencyCycles(model));
  return out;
}

function dependencyCycles(model: Model): LoadProblem[] {
  const out: LoadProblem[] = [];
  const services = model.services;
  const state = new Map<string, 1 | 2>(); // 1 = on stack, 2 = done
  const stack: string[] = [];
  const deps = (name: string): string[] => {
    const d = services[name]?.depends_on;
    return isRecord(d) ? Object.keys(d).filter((t) => t in services) : [];
  };
  const visit = (name: string): void => {
    state.set(name, 1);
    stack.push(name);
    for (const t of deps(name)) {
      const s = state.get(t);
      if (s === 1) {
        const cycle = [...stack.slice(stack.indexOf(t)), t];
        out.push({
          ruleId: 'dependency-cycle',
          message: cycle.length === 2 ? `service "${name}" depends on itself` : `depends_on cycle: ${cycle.join(' → ')}`,
          ...at(model, ['services', name, 'depends_on', t], 'key'),
        });
      } else if (s === undefined) visit(t);
    }
    stack.pop();
    state.set(name, 2);
  };
  for (const name of Object.keys(services)) if (!state.has(name)) visit(name);
  return out;
}

