import { isNamedVolumeSource } from '../../src/load/references';
import { load, removeTempProjects, where } from './helpers';

afterAll(removeTempProjects);

describe('references', () => {
  it('accepts a consistent project', () => {
    const r = load({
      'compose.yaml': `services:
  web:
    image: web
    depends_on:
      db:
        condition: service_healthy
    networks: [front, default]
    volumes:
      - data:/data
      - ./src:/src
      - /abs:/abs
      - type: volume
        source: data
        target: /other
    secrets: [pw]
    configs:
      - source: cfg
        target: /etc/cfg
  db:
    image: postgres
    network_mode: "service:web"
    volumes_from: [web, "container:other"]
networks:
  front: {}
volumes:
  data: {}
secrets:
  pw:
    environment: PW
configs:
  cfg:
    content: hello
`,
    });
    expect(where(r)).toEqual([]);
  });

  it('rejects a depends_on that names an undefined service', () => {
    expect(where(load({ 'compose.yaml': 'services:\n  web:\n    image: x\n    depends_on:\n      - db\n' }))).toEqual(['undefined-reference@compose.yaml:5']);
  });

  it('accepts an undefined dependency marked required: false', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: service_started\n        required: false\n' });
    expect(where(r)).toEqual([]);
  });

  it('rejects undefined networks, volumes, secrets and configs at their lines', () => {
    const r = load({
      'compose.yaml': 'services:\n  web:\n    image: x\n    networks:\n      - back\n    volumes:\n      - cache:/cache\n    secrets:\n      - token\n    configs:\n      - cfg\n    links:\n      - ghost\n    ipc: "service:phantom"\n',
    });
    expect(where(r)).toEqual([
      'undefined-reference@compose.yaml:11',
      'undefined-reference@compose.yaml:13',
      'undefined-reference@compose.yaml:14',
      'undefined-reference@compose.yaml:5',
      'undefined-reference@compose.yaml:7',
      'undefined-reference@compose.yaml:9',
    ]);
  });

  it('reports a secret file that does not exist', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: x\n    secrets: [pw]\nsecrets:\n  pw:\n    file: ./pw.txt\n' });
    expect(where(r)).toEqual(['missing-file@compose.yaml:7']);
  });

  it('reports a depends_on cycle once, at the dependency that closes it', () => {
    const r = load({ 'compose.yaml': 'services:\n  a:\n    image: a\n    depends_on: [b]\n  b:\n    image: b\n    depends_on: [c]\n  c:\n    image: c\n    depends_on: [a]\n' });
    expect(where(r)).toEqual(['dependency-cycle@compose.yaml:10']);
    expect(r.findings[0].message).toBe('depends_on cycle: a → b → c → a');
  });

  it('reports a service that depends on itself', () => {
    const r = load({ 'compose.yaml': 'services:\n  a:\n    image: a\n    depends_on:\n      a:\n        condition: service_started\n' });
    expect(where(r)).toEqual(['dependency-cycle@compose.yaml:5']);
  });
});

describe('isNamedVolumeSource', () => {
  it.each([
    ['data', true],
    ['./data', false],
    ['/data', false],
    ['~/data', false],
    ['C:\\data', false],
    ['a/b', false],
  ])('classifies %j as named: %j', (src, named) => {
    expect(isNamedVolumeSource(src)).toBe(named);
  });
});
