import { defineRule } from './define';
import { asArray, services } from './util';

export const DANGEROUS_CAPABILITIES = [
  'ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_BOOT', 'SYS_TIME', 'DAC_READ_SEARCH', 'DAC_OVERRIDE',
  'MAC_ADMIN', 'MAC_OVERRIDE', 'BPF', 'PERFMON', 'SYSLOG', 'NET_BROADCAST', 'LINUX_IMMUTABLE', 'SYS_RESOURCE',
];

export const noDangerousCapabilities = defineRule(
  {
    id: 'no-dangerous-capabilities',
    title: 'Dangerous capability added',
    defaultSeverity: 'warning',
    help:
      'Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or ALL let a process escape or reconfigure the host ' +
      '(mount file systems, change routing, trace other processes, load kernel modules). Remove them from `cap_add`; start from ' +
      '`cap_drop: [ALL]` and add back only narrow ones such as NET_BIND_SERVICE.',
  },
  ({ project, report }) => {
    for (const [name, svc] of services(project)) {
      asArray(svc.cap_add).forEach((c, i) => {
        if (typeof c !== 'string') return;
        const cap = c.trim().toUpperCase().replace(/^CAP_/, '');
        if (DANGEROUS_CAPABILITIES.includes(cap)) {
          report({ service: name, path: ['services', name, 'cap_add', i], detail: cap, message: `service "${name}" adds the capability ${cap}` });
        }
      });
    }
  },
);
