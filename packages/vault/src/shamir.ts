/**
 * Local consistency checks on Vault Shamir shares, so that a wrong key among several good ones can
 * be named before anything is sent. Vault's format (shamir/shamir.go): a share is one polynomial
 * evaluation per secret byte followed by the x coordinate as the last byte, over GF(2^8) reduced by
 * x^8+x^4+x^3+x+1. Shares of one key lie on polynomials of degree threshold-1, so with at least
 * threshold+1 shares every extra share can be checked against the others without the key itself.
 */

function mul(a: number, b: number): number {
  let p = 0;
  while (b > 0) {
    if (b & 1) p ^= a;
    a <<= 1;
    if (a & 0x100) a ^= 0x11b;
    b >>= 1;
  }
  return p;
}

function inv(a: number): number {
  // a^254 = a^-1 in GF(2^8).
  let r = 1;
  let base = a;
  let e = 254;
  while (e > 0) {
    if (e & 1) r = mul(r, base);
    base = mul(base, base);
    e >>= 1;
  }
  return r;
}

/** Lagrange interpolation at `x` of the points (xs[i], ys[i]) in GF(2^8). */
function interpolate(xs: number[], ys: number[], x: number): number {
  let out = 0;
  for (let i = 0; i < xs.length; i++) {
    let num = 1;
    let den = 1;
    for (let k = 0; k < xs.length; k++) {
      if (k === i) continue;
      num = mul(num, x ^ xs[k]);
      den = mul(den, xs[i] ^ xs[k]);
    }
    out ^= mul(ys[i], mul(num, inv(den)));
  }
  return out;
}

/** True when every share lies on the polynomials of degree threshold-1 defined by the first `threshold` shares. */
export function sharesConsistent(shares: readonly Buffer[], threshold: number): boolean {
  if (shares.length <= threshold) return true;
  const len = shares[0].length;
  if (shares.some((s) => s.length !== len) || len < 2) return false;
  const xs = shares.map((s) => s[len - 1]);
  if (xs.some((x) => x === 0) || new Set(xs).size !== xs.length) return false;
  const basis = xs.slice(0, threshold);
  for (let j = threshold; j < shares.length; j++) {
    for (let b = 0; b < len - 1; b++) {
      const ys = shares.slice(0, threshold).map((s) => s[b]);
      if (interpolate(basis, ys, xs[j]) !== shares[j][b]) return false;
    }
  }
  return true;
}

/**
 * Indexes of the shares that do not belong with the others: [] when all are consistent, [i] when
 * exactly one share is the odd one out, undefined when it cannot be told (threshold below 2, at
 * most threshold shares, or several bad ones). Naming a single culprit needs threshold+2 shares.
 */
export function findBadShares(shares: readonly Buffer[], threshold: number): number[] | undefined {
  if (threshold < 2 || shares.length <= threshold) return undefined;
  if (sharesConsistent(shares, threshold)) return [];
  if (shares.length < threshold + 2) return undefined;
  const suspects: number[] = [];
  for (let i = 0; i < shares.length; i++) {
    if (sharesConsistent(shares.filter((_, j) => j !== i), threshold)) suspects.push(i);
  }
  return suspects.length === 1 ? suspects : undefined;
}
