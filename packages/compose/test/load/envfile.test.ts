import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDotenv, parseRawEnv, readEnvFile, type EnvParseResult } from '../../src/load/envfile';
import type { Lookup } from '../../src/load/interpolate';
import { sharedPath } from '../../../../test/helpers/shared';

const FIXTURES = sharedPath('corpus/compose/compose-go/dotenv/fixtures');
const read = (name: string, lookup?: Lookup) => parseDotenv(fs.readFileSync(path.join(FIXTURES, name), 'utf8'), lookup);
const asMap = (r: EnvParseResult) => Object.fromEntries(r.entries.map((e) => [e.key, e.value]));

describe('parseDotenv on compose-go fixtures', () => {
  it('parses plain values, trimming spaces around = and stripping inline comments', () => {
    expect(asMap(read('plain.env'))).toEqual({
      OPTION_A: '1', OPTION_B: '2', OPTION_C: '3', OPTION_D: '4', OPTION_E: '5', '456': 'ABC', OPTION_F: '', OPTION_G: '', OPTION_H: 'my string',
    });
  });

  it('parses single and double quotes, escapes and multi-line values', () => {
    expect(asMap(read('quoted.env'))).toEqual({
      OPTION_A: '1', OPTION_B: '2', OPTION_C: '', OPTION_D: '\\n', OPTION_E: '1', OPTION_F: '2', OPTION_G: '', OPTION_H: '\n',
      OPTION_I: "echo 'asd'", OPTION_J: 'first line\nsecond line\nthird line\nand so on', OPTION_K: "Let\\'s go!", OPTION_Z: 'last value',
    });
  });

  it('accepts export prefixes', () => {
    expect(asMap(read('exported.env'))).toEqual({ OPTION_A: '2', OPTION_B: '\\n' });
    expect(asMap(read('equals.env'))).toEqual({ OPTION_A: 'postgres://localhost:5432/database?sslmode=disable' });
  });

  it('keeps quoted phrases and unquoted text with spaces', () => {
    expect(asMap(read('unquoted.env'))).toMatchObject({ OPTION_A: 'some quoted phrase', OPTION_B: 'first one with an unquoted phrase', OPTION_E: 'then another one quoted phrase' });
  });

  it('skips a UTF-8 byte order mark', () => {
    expect(asMap(read('utf8-bom.env')).OPTION_A).toBe('1');
  });

  it('accepts names with dots, underscores and dashes', () => {
    expect(asMap(read('special.env'))).toEqual({ 'VAR.WITH.DOTS': 'dots', VAR_WITH_UNDERSCORES: 'underscores', 'VAR-WITH-DASHES': 'dashes' });
  });

  it('expands earlier variables and defaults', () => {
    expect(asMap(read('substitutions.env'))).toEqual({ OPTION_A: '1', OPTION_B: '1', OPTION_C: '1', OPTION_D: '1_1', OPTION_E: '' });
    expect(asMap(read('substitutions-default.env'))).toMatchObject({ OPTION_A: '1', OPTION_B: '1', OPTION_D: '1_1' });
  });

  it('inherits a bare name from the lookup and drops it when unknown', () => {
    const lookup: Lookup = (n) => (n === 'VAR_TO_BE_LOADED_FROM_OS_ENV' ? { value: 'from-os', source: 'environment' } : undefined);
    expect(asMap(read('inherited-multi-var.env', lookup))).toEqual({ foo: 'bar', VAR_TO_BE_LOADED_FROM_OS_ENV: 'from-os', bar: 'baz' });
    expect(asMap(read('inherited-not-found.env', lookup))).toEqual({});
  });

  it('accepts the yaml-like KEY: VALUE form', () => {
    expect(asMap(read('custom.format'))).toEqual({ FOO: 'BAR', ZOT: 'QIX' });
  });

  it('rejects a line that is not KEY=VALUE, naming its line', () => {
    const r = read('invalid1.env');
    expect(r.error?.line).toBe(7);
    expect(r.entries.map((e) => e.key)).toEqual(['foo']);
  });
});

describe('parseDotenv', () => {
  it('records the line of every key', () => {
    const r = parseDotenv('# c\nA=1\n\nB="x\ny"\nC=3\n');
    expect(r.entries.map((e) => `${e.key}:${e.line}`)).toEqual(['A:2', 'B:4', 'C:6']);
  });

  it('does not interpolate single-quoted values', () => {
    expect(asMap(parseDotenv("A=1\nB='$A'\nC=\"$A\"\n"))).toEqual({ A: '1', B: '$A', C: '1' });
  });

  it('reports an unterminated quote', () => {
    expect(parseDotenv('A="open\n').error?.message).toContain('unterminated');
  });

  it('does not treat a key starting with "export" as the export keyword', () => {
    expect(asMap(parseDotenv('exporter=1\n'))).toEqual({ exporter: '1' });
  });
});

describe('parseRawEnv (format: raw)', () => {
  it('takes values literally: quotes, dollars and hashes kept', () => {
    expect(asMap(parseRawEnv('A="quoted"\nB=$HOME # not a comment\n# comment\nC=\n'))).toEqual({ A: '"quoted"', B: '$HOME # not a comment', C: '' });
  });

  it('records the line of every key', () => {
    expect(parseRawEnv('\nA=1\n\nB=2').entries.map((e) => e.line)).toEqual([2, 4]);
  });
});

describe('readEnvFile', () => {
  it('says a missing file is missing', () => {
    expect(readEnvFile('/nonexistent/.env', undefined, () => undefined)).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('reads a file in raw format when asked', () => {
    const r = readEnvFile(path.join(FIXTURES, 'quoted.env'), 'raw', () => undefined);
    expect(r.ok && asMap(r.result).OPTION_A).toBe("'1'");
  });
});
