import { renderText } from '../../src/render/text';
import { renderJson } from '../../src/render/json';
import { sampleReport } from '../fixtures';

describe('renderText and renderJson', () => {
  it('prints file:line:col, severity, rule and message, then the totals, without colour off a TTY', () => {
    const text = renderText(sampleReport(), { color: false });
    expect(text).toContain('stack/compose.yml:7:5  error    no-privileged  service "web" runs privileged');
    expect(text).toContain('hardline compose: 1 error(s), 1 warning(s), 1 note(s)');
    expect(text).not.toContain('\x1b[');
  });

  it('follows the JSON contract', () => {
    const json = JSON.parse(renderJson(sampleReport()));
    expect(Object.keys(json)).toEqual(['tool', 'version', 'command', 'findings', 'summary', 'facts']);
    expect(json.tool).toBe('hardline');
    expect(json.command).toBe('compose');
    expect(json.summary).toEqual({ errors: 1, warnings: 1, notes: 1 });
    expect(json.findings[0]).toMatchObject({ ruleId: 'custom', severity: 'note', file: 'dir with space/ü.yml', line: 1 });
  });
});
