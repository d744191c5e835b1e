import { defineRule } from './define';
import { services } from './util';

export function isRootUser(user: string): boolean {
  const [u, g] = user.trim().split(':');
  void g;
  return u === 'root' || u === '0';
}

export const noRootUser = defineRule(
  {
    id: 'no-root-user',
    title: 'Runs as root',
    defaultSeverity: 'note',
    help:
      'A process running as root in the container is root on the host if it escapes (and owns every file it writes to bind mounts). ' +
      'Most images run as root unless told otherwise. Set `user: "1000:1000"` (or the image\'s unprivileged user) and make the ' +
      'volumes writable by it.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      const user = svc.user === undefined || svc.user === null ? undefined : String(svc.user);
      if (user === undefined) {
        report({ service: name, path: ['services', name], key: true, message: `service "${name}" sets no user, so it runs as the image's default user (root for most images)` });
      } else if (isRootUser(user)) {
        report({ service: name, path: ['services', name, 'user'], message: `service "${name}" runs as root (user: ${user})` });
      }
    }
  },
);
