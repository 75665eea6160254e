/**
 * The local UiTiD provider's rules without HTTP, checked against the specifications rather than
 * against the client Loket uses: RFC 7636's own S256 example, one-time codes bound to client and
 * redirect URI, loopback redirects at any port (RFC 8252 §7.3), refresh rotation with reuse
 * detection (RFC 9700 §4.14.2), client authentication, and signed ID tokens that verify with the
 * published key.
 */
import { createPublicKey, verify } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { OidcRules, redirectMatches, type OidcClient } from '../../../main/tools/uitid-oidc/rules.js';
import { SigningKey } from '../../../main/tools/uitid-oidc/signing-key.js';

// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const ISSUER = 'http://127.0.0.1:1/realms/uitid';
const REDIRECT = 'http://127.0.0.1/loket-oauth-callback';

const clients: OidcClient[] = [
  { clientId: 'desktop', redirectUris: [REDIRECT], grants: ['authorization_code', 'refresh_token'] },
  { clientId: 'other', redirectUris: [REDIRECT], grants: ['authorization_code', 'refresh_token'] },
  { clientId: 'counter', secret: 's3cret', redirectUris: [], grants: ['client_credentials'] },
];
const user = { sub: 'u-1', username: 'baliemedewerker', password: 'demo', givenName: 'Bart', email: 'b@example.org' };

let now: number;
let key: SigningKey;
let rules: OidcRules;
beforeEach(() => {
  now = 1_700_000_000_000;
  key = new SigningKey();
  rules = new OidcRules({
    issuer: () => ISSUER,
    key,
    clients,
    users: [user],
    lifetimes: { accessTokenS: 300, refreshTokenS: 3600, codeS: 60 },
    now: () => now,
    autoApprove: 'baliemedewerker',
  });
});

function authorize(extra: Record<string, string> = {}): URL {
  const outcome = rules.authorize(
    new URLSearchParams({
      client_id: 'desktop',
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid email offline_access',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      state: 'st',
      nonce: 'no',
      ...extra,
    }),
  );
  if (outcome.kind !== 'redirect') throw new Error(`no redirect: ${JSON.stringify(outcome)}`);
  return new URL(outcome.location);
}

const form = (o: Record<string, string>) => new URLSearchParams(o);
const exchange = (code: string, o: Record<string, string> = {}) =>
  rules.token(
    form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'desktop', code_verifier: VERIFIER, ...o }),
    undefined,
  );

describe('authorization code with PKCE', () => {
  it("accepts RFC 7636's own verifier for its challenge and answers with tokens and a signed ID token", () => {
    const cb = authorize();
    expect(cb.searchParams.get('state')).toBe('st');
    expect(cb.searchParams.get('iss')).toBe(ISSUER);
    const reply = exchange(cb.searchParams.get('code')!);
    expect(reply.status).toBe(200);
    expect(reply.headers).toMatchObject({ 'cache-control': 'no-store' });
    expect(reply.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'openid email offline_access' });
    expect(typeof reply.body.refresh_token).toBe('string');

    const [h, p, s] = (reply.body.id_token as string).split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, unknown>;
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: key.kid });
    const publicKey = createPublicKey({ key: { ...key.jwks().keys[0]! }, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s!, 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(p!, 'base64url').toString())).toMatchObject({
      iss: ISSUER,
      sub: 'u-1',
      aud: 'desktop',
      nonce: 'no',
      email: 'b@example.org',
      iat: now / 1000,
      exp: now / 1000 + 300,
    });
  });

  it('refuses another verifier, a plain challenge method, and no challenge at all', () => {
    expect(exchange(authorize().searchParams.get('code')!, { code_verifier: VERIFIER.replace('d', 'e') })).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'PKCE verification failed: Code mismatch' },
    });
    expect(exchange(authorize().searchParams.get('code')!, { code_verifier: 'short' }).body).toMatchObject({ error: 'invalid_grant' });
    expect(authorize({ code_challenge_method: 'plain', code_challenge: VERIFIER }).searchParams.get('error')).toBe('invalid_request');
    expect(authorize({ code_challenge: '' }).searchParams.get('error')).toBe('invalid_request');
  });

  it('a code is spent by its first use, is bound to its client and redirect URI, and expires', () => {
    const code = authorize().searchParams.get('code')!;
    expect(exchange(code).status).toBe(200);
    expect(exchange(code).body).toMatchObject({ error: 'invalid_grant', error_description: 'Code already used' });
    expect(exchange(authorize().searchParams.get('code')!, { client_id: 'other' }).body).toMatchObject({ error: 'invalid_grant' });
    expect(exchange(authorize().searchParams.get('code')!, { redirect_uri: 'http://127.0.0.1:5/loket-oauth-callback' }).body).toMatchObject(
      {
        error: 'invalid_grant',
        error_description: 'Incorrect redirect_uri',
      },
    );
    const late = authorize().searchParams.get('code')!;
    now += 61_000;
    expect(exchange(late).body).toMatchObject({ error: 'invalid_grant', error_description: 'Code is expired' });
  });

  it('no refresh token without offline_access, no ID token without openid', () => {
    const reply = exchange(authorize({ scope: 'email' }).searchParams.get('code')!);
    expect(reply.status).toBe(200);
    expect(reply.body.refresh_token).toBeUndefined();
    expect(reply.body.id_token).toBeUndefined();
  });
});

