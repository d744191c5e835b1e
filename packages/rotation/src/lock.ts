/**
 * One rotation of an entry at a time. Why a lock file (O_CREAT|O_EXCL) and not a lock entry in a sink:
 * a sink may be the very thing that is failing (and a GitHub secret cannot be read back to check an
 * owner), while the file is atomic on every local filesystem and needs no extra permission. It covers
 * runs on one machine or a shared volume (the CLI, a self-hosted runner, a GitLab shell executor);
 * runs on separate hosted runners are kept apart by the CI itself: GitHub `concurrency:` and GitLab
 * `resource_group:`, both in the shipped workflow and component.
 *
 * Stale detection: the file records pid, host and start time. It is stale when its process no longer
 * runs on this host, or when it is older than `staleAfterSeconds` (a run killed on another machine).
 * A stale lock is moved aside (renamed, so two runs cannot both take it over) and taken.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConfigurationError, OperationalError } from '@hardline/core';

export interface LockInfo {
  entry: string;
  pid: number;
  host: string;
  startedAt: string;
  token: string;
}

export interface LockOptions {
  dir: string;
  /** Default 3600 s: longer than any rotation. */
  staleAfterSeconds?: number;
  now?: () => Date;
}

export interface HeldLock {
  file: string;
  /** True when a stale lock of an earlier (killed) run was taken over. */
  tookOver?: LockInfo;
  release(): void;
}

export function lockFile(dir: string, entry: string): string {
  return path.join(dir, `${entry.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isStale(info: LockInfo, opts: LockOptions): boolean {
  const now = (opts.now ?? (() => new Date()))().getTime();
  const age = now - Date.parse(info.startedAt);
  if (!Number.isFinite(age) || age > (opts.staleAfterSeconds ?? 3600) * 1000) return true;
  return info.host === os.hostname() && !alive(info.pid);
}

function readInfo(file: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

export function acquireLock(entry: string, opts: LockOptions): HeldLock {
  try {
    fs.mkdirSync(opts.dir, { recursive: true });
  } catch (err) {
    throw new ConfigurationError(`lock-dir: cannot create the directory ${opts.dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, {}, 'set lock-dir to a writable directory');
  }
  const file = lockFile(opts.dir, entry);
  const info: LockInfo = { entry, pid: process.pid, host: os.hostname(), startedAt: (opts.now ?? (() => new Date()))().toISOString(), token: randomUUID() };
  let tookOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      return {
        file,
        tookOver,
        release: () => {
          if (readInfo(file)?.token === info.token) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new OperationalError(`cannot create the lock file ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, [`create ${file}`], 'set lock-dir to a writable directory');
      }
      const held = readInfo(file);
      // A torn (unreadable) file is treated as held: only its age can free it.
      const stale = held ? isStale(held, opts) : Date.now() - fs.statSync(file).mtimeMs > (opts.staleAfterSeconds ?? 3600) * 1000;
      if (!stale) {
        const who = held ? `pid ${held.pid} on ${held.host}, started ${held.startedAt}` : 'an unreadable lock file';
        throw new OperationalError(
          `another rotation of ${entry} is running (${who}); this run does not touch it`,
          [`create ${file} exclusively → exists`],
          `if that run was killed, remove ${file} or wait until it is older than the stale limit`,
        );
      }
      try {
        fs.renameSync(file, `${file}.stale-${Date.now()}`);
      } catch {
        /* another run moved it first: the exclusive create below decides */
      }
      tookOver = held;
    }
  }
  throw new OperationalError(`another rotation of ${entry} took over its stale lock first; this run does not touch it`, [`create ${file} exclusively → exists`]);
}
