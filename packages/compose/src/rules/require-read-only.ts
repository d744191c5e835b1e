import { defineRule } from './define';
import { isTrue, services } from './util';

export const requireReadOnly = defineRule(
  {
    id: 'require-read-only',
    title: 'Writable root file system',
    defaultSeverity: 'off',
    help:
      'A writable root file system lets an intruder drop tools and persist changes inside the container. Set `read_only: true` and ' +
      'give the paths the service writes a `tmpfs:` or a volume. Off by default; enable it in .hardline.yml (`rules: ' +
      'require-read-only: warning`).',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      if (isTrue(svc.read_only)) continue;
      report({ service: name, path: svc.read_only === undefined ? ['services', name] : ['services', name, 'read_only'], key: svc.read_only === undefined, message: `service "${name}" does not set read_only: true` });
    }
  },
);
