import { activeProfiles, isActive } from '../../src/load/profiles';
import { load, removeTempProjects, where } from './helpers';

afterAll(removeTempProjects);

const compose = 'services:\n  web:\n    image: web\n  debug:\n    image: busybox\n    profiles: [debug]\n  tools:\n    image: tools\n    profiles: [tools, debug]\n';

describe('profiles', () => {
  it('leaves out services whose profiles are not active', () => {
    const r = load({ 'compose.yaml': compose });
    expect(Object.keys(r.projects[0].model.services)).toEqual(['web']);
  });

  it('enables the services of the selected profiles', () => {
    const r = load({ 'compose.yaml': compose }, { profiles: ['debug'] });
    expect(Object.keys(r.projects[0].model.services)).toEqual(['web', 'debug', 'tools']);
  });

  it('reads COMPOSE_PROFILES from the environment', () => {
    const r = load({ 'compose.yaml': compose }, { env: { COMPOSE_PROFILES: 'tools' } });
    expect(Object.keys(r.projects[0].model.services)).toEqual(['web', 'tools']);
  });

  it('enables everything with the * profile', () => {
    expect(isActive({ profiles: ['x'] }, activeProfiles(['*'], undefined))).toBe(true);
  });

  it('reports depending on a service of an inactive profile, naming the profile', () => {
    const r = load({ 'compose.yaml': 'services:\n  web:\n    image: web\n    depends_on: [debug]\n  debug:\n    image: busybox\n    profiles: [debug]\n' });
    expect(where(r)).toEqual(['undefined-reference@compose.yaml:4']);
    expect(r.findings[0].message).toContain('"debug"');
  });
});
