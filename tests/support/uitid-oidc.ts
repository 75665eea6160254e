/**
 * For the OpenID Connect login tests: the employee's browser (follows the authorize redirect or
 * fills in the provider's login page, over real HTTP), a small resource server that names the
 * organizers a bearer token may act for (asks the provider's userinfo endpoint, so a stale or
 * revoked token is refused as UiTPAS would), and a login service wired to the provider.
 */
import type { AuthStatus } from '../../contract/schemas/auth.js';
import type { Counter } from '../../contract/domain.js';
import type { LoginTransport } from '../../main/auth/login-flow.js';
import { OidcLoginService, type OidcLoginOptions } from '../../main/auth/oidc/oidc-login-service.js';
import { MemorySecretStore, type SecretStore } from '../../main/auth/secret-store.js';
import type { UitidOidcHandle } from '../../main/tools/uitid-oidc/server.js';
import { UitpasError } from '../../main/uitpas/port.js';

/** The login window's callback (never loaded: the transport catches it). */
export const WINDOW_CALLBACK = 'http://127.0.0.1/loket-oauth-callback';

/**
 * What the browser does with the authorize URL: an auto-approving provider redirects at once;
 * otherwise the login page is filled in and posted. Returns where UiTiD sends the browser.
 */
export async function browserLogin(
  authorizeUrl: string,
  login: { username: string; password: string } = { username: 'baliemedewerker', password: 'demo' },
): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status === 302) return new URL(page.headers.get('location')!);
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}: ${await page.text()}`);
  const html = await page.text();
  const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!requestId || !action) throw new Error(`no login form in ${html}`);
  const res = await fetch(new URL(action, authorizeUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, ...login }).toString(),
  });
  if (res.status !== 302) throw new Error(`login form answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location')!);
}

export const SELLING_ORGANIZER: Counter = {
  id: 'b0a1e5ee-d000-4c00-8000-00000000b001',
  consumerKey: 'b0a1e5ee-d000-4c00-8000-00000000b001',
  name: 'Cultuurcentrum De Kruisboog',
  canSell: true,
};
export const LOOKUP_ORGANIZER: Counter = {
  id: 'b0a1e5ee-d000-4c00-8000-00000000b003',
  consumerKey: 'b0a1e5ee-d000-4c00-8000-00000000b003',
  name: 'Sociaal Huis — onthaal',
  canSell: false,
};

/**
 * GET /permissions as UiTPAS would answer it, with the provider as the token's judge: a token
 * the provider no longer accepts is a 401 (`unauthorized`), like API 4's.
 */
export function organizersVia(provider: UitidOidcHandle, token: () => Promise<string>): () => Promise<Counter[]> {
  return async () => {
    const res = await fetch(`${provider.issuer}/protocol/openid-connect/userinfo`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    if (res.status === 401)
      throw new UitpasError('unauthorized', 'GET /permissions: UiTPAS refused the access token (HTTP 401)', { httpStatus: 401 });
    const { sub } = (await res.json()) as { sub: string };
    return sub.startsWith('service-account-') ? [SELLING_ORGANIZER] : [SELLING_ORGANIZER, LOOKUP_ORGANIZER];
  };
}

export interface Harness {
  service: OidcLoginService;
  store: SecretStore;
  events: AuthStatus[];
  opened: string[];
  resumed: () => number;
  /** Moves the service's clock (not the provider's) by this much. */
  advance(ms: number): void;
}

export function oidcHarness(
  provider: UitidOidcHandle,
  o: {
    clientSecret?: string;
    clientId?: string;
    store?: SecretStore;
    transport?: LoginTransport;
    initial?: OidcLoginOptions['initial'];
    persist?: boolean;
    issuer?: string;
  } = {},
): Harness {
  const events: AuthStatus[] = [];
  const opened: string[] = [];
  let resumed = 0;
  let offset = 0;
  const store = o.store ?? new MemorySecretStore();
  const secret = o.clientSecret;
  // listCounters asks for the token only when called, after construction.
  const service: OidcLoginService = new OidcLoginService({
    uitid: {
      issuer: o.issuer ?? provider.issuer,
      clientId: o.clientId ?? (secret ? provider.counterClient.clientId : provider.desktopClientId),
      clientSecret: secret,
    },
    listCounters: organizersVia(provider, () => service.bearerToken()),
    store,
    initial: o.initial ?? {},
    persist: o.persist ?? true,
    language: () => 'fr',
    saveSession: () => Promise.resolve(),
    emit: (s) => void events.push(s),
    resumeQueue: () => void resumed++,
    now: () => Date.now() + offset,
  });
  service.attachTransport(o.transport ?? { opens: 'window', callbackUrl: () => WINDOW_CALLBACK, open: (url) => void opened.push(url) });
  return {
    service,
    store,
    events,
    opened,
    resumed: () => resumed,
    advance: (ms) => {
      offset += ms;
    },
  };
}

/** Start -> the browser -> the callback: a logged-in harness. */
export async function logIn(h: Harness): Promise<void> {
  const started = await h.service.start();
  const outcome = await h.service.completeCallback(await browserLogin(started.authorizeUrl));
  if (!outcome.ok) throw new Error(`login failed: ${outcome.message}`);
}
