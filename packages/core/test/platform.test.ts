import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FlagInputSource } from '../src/inputs';
import { detectPlatform } from '../src/platform/detect';

describe('detectPlatform', () => {
  it('is GitHub for an action run, GitLab under GITLAB_CI, else the CLI', () => {
    expect(detectPlatform(null, { GITHUB_ACTIONS: 'true' }).kind).toBe('github');
    expect(detectPlatform(null, { GITLAB_CI: 'true' }).kind).toBe('gitlab');
    expect(detectPlatform(new FlagInputSource(new Map(), []), {}).kind).toBe('cli');
  });

  it('lets CLI flags win over HARDLINE_* variables on GitLab', () => {
    const flags = new FlagInputSource(new Map([['fail-on', ['warning']]]), []);
    const p = detectPlatform(flags, { GITLAB_CI: 'true', HARDLINE_FAIL_ON: 'note', HARDLINE_FORMAT: 'json' });
    expect(p.inputs.get('fail-on')).toBe('warning');
    expect(p.inputs.get('format')).toBe('json');
  });

  it('writes GitLab collapsible sections around a group', async () => {
    let err = '';
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
    try {
      const p = detectPlatform(null, { GITLAB_CI: 'true', NO_COLOR: '1', HARDLINE_DOTENV: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'p-')), 'x.env') });
      await p.group('Loading', async () => p.info('inside'));
    } finally {
      spy.mockRestore();
    }
    expect(err).toMatch(/section_start:\d+:hardline_1\[collapsed=true\]\r\x1b\[0KLoading\ninside\n\x1b\[0Ksection_end:\d+:hardline_1/);
  });
});
