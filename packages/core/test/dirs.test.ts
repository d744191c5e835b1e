import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureDir } from '../src/dirs';

describe('ensureDir', () => {
  it('creates every missing parent of a directory', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dirs-'));
    ensureDir(path.join(root, 'a', 'b', 'c'));
    expect(fs.statSync(path.join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    ensureDir(path.join(root, 'a', 'b', 'c'));
  });

  it('fails with ENOTDIR when a parent is a regular file', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dirs-'));
    fs.writeFileSync(path.join(root, 'file'), 'x');
    expect(() => ensureDir(path.join(root, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('fails instead of looping when the file system refuses the directory (under /proc)', () => {
    expect(() => ensureDir('/proc/hardline-nope/sub')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
