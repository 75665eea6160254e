/**
 * What the UiTiD OpenID Connect provider decides, without HTTP: authorization requests, one-time
 * codes bound to a PKCE S256 challenge, access tokens, rotating refresh tokens and client access
 * tokens. Written from the specifications (RFC 6749, RFC 7636, RFC 8252 §7.3, RFC 7009, RFC 9700
 * §4.14.2, OpenID Connect Core 1.0 §3.1) and from what publiq documents of UiTiD
 * (cultuurnet/apidocs, projects/authentication/docs/user-access-token.md and
 * client-access-token.md), deliberately independent of the client library Loket uses.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SigningKey } from './signing-key.js';

export type Grant = 'authorization_code' | 'refresh_token' | 'client_credentials';

export interface OidcClient {
  clientId: string;
  /** Absent: a public client (a desktop app cannot keep a secret: PKCE instead, RFC 8252 §8.4). */
  secret?: string;
  redirectUris: string[];
  grants: Grant[];
  /** The subject of a client access token (Keycloak's service account). */
  serviceAccountId?: string;
}

export interface OidcUser {
  sub: string;
  username: string;
  password: string;
  givenName: string;
  email: string;
}

export interface Lifetimes {
  accessTokenS: number;
  refreshTokenS: number;
  codeS: number;
}

/** Keycloak's defaults for a realm: 5 minutes for an access token, 1 minute for a code. */
export const DEFAULT_LIFETIMES: Lifetimes = { accessTokenS: 300, refreshTokenS: 30 * 24 * 3600, codeS: 60 };

/** RFC 6749 §5.2 error answer of the token endpoint (and RFC 7009, RFC 6750). */
export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export type AuthorizeOutcome =
  | { kind: 'page'; requestId: string; lang: string }
  | { kind: 'redirect'; location: string }
  /** No redirect when the client or its redirect URI is unknown (RFC 6749 §4.1.2.1): a page says why. */
  | { kind: 'error-page'; message: string };

export type ApproveOutcome =
  { kind: 'redirect'; location: string } | { kind: 'bad-login'; requestId: string; lang: string } | { kind: 'unknown-request' };

interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  nonce: string | undefined;
  challenge: string;
  scope: string[];
  lang: string;
  createdAtMs: number;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  sub: string;
  scope: string[];
  nonce: string | undefined;
  authTimeS: number;
  expiresAtMs: number;
  used: boolean;
  /** The token family it started, so a replayed code can revoke what it gave (RFC 6749 §4.1.2). */
  family: string | undefined;
}

interface RefreshEntry {
  family: string;
  clientId: string;
  sub: string;
  scope: string[];
  authTimeS: number;
  expiresAtMs: number;
  /** A rotated token presented again is a replay: the whole family is revoked (RFC 9700 §4.14.2). */
  rotated: boolean;
}

interface AccessEntry {
  sub: string;
  clientId: string;
  scope: string[];
  expiresAtMs: number;
  family: string | undefined;
}

/** A login page left open longer than this must start again from Loket. */
const PENDING_TTL_MS = 30 * 60_000;
const PKCE_VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface TokenStats {
  authorization_code: number;
  refresh_token: number;
  client_credentials: number;
}

export class OidcRules {
  private readonly pending = new Map<string, PendingAuthorization>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly refreshTokens = new Map<string, RefreshEntry>();
  private readonly accessTokens = new Map<string, AccessEntry>();
  private readonly revokedFamilies = new Set<string>();
  readonly stats: TokenStats = { authorization_code: 0, refresh_token: 0, client_credentials: 0 };
  lifetimes: Lifetimes;

  constructor(
    private readonly o: {
      /** Known once the server listens (its port is in it). */
      issuer: () => string;
      key: SigningKey;
      clients: OidcClient[];
      users: OidcUser[];
      lifetimes: Lifetimes;
      now: () => number;
      /** Approve every authorization request as this user without showing the login page (tests). */
      autoApprove?: string | undefined;
    },
  ) {
    this.lifetimes = { ...o.lifetimes };
  }

  // ---- authorization endpoint (RFC 6749 §4.1.1, OIDC Core §3.1.2) ------------------------------

