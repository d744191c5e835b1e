import { defineRule } from './define';
import { isObject, services, type Service } from './util';

function deployLimits(svc: Service): { memory: boolean; cpus: boolean } {
  const d = svc.deploy;
  const limits = isObject(d) && isObject(d.resources) && isObject(d.resources.limits) ? d.resources.limits : {};
  return { memory: limits.memory !== undefined, cpus: limits.cpus !== undefined };
}

export const requireResourceLimits = defineRule(
  {
    id: 'require-resource-limits',
    title: 'No memory or CPU limit',
    defaultSeverity: 'warning',
    help:
      'A service without a memory and CPU limit can starve every other container and the host (a leak, a fork bomb, a crypto miner ' +
      'after compromise). Set `mem_limit` and `cpus` on the service (and `pids_limit`). Limits only under `deploy.resources` are ' +
      'reported as a note: Docker Compose applies them, but podman-compose and older tools treat them as advisory.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      const memory = svc.mem_limit !== undefined;
      const cpus = svc.cpus !== undefined || svc.cpu_quota !== undefined;
      if (memory && cpus) continue;
      const deploy = deployLimits(svc);
      const missing = [...(memory || deploy.memory ? [] : ['memory']), ...(cpus || deploy.cpus ? [] : ['CPU'])];
      if (missing.length > 0) {
        report({ service: name, path: ['services', name], key: true, message: `service "${name}" has no ${missing.join(' or ')} limit` });
      } else {
        const deployOnly = [...(memory ? [] : ['memory']), ...(cpus ? [] : ['CPU'])];
        const keys = [...(memory ? [] : ['mem_limit']), ...(cpus ? [] : ['cpus'])];
        report({
          service: name,
          path: ['services', name, 'deploy', 'resources'],
          severity: 'note',
          detail: 'deploy-only',
          message: `service "${name}" sets its ${deployOnly.join(' and ')} limit only under deploy.resources (advisory in podman-compose); also set ${keys.join(' and ')}`,
        });
      }
    }
  },
);
