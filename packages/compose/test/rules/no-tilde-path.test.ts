import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultConfig } from '../../src/config';
import { runRules } from '../../src/rules';
import { check, fakeProject } from './helpers';

describe('no-tilde-path', () => {
  it('reports ~ in a short volume, a long volume, an env_file and a build context', () => {
    const f = check('no-tilde-path', 'services:\n  a:\n    build: ~/src/app\n    env_file: ["~/app.env"]\n    volumes:\n      - ~/data:/data\n      - type: bind\n        source: ~/conf\n        target: /conf\n');
    expect(f.map((x) => x.line).sort()).toEqual([3, 4, 6, 8]);
    expect(f.every((x) => x.severity === 'error')).toBe(true);
  });
  it('reports an interpolation default that starts with ~ at its line in the file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tilde-'));
    const yaml = 'services:\n  a:\n    image: x:1\n    volumes:\n      - ${DATA:-~/data}:/data\n';
    fs.writeFileSync(path.join(dir, 'compose.yaml'), yaml);
    const f = runRules(fakeProject(yaml), defaultConfig(), dir).filter((x) => x.ruleId === 'no-tilde-path');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 5 });
  });
  it('accepts relative and absolute paths', () => {
    expect(check('no-tilde-path', 'services:\n  a:\n    volumes: ["./data:/data", "/srv/x:/x", "home:/home"]\n')).toEqual([]);
  });
});
