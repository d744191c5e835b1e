import { testCommands } from '../../src/rules/healthcheck-standard';
import { check } from './helpers';

describe('healthcheck-standard', () => {
  it('accepts a healthcheck on the 30s/5s/5 standard', () => {
    expect(check('healthcheck-standard', 'services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n      interval: 30s\n      timeout: 5s\n      retries: 5\n')).toEqual([]);
  });
  it('reports each timing off the standard at its line, and omitted ones at the healthcheck key', () => {
    const f = check('healthcheck-standard', 'services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n      interval: 1m30s\n      retries: 5\n');
    expect(f.map((x) => [x.line, x.message.includes('interval') ? 'interval' : 'timeout']).sort()).toEqual([
      [4, 'timeout'],
      [6, 'interval'],
    ]);
    expect(f[0].severity).toBe('note');
  });
  it('follows the standard of the config', () => {
    const yaml = 'services:\n  db:\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 10s\n      timeout: 2s\n      retries: 3\n';
    expect(check('healthcheck-standard', yaml, { config: { healthcheck: { interval: 10, timeout: 2, retries: 3 } } })).toEqual([]);
  });
  it('reports curl in an alpine image and a shell in a distroless image', () => {
    const f = check(
      'healthcheck-standard',
      'services:\n  a:\n    image: node:20-alpine\n    healthcheck:\n      test: curl -f http://localhost/ || exit 1\n      interval: 30s\n      timeout: 5s\n      retries: 5\n  b:\n    image: gcr.io/distroless/static:nonroot\n    healthcheck:\n      test: ["CMD-SHELL", "wget -q -O- localhost"]\n      interval: 30s\n      timeout: 5s\n      retries: 5\n',
    );
    expect(f.map((x) => x.line)).toEqual([5, 12]);
    expect(f[0].message).toContain('curl');
    expect(f[1].message).toContain('shell');
  });
  it('accepts wget in alpine and curl in a full image', () => {
    const yaml = (img: string, test: string) => `services:\n  a:\n    image: ${img}\n    healthcheck:\n      test: ${test}\n      interval: 30s\n      timeout: 5s\n      retries: 5\n`;
    expect(check('healthcheck-standard', yaml('nginx:1.27-alpine', '["CMD", "wget", "-q", "--spider", "http://localhost"]'))).toEqual([]);
    expect(check('healthcheck-standard', yaml('nginx:1.27', 'curl -f http://localhost'))).toEqual([]);
  });
  it('finds the commands of a shell test', () => {
    expect(testCommands('FOO=1 /usr/bin/curl -f x && ps aux | grep y').commands).toEqual(['curl', 'ps', 'grep']);
    expect(testCommands(['CMD', '/bin/app', 'health'])).toEqual({ shell: false, commands: ['app'] });
  });
});
