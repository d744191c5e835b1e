import { ConfigurationError, describeError, exitCodeOf, OperationalError, withLocation } from '../src/errors';

describe('errors', () => {
  it('gives a configuration error exit code 2 and names file, line and column', () => {
    const err = new ConfigurationError('expected a mapping', { file: 'compose.yml', line: 3, column: 5 });
    expect(exitCodeOf(err)).toBe(2);
    expect(describeError(err)).toBe('compose.yml:3:5: expected a mapping');
  });

  it('gives an operational error exit code 3 and lists what was tried', () => {
    const err = new OperationalError('Vault unreachable', ['GET http://v/v1/sys/seal-status → ECONNREFUSED (attempt 1)'], 'start Vault');
    expect(exitCodeOf(err)).toBe(3);
    expect(describeError(err)).toContain('tried:\n    - GET http://v/v1/sys/seal-status → ECONNREFUSED (attempt 1)');
    expect(describeError(err)).toContain('hint: start Vault');
  });

  it('reports an unexpected error as a bug without a stack trace', () => {
    const text = describeError(new TypeError('x is undefined'));
    expect(exitCodeOf(new TypeError('x'))).toBe(4);
    expect(text).toContain('bug in hardline');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('omits the location prefix when no file is known', () => {
    expect(withLocation('bad', {})).toBe('bad');
    expect(withLocation('bad', { file: 'a.yml', line: 2 })).toBe('a.yml:2: bad');
  });
});
