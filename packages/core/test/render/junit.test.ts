import { renderJUnit } from '../../src/render/junit';
import { createReport } from '../../src/report';
import { sampleReport } from '../fixtures';

describe('renderJUnit', () => {
  it('writes one failed testcase per finding, grouped by file, with XML escaped', () => {
    const xml = renderJUnit(sampleReport());
    expect(xml).toContain('<testsuite name="stack/compose.yml" tests="2" failures="2"');
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('no healthcheck | pipe');
    expect(xml).not.toMatch(/<failure[^>]*message="[^"]*\n/);
  });

  it('writes one passing testcase for a clean run', () => {
    const xml = renderJUnit(createReport('compose', []));
    expect(xml).toContain('failures="0"');
    expect(xml).toContain('no findings');
  });
});
