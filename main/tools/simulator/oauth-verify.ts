/**
 * The simulator's own OAuth 1.0a (HMAC-SHA1) verification, written from RFC 5849 §3.4 and
 * deliberately independent of the client's signer: it rebuilds the base string from the method,
 * the URL, the query, the form body and the Authorization header, and compares signatures.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_WINDOW_S = 300;

export type OAuthProblem =
  | 'parameter_absent'
  | 'signature_method_rejected'
  | 'consumer_key_unknown'
  | 'token_rejected'
  | 'token_required'
  | 'timestamp_refused'
  | 'nonce_used'
  | 'signature_invalid';

export interface VerifyInput {
  method: string;
  /** scheme://host[:port]/path as the client addressed it (no query). */
  baseUrl: string;
  /** Raw query string without '?'. */
  query: string;
  /** Raw form body (application/x-www-form-urlencoded) or ''. */
  form: string;
  authorization: string | undefined;
}

export interface VerifyContext {
  consumerSecret(key: string): string | undefined;
  /** Secret of an access or request token, or undefined when unknown. */
  tokenSecret(token: string): string | undefined;
  nowSeconds: number;
  /** Returns false when the nonce was already used with this timestamp and consumer. */
  useNonce(consumerKey: string, timestamp: string, nonce: string): boolean;
}

export type VerifyResult =
  | { ok: true; consumerKey: string; token?: string; oauth: Record<string, string> }
  | { ok: false; problem: OAuthProblem; detail: string; baseString?: string };

/** RFC 3986 unreserved-only encoding (RFC 5849 §3.6). */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function decodeComponent(s: string): string {
  return decodeURIComponent(s.replace(/\+/g, ' '));
}

/** `a=1&b=2` -> pairs, percent-decoded ('+' as space, as forms do). */
export function decodePairs(s: string): [string, string][] {
  if (!s) return [];
  return s
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? [decodeComponent(p), ''] : [decodeComponent(p.slice(0, i)), decodeComponent(p.slice(i + 1))];
    });
}

/** `OAuth realm="x", oauth_consumer_key="…", …` -> oauth_* parameters (realm excluded). */
export function parseAuthorizationHeader(header: string | undefined): Record<string, string> | undefined {
  if (!header || !/^OAuth\s/i.test(header)) return undefined;
  const out: Record<string, string> = {};
  const re = /([A-Za-z0-9_.-]+)\s*=\s*"([^"]*)"/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    const k = decodeURIComponent(m[1]!);
    if (k === 'realm') continue;
    out[k] = decodeURIComponent(m[2]!);
  }
  return out;
}

export function signatureBaseString(method: string, baseUrl: string, params: [string, string][]): string {
  const normalised = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return [method.toUpperCase(), rfc3986(baseUrl), rfc3986(normalised)].join('&');
}

export function verifyOAuth(input: VerifyInput, ctx: VerifyContext): VerifyResult {
  const header = parseAuthorizationHeader(input.authorization);
  const queryPairs = decodePairs(input.query);
  // The reference PHP client repeats the oauth_* values in the query string: accept them there
  // too, and count a query parameter that duplicates a header parameter once
  // (docs/uitpas-xml-api.md §3.1).
  const oauth: Record<string, string> = { ...Object.fromEntries(queryPairs.filter(([k]) => k.startsWith('oauth_'))), ...header };
  const fail = (problem: OAuthProblem, detail: string): VerifyResult => ({ ok: false, problem, detail });

  for (const p of ['oauth_consumer_key', 'oauth_signature_method', 'oauth_signature', 'oauth_timestamp', 'oauth_nonce']) {
    if (!oauth[p]) return fail('parameter_absent', `missing ${p}`);
  }
  if (oauth.oauth_signature_method !== 'HMAC-SHA1')
    return fail('signature_method_rejected', `only HMAC-SHA1 is accepted, got ${oauth.oauth_signature_method}`);
  const consumerKey = oauth.oauth_consumer_key!;
  const consumerSecret = ctx.consumerSecret(consumerKey);
  if (consumerSecret === undefined) return fail('consumer_key_unknown', `unknown consumer key "${consumerKey}"`);
  const token = oauth.oauth_token || undefined;
  let tokenSecret = '';
  if (token !== undefined) {
    const s = ctx.tokenSecret(token);
    if (s === undefined) return fail('token_rejected', 'unknown or revoked token');
    tokenSecret = s;
  }
  const ts = Number(oauth.oauth_timestamp);
  if (!/^\d+$/.test(oauth.oauth_timestamp!) || Math.abs(ctx.nowSeconds - ts) > TIMESTAMP_WINDOW_S) {
    return fail(
      'timestamp_refused',
      `timestamp ${oauth.oauth_timestamp} is outside ±${TIMESTAMP_WINDOW_S} s of server time ${ctx.nowSeconds}`,
    );
  }

  const params: [string, string][] = [];
  const headerPairs = Object.entries(header ?? {}).filter(([k]) => k !== 'oauth_signature');
  params.push(...headerPairs);
  for (const [k, v] of queryPairs) {
    if (k === 'oauth_signature') continue;
    if (header && k in header && header[k] === v) continue;
    params.push([k, v]);
  }
  params.push(...decodePairs(input.form));
  const base = signatureBaseString(input.method, input.baseUrl, params);
  const expected = createHmac('sha1', `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`)
    .update(base)
    .digest();
  const given = Buffer.from(oauth.oauth_signature!, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    // Like common OAuth 1.0a providers, the base string goes back for debugging; it names the access token.
    return {
      ...fail('signature_invalid', 'the signature does not match the request (wrong secret or altered parameters)'),
      baseString: base,
    } as VerifyResult;
  }
  // Checked after the signature so a forged request cannot burn a legitimate client's nonce.
  if (!ctx.useNonce(consumerKey, oauth.oauth_timestamp!, oauth.oauth_nonce!)) {
    return fail('nonce_used', 'this nonce was already used (replayed request)');
  }
  return { ok: true, consumerKey, ...(token ? { token } : {}), oauth };
}

/** Remembers nonces for the timestamp window, then forgets them. */
export class NonceStore {
  private readonly seen = new Map<string, number>();
  use(consumerKey: string, timestamp: string, nonce: string, nowSeconds: number): boolean {
    if (this.seen.size > 10_000) {
      for (const [k, t] of this.seen) if (t < nowSeconds - 2 * TIMESTAMP_WINDOW_S) this.seen.delete(k);
    }
    const key = `${consumerKey}\u0000${timestamp}\u0000${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, nowSeconds);
    return true;
  }
  clear(): void {
    this.seen.clear();
  }
}
