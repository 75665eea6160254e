/**
 * OAuth 1.0a HMAC-SHA1 request signing for the UiTiD/UiTPAS XML API (docs/uitpas-xml-api.md §3).
 * `oauth-1.0a` builds the base string; node:crypto does the HMAC. Form-encoded POST parameters
 * are passed as `data` so they enter the base string.
 */
import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';

export interface Credentials {
  consumerKey: string;
  consumerSecret: string;
  /** Absent for consumer-only (2-legged) requests. */
  token?: string | undefined;
  tokenSecret?: string | undefined;
}

/** Lets a later login change the token without rebuilding the client. */
export type CredentialsSupplier = () => Credentials;

export function hmacSha1(base: string, key: string): string {
  return createHmac('sha1', key).update(base).digest('base64');
}

export interface SignInput {
  method: 'GET' | 'POST';
  /** Absolute URL including any query string. */
  url: string;
  /** Form parameters of a POST (signed). */
  form?: Record<string, string> | undefined;
  /** Extra oauth_* parameters such as oauth_callback or oauth_verifier. */
  extraOAuth?: Record<string, string> | undefined;
  /** Fixed timestamp/nonce, for reproducible tests. */
  timestamp?: number;
  nonce?: string;
}

function oauthFor(consumerKey: string, consumerSecret: string): OAuth {
  return new OAuth({
    consumer: { key: consumerKey, secret: consumerSecret },
    signature_method: 'HMAC-SHA1',
    hash_function: hmacSha1,
  });
}

/** Signs a request and returns the `Authorization: OAuth …` header value. */
export function authorizationHeader(creds: Credentials, input: SignInput): string {
  const oauth = oauthFor(creds.consumerKey, creds.consumerSecret);
  const data: Record<string, string> = {
    oauth_consumer_key: creds.consumerKey,
    oauth_nonce: input.nonce ?? randomBytes(16).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_version: '1.0',
    ...(creds.token ? { oauth_token: creds.token } : {}),
    ...input.extraOAuth,
  };
  const request = { url: input.url, method: input.method, data: { ...input.form, ...input.extraOAuth } };
  // getSignature merges the request parameters into the object it is given: hand it a copy so the
  // header carries only oauth_* parameters.
  const signature = oauth.getSignature(request, creds.tokenSecret ?? '', { ...data } as unknown as OAuth.Data);
  const all = { ...data, oauth_signature: signature };
  return (
    'OAuth ' +
    Object.keys(all)
      .sort()
      .map((k) => `${oauth.percentEncode(k)}="${oauth.percentEncode(all[k as keyof typeof all] ?? '')}"`)
      .join(', ')
  );
}

/** The bare signature, for tests against published examples. */
export function signature(creds: Credentials, input: SignInput & { timestamp: number; nonce: string }): string {
  const header = authorizationHeader(creds, input);
  const m = /oauth_signature="([^"]*)"/.exec(header);
  return decodeURIComponent(m?.[1] ?? '');
}
