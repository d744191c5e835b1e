import { GITLAB_MASKABLE, GITLAB_MASKABLE_RAW, gitlabMaskProblem } from '../src';

describe('gitlabMaskProblem', () => {
  it('accepts values GitLab can mask', () => {
    expect(gitlabMaskProblem('abcdEFGH1234_+=/@:.~-', false)).toBeUndefined();
    expect(gitlabMaskProblem('p|pe$with!symbols', true)).toBeUndefined();
  });

  it('agrees with GitLab\'s own patterns on a sample of values', () => {
    const samples = ['short', 'exactly8', 'has space in it', 'line\nbreak1', 'sym|bol$xx', 'tab\there12', 'ünïcödé-chars', 'a'.repeat(64)];
    for (const v of samples) {
      expect(gitlabMaskProblem(v, false) === undefined).toBe(GITLAB_MASKABLE.test(v));
      expect(gitlabMaskProblem(v, true) === undefined).toBe(GITLAB_MASKABLE_RAW.test(v));
    }
  });

  it('says a value is too short, and how long it must be', () => {
    expect(gitlabMaskProblem('abc', true)).toContain('at least 8');
  });

  it('says a multi-line value spans more than one line', () => {
    expect(gitlabMaskProblem('first-line\nsecond-line', true)).toContain('more than one line');
  });

  it('counts the characters an expanded variable may not mask without naming them', () => {
    const problem = gitlabMaskProblem('abcdefgh|$!', false)!;
    expect(problem).toContain('3 character(s) outside');
    expect(problem).not.toContain('|');
  });
});
