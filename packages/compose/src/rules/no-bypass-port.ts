import { defineRule } from './define';
import { allInterfaces, asArray, dependencies, isDataImage, isObject, portBinding, serviceImage, services, type Service } from './util';

function networksOf(svc: Service): string[] {
  if (typeof svc.network_mode === 'string') return [`mode:${svc.network_mode}`];
  if (Array.isArray(svc.networks)) return svc.networks.filter((n): n is string => typeof n === 'string');
  if (isObject(svc.networks)) return Object.keys(svc.networks);
  return ['default'];
}

export function isProxy(name: string, svc: Service, proxies: readonly string[]): boolean {
  const img = serviceImage(svc);
  const candidate = img ? img.name : name.toLowerCase();
  return proxies.some((p) => candidate === p || candidate.startsWith(`${p}-`) || candidate.startsWith(`${p}_`) || (img === undefined && (candidate.startsWith(p) || /(^|[-_])(reverse-?)?proxy$/.test(candidate))));
}

export const noBypassPort = defineRule(
  {
    id: 'no-bypass-port',
    title: 'Port published around the proxy or on all interfaces',
    defaultSeverity: 'warning',
    help:
      'A service that sits behind a reverse proxy (nginx, traefik, caddy, haproxy in the same project) but also publishes a host ' +
      'port can be reached directly, skipping the TLS, authentication and rate limits the proxy enforces; and a port published ' +
      'without a host IP listens on every interface of the host, often the internet. A database, cache or Vault published on all ' +
      'interfaces is reported as an error. (Reachable: the proxy depends on or links to the service, or shares a network with it; ' +
      'proxies are recognised by image name, or by a service name ending in "proxy" when built from source; their own ports are ' +
      'not reported.) Remove the `ports:` entry (the proxy reaches the service over the compose network; use `expose:`), or bind ' +
      'it to an explicit interface: `127.0.0.1:5432:5432`.',
  },
  ({ project, config, report }) => {
    const all = services(project);
    const proxies = all
      .filter(([n, s]) => isProxy(n, s, config.proxies))
      .map(([n, s]) => ({
        name: n,
        reaches: new Set([...dependencies(s).map((d) => d.name), ...asArray(s.links).filter((l): l is string => typeof l === 'string').map((l) => l.split(':')[0])]),
        nets: new Set(networksOf(s)),
      }));
    // Index the proxies once (a project may hold hundreds): the first proxy, in declaration order,
    // that reaches a service by name or shares one of its networks.
    const proxyNames = new Set(proxies.map((p) => p.name));
    const firstReaching = new Map<string, number>();
    const firstOnNet = new Map<string, number>();
    proxies.forEach((p, i) => {
      for (const r of p.reaches) if (!firstReaching.has(r)) firstReaching.set(r, i);
      for (const n of p.nets) if (!firstOnNet.has(n)) firstOnNet.set(n, i);
    });
    for (const [name, svc] of all) {
      const ports = asArray(svc.ports);
      if (ports.length === 0) continue;
      const amProxy = proxyNames.has(name);
      let first = firstReaching.get(name) ?? Infinity;
      for (const n of networksOf(svc)) first = Math.min(first, firstOnNet.get(n) ?? Infinity);
      const via = amProxy || first === Infinity ? undefined : proxies[first];
      const data = isDataImage(serviceImage(svc));
      ports.forEach((p, i) => {
        const b = portBinding(p);
        if (!b) return;
        const everywhere = allInterfaces(b.hostIp);
        const port = b.published ? `${b.published}→${b.target}` : `${b.target} (random host port)`;
        const path = ['services', name, 'ports', i];
        if (via) {
          report({
            service: name,
            path,
            detail: port,
            severity: data && everywhere ? 'error' : undefined,
            message: `service "${name}" is reachable through the reverse proxy "${via.name}" but also publishes host port ${port}${everywhere ? ' on all interfaces' : ''}, bypassing the proxy`,
          });
        } else if (everywhere && !amProxy) {
          report({
            service: name,
            path,
            detail: port,
            severity: data ? 'error' : undefined,
            message: `service "${name}" publishes port ${port} on all interfaces${data ? ` (${serviceImage(svc)?.name} image)` : ''}; bind it to an explicit interface such as 127.0.0.1`,
          });
        }
      });
    }
  },
);
