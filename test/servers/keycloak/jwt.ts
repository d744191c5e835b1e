/**
 * TEST SERVER for hardline's tests — NOT the real Keycloak server.
 *
 * RS256 JSON Web Tokens as Keycloak issues them: signed with one RSA key per server, whose public
 * half is served as a JWKS at /realms/{realm}/protocol/openid-connect/certs.
 */
import { createSign, createVerify, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { JsonObject } from '../shared/http';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

let shared: { kid: string; privateKey: KeyObject; publicKey: KeyObject } | undefined;

/** RSA key generation is slow; one key serves every test server in the process. */
function keyPair() {
  shared ??= { kid: randomUUID(), ...generateKeyPairSync('rsa', { modulusLength: 2048 }) };
  return shared;
}

export class TokenSigner {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor() {
    ({ kid: this.kid, privateKey: this.privateKey, publicKey: this.publicKey } = keyPair());
  }

  sign(claims: JsonObject): string {
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }));
    const body = b64url(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(this.privateKey);
    return `${head}.${body}.${b64url(signature)}`;
  }

  /** The claims of a token this signer made, or undefined (bad shape or signature). Expiry is the caller's business. */
  verify(token: string): JsonObject | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [head, body, signature] = parts as [string, string, string];
    const ok = createVerify('RSA-SHA256').update(`${head}.${body}`).verify(this.publicKey, Buffer.from(signature, 'base64url'));
    if (!ok) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JsonObject;
    } catch {
      return undefined;
    }
  }

  jwks(): JsonObject {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kid: this.kid, kty: 'RSA', alg: 'RS256', use: 'sig', n: String(jwk.n), e: String(jwk.e) }] };
  }
}
