import { defineRule } from './define';
import { hasHealthcheck, isObject, isTrue, services } from './util';

export const requireHealthcheck = defineRule(
  {
    id: 'require-healthcheck',
    title: 'No healthcheck',
    defaultSeverity: 'warning',
    help:
      'Without a healthcheck, compose, `depends_on: condition: service_healthy` and `restart` only know whether the process exists, ' +
      'not whether it serves: a hung database is "running" forever and dependants start against it. Add a `healthcheck:` with a ' +
      'cheap probe the image can run (`pg_isready`, `redis-cli ping`, the app\'s own /health endpoint), or rely on a HEALTHCHECK in ' +
      'the image and silence this rule for the line.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      if (hasHealthcheck(svc)) continue;
      const hc = svc.healthcheck;
      if (isObject(hc) && isTrue(hc.disable)) {
        report({ service: name, path: ['services', name, 'healthcheck', 'disable'], message: `service "${name}" disables its healthcheck` });
      } else {
        report({ service: name, path: ['services', name], key: true, message: `service "${name}" has no healthcheck` });
      }
    }
  },
);
