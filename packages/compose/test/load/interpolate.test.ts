import { interpolate, interpolateTree, type Lookup } from '../../src/load/interpolate';
import { parseComposeText } from '../../src/load/yaml';

const vars: Record<string, string> = { FOO: 'foo', EMPTY: '', BAR: 'bar', NESTED: 'FOO' };
const lookup: Lookup = (name) => (name in vars ? { value: vars[name], source: 'environment' } : undefined);

describe('interpolate', () => {
  const table: Array<[string, string]> = [
    ['plain text', 'plain text'],
    ['$FOO', 'foo'],
    ['${FOO}', 'foo'],
    ['a-$FOO-b', 'a-foo-b'],
    ['${FOO}${BAR}', 'foobar'],
    ['$$FOO', '$FOO'],
    ['$${FOO}', '${FOO}'],
    ['cost: $$5', 'cost: $5'],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'],
    ['${FOO:-default}', 'foo'],
    ['${UNSET-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${FOO-default}', 'foo'],
    ['${FOO:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${UNSET:+alt}', ''],
    ['${FOO+alt}', 'alt'],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${FOO:?must be set}', 'foo'],
    ['${EMPTY?must be set}', ''],
    ['${UNSET:-${FOO}}', 'foo'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${UNSET:-a ${FOO} b}', 'a foo b'],
    ['${UNSET:-}', ''],
    ['${FOO:+${BAR}-x}', 'bar-x'],
    ['${UNSET:-~/data}', '~/data'],
    ['${UNSET:-{json}}', '{json}'],
    // compose-go template_test.go cases
    ['$FOO-bar', 'foo-bar'],
    ['ok ${EMPTY:-/non:-alphanumeric}', 'ok /non:-alphanumeric'],
    ['ok ${UNSET_VAR-${FOO} ${FOO}}', 'ok foo foo'],
    ['ok ${EMPTY:-$FOO}', 'ok foo'],
    ['${UNSET_VAR-myerror?msg}', 'myerror?msg'],
    ['${FOO?bar-baz}', 'foo'],
  ];
  it.each(table)('substitutes %j as %j', (template, expected) => {
    const r = interpolate(template, lookup);
    expect(r.issues.filter((i) => i.kind !== 'missing')).toEqual([]);
    expect(r.value).toBe(expected);
  });

  it('warns about a variable with no value and no default, naming it', () => {
    const r = interpolate('image: ${TAG}', lookup);
    expect(r.value).toBe('image: ');
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'missing', variable: 'TAG' })]);
  });

  it('reports a required variable that is unset, with the message as written', () => {
    const r = interpolate('${PASSWORD:?set PASSWORD in .env}', lookup);
    expect(r.issues).toEqual([expect.objectContaining({ kind: 'required', variable: 'PASSWORD' })]);
    expect(r.issues[0].message).toContain('set PASSWORD in .env');
  });

  it('lets the first operator win: ${UNSET?bar-baz} is a required-variable error', () => {
    expect(interpolate('${UNSET_VAR?bar-baz}', lookup).issues).toEqual([expect.objectContaining({ kind: 'required', variable: 'UNSET_VAR' })]);
  });

  it('reports :? on an empty variable but accepts ? on it', () => {
    expect(interpolate('${EMPTY:?x}', lookup).issues.map((i) => i.kind)).toEqual(['required']);
    expect(interpolate('${EMPTY?x}', lookup).issues).toEqual([]);
  });

  it('never puts another variable value into a required-variable message', () => {
    const r = interpolate('${UNSET:?${FOO}}', lookup);
    expect(r.issues[0].message).not.toContain('foo');
  });

  const invalid = ['${', '$}', '${ }', '${ foo}', '${foo }', '${foo!}', '${FOO', '${}', '${1ABC}', '${FOO!bar}', 'a $ b', 'trailing $', '$1'];
  it.each(invalid)('rejects the malformed template %j', (template) => {
    expect(interpolate(template, lookup).issues.map((i) => i.kind)).toContain('invalid');
  });

  it('does not evaluate a default that is not used', () => {
    expect(interpolate('${FOO:-${MISSING}}', lookup).issues).toEqual([]);
  });

  it('names the first variable used and where its value came from', () => {
    const withOrigin: Lookup = (n) => (n === 'PW' ? { value: 'x', source: 'dotenv', origin: { file: '.env', line: 3, column: 1 } } : undefined);
    expect(interpolate('${PW}', withOrigin).used).toEqual({ variable: 'PW', source: 'dotenv', origin: { file: '.env', line: 3, column: 1 } });
    expect(interpolate('${NOPE:-d}', withOrigin).used).toEqual({ variable: 'NOPE', source: 'default' });
  });
});

describe('interpolateTree', () => {
  it('interpolates values but not keys, and reports problems at the value line', () => {
    const parsed = parseComposeText('services:\n  ${FOO}:\n    image: "nginx:${TAG}"\n    command: "${X:?}"\n    user: "$$HOME"\n', 'compose.yaml');
    if (!parsed.ok) throw new Error('parse');
    const problems = interpolateTree(parsed.parsed.value, lookup, { file: 'compose.yaml', line: 1, column: 1 });
    const svc = (parsed.parsed.value.services as Record<string, Record<string, unknown>>)['${FOO}'];
    expect(svc).toEqual({ image: 'nginx:', command: '', user: '$HOME' });
    expect(problems.map((p) => `${p.ruleId}:${p.severity}:${p.line}`)).toEqual(['missing-variable:warning:3', 'missing-variable:error:4']);
  });

  it('reports an invalid template as invalid-interpolation at its line', () => {
    const parsed = parseComposeText('services:\n  web:\n    image: nginx\n    command: "echo ${"\n', 'compose.yaml');
    if (!parsed.ok) throw new Error('parse');
    const problems = interpolateTree(parsed.parsed.value, lookup, { file: 'compose.yaml', line: 1, column: 1 });
    expect(problems).toEqual([expect.objectContaining({ ruleId: 'invalid-interpolation', severity: 'error', line: 4 })]);
  });
});
