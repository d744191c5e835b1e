import { ConfigurationError, isRegisteredSecret } from '@hardline/core';
import { GITLAB_MASKABLE, gitlabMaskProblem } from '@hardline/stores';
import { RANDOM_ALPHABET, RandomSource, randomValue } from '../../src/sources/random';

describe('random source', () => {
  it('makes values of the asked length that GitLab can mask, raw or expanded, and masks them', () => {
    for (let i = 0; i < 50; i++) {
      const v = randomValue(32);
      expect(v).toHaveLength(32);
      expect(GITLAB_MASKABLE.test(v)).toBe(true);
      expect(gitlabMaskProblem(v, false)).toBeUndefined();
      expect(isRegisteredSecret(v)).toBe(true);
    }
  });

  it('uses every character of its alphabet and nothing else', () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomValue(64)).join(''));
    expect([...seen].sort().join('')).toBe([...RANDOM_ALPHABET].sort().join(''));
  });

  it('refuses lengths under 32', () => {
    expect(() => randomValue(31)).toThrow(ConfigurationError);
    expect(() => new RandomSource(8)).toThrow(/at least 32/);
  });

  it('keeps the old value (nothing to invalidate) and never repeats a value', async () => {
    const s = new RandomSource(48);
    expect((await s.overlap()).keepsOld).toBe(true);
    const a = await s.create();
    const b = await s.create();
    expect(a.value).not.toBe(b.value);
    expect(await s.finish()).toContain('nothing to invalidate');
  });
});
