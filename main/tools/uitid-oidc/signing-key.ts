/**
 * The provider's ID token signing key: one RS256 key pair generated at start (nothing to keep
 * on disk, nothing secret in the repository) and the JWKS that publishes its public half, as
 * Keycloak's `certs` endpoint does (RFC 7517 §5, RFC 7518 §3.3).
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface PublicJwk {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: 'RS256';
  n: string;
  e: string;
}

export class SigningKey {
  private readonly privateKey: KeyObject;
  readonly jwk: PublicJwk;

  /** `kid`: another key under the same id forges a signature the client must refuse (fault injection). */
  constructor(readonly kid = randomBytes(8).toString('hex')) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    const { n, e } = publicKey.export({ format: 'jwk' });
    if (!n || !e) throw new Error('node:crypto exported an RSA public key without n or e');
    this.jwk = { kty: 'RSA', kid: this.kid, use: 'sig', alg: 'RS256', n, e };
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: [this.jwk] };
  }

  /** A compact JWS (RFC 7515 §7.1) over `claims`, RS256 = RSASSA-PKCS1-v1_5 with SHA-256. */
  signJwt(claims: Record<string, unknown>): string {
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(input), this.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
