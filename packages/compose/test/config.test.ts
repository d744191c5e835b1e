import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationError } from '@hardline/core';
import { loadConfig } from '../src/config';

const KNOWN = new Set(['no-privileged', 'require-read-only', 'no-root-user']);

function dirWith(text?: string, name = '.hardline.yml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hl-config-'));
  if (text !== undefined) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

function errorOf(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigurationError) return err;
    throw err;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadConfig', () => {
  it('returns the defaults when there is no config file', () => {
    const c = loadConfig(dirWith(), undefined, KNOWN);
    expect(c.file).toBeUndefined();
    expect(c).toMatchObject({ proxies: ['nginx', 'traefik', 'caddy', 'haproxy'], healthcheck: { interval: 30, timeout: 5, retries: 5 }, digest: 'optional' });
  });
  it('reads rule severities and options from .hardline.yml in the working directory', () => {
    const dir = dirWith('compose:\n  rules:\n    no-root-user: off\n    require-read-only: warning\n  proxies: [Envoy]\n  healthcheck:\n    interval: 1m\n    timeout: 10s\n    retries: 3\n  digest: required\n  weak-passwords: [hunter2]\n  min-secret-length: 20\n');
    const c = loadConfig(dir, undefined, KNOWN);
    expect(c).toMatchObject({
      file: '.hardline.yml',
      rules: { 'no-root-user': 'off', 'require-read-only': 'warning' },
      proxies: ['envoy'],
      healthcheck: { interval: 60, timeout: 10, retries: 3 },
      digest: 'required',
      weakPasswords: ['hunter2'],
      minSecretLength: 20,
    });
  });
  it('resolves files relative to the config file, not the working directory', () => {
    const dir = dirWith();
    fs.mkdirSync(path.join(dir, 'conf'));
    fs.writeFileSync(path.join(dir, 'conf', 'hl.yml'), 'compose:\n  files: ["../stacks/**/compose.yaml"]\n');
    expect(loadConfig(dir, 'conf/hl.yml', KNOWN).files).toEqual([path.join(dir, 'stacks/**/compose.yaml')]);
  });
  it('rejects an unknown key with its file and line', () => {
    const err = errorOf(() => loadConfig(dirWith('compose:\n  rules: {}\n  proxys: [nginx]\n'), undefined, KNOWN));
    expect(err.location).toMatchObject({ file: '.hardline.yml', line: 3 });
    expect(err.message).toContain('proxys');
  });
  it('rejects an unknown rule ID and suggests the closest one', () => {
    const err = errorOf(() => loadConfig(dirWith('compose:\n  rules:\n    no-privileged: error\n    no-priviledged: off\n'), undefined, KNOWN));
    expect(err.location).toMatchObject({ line: 4 });
    expect(err.message).toContain('did you mean "no-privileged"');
  });
  it('rejects a bad severity and a bad duration at their lines', () => {
    expect(errorOf(() => loadConfig(dirWith('compose:\n  rules:\n    no-privileged: fatal\n'), undefined, KNOWN)).location.line).toBe(3);
    expect(errorOf(() => loadConfig(dirWith('compose:\n  healthcheck:\n    interval: soon\n'), undefined, KNOWN)).location.line).toBe(3);
  });
  it('rejects a config path that does not exist', () => {
    const err = errorOf(() => loadConfig(dirWith(), 'missing.yml', KNOWN));
    expect(err.message).toContain('missing.yml');
  });
  it('accepts an empty file and other capabilities\' sections', () => {
    expect(loadConfig(dirWith(''), undefined, KNOWN).file).toBe('.hardline.yml');
    expect(loadConfig(dirWith('scan:\n  anything: 1\n', '.hardline.yaml'), undefined, KNOWN).file).toBe('.hardline.yaml');
  });
});
