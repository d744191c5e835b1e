import { ConfigurationError } from '@hardline/core';
import { parsePolicy } from '../src/hcl';

const origin = { file: 'vault.yml', firstLine: 10 };

function errorOf(text: string): ConfigurationError {
  try {
    parsePolicy(text, origin);
  } catch (err) {
    if (err instanceof ConfigurationError) return err;
    throw err;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parsePolicy', () => {
  it('parses path blocks with capabilities, comments and parameter maps', () => {
    const rules = parsePolicy(
      [
        '# comment',
        'path "secret/data/*" {',
        '  capabilities = ["read", "list"] // trailing',
        '}',
        '/* block',
        '   comment */',
        'path "sys/mounts" {',
        '  capabilities = ["update"]',
        '  allowed_parameters = { "type" = ["kv"], "*" = [] }',
        '  max_wrapping_ttl = "90s"',
        '}',
      ].join('\n'),
      origin,
    );
    expect(rules).toEqual([
      { path: 'secret/data/*', line: 11, capabilities: ['read', 'list'] },
      { path: 'sys/mounts', line: 16, capabilities: ['update'] },
    ]);
  });

  it('reports an unknown capability at its line in the file', () => {
    const err = errorOf('path "a" {\n  capabilities = ["read", "wirte"]\n}\n');
    expect(err.message).toContain('unknown capability "wirte"');
    expect(err.location).toEqual({ file: 'vault.yml', line: 11 });
  });

  it('rejects lists or blocks nested thousands deep with a configuration error at the line, not a stack overflow', () => {
    const lists = errorOf(`path "a" {\n  capabilities = ${'['.repeat(20000)}${']'.repeat(20000)}\n}\n`);
    expect(lists.message).toContain('nest more than 64 levels deep');
    expect(lists.location).toEqual({ file: 'vault.yml', line: 11 });
    const blocks = errorOf(`path "a" ${'{ a = '.repeat(5000)}1${' }'.repeat(5000)}\n`);
    expect(blocks.message).toContain('nest more than 64 levels deep');
  });

  it('reports an unknown key in a path block at its line', () => {
    const err = errorOf('path "a" {\n  capabilities = ["read"]\n  capabilites = ["list"]\n}\n');
    expect(err.message).toContain('unknown key "capabilites"');
    expect(err.location.line).toBe(12);
  });

  it('rejects a key given twice in one block', () => {
    const err = errorOf('path "a" {\n  capabilities = ["read"]\n  capabilities = ["list"]\n}\n');
    expect(err.message).toContain('duplicate key "capabilities"');
    expect(err.location.line).toBe(12);
  });

  it('reports an unclosed block at the line that opened it', () => {
    const err = errorOf('\npath "a" {\n  capabilities = ["read"]\n');
    expect(err.message).toContain('never closed');
    expect(err.location.line).toBe(11);
  });

  it('reports an unterminated string', () => {
    expect(errorOf('path "a {\n}').message).toContain('string is never closed');
  });

  it('rejects a path block without capabilities', () => {
    expect(errorOf('path "a" {\n}\n').message).toContain('has no capabilities');
  });

  it('rejects text that is not a path block', () => {
    const err = errorOf('capabilities = ["read"]');
    expect(err.message).toContain('expected a path block');
    expect(err.location.line).toBe(10);
  });

  it('rejects an empty policy', () => {
    expect(errorOf('# nothing here\n').message).toContain('no path blocks');
  });

  it('accepts the legacy policy key', () => {
    expect(parsePolicy('path "a" { policy = "read" }', origin)[0].capabilities).toEqual([]);
  });
});
