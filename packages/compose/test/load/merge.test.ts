import { mergeSequences, splitVolume } from '../../src/load/merge';
import { load, removeTempProjects, where } from './helpers';

afterAll(removeTempProjects);

const base = `services:
  web:
    image: nginx:1.25
    command: ["nginx", "-g", "daemon off;"]
    environment:
      A: "1"
      B: "2"
    ports:
      - "80:80"
    volumes:
      - ./html:/usr/share/nginx/html
      - logs:/var/log/nginx
    labels:
      - team=web
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 30s
volumes:
  logs: {}
`;

function merged(override: string, extra: Record<string, string> = {}) {
  const r = load({ 'compose.yaml': base, 'compose.override.yaml': override, ...extra });
  expect(r.findings).toEqual([]);
  const p = r.projects[0];
  return { p, web: p.model.services.web };
}

describe('merging compose.yaml with its override file', () => {
  it('discovers the override file and merges it after the base file', () => {
    const { p, web } = merged('services:\n  web:\n    image: nginx:1.27\n');
    expect(p.files).toEqual(['compose.yaml', 'compose.override.yaml']);
    expect(web.image).toBe('nginx:1.27');
    expect(p.locate(['services', 'web', 'image'])).toEqual({ file: 'compose.override.yaml', line: 3, column: 12 });
    expect(p.locate(['services', 'web', 'ports', 0])).toEqual({ file: 'compose.yaml', line: 9, column: 9 });
  });

  it('merges environment maps key by key, even when one side is a list', () => {
    const { p, web } = merged('services:\n  web:\n    environment:\n      - B=two\n      - C=3\n');
    expect(web.environment).toEqual({ A: '1', B: 'two', C: '3' });
    expect(p.locate(['services', 'web', 'environment', 'B'])?.file).toBe('compose.override.yaml');
    expect(p.locate(['services', 'web', 'environment', 'A'])?.file).toBe('compose.yaml');
  });

  it('replaces command and healthcheck.test instead of appending', () => {
    const { web } = merged('services:\n  web:\n    command: ["echo"]\n    healthcheck:\n      test: ["CMD", "true"]\n');
    expect(web.command).toEqual(['echo']);
    expect(web.healthcheck).toEqual({ test: ['CMD', 'true'], interval: '30s' });
  });

  it('merges volumes by container path and appends new ones', () => {
    const { web } = merged('services:\n  web:\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n      - ./conf:/etc/nginx/conf.d\n');
    expect(web.volumes).toEqual(['./site:/usr/share/nginx/html:ro', 'logs:/var/log/nginx', './conf:/etc/nginx/conf.d']);
  });

  it('appends ports without duplicating an identical entry', () => {
    const { web } = merged('services:\n  web:\n    ports:\n      - "80:80"\n      - "443:443"\n');
    expect(web.ports).toEqual(['80:80', '443:443']);
  });

  it('removes a value tagged !reset', () => {
    const { p, web } = merged('services:\n  web:\n    ports: !reset []\n    healthcheck: !reset\n');
    expect(web.ports).toBeUndefined();
    expect(web.healthcheck).toBeUndefined();
    expect(p.model.services.web.image).toBe('nginx:1.25');
  });

  it('replaces a value tagged !override instead of merging it', () => {
    const { web } = merged('services:\n  web:\n    environment: !override\n      ONLY: "x"\n    ports: !override\n      - "8080:80"\n');
    expect(web.environment).toEqual({ ONLY: 'x' });
    expect(web.ports).toEqual(['8080:80']);
  });

  it('merges explicit -f files in the order given', () => {
    const r = load(
      { 'a.yaml': 'services:\n  web:\n    image: a\n', 'b.yaml': 'services:\n  web:\n    image: b\n    user: b\n', 'c.yaml': 'services:\n  web:\n    image: c\n' },
      { files: ['a.yaml', 'b.yaml', 'c.yaml'] },
    );
    expect(where(r)).toEqual([]);
    expect(r.projects[0].model.services.web).toEqual({ image: 'c', user: 'b' });
    expect(r.projects[0].files).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
  });

  it('drops a !reset that has nothing to reset', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: !reset []\n' });
    expect(r.projects[0].model.services.web).toEqual({ image: 'nginx' });
  });
});

describe('mergeSequences', () => {
  it('merges service secrets by target', () => {
    expect(mergeSequences(['a', { source: 'b', target: 't' }], [{ source: 'c', target: 't' }, 'a'], ['services', 'x', 'secrets'])).toEqual(['a', { source: 'c', target: 't' }]);
  });

  it('appends other sequences without duplicates', () => {
    expect(mergeSequences(['NET_ADMIN'], ['SYS_ADMIN', 'NET_ADMIN'], ['services', 'x', 'cap_add'])).toEqual(['NET_ADMIN', 'SYS_ADMIN']);
  });
});

describe('splitVolume', () => {
  it('splits on colons but keeps a Windows drive letter', () => {
    expect(splitVolume('./a:/b:ro')).toEqual(['./a', '/b', 'ro']);
    expect(splitVolume('C:\\data:/data')).toEqual(['C:\\data', '/data']);
    expect(splitVolume('/only')).toEqual(['/only']);
  });
});
