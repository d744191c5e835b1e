/**
 * The commit ranges of the pr, push and history scopes, resolved with git alone (no API, no page
 * limit). Shallow clones are detected; the history is deepened only as far as the range needs
 * (`git fetch --deepen`), or the scan fails closed with the fetch-depth fix: never a silent pass.
 */
import { OperationalError } from '@hardline/core';
import { ZERO_SHA, type Git } from '../git';
import type { ResolvedScope } from './types';

export interface RangeOptions {
  /** May the clone be deepened with git fetch (default true)? */
  deepen: boolean;
  remote: string;
  log: (message: string) => void;
}

export const SHALLOW_HINT =
  'the clone is too shallow for this scope: on GitHub set `fetch-depth: 0` on actions/checkout (with: fetch-depth: 0); on GitLab set the variable GIT_DEPTH: 0 (or "Git shallow clone" to 0 in CI/CD settings); or allow deepening with deepen: true';

const MAX_ATTEMPTS = 6;

class Fetcher {
  readonly tried: string[] = [];
  constructor(
    private readonly git: Git,
    private readonly opts: RangeOptions,
  ) {}
  async fetch(args: string[]): Promise<boolean> {
    const full = ['fetch', '--no-tags', '--quiet', ...args];
    const r = await this.git.exec(full);
    this.tried.push(`git ${full.join(' ')}: ${r.code === 0 ? 'ok' : r.stderr.trim().split('\n')[0] || `exit ${r.code}`}`);
    if (r.code === 0) this.opts.log(`fetched more history: git ${full.join(' ')}`);
    return r.code === 0;
  }
  fail(what: string): OperationalError {
    return new OperationalError(`${what}; the scan cannot be complete, so it fails rather than pass`, this.tried, SHALLOW_HINT);
  }
}

/** Commits of `revs` whose parents the shallow clone lacks (their diffs would be wrong). */
async function boundaryIn(git: Git, revs: readonly string[]): Promise<string[]> {
  if (!(await git.isShallow())) return [];
  const shallow = await git.shallowCommits();
  if (shallow.size === 0) return [];
  return (await git.revList([...revs])).filter((c) => shallow.has(c));
}

async function mergeBase(git: Git, a: string, b: string): Promise<string | null> {
  const r = await git.exec(['merge-base', a, b]);
  return r.code === 0 ? r.stdout.trim().split('\n')[0] || null : null;
}

export async function resolvePr(git: Git, base: string, head: string, opts: RangeOptions): Promise<ResolvedScope> {
  const f = new Fetcher(git, opts);
  for (let attempt = 0; ; attempt++) {
    const shallow = await git.isShallow();
    const haveBase = await git.commitExists(base);
    const haveHead = await git.commitExists(head);
    if (haveBase && haveHead) {
      const mb = await mergeBase(git, base, head);
      const baseSha = await git.resolve(base);
      const headSha = await git.resolve(head);
      if (mb) {
        const revs = [headSha, `^${mb}`];
        if ((await boundaryIn(git, revs)).length === 0) return { kind: 'commits', scope: 'pr', revs, description: `pull request ${short(mb)}..${short(headSha)} (merge base of ${short(baseSha)})` };
      } else if (!shallow) {
        opts.log(`${short(base)} and ${short(head)} share no history: scanning every commit of ${short(head)} not in ${short(base)}`);
        return { kind: 'commits', scope: 'pr', revs: [headSha, `^${baseSha}`], description: `pull request ${short(baseSha)}..${short(headSha)} (no merge base)` };
      }
    }
    if (!shallow && (!haveBase || !haveHead)) {
      const missing = [!haveBase && base, !haveHead && head].filter((x): x is string => !!x);
      if (attempt === 0 && opts.deepen) {
        for (const m of missing) await f.fetch([opts.remote, m]);
        continue;
      }
      throw new OperationalError(`commit ${missing.join(' and ')} is not in this repository`, f.tried, 'fetch the pull request base and head before scanning (actions/checkout with fetch-depth: 0)');
    }
    if (!opts.deepen) throw f.fail('the clone is shallow and lacks the history between the pull request base and head');
    if (attempt >= MAX_ATTEMPTS) throw f.fail('the history between the pull request base and head is still incomplete after deepening');
    const depth = String(50 * 2 ** attempt);
    if (attempt === MAX_ATTEMPTS - 1) await f.fetch(['--unshallow', opts.remote]);
    else {
      if (!haveBase) await f.fetch([`--depth=${depth}`, opts.remote, base]);
      if (!haveHead) await f.fetch([`--depth=${depth}`, opts.remote, head]);
      if (haveBase && haveHead) await f.fetch([`--deepen=${depth}`, opts.remote, base, head]);
    }
  }
}

