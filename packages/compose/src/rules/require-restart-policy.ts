import { defineRule } from './define';
import { isObject, services } from './util';

export const requireRestartPolicy = defineRule(
  {
    id: 'require-restart-policy',
    title: 'No restart policy',
    defaultSeverity: 'note',
    help:
      'Without a restart policy a service that crashes or is OOM-killed stays down until someone notices, and does not come back ' +
      'after a host reboot. Set `restart: unless-stopped` (or `on-failure` for jobs); one-shot services can silence this rule.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      const deploy = isObject(svc.deploy) && isObject(svc.deploy.restart_policy);
      if (svc.restart !== undefined || deploy) continue;
      report({ service: name, path: ['services', name], key: true, message: `service "${name}" has no restart policy` });
    }
  },
);
