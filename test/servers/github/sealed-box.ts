/**
 * TEST SERVER for hardline's tests — NOT the real GitHub API.
 *
 * GitHub's secret encryption, server side: one curve25519 key pair per secret scope (repository,
 * environment, organization), the public half served as {key_id, key}, the private half kept here to
 * open the libsodium sealed boxes (crypto_box_seal) that clients send.
 */
import { randomInt } from 'node:crypto';
import sodium from 'libsodium-wrappers';

export interface ScopeKey {
  keyId: string;
  /** base64 (standard alphabet, padded) of the 32-byte public key, as GitHub serves it. */
  key: string;
}

interface KeyPair extends ScopeKey {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** GitHub's own check on encrypted_value (the message quotes it). */
export const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

export type OpenResult = { ok: true; value: string } | { ok: false; reason: 'key_id' | 'decrypt' };

export class SealedBoxKeys {
  private readonly pairs = new Map<string, KeyPair>();

  static async create(): Promise<SealedBoxKeys> {
    await sodium.ready;
    return new SealedBoxKeys();
  }

  private constructor() {}

  publicKey(scope: string): ScopeKey {
    const pair = this.pairs.get(scope) ?? this.rotate(scope);
    return { keyId: pair.keyId, key: pair.key };
  }

  /** Replaces a scope's key pair: values sealed for the old key_id are then refused, as after GitHub rotates a key. */
  rotate(scope: string): KeyPair {
    const { publicKey, privateKey } = sodium.crypto_box_keypair();
    const pair: KeyPair = {
      // GitHub key ids are long decimal strings, e.g. "568250167242549743".
      keyId: `${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`,
      key: sodium.to_base64(publicKey, sodium.base64_variants.ORIGINAL),
      publicKey,
      privateKey,
    };
    this.pairs.set(scope, pair);
    return pair;
  }

  open(scope: string, keyId: string, encryptedValue: string): OpenResult {
    const pair = this.pairs.get(scope);
    if (!pair || pair.keyId !== keyId) return { ok: false, reason: 'key_id' };
    try {
      const sealed = sodium.from_base64(encryptedValue, sodium.base64_variants.ORIGINAL);
      const plain = sodium.crypto_box_seal_open(sealed, pair.publicKey, pair.privateKey);
      return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(plain) };
    } catch {
      return { ok: false, reason: 'decrypt' };
    }
  }
}
