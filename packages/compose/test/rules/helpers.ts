/**
 * A ComposeProject built by hand from YAML text (positions from core's YAML reader), for unit tests of
 * single rules without the loader; the loader-backed tests live in rules-loaded.test.ts.
 */
import { parseYamlText, type Finding } from '@hardline/core';
import { defaultConfig, type ComposeConfig } from '../../src/config';
import type { ComposeProject, EnvValue, Position } from '../../src/model';
import { runRules } from '../../src/rules';

export interface FakeOptions {
  file?: string;
  /** Extra environment per service (as if from env_file or .env), merged under the compose environment. */
  env?: Record<string, Record<string, EnvValue>>;
}

export function fakeProject(yaml: string, opts: FakeOptions = {}): ComposeProject {
  const file = opts.file ?? 'compose.yaml';
  const doc = parseYamlText(yaml, file);
  const model = doc.value as ComposeProject['model'];
  const pos = (p: ReadonlyArray<string | number>, which: 'key' | 'value'): Position => ({ file, ...doc.locate(p, which) });
  const lines = yaml.split('\n');
  return {
    name: 'fake',
    workingDir: '/fake',
    files: [file],
    model,
    locate: (p) => pos(p, 'value'),
    locateKey: (p) => pos(p, 'key'),
    interpolatedFrom: () => undefined,
    serviceEnvironment(service) {
      const out = new Map<string, EnvValue>(Object.entries(opts.env?.[service] ?? {}));
      const env = model.services[service]?.environment;
      if (Array.isArray(env)) {
        env.forEach((e, i) => {
          const s = String(e);
          const eq = s.indexOf('=');
          if (eq > 0 && !out.has(s.slice(0, eq))) out.set(s.slice(0, eq), { value: s.slice(eq + 1), source: 'compose', origin: pos(['services', service, 'environment', i], 'value') });
        });
      } else if (env && typeof env === 'object') {
        for (const [k, v] of Object.entries(env)) {
          if (v !== null && v !== undefined && !out.has(k)) out.set(k, { value: String(v), source: 'compose', origin: pos(['services', service, 'environment', k], 'value') });
        }
      }
      return out;
    },
    disabledRules(f, line) {
      if (f !== file) return new Set();
      const m = /#\s*hardline-disable-line\s+([\w, -]+)/.exec(lines[line - 1] ?? '');
      return new Set(m ? m[1].split(/[\s,]+/).filter(Boolean) : []);
    },
  };
}

/** Runs all rules over `yaml` and returns the findings of `ruleId`. */
export function check(ruleId: string, yaml: string, opts: FakeOptions & { config?: Partial<ComposeConfig> } = {}): Finding[] {
  const config = { ...defaultConfig(), ...opts.config };
  return runRules(fakeProject(yaml, opts), config, process.cwd()).filter((f) => f.ruleId === ruleId);
}
