/**
 * Commit ranges on real repositories: first pushes, force pushes, and shallow clones (cloned with
 * --depth from a local bare repository over file://) deepened as far as needed or failed closed.
 */
import { OperationalError } from '@hardline/core';
import { Git } from '../../src/git';
import { resolveHistory, resolvePr, resolvePush, SHALLOW_HINT } from '../../src/scope/range';
import { clone, TestRepo } from '../helpers/git-repo';

const messages: string[] = [];
const opts = (deepen: boolean) => ({ deepen, remote: 'origin', log: (m: string) => messages.push(m) });

async function listed(git: Git, revs: string[]): Promise<string[]> {
  return git.revList(revs);
}

describe('push ranges', () => {
  it('scans every commit on the first push of a repository (before is all zeros)', async () => {
    const repo = TestRepo.init();
    const a = repo.commit('a', { 'a.txt': 'a\n' });
    const b = repo.commit('b', { 'b.txt': 'b\n' });
    const git = new Git(repo.dir);
    const scope = await resolvePush(git, '0'.repeat(40), b, 'main', opts(false));
    if (scope.kind !== 'commits') throw new Error('expected commits');
    expect((await listed(git, scope.revs)).sort()).toEqual([a, b].sort());
  });

  it('scans only the commits no other remote branch has when a new branch is pushed', async () => {
    const origin = TestRepo.init();
    const base = origin.commit('base', { 'a.txt': 'a\n' });
    const work = clone([origin.dir]);
    work.git('checkout', '-q', '-b', 'topic');
    const c1 = work.commit('c1', { 'b.txt': 'b\n' });
    work.git('push', '-q', 'origin', 'topic');
    work.git('fetch', '-q', 'origin');
    const git = new Git(work.dir);
    const scope = await resolvePush(git, '0'.repeat(40), c1, 'topic', opts(false));
    if (scope.kind !== 'commits') throw new Error('expected commits');
    const commits = await listed(git, scope.revs);
    expect(commits).toEqual([c1]);
    expect(commits).not.toContain(base);
  });

  it('falls back to the commits not on other remote branches when the previous tip is gone (force push)', async () => {
    const repo = TestRepo.init();
    const a = repo.commit('a', { 'a.txt': 'a\n' });
    const git = new Git(repo.dir);
    const scope = await resolvePush(git, 'f'.repeat(40), a, 'main', opts(false));
    expect(scope.description).toContain('new branch');
    expect(messages.join('\n')).toContain('force push');
  });

  it('scans before..after for an ordinary push', async () => {
    const repo = TestRepo.init();
    const a = repo.commit('a', { 'a.txt': 'a\n' });
    const b = repo.commit('b', { 'b.txt': 'b\n' });
    const c = repo.commit('c', { 'c.txt': 'c\n' });
    const git = new Git(repo.dir);
    const scope = await resolvePush(git, a, c, 'main', opts(false));
    if (scope.kind !== 'commits') throw new Error('expected commits');
    expect((await listed(git, scope.revs)).sort()).toEqual([b, c].sort());
  });
});

describe('shallow clones', () => {
  let bare: string;
  const sha: Record<string, string> = {};
  beforeAll(() => {
    const repo = TestRepo.init();
    sha.base = repo.commit('base', { 'a.txt': 'a\n' });
    for (let i = 0; i < 5; i++) repo.commit(`main ${i}`, { 'm.txt': `${i}\n` });
    sha.main = repo.head();
    repo.git('checkout', '-q', '-b', 'feature', sha.base);
    for (let i = 0; i < 4; i++) sha[`f${i}`] = repo.commit(`feature ${i}`, { 'f.txt': `${i}\n` });
    bare = repo.bareClone();
  });

  it('deepens a depth-1 clone just enough to reach the merge base of a pull request', async () => {
    const work = clone(['--depth', '1', '--branch', 'feature', `file://${bare}`]);
    const git = new Git(work.dir);
    expect(await git.isShallow()).toBe(true);
    const scope = await resolvePr(git, sha.main, sha.f3, opts(true));
    if (scope.kind !== 'commits') throw new Error('expected commits');
    expect((await listed(git, scope.revs)).sort()).toEqual([sha.f0, sha.f1, sha.f2, sha.f3].sort());
  });

  it('fails closed with the fetch-depth fix when deepening is off', async () => {
    const work = clone(['--depth', '1', '--branch', 'feature', `file://${bare}`]);
    const err = await resolvePr(new Git(work.dir), sha.f0, sha.f3, opts(false)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).hint).toBe(SHALLOW_HINT);
    expect(SHALLOW_HINT).toContain('fetch-depth: 0');
  });

  it('unshallows for the history scope, or fails when it may not', async () => {
    const work = clone(['--depth', '1', `file://${bare}`]);
    await expect(resolveHistory(new Git(work.dir), opts(false))).rejects.toThrow(/shallow/);
    await resolveHistory(new Git(work.dir), opts(true));
    expect(await new Git(work.dir).isShallow()).toBe(false);
  });

  it('reports a git failure as an operational error naming the command', async () => {
    const work = clone([`file://${bare}`]);
    const err = await resolvePr(new Git(work.dir), 'no-such-ref', 'HEAD', opts(false)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).message).toContain('no-such-ref');
  });
});
