import { castTypes } from '../../src/load/cast';
import { load, removeTempProjects, where } from './helpers';

afterAll(removeTempProjects);

describe('castTypes', () => {
  it('turns interpolated booleans and numbers at typed paths into real ones', () => {
    const r = load({
      'compose.yaml': 'services:\n  web:\n    image: x\n    privileged: ${P:-true}\n    read_only: "false"\n    cpus: ${C:-0.5}\n    oom_score_adj: ${O:--500}\n    ports:\n      - target: ${T:-80}\n        published: "8080"\n    ulimits:\n      nofile: ${N:-1024}\n    environment:\n      FLAG: "true"\nnetworks:\n  n:\n    internal: ${I:-yes}\n',
    });
    expect(where(r)).toEqual([]);
    const web = r.projects[0].model.services.web;
    expect([web.privileged, web.read_only, web.cpus, web.oom_score_adj]).toEqual([true, false, 0.5, -500]);
    expect(web.ports).toEqual([{ target: 80, published: '8080' }]);
    expect(web.ulimits).toEqual({ nofile: 1024 });
    expect(web.environment).toEqual({ FLAG: 'true' });
    expect(r.projects[0].model.networks).toEqual({ n: { internal: true } });
  });

  it('leaves values that do not convert as written', () => {
    const model = { services: { web: { privileged: 'maybe', scale: 'two' } } };
    castTypes(model);
    expect(model.services.web).toEqual({ privileged: 'maybe', scale: 'two' });
  });
});
