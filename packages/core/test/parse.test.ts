import { formatDuration, parseBoolean, parseDuration, parseEnum, parseInteger, parseList } from '../src/parse';

describe('parse', () => {
  it('accepts only true/false spellings for booleans and names the input otherwise', () => {
    expect(parseBoolean('true', 'x')).toBe(true);
    expect(parseBoolean('False', 'x')).toBe(false);
    expect(() => parseBoolean('maybe', 'input "annotations"')).toThrow('input "annotations": expected true or false, got "maybe"');
  });

  it('splits lists on newlines and commas and drops blanks', () => {
    expect(parseList('a, b\n\nc,')).toEqual(['a', 'b', 'c']);
  });

  it('keeps a comma inside glob braces in its list item', () => {
    expect(parseList('**/docker-compose.{yml,yaml}, stacks/*/compose.{yml,yaml}')).toEqual(['**/docker-compose.{yml,yaml}', 'stacks/*/compose.{yml,yaml}']);
    expect(parseList('a{b\nc,d')).toEqual(['a{b', 'c', 'd']);
  });

  it('reads durations in seconds from plain numbers and unit suffixes', () => {
    expect(parseDuration('90', 'd')).toBe(90);
    expect(parseDuration('10m', 'd')).toBe(600);
    expect(parseDuration('1h30m', 'd')).toBe(5400);
    expect(parseDuration('30d', 'd')).toBe(2592000);
    expect(() => parseDuration('10 minutes', 'timeout')).toThrow('timeout: expected a duration');
    expect(() => parseDuration('', 'timeout')).toThrow('expected a duration');
  });

  it('formats seconds back into the short form', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(2592000)).toBe('30d');
  });

  it('checks integer bounds', () => {
    expect(parseInteger('5', 'n', { min: 1 })).toBe(5);
    expect(() => parseInteger('0', 'secret-threshold', { min: 1 })).toThrow('expected at least 1');
    expect(() => parseInteger('1.5', 'n')).toThrow('expected a whole number');
  });

  it('lists the allowed values when an enum value is wrong', () => {
    expect(() => parseEnum('fatal', ['error', 'warning'] as const, 'fail-on')).toThrow('fail-on: expected one of error, warning, got "fatal"');
  });
});
