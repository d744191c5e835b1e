import { formatDuration } from '@hardline/core';
import { defineRule } from './define';
import { durationSeconds, hasHealthcheck, isObject, serviceImage, services, type ImageRef } from './util';

/** Compose's (Docker's) values when a healthcheck field is omitted. */
const ENGINE_DEFAULTS = { interval: 30, timeout: 30, retries: 3 };

/** Tools each image family usually lacks; `sh` stands for any shell (CMD-SHELL). */
export function missingTools(img: ImageRef | undefined): { family: string; tools: Set<string> } | undefined {
  if (!img) return undefined;
  const ref = `${img.repository}:${img.tag ?? ''}`;
  if (/distroless|chainguard|scratch/.test(ref)) return { family: 'distroless', tools: new Set(['sh', 'bash', 'curl', 'wget', 'ps', 'pgrep', 'nc', 'netstat']) };
  if (/alpine/.test(ref)) return { family: 'alpine', tools: new Set(['bash', 'curl']) };
  if (/slim/.test(ref)) return { family: 'slim', tools: new Set(['curl', 'wget', 'ps', 'pgrep', 'nc', 'netstat']) };
  return undefined;
}

/** The commands a healthcheck test runs: CMD's program, or the first word of each shell command. */
export function testCommands(test: unknown): { shell: boolean; commands: string[] } {
  let shellText: string | undefined;
  if (typeof test === 'string') shellText = test;
  else if (Array.isArray(test) && test[0] === 'CMD-SHELL') shellText = test.slice(1).map(String).join(' ');
  else if (Array.isArray(test) && test[0] === 'CMD') return { shell: false, commands: test.length > 1 ? [base(String(test[1]))] : [] };
  if (shellText === undefined) return { shell: false, commands: [] };
  const commands = shellText
    .split(/&&|\|\||[;|]|\$\(|`/)
    .map((part) => part.trim().split(/\s+/).find((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) ?? '')
    .filter((w) => w !== '')
    .map(base);
  return { shell: true, commands };
}

function base(cmd: string): string {
  return cmd.replace(/^["'(]+/, '').split('/').pop() ?? cmd;
}

export const healthcheckStandard = defineRule(
  {
    id: 'healthcheck-standard',
    title: 'Healthcheck off the standard',
    defaultSeverity: 'note',
    help:
      'Healthchecks that poll much more or less often than the team standard (interval/timeout/retries, default 30s/5s/5, set in ' +
      '.hardline.yml) either load the service or notice failures late, and a probe that calls a tool the image does not ship ' +
      '(bash or curl in alpine, curl/wget/ps in slim images, anything in distroless) always fails, leaving the service unhealthy. ' +
      'Align the timings with the standard and use a probe the image has (`wget -q --spider` in alpine, the app binary in distroless).',
  },
  ({ project, config, report }) => {
    const std = config.healthcheck;
    for (const [name, svc] of services(project)) {
      if (!hasHealthcheck(svc) || !isObject(svc.healthcheck)) continue;
      const hc = svc.healthcheck;
      for (const field of ['interval', 'timeout'] as const) {
        const given = hc[field] === undefined ? undefined : durationSeconds(hc[field]);
        const effective = given ?? ENGINE_DEFAULTS[field];
        if (effective !== std[field]) {
          report({
            service: name,
            path: hc[field] === undefined ? ['services', name, 'healthcheck'] : ['services', name, 'healthcheck', field],
            key: hc[field] === undefined,
            detail: field,
            message: `service "${name}": healthcheck ${field} is ${formatDuration(effective)}${given === undefined ? ' (the default)' : ''}, the standard is ${formatDuration(std[field])}`,
          });
        }
      }
      const retries = typeof hc.retries === 'number' ? hc.retries : hc.retries === undefined ? ENGINE_DEFAULTS.retries : Number(hc.retries);
      if (retries !== std.retries) {
        report({
          service: name,
          path: hc.retries === undefined ? ['services', name, 'healthcheck'] : ['services', name, 'healthcheck', 'retries'],
          key: hc.retries === undefined,
          detail: 'retries',
          message: `service "${name}": healthcheck retries is ${retries}${hc.retries === undefined ? ' (the default)' : ''}, the standard is ${std.retries}`,
        });
      }
      const img = serviceImage(svc);
      const missing = missingTools(img);
      if (!missing) continue;
      const { shell, commands } = testCommands(hc.test);
      const absent = [...new Set([...(shell && missing.tools.has('sh') ? ['sh'] : []), ...commands.filter((c) => missing.tools.has(c))])];
      if (absent.length > 0) {
        report({
          service: name,
          path: ['services', name, 'healthcheck', 'test'],
          detail: `tools ${absent.join(',')}`,
          message: `service "${name}": the healthcheck uses ${absent.map((t) => (t === 'sh' ? 'a shell (CMD-SHELL)' : t)).join(', ')}, commonly missing in ${missing.family} images such as ${img?.raw}`,
        });
      }
    }
  },
);
