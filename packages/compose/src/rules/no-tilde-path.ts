import * as fs from 'node:fs';
import * as path from 'node:path';
import { defineRule } from './define';
import type { Problem } from './types';
import { asArray, isObject, services, volumeMount } from './util';

const TILDE_DEFAULT = /\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]~/;
/** A list item or a path-like key whose value starts with ~ (for loaders that expand ~ before the rules see the model). */
const TILDE_LITERAL = /^(\s*-\s*|\s*(source|context|path|env_file|build):\s*)["']?~[/:\\]/;

export const noTildePath = defineRule(
  {
    id: 'no-tilde-path',
    title: '~ in a path',
    defaultSeverity: 'error',
    help:
      '`~` expands to the home directory of whoever runs compose: a developer, the CI runner user, root under sudo, and podman-compose ' +
      'or older tools may not expand it at all, so the mount silently points at a different (often empty, root-owned) directory on ' +
      'each host. Use a path relative to the project (`./data`) or an explicit variable with a required value (`${DATA_DIR:?}`).',
  },
  ({ project, cwd, report: emit }) => {
    const reported = new Set<string>();
    const report = (p: Problem) => {
      const pos = p.at ?? project.locate(p.path);
      const key = pos ? `${pos.file}:${pos.line}` : '';
      if (p.path.length === 0 && reported.has(key)) return;
      reported.add(key);
      emit(p);
    };
    const tilde = (s: unknown) => typeof s === 'string' && (s.startsWith('~') || TILDE_DEFAULT.test(s));
    for (const [name, svc] of services(project)) {
      asArray(svc.volumes).forEach((v, i) => {
        const m = volumeMount(v);
        if (m?.source && tilde(m.source)) report({ service: name, path: typeof v === 'string' ? ['services', name, 'volumes', i] : ['services', name, 'volumes', i, 'source'], detail: `volume ${i}`, message: `service "${name}" mounts a volume source with ~ (${m.source})` });
      });
      const envFiles = typeof svc.env_file === 'string' ? [svc.env_file] : asArray(svc.env_file);
      envFiles.forEach((e, i) => {
        const p = isObject(e) ? e.path : e;
        if (tilde(p)) report({ service: name, path: ['services', name, 'env_file', i], detail: `env_file ${i}`, message: `service "${name}" reads an env_file with ~ (${String(p)})` });
      });
      const ctx = typeof svc.build === 'string' ? svc.build : isObject(svc.build) ? svc.build.context : undefined;
      if (tilde(ctx)) report({ service: name, path: ['services', name, 'build'], detail: 'build', message: `service "${name}" has a build context with ~ (${String(ctx)})` });
    }
    // Interpolation defaults like ${DATA:-~/data} are gone from the model when the variable is set (and
    // expanded by the loader when not): find them in the text of the project's files.
    for (const file of project.files) {
      let text: string;
      try {
        text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
      } catch {
        continue;
      }
      text.split(/\r?\n/).forEach((line, i) => {
        if (line.trimStart().startsWith('#')) return;
        const lit = TILDE_LITERAL.exec(line);
        if (lit) {
          report({ path: [], at: { file, line: i + 1, column: lit[1].length + 1 }, detail: `literal ${line.trim()}`, message: `a path starting with ~ (${line.trim().replace(/^-\s*/, '').slice(0, 80)})` });
        }
        const m = TILDE_DEFAULT.exec(line);
        if (m) {
          const variable = m[0].slice(2).split(/[:=-]/)[0];
          report({ path: [], at: { file, line: i + 1, column: m.index + 1 }, detail: `default ${variable}`, message: `the interpolation default of \${${variable}} starts with ~` });
        }
      });
    }
  },
);
