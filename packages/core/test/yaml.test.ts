import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseYamlText, readYamlFile } from '../src/yaml';

describe('yaml', () => {
  it('locates values and keys by path, 1-based', () => {
    const doc = parseYamlText('a:\n  b:\n    - x\n    - y: 1\n', 'f.yml');
    expect(doc.locate(['a', 'b', 1, 'y'])).toEqual({ line: 4, column: 10 });
    expect(doc.locate(['a', 'b'], 'key')).toEqual({ line: 2, column: 3 });
  });

  it('falls back to the nearest existing parent for a missing path', () => {
    const doc = parseYamlText('a:\n  b: 1\n', 'f.yml');
    expect(doc.locate(['a', 'zzz']).line).toBe(2);
  });

  it('rejects duplicate keys with their line', () => {
    expect(() => parseYamlText('a: 1\nb: 2\na: 3\n', 'dup.yml')).toThrow(/invalid YAML: .*unique/i);
    try {
      parseYamlText('a: 1\nb: 2\na: 3\n', 'dup.yml');
    } catch (e) {
      expect((e as { location: { line: number } }).location.line).toBe(3);
    }
  });

  it('rejects an alias bomb quickly', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    expect(() => parseYamlText(lines.join('\n'), 'bomb.yml')).toThrow(/aliases|alias/i);
  });

  it('rejects a binary file and a directory naming them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-'));
    fs.writeFileSync(path.join(dir, 'bin.yml'), Buffer.from([0, 1, 2, 3]));
    expect(() => readYamlFile(path.join(dir, 'bin.yml'), 'bin.yml')).toThrow('bin.yml looks like a binary file');
    expect(() => readYamlFile(dir, 'conf')).toThrow('conf is a directory');
    expect(() => readYamlFile(path.join(dir, 'none.yml'), 'none.yml')).toThrow('cannot read none.yml: ENOENT');
  });
});
