/**
 * A UiTiD OpenID Connect provider for tests and demo mode, on 127.0.0.1 only: the paths of
 * publiq's Keycloak realm (`/realms/uitid/...`, cultuurnet/apidocs
 * projects/authentication/docs/user-access-token.md), discovery, a JWKS with an RS256 key made at
 * start, the login page (or auto-approve for tests), the token endpoint (authorization_code with
 * PKCE S256 and one-time codes, refresh_token with rotation, client_credentials), userinfo,
 * revocation, and `/__admin/` to revoke logins, change lifetimes and inject faults.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { buildSeed } from '../simulator/seed.js';
import { errorPage, loginPage } from './login-page.js';
import { DEFAULT_LIFETIMES, OidcRules, type Lifetimes, type OidcClient, type OidcUser, type TokenReply, type TokenStats } from './rules.js';
import { SigningKey } from './signing-key.js';

export const REALM_PATH = '/realms/uitid';
const OIDC = `${REALM_PATH}/protocol/openid-connect`;
const MAX_BODY = 64 * 1024;

/** The registered desktop client: public (no secret), loopback redirects at any port (RFC 8252 §7.3). */
export const DESKTOP_CLIENT_ID = 'loket-desktop';
/** Loket's two loopback callbacks: the Electron login window's and the web host's. */
export const DESKTOP_REDIRECT_URIS = ['http://127.0.0.1/loket-oauth-callback', 'http://127.0.0.1/oauth/callback'];
export const COUNTER_CLIENT = { clientId: 'loket-counter-client', secret: 'loket-counter-client-secret' } as const;

export type OidcFaultKind =
  /** A 200 with an HTML page, as a captive portal or a proxy's login page answers. */
  | 'html'
  /** A 200 application/json whose body is cut off. */
  | 'malformed-json'
  /** 503 with an HTML body, as a load balancer answers. */
  | 'server-error'
  /** The token endpoint's answer with its ID token signed by a key the JWKS does not publish. */
  | 'forged-id-token';

export interface OidcFault {
  endpoint: 'token' | 'discovery';
  kind: OidcFaultKind;
  /** How many answers it replaces; default 1. */
  times?: number;
}

export interface UitidOidcOptions {
  port?: number;
  clients?: OidcClient[];
  users?: OidcUser[];
  lifetimes?: Partial<Lifetimes>;
  /** Approve every login as this user name without the page (tests that play the browser). */
  autoApprove?: string;
  /** Serve `/__admin/`; on unless turned off (demo mode needs nobody to steer it). */
  admin?: boolean;
  now?: () => number;
}

export interface UitidOidcHandle {
  /** The issuer identifier: `http://127.0.0.1:<port>/realms/uitid`. */
  issuer: string;
  port: number;
  desktopClientId: string;
  counterClient: { clientId: string; secret: string };
  /** The first user: the one auto-approve and the demo hint use by default. */
  user: OidcUser;
  /** A refresh token for this user (default: the first) at the desktop client, as after a login. */
  issueLogin(sub?: string): string;
  revokeRefreshToken(token: string): boolean;
  revokeAll(sub?: string): number;
  /** For a resource server beside it (the API 4 simulator): whose token is this, if still valid. */
  verifyAccessToken(token: string): { sub: string; clientId: string; scope: string[] } | undefined;
  setLifetimes(lifetimes: Partial<Lifetimes>): void;
  fault(fault: OidcFault): void;
  clearFaults(): void;
  /** Token requests answered so far, per grant. */
  stats(): TokenStats;
  close(): Promise<void>;
}

export function defaultUsers(): OidcUser[] {
  // The simulators' employees, so a subject here is the userId the UiTPAS simulators know.
  return buildSeed(new Date()).employees.map((e) => ({
    sub: e.userId,
    username: e.nick,
    password: e.password,
    givenName: e.nick,
    email: `${e.nick}@example.org`,
  }));
}

