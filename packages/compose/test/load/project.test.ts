import { normalizeProjectName } from '../../src/load/project';
import { load, removeTempProjects, where } from './helpers';

afterAll(removeTempProjects);

describe('a loaded project', () => {
  const files = {
    'compose.yaml': `name: Shop_App
services:
  db:
    image: postgres:16
    env_file:
      - db.env
      - path: optional.env
        required: false
      - path: raw.env
        format: raw
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD}
      POSTGRES_USER: admin
      FROM_SHELL:
      PGDATA: \${PGDATA:-/var/lib/postgresql/data}
    privileged: true # hardline-disable-line no-privileged
`,
    'db.env': '# db\nPOSTGRES_HOST_AUTH_METHOD=trust\nPOSTGRES_USER=overridden\n',
    'raw.env': 'RAW="kept $AS is"\n',
    '.env': 'DB_PASSWORD=changeme\n',
  };

  it('loads without findings', () => {
    expect(where(load(files, { env: { FROM_SHELL: 'shell' } }))).toEqual([]);
  });

  it('takes the name from the file, normalised', () => {
    expect(load(files).projects[0].name).toBe('shop_app');
  });

  it('locates values and keys', () => {
    const p = load(files).projects[0];
    expect(p.locate(['services', 'db', 'environment', 'POSTGRES_USER'])).toEqual({ file: 'compose.yaml', line: 13, column: 22 });
    expect(p.locateKey(['services', 'db', 'privileged'])).toEqual({ file: 'compose.yaml', line: 16, column: 5 });
    expect(p.locate(['services', 'db', 'no', 'such', 'path'])).toEqual({ file: 'compose.yaml', line: 4, column: 5 });
    expect(p.locate(['services', 'nope'])?.file).toBe('compose.yaml');
  });

  it('says which variable and .env line an interpolated value came from', () => {
    const p = load(files).projects[0];
    expect(p.interpolatedFrom(['services', 'db', 'environment', 'POSTGRES_PASSWORD'])).toEqual({ variable: 'DB_PASSWORD', origin: { file: '.env', line: 1, column: 1 } });
    expect(p.interpolatedFrom(['services', 'db', 'environment', 'PGDATA'])).toEqual({ variable: 'PGDATA' });
    expect(p.interpolatedFrom(['services', 'db', 'image'])).toBeUndefined();
  });

  it('builds the container environment: env_file entries then environment, each with its origin', () => {
    const env = load(files, { env: { FROM_SHELL: 'shell' } }).projects[0].serviceEnvironment('db');
    expect(Object.fromEntries([...env].map(([k, v]) => [k, [v.value, v.source, v.origin ? `${v.origin.file}:${v.origin.line}` : '']]))).toEqual({
      POSTGRES_HOST_AUTH_METHOD: ['trust', 'env_file', 'db.env:2'],
      POSTGRES_USER: ['admin', 'compose', 'compose.yaml:13'],
      RAW: ['"kept $AS is"', 'env_file', 'raw.env:1'],
      POSTGRES_PASSWORD: ['changeme', 'dotenv', '.env:1'],
      FROM_SHELL: ['shell', 'environment', ''],
      PGDATA: ['/var/lib/postgresql/data', 'default', 'compose.yaml:15'],
    });
  });

  it('lets the process environment win over .env', () => {
    const env = load(files, { env: { DB_PASSWORD: 'from-ci' } }).projects[0].serviceEnvironment('db');
    expect(env.get('POSTGRES_PASSWORD')).toMatchObject({ value: 'from-ci', source: 'environment' });
  });

  it('uses --env-file files instead of .env', () => {
    const r = load({ ...files, 'ci.env': 'DB_PASSWORD=from-env-file\n' }, { envFiles: ['ci.env'] });
    expect(r.projects[0].serviceEnvironment('db').get('POSTGRES_PASSWORD')?.origin).toEqual({ file: 'ci.env', line: 1, column: 1 });
  });

  it('reports a missing --env-file', () => {
    expect(where(load(files, { envFiles: ['missing.env'] }))).toContain('missing-file@missing.env:');
  });

  it('exposes hardline-disable-line comments', () => {
    const p = load(files).projects[0];
    expect([...p.disabledRules('compose.yaml', 16)]).toEqual(['no-privileged']);
    expect(p.disabledRules('compose.yaml', 15).size).toBe(0);
  });

  it('exposes hardline-disable-line comments of .env and env_file lines too', () => {
    const p = load({
      ...files,
      '.env': 'DB_PASSWORD=changeme # hardline-disable-line no-weak-default-secret\n',
      'db.env': 'POSTGRES_HOST_AUTH_METHOD=trust # hardline-disable-line no-trust-auth\n',
    }).projects[0];
    expect([...p.disabledRules('.env', 1)]).toEqual(['no-weak-default-secret']);
    expect([...p.disabledRules('db.env', 1)]).toEqual(['no-trust-auth']);
    expect(p.serviceEnvironment('db').get('POSTGRES_PASSWORD')?.value).toBe('changeme');
  });

  it('reports a required env_file that is missing but not an optional one', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: x\n    env_file:\n      - path: gone.env\n      - path: maybe.env\n        required: false\n' });
    expect(where(r)).toEqual(['missing-file@compose.yaml:5']);
  });

  it('reports a malformed env_file at its own line', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: x\n    env_file: bad.env\n', 'bad.env': 'A=1\nNOT VALID\n' });
    expect(where(r)).toEqual(['invalid-schema@bad.env:2']);
  });

  it('reports a missing variable as a warning and a required one as an error', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: "x:${TAG}"\n    user: "${USER_ID:?set USER_ID}"\n' });
    expect(r.findings.map((f) => `${f.ruleId}:${f.severity}:${f.line}`)).toEqual(['missing-variable:warning:3', 'missing-variable:error:4']);
  });

  it('falls back to the directory name for the project name', () => {
    const r = load({ 'My Stack/compose.yaml': 'services:\n  web:\n    image: x\n' }, { files: ['My Stack/compose.yaml'] });
    expect(r.projects[0].name).toBe('mystack');
  });
});

describe('normalizeProjectName', () => {
  it('lower-cases and drops characters Compose does not allow', () => {
    expect(normalizeProjectName('My.App-1_x')).toBe('myapp-1_x');
    expect(normalizeProjectName('-_x')).toBe('x');
  });
});
