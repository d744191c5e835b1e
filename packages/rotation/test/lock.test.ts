import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationError, OperationalError } from '@hardline/core';
import { acquireLock, isStale, lockFile, type LockInfo } from '../src/lock';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardline-lock-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function info(over: Partial<LockInfo> = {}): LockInfo {
  return { entry: 'E', pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), token: 't', ...over };
}

/** A pid that surely runs no process: beyond the kernel's pid range. */
const DEAD_PID = 2 ** 22 + 12345;

describe('acquireLock', () => {
  it('refuses a lock-dir that is a file with a configuration error naming it, not an internal error', () => {
    const notADir = path.join(dir, 'plain-file');
    fs.writeFileSync(notADir, 'x');
    let err: unknown;
    try {
      acquireLock('E', { dir: notADir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigurationError);
    expect((err as Error).message).toContain(`lock-dir: cannot create the directory ${notADir}`);
  });

  it('takes a free lock and refuses a second one while the first is held', () => {
    const held = acquireLock('E', { dir });
    expect(fs.existsSync(held.file)).toBe(true);
    expect(() => acquireLock('E', { dir })).toThrow(OperationalError);
    expect(() => acquireLock('E', { dir })).toThrow(/another rotation of E is running \(pid \d+ on /);
    held.release();
    expect(fs.existsSync(held.file)).toBe(false);
    acquireLock('E', { dir }).release();
  });

  it('keeps locks of different entries apart', () => {
    const a = acquireLock('A', { dir });
    const b = acquireLock('B', { dir });
    expect(a.file).not.toBe(b.file);
    a.release();
    b.release();
  });

  it('takes over the lock of a process that no longer runs on this host', () => {
    fs.writeFileSync(lockFile(dir, 'E'), JSON.stringify(info({ pid: DEAD_PID })));
    const held = acquireLock('E', { dir });
    expect(held.tookOver?.pid).toBe(DEAD_PID);
    held.release();
  });

  it('takes over a lock from another host only once it is older than the stale limit', () => {
    const started = new Date(Date.now() - 7200_000).toISOString();
    fs.writeFileSync(lockFile(dir, 'E'), JSON.stringify(info({ host: 'elsewhere', startedAt: started })));
    expect(() => acquireLock('E', { dir, staleAfterSeconds: 3 * 3600 })).toThrow(/another rotation/);
    const held = acquireLock('E', { dir, staleAfterSeconds: 3600 });
    expect(held.tookOver?.host).toBe('elsewhere');
  });

  it('does not remove a lock that another run took over in the meantime', () => {
    const held = acquireLock('E', { dir });
    fs.writeFileSync(held.file, JSON.stringify(info({ token: 'someone-else' })));
    held.release();
    expect(fs.existsSync(held.file)).toBe(true);
  });
});

describe('isStale', () => {
  it('calls a live local process fresh and a dead one stale', () => {
    expect(isStale(info(), { dir })).toBe(false);
    expect(isStale(info({ pid: DEAD_PID }), { dir })).toBe(true);
    expect(isStale(info({ startedAt: 'garbage' }), { dir })).toBe(true);
  });
});
