import { defineRule } from './define';
import { services } from './util';

const KEYS: Array<[string, string]> = [
  ['network_mode', 'network'],
  ['pid', 'PID'],
  ['ipc', 'IPC'],
  ['userns_mode', 'user'],
  ['uts', 'UTS'],
  ['cgroup', 'cgroup'],
];

export const noHostNamespaces = defineRule(
  {
    id: 'no-host-namespaces',
    title: 'Host namespace shared',
    defaultSeverity: 'error',
    help:
      'Sharing the host network, PID, IPC, user, UTS or cgroup namespace removes the isolation between the container and the host: ' +
      'it can bind to host ports and reach services on localhost, see and signal host processes, read shared memory. Remove ' +
      '`network_mode: host`, `pid: host`, `ipc: host`, `userns_mode: host` (and `uts`/`cgroup: host`); publish ports with an explicit ' +
      'interface instead of host networking.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      for (const [key, what] of KEYS) {
        if (typeof svc[key] === 'string' && (svc[key] as string).trim().toLowerCase() === 'host') {
          report({ service: name, path: ['services', name, key], detail: key, message: `service "${name}" shares the host ${what} namespace (${key}: host)` });
        }
      }
    }
  },
);
