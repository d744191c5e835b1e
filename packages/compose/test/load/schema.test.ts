import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateCompose } from '../../src/load/schema';
import { parseComposeText } from '../../src/load/yaml';
import { load, removeTempProjects, where } from './helpers';
import { sharedPath } from '../../../../test/helpers/shared';

afterAll(removeTempProjects);
const SCHEMA_DIR = path.join(__dirname, '..', '..', 'schema');

function problems(text: string) {
  const r = parseComposeText(text, 'compose.yaml');
  if (!r.ok) throw new Error(r.problem.message);
  return validateCompose(r.parsed.value, 'compose.yaml');
}

describe('validateCompose', () => {
  it('accepts a valid file', () => {
    expect(problems('services:\n  web:\n    image: nginx\n    ports: ["80:80"]\nx-custom: 1\n')).toEqual([]);
  });

  it('reports an unknown key at the key itself', () => {
    expect(problems('services:\n  web:\n    image: nginx\n    enviroment:\n      A: 1\n')).toEqual([
      expect.objectContaining({ ruleId: 'invalid-schema', line: 4, column: 5, message: 'services.web: unknown key "enviroment"' }),
    ]);
  });

  it('reports every schema error at its own line, once per node', () => {
    const p = problems('services:\n  web:\n    image: 5\n    privileged: [1]\n  db:\n    restart: 3\nnetworks:\n  front:\n    driver: [x]\n');
    expect(p.map((x) => x.line)).toEqual([3, 4, 6, 9]);
    expect(p[0].message).toBe('services.web.image: expected string, found a number');
  });

  it('reports an unknown top-level key', () => {
    expect(problems('services: {}\nservice:\n  web: {}\n')).toEqual([expect.objectContaining({ line: 2, message: 'top level: unknown key "service"' })]);
  });

  it('never puts a value into a message', () => {
    const p = problems('services:\n  web:\n    image: nginx\n    environment: "S3CRET-VALUE"\n');
    expect(p).toHaveLength(1);
    expect(p[0].message).not.toContain('S3CRET');
  });

  it('validates after interpolation, so a variable may fill a typed field', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports:\n      - "${PORT:-80}:80"\n' });
    expect(where(r)).toEqual([]);
  });
});

describe('the shipped schema', () => {
  it('ships the compose-spec schema with its license and source commit', () => {
    expect(fs.readFileSync(path.join(SCHEMA_DIR, 'LICENSE'), 'utf8')).toContain('Apache License');
    expect(fs.readFileSync(path.join(SCHEMA_DIR, 'SOURCE.md'), 'utf8')).toMatch(/[0-9a-f]{40}/);
    expect(fs.readFileSync(path.join(SCHEMA_DIR, 'compose-spec.json'), 'utf8')).toBe(
      fs.readFileSync(sharedPath('reference/compose-spec/compose-spec.json'), 'utf8'),
    );
  });

  it('has a precompiled validator generated from the current schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { generateValidatorSource } = require(path.join(SCHEMA_DIR, 'validator-source.cjs')) as { generateValidatorSource: () => string };
    expect(fs.readFileSync(path.join(SCHEMA_DIR, 'compose-spec.validate.js'), 'utf8')).toBe(generateValidatorSource());
  });
});
