import { defineRule } from './define';
import { asArray, services } from './util';

export const requireNoNewPrivileges = defineRule(
  {
    id: 'require-no-new-privileges',
    title: 'no-new-privileges not set',
    defaultSeverity: 'warning',
    help:
      'Without `no-new-privileges`, a process in the container can gain privileges through setuid or setcap binaries (su, sudo, ' +
      'ping…), turning a foothold into root inside the container. Add `security_opt: ["no-new-privileges:true"]` to the service.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      const opts = asArray(svc.security_opt);
      const idx = opts.findIndex((o) => typeof o === 'string' && /^no-new-privileges([:=].*)?$/i.test(o.trim()));
      if (idx < 0) {
        report({ service: name, path: ['services', name], key: true, message: `service "${name}" does not set security_opt no-new-privileges:true` });
        continue;
      }
      const value = (opts[idx] as string).trim().split(/[:=]/)[1];
      if (value !== undefined && !/^(true|1|yes)$/i.test(value.trim())) {
        report({ service: name, path: ['services', name, 'security_opt', idx], message: `service "${name}" sets no-new-privileges to ${value.trim()}` });
      }
    }
  },
);