  authorize(params: URLSearchParams): AuthorizeOutcome {
    const client = this.o.clients.find((c) => c.clientId === params.get('client_id'));
    if (!client) return { kind: 'error-page', message: 'Unknown client_id' };
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!client.redirectUris.some((r) => redirectMatches(r, redirectUri))) {
      return { kind: 'error-page', message: 'Invalid parameter: redirect_uri (not registered for this client)' };
    }
    const state = params.get('state') ?? undefined;
    const fail = (error: string, description: string) => ({
      kind: 'redirect' as const,
      location: this.redirect(redirectUri, { error, error_description: description, state }),
    });
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'only response_type=code is supported');
    if (!client.grants.includes('authorization_code')) return fail('unauthorized_client', 'this client may not use the code flow');
    // publiq: "The code_challenge_method is required and must always be set to S256".
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return fail('invalid_request', 'Missing parameter: code_challenge_method=S256 with a code_challenge');
    }
    const scope = (params.get('scope') ?? '').split(' ').filter(Boolean);
    // No sessions here: every login shows the form, so a silent login is impossible.
    if (params.get('prompt') === 'none') return fail('login_required', 'no session: the user has to log in');
    const request: PendingAuthorization = {
      clientId: client.clientId,
      redirectUri,
      state,
      nonce: params.get('nonce') ?? undefined,
      challenge,
      scope,
      lang: (params.get('ui_locales') ?? 'nl').split(' ')[0] ?? 'nl',
      createdAtMs: this.o.now(),
    };
    if (this.o.autoApprove !== undefined) {
      const user = this.o.users.find((u) => u.username === this.o.autoApprove);
      if (!user) return fail('server_error', `auto-approve user ${this.o.autoApprove} does not exist`);
      return { kind: 'redirect', location: this.issueCode(request, user) };
    }
    const requestId = randomBytes(16).toString('base64url');
    this.pending.set(requestId, request);
    return { kind: 'page', requestId, lang: request.lang };
  }

  /** The login form was sent: the user's name and password, or `cancel`. */
  approve(requestId: string, form: { username: string; password: string; cancel: boolean }): ApproveOutcome {
    const request = this.pending.get(requestId);
    if (!request || this.o.now() - request.createdAtMs > PENDING_TTL_MS) return { kind: 'unknown-request' };
    if (form.cancel) {
      this.pending.delete(requestId);
      const location = this.redirect(request.redirectUri, {
        error: 'access_denied',
        error_description: 'the user cancelled the login',
        state: request.state,
      });
      return { kind: 'redirect', location };
    }
    const user = this.o.users.find((u) => u.username === form.username);
    if (!user || !safeEqual(user.password, form.password)) return { kind: 'bad-login', requestId, lang: request.lang };
    this.pending.delete(requestId);
    return { kind: 'redirect', location: this.issueCode(request, user) };
  }

  private issueCode(request: PendingAuthorization, user: OidcUser): string {
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      challenge: request.challenge,
      sub: user.sub,
      scope: request.scope,
      nonce: request.nonce,
      authTimeS: Math.floor(this.o.now() / 1000),
      expiresAtMs: this.o.now() + this.lifetimes.codeS * 1000,
      used: false,
      family: undefined,
    });
    // RFC 9207: the issuer in the response lets the client tell providers apart (Keycloak sends it).
    return this.redirect(request.redirectUri, { code, state: request.state, iss: this.o.issuer() });
  }

  private redirect(redirectUri: string, params: Record<string, string | undefined>): string {
    const url = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    return url.toString();
  }

  // ---- token endpoint (RFC 6749 §3.2, §4.1.3, §4.4, §6) -----------------------------------------

  token(form: URLSearchParams, authorization: string | undefined): TokenReply {
    const auth = this.authenticateClient(form, authorization);
    if ('status' in auth) return auth;
    const { client } = auth;
    const grant = form.get('grant_type') ?? '';
    if (grant !== 'authorization_code' && grant !== 'refresh_token' && grant !== 'client_credentials') {
      return tokenError(400, 'unsupported_grant_type', `grant_type ${grant || '(none)'} is not supported`);
    }
    if (!client.grants.includes(grant)) return tokenError(400, 'unauthorized_client', `this client may not use ${grant}`);
    this.stats[grant]++;
    if (grant === 'authorization_code') return this.codeGrant(client, form);
    if (grant === 'refresh_token') return this.refreshGrant(client, form);
    return this.clientCredentialsGrant(client);
  }

  private authenticateClient(form: URLSearchParams, authorization: string | undefined): { client: OidcClient } | TokenReply {
    let id = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic) {
      // RFC 6749 §2.3.1: both halves are form-urlencoded before base64.
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0 || secret !== undefined) return tokenError(400, 'invalid_request', 'use one client authentication method');
      const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      id = decode(decoded.slice(0, colon));
      secret = decode(decoded.slice(colon + 1));
    }
    const client = this.o.clients.find((c) => c.clientId === id);
    const refuse = () =>
      tokenError(401, 'invalid_client', 'Invalid client or Invalid client credentials', {
        ...(basic ? { 'www-authenticate': 'Basic realm="uitid"' } : {}),
      });
    if (!client) return refuse();
    if (client.secret !== undefined && (secret === undefined || !safeEqual(client.secret, secret))) return refuse();
    return { client };
  }

  private codeGrant(client: OidcClient, form: URLSearchParams): TokenReply {
    const code = this.codes.get(form.get('code') ?? '');
    if (!code) return tokenError(400, 'invalid_grant', 'Code not valid');
    if (code.used) {
      // A second use means the code leaked: what the first use gave is revoked (RFC 6749 §4.1.2).
      if (code.family) this.revokeFamily(code.family);
      return tokenError(400, 'invalid_grant', 'Code already used');
    }
    // Spent by any attempt that names it, so a wrong verifier cannot be retried (PKCE guessing).
    code.used = true;
    if (this.o.now() > code.expiresAtMs) return tokenError(400, 'invalid_grant', 'Code is expired');
    if (code.clientId !== client.clientId) return tokenError(400, 'invalid_grant', 'Code was issued to another client');
    if (form.get('redirect_uri') !== code.redirectUri) return tokenError(400, 'invalid_grant', 'Incorrect redirect_uri');
    const verifier = form.get('code_verifier') ?? '';
    if (!PKCE_VERIFIER.test(verifier)) return tokenError(400, 'invalid_grant', 'PKCE code verifier not specified or malformed');
    const computed = createHash('sha256').update(verifier, 'ascii').digest('base64url');
    if (!safeEqual(computed, code.challenge)) return tokenError(400, 'invalid_grant', 'PKCE verification failed: Code mismatch');
    code.family = randomUUID();
    return this.issueTokens(client, { sub: code.sub, scope: code.scope, authTimeS: code.authTimeS, family: code.family }, code.nonce);
  }

  private refreshGrant(client: OidcClient, form: URLSearchParams): TokenReply {
    const token = form.get('refresh_token') ?? '';
    const entry = this.refreshTokens.get(token);
    if (!entry || entry.clientId !== client.clientId) return tokenError(400, 'invalid_grant', 'Invalid refresh token');
    if (entry.rotated) {
      this.revokeFamily(entry.family);
      return tokenError(400, 'invalid_grant', 'Maximum allowed refresh token reuse exceeded');
    }
    if (this.revokedFamilies.has(entry.family)) return tokenError(400, 'invalid_grant', 'Session not active');
    if (this.o.now() > entry.expiresAtMs) return tokenError(400, 'invalid_grant', 'Token is not active');
    entry.rotated = true;
    return this.issueTokens(client, entry, undefined);
  }

  private clientCredentialsGrant(client: OidcClient): TokenReply {
    // Only a confidential client gets here (authenticateClient checked its secret); no refresh
    // token and no ID token: publiq's example answer has neither (client-access-token.md).
    if (client.secret === undefined) return tokenError(400, 'unauthorized_client', 'Public client not allowed to retrieve service account');
    const accessToken = randomBytes(32).toString('base64url');
    const expiresIn = this.lifetimes.accessTokenS;
    this.accessTokens.set(accessToken, {
      sub: client.serviceAccountId ?? `service-account-${client.clientId}`,
      clientId: client.clientId,
      scope: [],
      expiresAtMs: this.o.now() + expiresIn * 1000,
      family: undefined,
    });
    return { status: 200, body: { access_token: accessToken, expires_in: expiresIn, token_type: 'Bearer' }, headers: NO_STORE };
  }

  private issueTokens(
    client: OidcClient,
    grant: { sub: string; scope: string[]; authTimeS: number; family: string },
    nonce: string | undefined,
  ): TokenReply {
    const now = this.o.now();
    const nowS = Math.floor(now / 1000);
    const accessToken = randomBytes(32).toString('base64url');
    const expiresIn = this.lifetimes.accessTokenS;
    this.accessTokens.set(accessToken, {
      sub: grant.sub,
      clientId: client.clientId,
      scope: grant.scope,
      expiresAtMs: now + expiresIn * 1000,
      family: grant.family,
    });
    const body: Record<string, unknown> = {
      access_token: accessToken,
      expires_in: expiresIn,
      token_type: 'Bearer',
      scope: grant.scope.join(' '),
    };
    // publiq: a refresh token only with the offline_access scope (user-access-token.md, "Scopes").
    if (grant.scope.includes('offline_access')) {
      const refreshToken = randomBytes(32).toString('base64url');
      this.refreshTokens.set(refreshToken, {
        family: grant.family,
        clientId: client.clientId,
        sub: grant.sub,
        scope: grant.scope,
        authTimeS: grant.authTimeS,
        expiresAtMs: now + this.lifetimes.refreshTokenS * 1000,
        rotated: false,
      });
      body.refresh_token = refreshToken;
      body.refresh_expires_in = this.lifetimes.refreshTokenS;
    }
    if (grant.scope.includes('openid')) {
      const user = this.o.users.find((u) => u.sub === grant.sub);
      body.id_token = this.o.key.signJwt({
        iss: this.o.issuer(),
        sub: grant.sub,
        aud: client.clientId,
        azp: client.clientId,
        exp: nowS + expiresIn,
        iat: nowS,
        auth_time: grant.authTimeS,
        ...(nonce !== undefined ? { nonce } : {}),
        ...(user ? { given_name: user.givenName } : {}),
        ...(user && grant.scope.includes('email') ? { email: user.email, email_verified: true } : {}),
      });
    }
    return { status: 200, body, headers: NO_STORE };
  }

  // ---- revocation (RFC 7009), userinfo (OIDC Core §5.3), admin -----------------------------------

  revoke(form: URLSearchParams, authorization: string | undefined): TokenReply {
    const auth = this.authenticateClient(form, authorization);
    if ('status' in auth) return auth;
    const token = form.get('token') ?? '';
    const refresh = this.refreshTokens.get(token);
    if (refresh && refresh.clientId === auth.client.clientId) this.revokeFamily(refresh.family);
    const access = this.accessTokens.get(token);
    if (access && access.clientId === auth.client.clientId) this.accessTokens.delete(token);
    // RFC 7009 §2.2: an unknown token is answered 200 like a revoked one.
    return { status: 200, body: {}, headers: NO_STORE };
  }

  userinfo(authorization: string | undefined): TokenReply {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const entry = m ? this.verifyAccessToken(m[1]!) : undefined;
    if (!entry) {
      return {
        status: 401,
        body: { error: 'invalid_token', error_description: 'Token verification failed' },
        headers: { 'www-authenticate': 'Bearer realm="uitid", error="invalid_token"' },
      };
    }
    const user = this.o.users.find((u) => u.sub === entry.sub);
    return {
      status: 200,
      body: {
        sub: entry.sub,
        ...(user ? { given_name: user.givenName } : {}),
        ...(user && entry.scope.includes('email') ? { email: user.email, email_verified: true } : {}),
      },
      headers: NO_STORE,
    };
  }

  /** What a resource server (the API 4 simulator) learns of a bearer token: its subject, or nothing. */
  verifyAccessToken(token: string): { sub: string; clientId: string; scope: string[] } | undefined {
    const entry = this.accessTokens.get(token);
    if (!entry || this.o.now() > entry.expiresAtMs) return undefined;
    if (entry.family && this.revokedFamilies.has(entry.family)) return undefined;
    return { sub: entry.sub, clientId: entry.clientId, scope: [...entry.scope] };
  }

  /**
   * A refresh token for `sub` at `clientId`, as if that user had just logged in there (scope
   * `openid email offline_access`): what demo mode starts with, so its counter is logged in from
   * the start as the XML demo is. Undefined for an unknown user or client.
   */
  issueLogin(sub: string, clientId: string): string | undefined {
    const client = this.o.clients.find((c) => c.clientId === clientId);
    if (!client?.grants.includes('refresh_token') || !this.o.users.some((u) => u.sub === sub)) return undefined;
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(refreshToken, {
      family: randomUUID(),
      clientId,
      sub,
      scope: ['openid', 'email', 'offline_access'],
      authTimeS: Math.floor(this.o.now() / 1000),
      expiresAtMs: this.o.now() + this.lifetimes.refreshTokenS * 1000,
      rotated: false,
    });
    return refreshToken;
  }

  /** A refresh token's whole login (its family) ends: the next refresh is refused. */
  revokeRefreshToken(token: string): boolean {
    const entry = this.refreshTokens.get(token);
    if (!entry) return false;
    this.revokeFamily(entry.family);
    return true;
  }

  /** Every refresh token (of one user, or of everyone) stops working; returns how many logins ended. */
  revokeAll(sub?: string): number {
    const families = new Set<string>();
    for (const e of this.refreshTokens.values()) if (sub === undefined || e.sub === sub) families.add(e.family);
    for (const f of families) this.revokeFamily(f);
    return families.size;
  }

  private revokeFamily(family: string): void {
    this.revokedFamilies.add(family);
  }
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

function tokenError(status: number, error: string, description: string, headers: Record<string, string> = {}): TokenReply {
  return { status, body: { error, error_description: description }, headers: { ...NO_STORE, ...headers } };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Exact match, except that a loopback IP redirect URI matches at any port (RFC 8252 §7.3: a
 * native app's listener gets whatever port is free).
 */
export function redirectMatches(registered: string, given: string): boolean {
  if (registered === given) return true;
  let r: URL;
  let g: URL;
  try {
    r = new URL(registered);
    g = new URL(given);
  } catch {
    return false;
  }
  const loopback = (u: URL) => u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === '[::1]');
  return (
    loopback(r) &&
    loopback(g) &&
    r.hostname === g.hostname &&
    r.pathname === g.pathname &&
    r.search === g.search &&
    g.hash === '' &&
    g.username === '' &&
    g.password === ''
  );
}