export async function resolvePush(git: Git, before: string | undefined, after: string, branch: string | undefined, opts: RangeOptions): Promise<ResolvedScope> {
  const f = new Fetcher(git, opts);
  if (!(await git.commitExists(after))) {
    if (!opts.deepen || !(await f.fetch(['--depth=1', opts.remote, after])) || !(await git.commitExists(after))) {
      throw new OperationalError(`the pushed commit ${after} is not in this repository`, f.tried, SHALLOW_HINT);
    }
  }
  const afterSha = await git.resolve(after);
  let newBranch = !before || ZERO_SHA.test(before);
  if (!newBranch && !(await git.commitExists(before as string))) {
    if (opts.deepen) await f.fetch(['--depth=1', opts.remote, before as string]);
    if (!(await git.commitExists(before as string))) {
      opts.log(`the push's previous commit ${short(before as string)} is gone (force push?): scanning the commits not on any other remote branch instead`);
      newBranch = true;
    }
  }
  if (!newBranch) {
    const revs = [afterSha, `^${await git.resolve(before as string)}`];
    for (let attempt = 0; ; attempt++) {
      if ((await boundaryIn(git, revs)).length === 0) return { kind: 'commits', scope: 'push', revs, description: `push ${short(before as string)}..${short(afterSha)}` };
      if (!opts.deepen) throw f.fail('the clone is shallow and lacks part of the pushed range');
      if (attempt >= MAX_ATTEMPTS) throw f.fail('the pushed range is still incomplete after deepening');
      if (attempt === MAX_ATTEMPTS - 1) await f.fetch(['--unshallow', opts.remote]);
      else await f.fetch([`--deepen=${50 * 2 ** attempt}`, opts.remote, afterSha]);
    }
  }
  // A new branch (or a force push whose old tip is gone): the commits no other remote branch has.
  const revs = [afterSha, '--not', ...(branch ? [`--exclude=*/${branch}`] : []), '--remotes'];
  if ((await boundaryIn(git, revs)).length > 0) {
    if (!opts.deepen || !(await f.fetch(['--unshallow', opts.remote])) || (await boundaryIn(git, revs)).length > 0) {
      throw f.fail('the clone is shallow, and a new branch needs the history not on any other branch');
    }
  }
  return { kind: 'commits', scope: 'push', revs, description: `push of a new branch: commits of ${short(afterSha)} not on any other remote branch` };
}

export async function resolveHistory(git: Git, opts: RangeOptions): Promise<ResolvedScope> {
  if (await git.isShallow()) {
    const f = new Fetcher(git, opts);
    if (!opts.deepen || !(await f.fetch(['--unshallow', opts.remote])) || (await git.isShallow())) throw f.fail('the clone is shallow and the history scope needs every commit');
  }
  return { kind: 'commits', scope: 'history', revs: ['--all'], description: 'the whole history (all refs)' };
}

function short(sha: string): string {
  return /^[0-9a-f]{40}$/.test(sha) ? sha.slice(0, 8) : sha;
}
