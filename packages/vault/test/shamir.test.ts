import { randomBytes } from 'node:crypto';
import { combine, split } from '../../../test/servers/shamir';
import { findBadShares, sharesConsistent } from '../src/shamir';

const shares = (n: number, t: number): Buffer[] => split(randomBytes(32), n, t).map((s) => Buffer.from(s));

describe('sharesConsistent', () => {
  it('accepts shares of one key in Vault format, in any order', () => {
    const s = shares(5, 3);
    expect(sharesConsistent(s, 3)).toBe(true);
    expect(sharesConsistent([s[4], s[1], s[3], s[0]], 3)).toBe(true);
  });
  it('rejects a set mixing shares of two different keys', () => {
    const a = shares(5, 3);
    const b = shares(5, 3);
    expect(sharesConsistent([a[0], a[1], a[2], b[3]], 3)).toBe(false);
  });
  it('rejects shares with a repeated x coordinate', () => {
    const a = shares(5, 3);
    const forged = Buffer.from(a[3]);
    forged[forged.length - 1] = a[0][a[0].length - 1];
    expect(sharesConsistent([a[0], a[1], a[2], forged], 3)).toBe(false);
  });
});

describe("the test server's shares, as this module reads them", () => {
  it('follow Vault\'s format: secret length + 1, distinct non-zero x bytes, any threshold subset recombines', () => {
    const secret = randomBytes(32);
    const s = split(secret, 5, 3).map((x) => Buffer.from(x));
    expect(s.every((x) => x.length === 33)).toBe(true);
    const xs = s.map((x) => x[32]);
    expect(new Set(xs).size).toBe(5);
    expect(xs.includes(0)).toBe(false);
    for (const [a, b, c] of [[0, 1, 2], [0, 2, 4], [1, 3, 4], [2, 3, 4]]) {
      expect(Buffer.from(combine([s[a], s[b], s[c]])).equals(secret)).toBe(true);
      const extra = [0, 1, 2, 3, 4].find((i) => ![a, b, c].includes(i))!;
      expect(sharesConsistent([s[a], s[b], s[c], s[extra]], 3)).toBe(true);
    }
  });
});

describe('findBadShares', () => {
  it('names the one share that does not belong among five', () => {
    const a = shares(5, 3);
    const wrong = Buffer.from(a[1]);
    wrong[0] ^= 0x5a;
    expect(findBadShares([a[0], wrong, a[2], a[3], a[4]], 3)).toEqual([1]);
  });
  it('returns an empty list when every share is consistent', () => {
    expect(findBadShares(shares(5, 3), 3)).toEqual([]);
  });
  it('cannot tell which share is bad with only threshold+1 shares', () => {
    const a = shares(4, 3);
    const wrong = Buffer.from(a[2]);
    wrong[3] ^= 1;
    expect(findBadShares([a[0], a[1], wrong, a[3]], 3)).toBeUndefined();
  });
  it('does not judge a single unsplit key (threshold 1)', () => {
    expect(findBadShares([randomBytes(32)], 1)).toBeUndefined();
  });
});
