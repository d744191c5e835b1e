import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { metaOf, walkPath } from '../../src/load/located';
import { MAX_COMPOSE_BYTES, parseComposeText, readComposeFile } from '../../src/load/yaml';
import { FIXTURES, load, removeTempProjects, tempProject } from './helpers';

afterAll(removeTempProjects);

const ok = (text: string) => {
  const r = parseComposeText(text, 'compose.yaml');
  if (!r.ok) throw new Error(`expected to parse: ${r.problem.message}`);
  return r.parsed;
};
const bad = (text: string) => {
  const r = parseComposeText(text, 'compose.yaml');
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};

function billionLaughs(levels: number): string {
  let s = 'x-a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < levels; i++) s += `x-a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]\n`;
  return s + `services:\n  web:\n    image: nginx\n    command: *a${levels - 1}\n`;
}

describe('parseComposeText', () => {
  it('expands anchors and aliases into independent copies', () => {
    const p = ok('x-env: &env\n  A: "1"\nservices:\n  a:\n    environment: *env\n  b:\n    environment: *env\n');
    const services = p.value.services as Record<string, Record<string, unknown>>;
    expect(services.a.environment).toEqual({ A: '1' });
    expect(services.a.environment).not.toBe(services.b.environment);
  });

  it('applies merge keys with explicit keys winning over merged ones', () => {
    const p = ok('x-base: &base\n  image: nginx\n  restart: always\nservices:\n  web:\n    <<: *base\n    restart: "no"\n');
    expect((p.value.services as Record<string, unknown>).web).toEqual({ image: 'nginx', restart: 'no' });
  });

  it('merges a list of merge keys with the earlier map winning', () => {
    const p = ok('x-a: &a\n  image: a\nx-b: &b\n  image: b\n  user: b\nservices:\n  web:\n    <<: [*a, *b]\n');
    expect((p.value.services as Record<string, unknown>).web).toEqual({ image: 'a', user: 'b' });
  });

  it('locates a merged key at the line of the anchor that provided it', () => {
    const p = ok('x-base: &base\n  image: nginx\nservices:\n  web:\n    <<: *base\n');
    expect(walkPath(p.value, ['services', 'web', 'image']).entry?.value).toEqual({ file: 'compose.yaml', line: 2, column: 10 });
  });

  it('records where keys and values were written', () => {
    const p = ok('services:\n  web:\n    ports:\n      - "80:80"\n');
    const w = walkPath(p.value, ['services', 'web', 'ports', 0]);
    expect(w.entry?.value).toEqual({ file: 'compose.yaml', line: 4, column: 9 });
    expect(walkPath(p.value, ['services', 'web']).entry?.key).toEqual({ file: 'compose.yaml', line: 2, column: 3 });
  });

  it('keeps !reset and !override tags in the entry metadata', () => {
    const p = ok('services:\n  web:\n    ports: !reset []\n    command: !override ["a"]\n');
    const web = (p.value.services as Record<string, object>).web;
    expect(metaOf(web)?.entries.get('ports')?.tag).toBe('!reset');
    expect(metaOf(web)?.entries.get('command')?.tag).toBe('!override');
  });

  it('collects hardline-disable-line comments per line', () => {
    const p = ok('services:\n  web:\n    privileged: true # hardline-disable-line no-privileged, no-root-user\n');
    expect([...(p.disabled.get(3) ?? [])]).toEqual(['no-privileged', 'no-root-user']);
  });

  it('rejects a duplicate key at the line of the second key', () => {
    const p = bad('services:\n  web:\n    image: nginx\n    image: redis\n');
    expect(p).toMatchObject({ ruleId: 'invalid-yaml', file: 'compose.yaml', line: 4 });
    expect(p.message).toContain('duplicate key "image"');
  });

  it('rejects truncated YAML at the line where it breaks', () => {
    const p = bad(fs.readFileSync(path.join(FIXTURES, 'bad', 'truncated.yaml'), 'utf8'));
    expect(p.ruleId).toBe('invalid-yaml');
    expect(p.line).toBeGreaterThanOrEqual(5);
  });

  it('rejects a file whose top level is a list', () => {
    expect(bad('- a\n- b\n')).toMatchObject({ ruleId: 'invalid-yaml', line: 1 });
    expect(bad('- a\n').message).toContain('top level is a list');
  });

  it('rejects an empty file and a file holding only comments', () => {
    expect(bad('').message).toContain('is empty');
    expect(bad('# nothing here\n').message).toContain('is empty');
  });

  it('rejects a billion-laughs alias bomb without expanding it', () => {
    const p = bad(billionLaughs(9)); // 10^9 nodes if expanded: finishing at all shows it was not
    expect(p.ruleId).toBe('invalid-yaml');
    expect(p.message).toContain('alias bomb');
  });

  it('rejects an alias to an undefined anchor', () => {
    expect(bad('a: &x 1\nb: *nope\n').message).toContain('"*nope" refers to an undefined anchor');
  });

  it('rejects a recursive alias and absurd nesting without crashing', () => {
    expect(bad('a: &a [*a]\n').ruleId).toBe('invalid-yaml');
    expect(bad('a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n').ruleId).toBe('invalid-yaml');
    expect(bad(Array.from({ length: 300 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + ' 1\n').message).toContain('deeper than 200');
  });

  it('rejects several YAML documents in one file', () => {
    expect(bad('services: {}\n---\nservices: {}\n')).toMatchObject({ line: 2, message: expect.stringContaining('several YAML documents') });
  });

  it('accepts CRLF line endings', () => {
    expect(ok('services:\r\n  web:\r\n    image: x\r\n').value).toEqual({ services: { web: { image: 'x' } } });
  });

  it('accepts modest alias reuse', () => {
    expect(ok(billionLaughs(3)).value.services).toBeDefined();
  });

  it('types plain values and keys exactly as the YAML 1.2 core schema does', () => {
    const samples = ['~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRUE', 'yes', 'off', '0o17', '0o8', '017', '0x1F', '0X1F', '+12', '-12', '-0', '1_000', '0b11', '1e3', '1E-3', '.5', '-.5', '5.', '+.inf', '-.Inf', '.NaN', '+.nan', '1.0', '12:30', '1.2.3', 'nginx:1.27', '8080:80'];
    const text = samples.map((s, i) => `v${i}: ${s}\n`).join('') + samples.map((s, i) => `k${i}: {${s}: x}\n`).join('');
    const core = YAML.parse(text, { schema: 'core' }) as Record<string, unknown>;
    const value = ok(text).value;
    samples.forEach((s, i) => {
      expect([s, value[`v${i}`]]).toEqual([s, core[`v${i}`]]);
      expect([s, Object.keys(value[`k${i}`] as object)]).toEqual([s, Object.keys(core[`k${i}`] as object).map((k) => (k === 'null' ? '' : k))]);
    });
    expect(ok('a:\nb: !reset\nc: |\n  true\nd: "1"\n').value).toEqual({ a: null, b: '', c: 'true\n', d: '1' });
  });

  it('resolves standard tags with the core schema', () => {
    const text = 'a: !!int "7"\nb: !!str 5\nc: !!float 2.5\nd: !!null ""\ne: 0x10\n';
    expect(ok(text).value).toEqual(YAML.parse(text, { schema: 'core' }));
    expect(ok(text).value).toMatchObject({ a: 7, b: '5', c: 2.5, e: 16 });
    const yaml11 = '%YAML 1.1\n---\na: yes\nb: 0b11\n';
    expect(ok(yaml11).value).toEqual(YAML.parse(yaml11));
  });

  it('records the same positions for values, keys and nested mappings written in any order', () => {
    const p = ok('x:\n  y: 1\n  z: [a, {b: 2}]\nw: 3\n').value;
    expect(walkPath(p, ['x']).entry).toMatchObject({ key: { line: 1, column: 1 }, value: { line: 2, column: 3 } });
    expect(walkPath(p, ['x', 'z', 1, 'b']).entry).toMatchObject({ key: { line: 3, column: 11 }, value: { line: 3, column: 14 } });
    expect(walkPath(p, ['w']).entry).toMatchObject({ key: { line: 4, column: 1 }, value: { line: 4, column: 4 } });
    expect(metaOf(p.x as object)?.self).toMatchObject({ line: 2, column: 3 });
  });
});

describe('readComposeFile', () => {
  it('rejects a binary file naming the file', () => {
    const dir = tempProject({ 'compose.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]) });
    const r = readComposeFile(path.join(dir, 'compose.yaml'), 'compose.yaml');
    expect(r).toMatchObject({ ok: false, problem: { ruleId: 'invalid-yaml', file: 'compose.yaml', line: 1 } });
  });

  it('rejects a 10 MB file without reading it', () => {
    const dir = tempProject({});
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, 'services:\n' + '#'.repeat(10 * 1024 * 1024));
    expect(fs.statSync(file).size).toBeGreaterThan(MAX_COMPOSE_BYTES);
    const r = readComposeFile(file, 'compose.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok && 'problem' in r) expect(r.problem.message).toContain('bytes');
  });

  it('reports a missing file as missing, not as a parse error', () => {
    expect(readComposeFile('/nonexistent/compose.yaml', 'compose.yaml')).toEqual({ ok: false, missing: true });
  });
});

describe('bad input through loadProjects', () => {
  const cases: Array<[string, string | Buffer]> = [
    ['truncated YAML', fs.readFileSync(path.join(FIXTURES, 'bad', 'truncated.yaml'))],
    ['a binary file', Buffer.from([0, 1, 2, 3, 0xff, 0xfe])],
    ['a list', fs.readFileSync(path.join(FIXTURES, 'bad', 'list.yaml'))],
    ['an empty file', fs.readFileSync(path.join(FIXTURES, 'bad', 'empty.yaml'))],
    ['a duplicate key', fs.readFileSync(path.join(FIXTURES, 'bad', 'duplicate.yaml'))],
    ['an alias bomb', billionLaughs(9)],
  ];
  it.each(cases)('turns %s into one invalid-yaml finding naming the file', (_name, content) => {
    const r = load({ 'compose.yaml': content });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: 'invalid-yaml', severity: 'error', file: 'compose.yaml' });
    expect(r.findings[0].message).toContain('compose.yaml');
  });

  it('still loads the other stacks of a repository when one file is broken', () => {
    const r = load({ 'a/compose.yaml': 'services: [', 'b/compose.yaml': 'services:\n  web:\n    image: nginx\n' }, { files: ['**/compose.yaml'] });
    expect(r.findings.map((f) => `${f.ruleId}@${f.file}`)).toEqual(['invalid-yaml@a/compose.yaml']);
    expect(r.projects.map((p) => p.name)).toEqual(['b']);
  });
});
