import { clearSecretsForTests, redact } from '../src/redact';
import { EnvInputSource, parseFlags, readInputs, type InputSpecs } from '../src/inputs';

const SPECS = {
  files: { kind: 'list', positional: true, description: 'files' },
  'fail-on': { kind: 'enum', values: ['error', 'warning', 'none'], default: 'error', description: 'threshold' },
  'vault-addr': { kind: 'string', required: true, env: ['VAULT_ADDR'], description: 'Vault address' },
  token: { kind: 'secret', env: ['VAULT_TOKEN'], description: 'token' },
  'unseal-keys': { kind: 'secret-list', description: 'keys' },
  annotations: { kind: 'boolean', default: 'true', description: 'annotate' },
  timeout: { kind: 'duration', default: '5m', description: 'timeout' },
  'sarif-file': { kind: 'string', aliases: ['sarif'], description: 'sarif' },
} as const satisfies InputSpecs;

afterEach(() => clearSecretsForTests());

describe('inputs', () => {
  it('reads GitHub inputs from INPUT_* with hyphens kept in the name', () => {
    const env = { 'INPUT_VAULT-ADDR': 'http://v:8200', 'INPUT_FAIL-ON': 'warning', INPUT_FILES: 'a.yml\nb.yml' };
    const v = readInputs(SPECS, new EnvInputSource('github', env), {});
    expect(v['vault-addr']).toBe('http://v:8200');
    expect(v['fail-on']).toBe('warning');
    expect(v.files).toEqual(['a.yml', 'b.yml']);
    expect(v.timeout).toBe(300);
    expect(v.annotations).toBe(true);
  });

  it('reads GitLab variables as HARDLINE_* with underscores', () => {
    const env = { HARDLINE_VAULT_ADDR: 'http://v:8200', HARDLINE_ANNOTATIONS: 'false' };
    const v = readInputs(SPECS, new EnvInputSource('gitlab', env), {});
    expect(v['vault-addr']).toBe('http://v:8200');
    expect(v.annotations).toBe(false);
  });

  it('reads CLI flags, aliases, --no-flags, repeated flags and positionals', () => {
    const src = parseFlags(['a.yml', '--files', 'b.yml', '--vault-addr=http://x', '--no-annotations', '--sarif', 'out.sarif', 'c.yml'], SPECS);
    const v = readInputs(SPECS, src, {});
    expect(v.files).toEqual(['b.yml', 'a.yml', 'c.yml']);
    expect(v['vault-addr']).toBe('http://x');
    expect(v.annotations).toBe(false);
    expect(v['sarif-file']).toBe('out.sarif');
  });

  it('falls back to environment variables such as VAULT_ADDR', () => {
    const v = readInputs(SPECS, parseFlags([], SPECS), { VAULT_ADDR: 'http://env:8200' });
    expect(v['vault-addr']).toBe('http://env:8200');
  });

  it('names the missing input, how to give it and its environment fallback', () => {
    expect(() => readInputs(SPECS, new EnvInputSource('github', {}), {})).toThrow('input "vault-addr" is required: Vault address (or set VAULT_ADDR)');
    expect(() => readInputs(SPECS, parseFlags([], SPECS), {})).toThrow('--vault-addr is required');
  });

  it('rejects an unknown flag', () => {
    expect(() => parseFlags(['--colour'], SPECS)).toThrow('unknown option --colour');
  });

  it('rejects a stray argument of a command without positional input, without quoting it', () => {
    const { files: _files, ...optionsOnly } = SPECS;
    const argv = ['--vault-addr', 'http://v', '--unseal-keys', 'key-one', 'key-two-canary'];
    expect(() => readInputs(optionsOnly, parseFlags(argv, optionsOnly), {})).toThrow('unexpected argument after the options');
    let message = '';
    try {
      readInputs(optionsOnly, parseFlags(argv, optionsOnly), {});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toContain('key-two-canary');
    expect(readInputs(SPECS, parseFlags(argv, SPECS), {}).files).toEqual(['key-two-canary']);
  });

  it('masks secret inputs the moment they are read, untrimmed, and each item of a secret list', () => {
    const env = { 'INPUT_VAULT-ADDR': 'http://v', INPUT_TOKEN: ' hvs.token-value ', 'INPUT_UNSEAL-KEYS': 'key-one-aaaa\nkey-two-bbbb' };
    const v = readInputs(SPECS, new EnvInputSource('github', env), {});
    expect(v.token).toBe(' hvs.token-value ');
    expect(v['unseal-keys']).toEqual(['key-one-aaaa', 'key-two-bbbb']);
    expect(redact('hvs.token-value key-two-bbbb')).toBe('*** ***');
  });

  it('rejects a bad enum value naming the GitHub input', () => {
    const env = { 'INPUT_VAULT-ADDR': 'x', 'INPUT_FAIL-ON': 'fatal' };
    expect(() => readInputs(SPECS, new EnvInputSource('github', env), {})).toThrow('input "fail-on": expected one of error, warning, none, got "fatal"');
  });
});
