import * as fs from 'node:fs';
import * as path from 'node:path';
import { logArgs, mapLine, PatchTreeBuilder, stagedArgs, unquote } from '../src/patches';
import { tempDir } from './helpers/git-repo';

const MARK = '\x01HLC\x00';

function build(text: string, staged = false) {
  const root = tempDir();
  const b = new PatchTreeBuilder(root, staged);
  // Feed in awkward chunk sizes to exercise line reassembly.
  const buf = Buffer.from(text, 'utf8');
  for (let i = 0; i < buf.length; i += 7) b.push(buf.subarray(i, i + 7));
  return b.end();
}

describe('the patch tree', () => {
  const log = [
    `${MARK}aaaa\x00\x00Ann\x00ann@example.com\x002024-01-01T00:00:00Z`,
    '',
    'diff --git a/x.txt b/x.txt',
    'new file mode 100644',
    '--- /dev/null',
    '+++ b/x.txt',
    '@@ -0,0 +1,2 @@',
    '+first',
    '+second',
    `${MARK}bbbb\x00aaaa\x00Bob\x00\x002024-01-02T00:00:00Z`,
    '',
    'diff --git a/x.txt b/x.txt',
    '--- a/x.txt',
    '+++ b/x.txt',
    '@@ -1 +1 @@',
    '-first',
    '+FIRST',
    '@@ -3,0 +4,2 @@',
    '++plus line',
    '+--minus line',
    '\\ No newline at end of file',
    'diff --git "a/sp\\303\\251 c" "b/sp\\303\\251 c"',
    '--- /dev/null',
    '+++ "b/sp\\303\\251 c"',
    '@@ -0,0 +1 @@',
    `+${MARK}not a commit`,
    'diff --git a/img.png b/img.png',
    'Binary files /dev/null and b/img.png differ',
    'diff --git a/gone.txt b/gone.txt',
    '--- a/gone.txt',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-bye',
    '',
  ].join('\n');

  it('writes the added lines of each commit and maps them back to their line numbers', () => {
    const tree = build(log);
    expect(tree.commits.map((c) => c.sha)).toEqual(['aaaa', 'bbbb']);
    expect(tree.commits[1]).toMatchObject({ parents: ['aaaa'], author: 'Bob', email: '' });
    expect(fs.readFileSync(path.join(tree.root, '0', 'x.txt'), 'utf8')).toBe('first\nsecond\n');
    expect(fs.readFileSync(path.join(tree.root, '1', 'x.txt'), 'utf8')).toBe('FIRST\n\n+plus line\n--minus line\n');
    const second = tree.files.get('1/x.txt');
    expect(second?.lines).toEqual([1, 0, 4, 5]);
    expect(mapLine(second as never, 3)).toBe(4);
    expect(mapLine(second as never, 2)).toBeNull();
  });

  it('unquotes unusual paths, skips binary and deleted files, and never mistakes content for a commit', () => {
    const tree = build(log);
    expect([...tree.files.keys()].sort()).toEqual(['0/x.txt', '1/spé c', '1/x.txt']);
    expect(fs.readFileSync(path.join(tree.root, '1', 'spé c'), 'utf8')).toBe(`${MARK}not a commit\n`);
    expect(tree.skippedBinary).toBe(1);
  });

  it('puts staged changes under the index with no commit', () => {
    const tree = build(['diff --git a/s b/s', '--- a/s', '+++ b/s', '@@ -0,0 +1 @@', '+staged', ''].join('\n'), true);
    expect(tree.files.get('index/s')).toMatchObject({ commit: -1, path: 's', lines: [1] });
  });

  it('refuses paths that would leave the tree', () => {
    const tree = build([`${MARK}c\x00\x00A\x00\x00d`, 'diff --git a/x b/x', '--- a/x', '+++ b/../../etc/x', '@@ -0,0 +1 @@', '+evil', ''].join('\n'));
    expect(tree.files.size).toBe(0);
  });

  it('asks git for zero-context patches of every parent, with fixed prefixes', () => {
    expect(logArgs(['a..b'])).toEqual(expect.arrayContaining(['-U0', '--diff-merges=remerge', '--src-prefix=a/', '--dst-prefix=b/', 'a..b']));
    expect(logArgs(['x'], true)).toContain('--first-parent');
    expect(stagedArgs()).toEqual(expect.arrayContaining(['diff', '--cached']));
    expect(unquote('"tab\\there"')).toBe('tab\there');
    expect(unquote('plain')).toBe('plain');
  });
});
