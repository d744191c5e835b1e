import { check } from './helpers';

describe('require-restart-policy', () => {
  it('reports a service without restart as a note', () => {
    expect(check('require-restart-policy', 'services:\n  a:\n    image: x:1\n')[0]).toMatchObject({ severity: 'note', line: 2 });
  });
  it('accepts restart and deploy.restart_policy', () => {
    expect(check('require-restart-policy', 'services:\n  a:\n    restart: unless-stopped\n  b:\n    deploy:\n      restart_policy:\n        condition: on-failure\n')).toEqual([]);
  });
});
