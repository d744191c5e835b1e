/**
 * The `random` source: a fresh value from the OS CSPRNG, length ≥ 32, drawn from an alphabet GitLab
 * can mask (letters, digits, `_` and `-`: inside Ci::Maskable for raw and expanded variables) and
 * that needs no quoting in a shell or a URL. Nothing to invalidate: the old value lives only in the sinks.
 */
import { randomInt } from 'node:crypto';
import { ConfigurationError, mask } from '@hardline/core';
import type { Created, Overlap, RotationSource } from './types';

export const RANDOM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
export const MIN_RANDOM_LENGTH = 32;

export function randomValue(length: number): string {
  if (!Number.isInteger(length) || length < MIN_RANDOM_LENGTH) {
    throw new ConfigurationError(`random source: length must be a whole number of at least ${MIN_RANDOM_LENGTH}, got ${length}`);
  }
  let out = '';
  // randomInt is uniform (rejection sampling inside), so no character is more likely than another.
  for (let i = 0; i < length; i++) out += RANDOM_ALPHABET[randomInt(RANDOM_ALPHABET.length)];
  return mask(out);
}

export class RandomSource implements RotationSource {
  readonly label: string;
  constructor(private readonly length: number) {
    this.label = `random value (${length} characters)`;
    if (length < MIN_RANDOM_LENGTH) randomValue(length);
  }
  async preflight(): Promise<void> {}
  async overlap(): Promise<Overlap> {
    return { keepsOld: true, explanation: 'a random value has no issuer to invalidate: the previous value stays wherever it was' };
  }
  async create(): Promise<Created> {
    return { value: randomValue(this.length), facts: { length: String(this.length) } };
  }
  async finish(): Promise<string> {
    return 'nothing to invalidate (random value)';
  }
}