export async function startUitidOidc(options: UitidOidcOptions = {}): Promise<UitidOidcHandle> {
  const host = '127.0.0.1';
  const now = options.now ?? Date.now;
  const users = options.users ?? defaultUsers();
  const clients = options.clients ?? [
    { clientId: DESKTOP_CLIENT_ID, redirectUris: DESKTOP_REDIRECT_URIS, grants: ['authorization_code', 'refresh_token'] },
    {
      clientId: COUNTER_CLIENT.clientId,
      secret: COUNTER_CLIENT.secret,
      redirectUris: [],
      grants: ['client_credentials'],
      serviceAccountId: 'service-account-loket-counter-client',
    },
  ];
  const key = new SigningKey();
  const faults: Required<OidcFault>[] = [];
  const sockets = new Set<Socket>();
  let issuer = '';
  const rules = new OidcRules({
    issuer: () => issuer,
    key,
    clients,
    users,
    lifetimes: { ...DEFAULT_LIFETIMES, ...options.lifetimes },
    now,
    autoApprove: options.autoApprove,
  });

  const takeFault = (endpoint: OidcFault['endpoint']): OidcFaultKind | undefined => {
    const i = faults.findIndex((f) => f.endpoint === endpoint);
    if (i < 0) return undefined;
    const f = faults[i]!;
    if (--f.times <= 0) faults.splice(i, 1);
    return f.kind;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY && !refused) {
        refused = true;
        send(res, 413, 'text/plain', 'request body too large');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (refused) return;
      try {
        route(req, res, new URL(req.url ?? '/', issuer), Buffer.concat(chunks).toString('utf8'));
      } catch (e) {
        send(res, 500, 'text/plain', `provider bug: ${String(e)}`);
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): void {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path.startsWith('/__admin/') && options.admin !== false) return admin(res, `${method} ${path}`, body);
    if (path === `${REALM_PATH}/.well-known/openid-configuration` && method === 'GET') {
      if (faulted(res, takeFault('discovery'))) return;
      return json(res, { status: 200, body: discovery() });
    }
    if (path === `${OIDC}/certs` && method === 'GET') return json(res, { status: 200, body: key.jwks() });
    if (path === `${OIDC}/auth`) return authorize(req, res, url, body);
    if (path === `${OIDC}/token` || path === `${OIDC}/revoke`) {
      if (method !== 'POST') return send(res, 405, 'text/plain', 'use POST', { allow: 'POST' });
      const form = formOf(req, body);
      if (!form) return json(res, { status: 400, body: { error: 'invalid_request', error_description: 'send a form body' } });
      if (path.endsWith('/revoke')) return json(res, rules.revoke(form, req.headers.authorization));
      const fault = takeFault('token');
      if (fault === 'forged-id-token') return json(res, forged(rules.token(form, req.headers.authorization)));
      if (faulted(res, fault)) return;
      return json(res, rules.token(form, req.headers.authorization));
    }
    if (path === `${OIDC}/userinfo` && (method === 'GET' || method === 'POST')) return json(res, rules.userinfo(req.headers.authorization));
    send(res, 404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');
  }

  function authorize(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): void {
    if (req.method === 'GET') {
      const outcome = rules.authorize(url.searchParams);
      if (outcome.kind === 'error-page') return html(res, 400, errorPage(outcome.message));
      if (outcome.kind === 'redirect') return redirect(res, outcome.location);
      return html(res, 200, loginPage({ action: `${OIDC}/auth`, requestId: outcome.requestId, lang: outcome.lang }));
    }
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'use GET or POST', { allow: 'GET, POST' });
    const form = formOf(req, body) ?? new URLSearchParams();
    const outcome = rules.approve(form.get('request') ?? '', {
      username: form.get('username') ?? '',
      password: form.get('password') ?? '',
      cancel: form.has('cancel'),
    });
    if (outcome.kind === 'redirect') return redirect(res, outcome.location);
    if (outcome.kind === 'unknown-request') {
      return html(res, 400, loginPage({ action: `${OIDC}/auth`, requestId: '', lang: 'nl', error: 'unknown-request' }));
    }
    html(res, 200, loginPage({ action: `${OIDC}/auth`, requestId: outcome.requestId, lang: outcome.lang, error: 'bad-login' }));
  }

  function discovery(): Record<string, unknown> {
    return {
      issuer,
      authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
      token_endpoint: `${issuer}/protocol/openid-connect/token`,
      userinfo_endpoint: `${issuer}/protocol/openid-connect/userinfo`,
      jwks_uri: `${issuer}/protocol/openid-connect/certs`,
      revocation_endpoint: `${issuer}/protocol/openid-connect/revoke`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'offline_access'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'azp', 'given_name', 'email', 'email_verified'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    };
  }

  function forged(reply: TokenReply): TokenReply {
    const idToken = reply.body.id_token;
    if (typeof idToken !== 'string') return reply;
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    return { ...reply, body: { ...reply.body, id_token: new SigningKey(key.kid).signJwt(claims) } };
  }

  function faulted(res: http.ServerResponse, kind: OidcFaultKind | undefined): boolean {
    if (!kind) return false;
    if (kind === 'html')
      html(res, 200, '<!DOCTYPE html><html><head><title>Aanmelden</title></head><body><p>Wifi-login vereist</p></body></html>');
    else if (kind === 'malformed-json') send(res, 200, 'application/json', '{"access_token": "abc", "expires_in": 3');
    else send(res, 503, 'text/html', '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
    return true;
  }

  function admin(res: http.ServerResponse, route: string, body: string): void {
    let input: Record<string, unknown> = {};
    try {
      input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
    } catch {
      return json(res, { status: 400, body: { error: 'send JSON' } });
    }
    switch (route) {
      case 'POST /__admin/revoke': {
        // { refreshToken } ends that login; { sub } or {} ends every login (of that user).
        if (typeof input.refreshToken === 'string')
          return json(res, { status: 200, body: { revoked: rules.revokeRefreshToken(input.refreshToken) ? 1 : 0 } });
        return json(res, { status: 200, body: { revoked: rules.revokeAll(typeof input.sub === 'string' ? input.sub : undefined) } });
      }
      case 'POST /__admin/login':
        // A login as after the login page, for tests that start a counter already logged in.
        try {
          return json(res, {
            status: 200,
            body: { refreshToken: handle.issueLogin(typeof input.sub === 'string' ? input.sub : undefined) },
          });
        } catch (e) {
          return json(res, { status: 400, body: { error: (e as Error).message } });
        }
      case 'POST /__admin/lifetimes':
        handle.setLifetimes(input);
        return json(res, { status: 200, body: { ...rules.lifetimes } });
      case 'POST /__admin/faults':
        handle.fault(input as unknown as OidcFault);
        return json(res, { status: 200, body: { faults: faults.length } });
      case 'DELETE /__admin/faults':
        handle.clearFaults();
        return json(res, { status: 200, body: { faults: 0 } });
      case 'GET /__admin/stats':
        return json(res, { status: 200, body: { ...rules.stats } });
      default:
        return json(res, { status: 404, body: { error: `no admin route ${route}` } });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  issuer = `http://${host}:${port}${REALM_PATH}`;
  const counter = clients.find((c) => c.grants.includes('client_credentials') && c.secret !== undefined);
  const desktop = clients.find((c) => c.secret === undefined) ?? clients[0]!;

  const handle: UitidOidcHandle = {
    issuer,
    port,
    desktopClientId: desktop.clientId,
    counterClient: { clientId: counter?.clientId ?? '', secret: counter?.secret ?? '' },
    user: users[0]!,
    issueLogin: (sub = users[0]!.sub) => {
      const token = rules.issueLogin(sub, desktop.clientId);
      if (token === undefined) throw new Error(`no login for ${sub} at ${desktop.clientId}: unknown user or client`);
      return token;
    },
    revokeRefreshToken: (token) => rules.revokeRefreshToken(token),
    revokeAll: (sub) => rules.revokeAll(sub),
    verifyAccessToken: (token) => rules.verifyAccessToken(token),
    setLifetimes: (l) => {
      for (const k of ['accessTokenS', 'refreshTokenS', 'codeS'] as const) {
        const v = l[k];
        if (typeof v === 'number' && Number.isFinite(v) && v > 0) rules.lifetimes[k] = v;
      }
    },
    fault: (f) => {
      if (
        (f.endpoint !== 'token' && f.endpoint !== 'discovery') ||
        !['html', 'malformed-json', 'server-error', 'forged-id-token'].includes(f.kind)
      ) {
        throw new Error(`unknown fault ${JSON.stringify(f)}`);
      }
      faults.push({ endpoint: f.endpoint, kind: f.kind, times: f.times ?? 1 });
    },
    clearFaults: () => void faults.splice(0),
    stats: () => ({ ...rules.stats }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
  return handle;
}

function formOf(req: http.IncomingMessage, body: string): URLSearchParams | undefined {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  return new URLSearchParams(body);
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

function json(res: http.ServerResponse, reply: TokenReply): void {
  send(res, reply.status, 'application/json', JSON.stringify(reply.body), reply.headers);
}

function html(res: http.ServerResponse, status: number, body: string): void {
  // The login page runs no script. No form-action: browsers apply it to the redirect that follows
  // the post too, and that goes to the application's loopback callback.
  send(res, status, 'text/html; charset=utf-8', body, {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
    'cache-control': 'no-store',
  });
}

function redirect(res: http.ServerResponse, location: string): void {
  send(res, 302, 'text/plain', `Redirecting to ${location}`, { location, 'cache-control': 'no-store' });
}
