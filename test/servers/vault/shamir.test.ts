/**
 * Tests of the Shamir secret sharing used by the Vault TEST SERVER (test/servers/shamir.ts),
 * not of Vault: share format and the threshold property, over every subset.
 */
import { randomBytes } from 'node:crypto';
import { combine, gfDivide, gfMultiply, split } from '../shamir';

function subsets<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items;
  return [...subsets(rest, size - 1).map((subset) => [first, ...subset]), ...subsets(rest, size)];
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('Shamir secret sharing in Vault format', () => {
  it('multiplies in GF(2^8) with the AES polynomial, generator 0xe5 as in Vault', () => {
    expect(gfMultiply(0x53, 0xca)).toBe(0x01); // the AES inverse pair
    expect(gfMultiply(0x57, 0x83)).toBe(0xc1); // FIPS-197's worked example
    expect(gfMultiply(0xe5, 0xe5)).toBe(0x4c); // Vault's expTable[2]
    for (let a = 1; a < 256; a++) expect(gfMultiply(gfDivide(1, a), a)).toBe(1);
  });

  it('makes shares one byte longer than the secret, ending in distinct non-zero x coordinates', () => {
    const secret = randomBytes(32);
    const shares = split(secret, 5, 3);
    expect(shares).toHaveLength(5);
    for (const share of shares) expect(share).toHaveLength(33);
    const xs = shares.map((share) => share[32]);
    expect(new Set(xs).size).toBe(5);
    expect(xs).not.toContain(0);
  });

  it('recombines the secret from every subset of threshold size or more', () => {
    const secret = randomBytes(32);
    const shares = split(secret, 5, 3);
    for (const size of [3, 4, 5]) {
      for (const subset of subsets(shares, size)) expect(hex(combine(subset))).toBe(hex(secret));
    }
  });

  it('does not recover the secret from fewer shares than the threshold', () => {
    const secret = randomBytes(32);
    const shares = split(secret, 5, 3);
    for (const subset of subsets(shares, 2)) expect(hex(combine(subset))).not.toBe(hex(secret));
  });

  it('works at the smallest and largest sizes Vault allows', () => {
    const one = Uint8Array.of(0x42);
    expect(hex(combine(split(one, 2, 2)))).toBe('42');
    const secret = randomBytes(16);
    const shares = split(secret, 255, 255);
    expect(new Set(shares.map((share) => share[16])).size).toBe(255);
    expect(hex(combine(shares))).toBe(hex(secret));
  });

  it("rejects what Vault's shamir package rejects, with its messages", () => {
    expect(() => split(randomBytes(4), 2, 3)).toThrow('parts cannot be less than threshold');
    expect(() => split(randomBytes(4), 256, 3)).toThrow('parts cannot exceed 255');
    expect(() => split(randomBytes(4), 3, 1)).toThrow('threshold must be at least 2');
    expect(() => split(new Uint8Array(0), 3, 2)).toThrow('cannot split an empty secret');
    const shares = split(randomBytes(8), 3, 2);
    expect(() => combine([shares[0]])).toThrow('less than two parts cannot be used to reconstruct the secret');
    expect(() => combine([shares[0], shares[0]])).toThrow('duplicate part detected');
    expect(() => combine([shares[0], shares[1].slice(1)])).toThrow('all parts must be the same length');
  });
});
