import { renderMarkdown } from '../../src/render/markdown';
import { createReport } from '../../src/report';
import { sampleReport } from '../fixtures';

describe('renderMarkdown', () => {
  it('shows totals and one table per file with escaped cells', () => {
    const md = renderMarkdown(sampleReport());
    expect(md).toContain('**1** error · **1** warning · **1** note');
    expect(md).toContain('### `stack/compose.yml`');
    expect(md).toContain('### `dir with space/ü.yml`');
    expect(md).toContain('no healthcheck \\| pipe');
    expect(md).toContain('[no-privileged](https://example.test/compose.md#no-privileged)');
    expect(md).toContain('| service |');
  });

  it('says so when there is nothing to report', () => {
    expect(renderMarkdown(createReport('scan', []))).toContain('No findings');
  });
});
