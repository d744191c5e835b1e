/**
 * TEST SERVER support for hardline's tests, not Vault: Shamir secret sharing over GF(2^8) in the
 * format HashiCorp Vault uses (shamir/shamir.go), so the Vault test server can hand out and
 * recombine unseal keys exactly as Vault does.
 *
 * - Field: GF(2^8) reduced by the AES polynomial x^8+x^4+x^3+x+1 (0x11b); multiplication and
 *   division use log/exp tables generated from 0xe5, as Vault's tables.go does.
 * - A share is the secret's length plus one byte: one polynomial evaluation per secret byte,
 *   then the x coordinate as the final byte. The x coordinates are distinct, non-zero and drawn
 *   at random from 1..255 (Vault uses a random permutation of 0..254, plus one).
 * - Each secret byte gets its own random polynomial of degree threshold-1 whose intercept is the byte.
 */
import { randomBytes, randomInt } from 'node:crypto';

const EXP = new Uint8Array(256);
const LOG = new Uint8Array(256);

function slowMultiply(a: number, b: number): number {
  let product = 0;
  while (b > 0) {
    if (b & 1) product ^= a;
    a <<= 1;
    if (a & 0x100) a ^= 0x11b;
    b >>= 1;
  }
  return product;
}

(function buildTables(): void {
  let value = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = value;
    LOG[value] = i;
    value = slowMultiply(value, 0xe5);
  }
  EXP[255] = EXP[0];
})();

/** Multiplication in GF(2^8). */
export function gfMultiply(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[(LOG[a] + LOG[b]) % 255];
}

/** Division in GF(2^8); b must be non-zero. */
export function gfDivide(a: number, b: number): number {
  if (b === 0) throw new Error('divide by zero');
  if (a === 0) return 0;
  return EXP[(LOG[a] - LOG[b] + 255) % 255];
}

function evaluate(coefficients: Uint8Array, x: number): number {
  let out = coefficients[coefficients.length - 1];
  for (let i = coefficients.length - 2; i >= 0; i--) out = gfMultiply(out, x) ^ coefficients[i];
  return out;
}

function interpolateAtZero(xs: Uint8Array, ys: Uint8Array): number {
  let result = 0;
  for (let i = 0; i < xs.length; i++) {
    let basis = 1;
    for (let j = 0; j < xs.length; j++) {
      if (i === j) continue;
      basis = gfMultiply(basis, gfDivide(xs[j], xs[i] ^ xs[j]));
    }
    result ^= gfMultiply(ys[i], basis);
  }
  return result;
}

/** Fisher-Yates over 1..255, keeping the first `count`: distinct, non-zero x coordinates. */
function randomXCoordinates(count: number): number[] {
  const all = Array.from({ length: 255 }, (_, i) => i + 1);
  for (let i = all.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count);
}

/**
 * Splits `secret` into `parts` shares, any `threshold` of which recombine it.
 * Throws with Vault's messages for the same invalid inputs.
 */
export function split(secret: Uint8Array, parts: number, threshold: number): Uint8Array[] {
  if (parts < threshold) throw new Error('parts cannot be less than threshold');
  if (parts > 255) throw new Error('parts cannot exceed 255');
  if (threshold < 2) throw new Error('threshold must be at least 2');
  if (threshold > 255) throw new Error('threshold cannot exceed 255');
  if (secret.length === 0) throw new Error('cannot split an empty secret');

  const xs = randomXCoordinates(parts);
  const shares = xs.map((x) => {
    const share = new Uint8Array(secret.length + 1);
    share[secret.length] = x;
    return share;
  });
  for (let index = 0; index < secret.length; index++) {
    const coefficients = new Uint8Array(threshold);
    coefficients.set(randomBytes(threshold - 1), 1);
    coefficients[0] = secret[index];
    for (let i = 0; i < parts; i++) shares[i][index] = evaluate(coefficients, xs[i]);
  }
  return shares;
}

/**
 * Recombines shares produced by {@link split}. With fewer than `threshold` shares the result is
 * a wrong value, not an error — as in Vault, only the caller can tell (by failing to decrypt).
 */
export function combine(shares: Uint8Array[]): Uint8Array {
  if (shares.length < 2) throw new Error('less than two parts cannot be used to reconstruct the secret');
  const length = shares[0].length;
  if (length < 2) throw new Error('parts must be at least two bytes');
  if (shares.some((share) => share.length !== length)) throw new Error('all parts must be the same length');

  const xs = new Uint8Array(shares.length);
  const seen = new Set<number>();
  shares.forEach((share, i) => {
    const x = share[length - 1];
    if (seen.has(x)) throw new Error('duplicate part detected');
    seen.add(x);
    xs[i] = x;
  });

  const secret = new Uint8Array(length - 1);
  const ys = new Uint8Array(shares.length);
  for (let index = 0; index < secret.length; index++) {
    shares.forEach((share, i) => (ys[i] = share[index]));
    secret[index] = interpolateAtZero(xs, ys);
  }
  return secret;
}
