import { defineRule } from './define';
import { dependencies, hasHealthcheck, services } from './util';

export const requireHealthyDependency = defineRule(
  {
    id: 'require-healthy-dependency',
    title: 'Dependency not awaited healthy',
    defaultSeverity: 'warning',
    help:
      'When a service depends on one that has a healthcheck but uses the list form of `depends_on` or `condition: service_started`, ' +
      'compose starts it as soon as the dependency\'s process exists, before the database accepts connections: it crash-loops or ' +
      'runs migrations against nothing. Use the long form with `condition: service_healthy`.',
  },
  ({ project, report }) => {
    const svcs = project.model.services ?? {};
    for (const [name, svc] of services(project)) {
      for (const dep of dependencies(svc)) {
        const target = svcs[dep.name];
        if (!target || !hasHealthcheck(target) || dep.condition === 'service_healthy') continue;
        report({
          service: name,
          path: ['services', name, 'depends_on', dep.index],
          detail: dep.name,
          message: `service "${name}" depends on "${dep.name}", which has a healthcheck, without condition: service_healthy`,
        });
      }
    }
  },
);
