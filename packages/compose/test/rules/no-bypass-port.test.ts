import { portBinding } from '../../src/rules/util';
import { check } from './helpers';

const proxied = `services:
  proxy:
    image: nginx:1.27
    ports:
      - "443:443"
  app:
    image: app:1
    ports:
      - "127.0.0.1:8080:8080"
  db:
    image: postgres:16
    ports:
      - target: 5432
        published: 5432
`;

describe('no-bypass-port', () => {
  it('reports services behind the proxy that also publish ports, escalating a database on all interfaces', () => {
    const f = check('no-bypass-port', proxied);
    expect(f.map((x) => [x.properties?.service, x.line, x.severity])).toEqual([
      ['app', 9, 'warning'],
      ['db', 13, 'error'],
    ]);
    expect(f[0].message).toContain('"proxy"');
  });
  it('reports a port published without an explicit interface when there is no proxy', () => {
    const f = check('no-bypass-port', 'services:\n  web:\n    image: app:1\n    ports:\n      - "8080:80"\n      - "127.0.0.1:9090:90"\n      - "[::1]:7070:70"\n');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 5, severity: 'warning' });
  });
  it('reports a cache published on 0.0.0.0 as an error', () => {
    const f = check('no-bypass-port', 'services:\n  cache:\n    image: redis:7-alpine\n    ports: ["0.0.0.0:6379:6379"]\n');
    expect(f[0].severity).toBe('error');
  });
  it('uses the proxy list of the config', () => {
    const yaml = 'services:\n  gw:\n    image: envoyproxy/envoy:v1.31\n  app:\n    image: app:1\n    ports: ["127.0.0.1:8080:8080"]\n';
    expect(check('no-bypass-port', yaml)).toEqual([]);
    expect(check('no-bypass-port', yaml, { config: { proxies: ['envoy'] } })).toHaveLength(1);
  });
  it('treats a service built from source and named proxy as the reverse proxy', () => {
    const f = check('no-bypass-port', 'services:\n  proxy:\n    build: ./proxy\n    ports: ["80:80"]\n  backend:\n    build: ./backend\n    ports: ["127.0.0.1:8000:8000"]\n');
    expect(f.map((x) => x.properties?.service)).toEqual(['backend']);
    expect(f[0].message).toContain('reverse proxy "proxy"');
  });
  it('names the first proxy in declaration order that reaches the service, by dependency or shared network', () => {
    const yaml =
      'services:\n  edge:\n    image: traefik:v3.1\n    networks: [back]\n  front:\n    image: nginx:1.27\n    depends_on: [app]\n' +
      '  app:\n    image: app:1\n    networks: [back]\n    ports: ["127.0.0.1:8080:8080"]\n  api:\n    image: app:1\n    depends_on: [app]\n    ports: ["127.0.0.1:9090:9090"]\n' +
      'networks:\n  back: {}\n';
    const f = check('no-bypass-port', yaml);
    expect(f.map((x) => [x.properties?.service, x.message.match(/reverse proxy "(\w+)"/)?.[1]])).toEqual([
      ['app', 'edge'],
      ['api', 'front'],
    ]);
  });
  it('accepts a proxy alone publishing 80 and 443', () => {
    expect(check('no-bypass-port', 'services:\n  traefik:\n    image: traefik:v3.1\n    ports: ["80:80", "443:443"]\n')).toEqual([]);
  });
  it('parses the short port syntaxes', () => {
    expect(portBinding('3000')).toEqual({ target: '3000' });
    expect(portBinding('8080:80/udp')).toEqual({ published: '8080', target: '80' });
    expect(portBinding('127.0.0.1::80')).toEqual({ hostIp: '127.0.0.1', published: undefined, target: '80' });
    expect(portBinding('[::1]:8080:80')).toEqual({ hostIp: '::1', published: '8080', target: '80' });
  });
});