describe('refresh tokens', () => {
  it('rotate; a rotated token presented again revokes the whole login; expired ones are refused', () => {
    const first = exchange(authorize().searchParams.get('code')!).body;
    const refresh = (token: string) =>
      rules.token(form({ grant_type: 'refresh_token', refresh_token: token, client_id: 'desktop' }), undefined);
    const second = refresh(first.refresh_token as string);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(rules.verifyAccessToken(second.body.access_token as string)).toMatchObject({ sub: 'u-1' });

    expect(refresh(first.refresh_token as string).body).toMatchObject({ error: 'invalid_grant' });
    expect(rules.verifyAccessToken(second.body.access_token as string)).toBeUndefined();
    expect(refresh(second.body.refresh_token as string).body).toMatchObject({ error: 'invalid_grant' });

    const other = exchange(authorize().searchParams.get('code')!).body;
    now += 3601_000;
    expect(refresh(other.refresh_token as string).body).toMatchObject({ error: 'invalid_grant', error_description: 'Token is not active' });
  });

  it("another client cannot use a client's refresh token; the admin hook revokes one", () => {
    const tokens = exchange(authorize().searchParams.get('code')!).body;
    const rt = tokens.refresh_token as string;
    expect(rules.token(form({ grant_type: 'refresh_token', refresh_token: rt, client_id: 'other' }), undefined).body).toMatchObject({
      error: 'invalid_grant',
    });
    expect(rules.revokeRefreshToken(rt)).toBe(true);
    expect(rules.token(form({ grant_type: 'refresh_token', refresh_token: rt, client_id: 'desktop' }), undefined).body).toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('client credentials and client authentication', () => {
  it('gives a client access token for the right secret, by form or Basic, and nothing else', () => {
    const byForm = rules.token(form({ grant_type: 'client_credentials', client_id: 'counter', client_secret: 's3cret' }), undefined);
    expect(byForm.status).toBe(200);
    expect(Object.keys(byForm.body).sort()).toEqual(['access_token', 'expires_in', 'token_type']);
    const basic = `Basic ${Buffer.from('counter:s3cret').toString('base64')}`;
    expect(rules.token(form({ grant_type: 'client_credentials' }), basic).status).toBe(200);

    const wrong = rules.token(form({ grant_type: 'client_credentials', client_id: 'counter', client_secret: 'nope' }), undefined);
    expect(wrong).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(rules.token(form({ grant_type: 'client_credentials', client_id: 'counter' }), undefined).status).toBe(401);
    // A public client has no service account.
    expect(rules.token(form({ grant_type: 'client_credentials', client_id: 'desktop' }), undefined).body).toMatchObject({
      error: 'unauthorized_client',
    });
    expect(rules.token(form({ grant_type: 'password', client_id: 'desktop' }), undefined).body).toMatchObject({
      error: 'unsupported_grant_type',
    });
  });
});

describe('redirect URIs', () => {
  it('match exactly, or a loopback IP at any port (RFC 8252 §7.3); never another host or path', () => {
    expect(redirectMatches(REDIRECT, REDIRECT)).toBe(true);
    expect(redirectMatches('http://127.0.0.1/oauth/callback', 'http://127.0.0.1:49152/oauth/callback')).toBe(true);
    expect(redirectMatches('http://127.0.0.1/oauth/callback', 'http://127.0.0.1:49152/oauth/callback/x')).toBe(false);
    expect(redirectMatches('http://127.0.0.1/oauth/callback', 'http://localhost:49152/oauth/callback')).toBe(false);
    expect(redirectMatches('http://127.0.0.1/oauth/callback', 'http://127.0.0.2/oauth/callback')).toBe(false);
    expect(redirectMatches('http://127.0.0.1/oauth/callback', 'http://u:p@127.0.0.1:1/oauth/callback')).toBe(false);
    expect(redirectMatches('https://example.org/cb', 'https://example.org:444/cb')).toBe(false);
  });

  it('an unknown redirect URI gets an error page, never a redirect', () => {
    const outcome = rules.authorize(
      new URLSearchParams({ client_id: 'desktop', redirect_uri: 'http://evil.example/cb', response_type: 'code' }),
    );
    expect(outcome.kind).toBe('error-page');
  });
});
