import { assertSchema, schemaProblems } from '../src/schema';
import { parseYamlText } from '../src/yaml';

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string' },
    mode: { enum: ['plan', 'apply'] },
    items: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { id: { type: 'integer' } } } },
  },
};

describe('schema', () => {
  it('reports an unknown key at the key itself', () => {
    const doc = parseYamlText('name: x\nitems:\n  - id: 1\n    idd: 2\n', 'c.yml');
    expect(schemaProblems(doc, SCHEMA)).toEqual([{ message: 'unknown key "idd" in items.0', line: 4, column: 5, path: 'items.0' }]);
  });

  it('reports every problem at its own line', () => {
    const doc = parseYamlText('mode: destroy\nitems:\n  - id: one\n', 'c.yml');
    const problems = schemaProblems(doc, SCHEMA);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [1, 'top level: missing required key "name"'],
      [1, 'mode: expected one of "plan", "apply"'],
      [3, 'items.0.id: expected integer'],
    ]);
  });

  it('throws a configuration error with the first location', () => {
    const doc = parseYamlText('name: x\nbogus: 1\n', 'c.yml');
    expect(() => assertSchema(doc, SCHEMA, 'config')).toThrow('unknown key "bogus" in top level');
    try {
      assertSchema(doc, SCHEMA, 'config');
    } catch (e) {
      expect((e as { location: unknown }).location).toEqual({ file: 'c.yml', line: 2, column: 1 });
    }
  });
});
