import { OperationalError } from '@hardline/core';
import { Git, ZERO_SHA } from '../src/git';
import { tempDir, TestRepo } from './helpers/git-repo';

describe('git', () => {
  it('runs git with argument arrays and returns its output', async () => {
    const repo = TestRepo.init();
    const sha = repo.commit('a', { 'a; rm -rf x.txt': 'a\n' });
    const git = new Git(repo.dir);
    expect(await git.resolve('HEAD')).toBe(sha);
    expect(await git.commitExists(sha)).toBe(true);
    expect(await git.isShallow()).toBe(false);
    expect((await git.out(['ls-files'])).trim()).toBe('a; rm -rf x.txt');
  });

  it('turns a git failure into an operational error naming the command', async () => {
    const git = new Git(tempDir());
    expect(await git.isRepository()).toBe(false);
    const err = await git.out(['log', '-1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OperationalError);
    expect((err as OperationalError).tried[0]).toContain('git log -1');
  });

  it('recognises the all-zeros SHA of a new branch', () => {
    expect(ZERO_SHA.test('0'.repeat(40))).toBe(true);
    expect(ZERO_SHA.test('0'.repeat(39) + '1')).toBe(false);
  });
});
