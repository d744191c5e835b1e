import { defineRule } from './define';
import { asArray, services } from './util';

/** What a security_opt entry disables, or undefined when it does not. */
export function unconfined(opt: string): string | undefined {
  const [k, ...rest] = opt.trim().split(/[:=]/);
  const key = k.toLowerCase();
  const value = rest.join(':').trim().toLowerCase();
  if ((key === 'seccomp' || key === 'apparmor' || key === 'systempaths') && value === 'unconfined') return `${key} confinement`;
  if (key === 'label' && value === 'disable') return 'SELinux labelling';
  return undefined;
}

export const noUnconfinedSecurityOpt = defineRule(
  {
    id: 'no-unconfined-security-opt',
    title: 'Security profile disabled',
    defaultSeverity: 'error',
    help:
      '`seccomp:unconfined`, `apparmor:unconfined`, `systempaths=unconfined` and `label:disable` switch off the kernel filters that ' +
      'block most container escapes. Remove the option; if a syscall is really needed, ship a custom seccomp profile that allows ' +
      'just that syscall (`seccomp:./profile.json`).',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      asArray(svc.security_opt).forEach((o, i) => {
        if (typeof o !== 'string') return;
        const what = unconfined(o);
        if (what) report({ service: name, path: ['services', name, 'security_opt', i], detail: o.trim(), message: `service "${name}" disables ${what} (security_opt: ${o.trim()})` });
      });
    }
  },
);
