import { defineRule } from './define';
import { isTrue, services } from './util';

export const noPrivileged = defineRule(
  {
    id: 'no-privileged',
    title: 'Privileged container',
    defaultSeverity: 'error',
    help:
      'A privileged container gets every capability, all host devices and no seccomp or AppArmor confinement: a compromise of the ' +
      'process is a compromise of the host. Remove `privileged: true`; grant only the capabilities the service needs with `cap_add` ' +
      'and the devices it needs with `devices`.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      if (isTrue(svc.privileged)) {
        report({ service: name, path: ['services', name, 'privileged'], message: `service "${name}" runs privileged (privileged: true)` });
      }
    }
  },
);
