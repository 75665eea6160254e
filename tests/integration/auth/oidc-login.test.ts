/**
 * API 4's UiTiD login against the local OpenID Connect provider over real HTTP on loopback: the
 * Authorization Code flow with PKCE S256 as a browser plays it (the login page, then the
 * redirect), and everything that must refuse it: a foreign state, a wrong verifier, a code used
 * twice, a nonce or an ID token signature that does not match.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../main/auth/secret-store.js';
import { OidcError, UitidOidcClient } from '../../../main/auth/oidc/uitid-client.js';
import { startUitidOidc, type UitidOidcHandle } from '../../../main/tools/uitid-oidc/server.js';
import { browserLogin, oidcHarness, SELLING_ORGANIZER, WINDOW_CALLBACK } from '../../support/uitid-oidc.js';

let provider: UitidOidcHandle;
let dir: string;
beforeEach(async () => {
  provider = await startUitidOidc({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'loket-oidc-'));
});
afterEach(async () => {
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the login through the login page', () => {
  it('PKCE S256 round trip: authorize URL -> login page -> redirect -> tokens -> the one selling organizer', async () => {
    const store = new FileSecretStore(dir);
    const h = oidcHarness(provider, { store });
    expect(h.service.status()).toMatchObject({ state: 'logged-out', reason: 'none', consumerConfigured: true });

    const started = await h.service.start();
    expect(started.opens).toBe('window');
    expect(h.opened).toEqual([started.authorizeUrl]);
    const authorize = new URL(started.authorizeUrl);
    expect(authorize.origin + authorize.pathname).toBe(`${provider.issuer}/protocol/openid-connect/auth`);
    const q = authorize.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(provider.desktopClientId);
    expect(q.get('redirect_uri')).toBe(WINDOW_CALLBACK);
    expect(q.get('scope')).toBe('openid email offline_access');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toBeTruthy();
    expect(q.get('nonce')).toBeTruthy();
    // A shared counter PC: never UiTiD's single sign-on as the previous employee.
    expect(q.get('prompt')).toBe('login');
    expect(q.get('ui_locales')).toBe('fr');
    // The verifier itself never leaves main.
    expect(started.authorizeUrl).not.toContain('code_verifier');
    expect(h.service.status().state).toBe('waiting');

    const callback = await browserLogin(started.authorizeUrl);
    expect(callback.origin + callback.pathname).toBe(WINDOW_CALLBACK);
    expect(callback.searchParams.get('state')).toBe(q.get('state'));
    expect(callback.searchParams.get('iss')).toBe(provider.issuer);
    expect(await h.service.completeCallback(callback)).toEqual({ ok: true });

    // Two organizers; only one may register ticket sales, so it is chosen.
    const status = h.service.status();
    expect(status).toMatchObject({
      state: 'ready',
      userId: provider.user.sub,
      counter: { consumerKey: SELLING_ORGANIZER.consumerKey, name: SELLING_ORGANIZER.name },
    });
    expect(h.service.session()).toEqual({ counterKey: SELLING_ORGANIZER.consumerKey, userId: provider.user.sub });
    expect(h.resumed()).toBe(1);
    expect(h.events.at(-1)).toEqual(status);

    // The token the API 4 client gets is valid at the provider; the refresh token sits in the
    // 0600 secrets file with its issuer and client, and nowhere in the status.
    const token = await h.service.bearerToken();
    expect(provider.verifyAccessToken(token)).toMatchObject({ sub: provider.user.sub, clientId: provider.desktopClientId });
    const stored = await store.load();
    expect(stored.oidc).toMatchObject({ issuer: provider.issuer, clientId: provider.desktopClientId });
    expect(stored.oidc?.refreshToken).toMatch(/.{20,}/);
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(provider.stats()).toEqual({ authorization_code: 1, refresh_token: 0, client_credentials: 0 });
  });

  it('a wrong password keeps the form; cancelling comes back as a refusal that logs nobody in', async () => {
    const h = oidcHarness(provider);
    const started = await h.service.start();
    await expect(browserLogin(started.authorizeUrl, { username: 'baliemedewerker', password: 'wrong' })).rejects.toThrow(/answered 200/);

    const page = await (await fetch(started.authorizeUrl)).text();
    const requestId = /name="request" value="([^"]+)"/.exec(page)![1]!;
    const res = await fetch(`${provider.issuer}/protocol/openid-connect/auth`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: requestId, cancel: '1' }).toString(),
    });
    const callback = new URL(res.headers.get('location')!);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(await h.service.completeCallback(callback)).toMatchObject({ ok: false, reason: 'denied' });
    expect(h.service.status()).toMatchObject({ state: 'logged-out' });
    expect(provider.stats().authorization_code).toBe(0);
  });
});

describe('what refuses a login', () => {
  it('a callback with another state is refused and leaves the login in progress; it completes only once', async () => {
    const provider2 = await startUitidOidc({ port: 0, autoApprove: 'baliemedewerker' });
    try {
      const h = oidcHarness(provider2);
      expect(await h.service.completeCallback(new URL(`${WINDOW_CALLBACK}?code=x&state=y`))).toMatchObject({
        ok: false,
        reason: 'no-login-pending',
      });
      const callback = await browserLogin((await h.service.start()).authorizeUrl);
      const foreign = new URL(callback);
      foreign.searchParams.set('state', 'someone-elses-state');
      expect(await h.service.completeCallback(foreign)).toMatchObject({ ok: false, reason: 'token-mismatch' });
      const missing = new URL(callback);
      missing.searchParams.delete('state');
      expect(await h.service.completeCallback(missing)).toMatchObject({ ok: false, reason: 'token-mismatch' });
      expect(h.service.status().state).toBe('waiting');
      expect(provider2.stats().authorization_code).toBe(0);

      expect(await h.service.completeCallback(callback)).toEqual({ ok: true });
      expect(await h.service.completeCallback(callback)).toMatchObject({ ok: false, reason: 'no-login-pending' });
    } finally {
      await provider2.close();
    }
  });

  describe('openid-client and the provider, below the service', () => {
    let uitid: UitidOidcClient;
    beforeEach(() => {
      uitid = new UitidOidcClient({ issuer: provider.issuer, clientId: provider.desktopClientId });
    });
    const request = async () => {
      const { url, pending } = await uitid.authorizationRequest({ redirectUri: WINDOW_CALLBACK, language: 'nl' });
      return { pending, callback: await browserLogin(url) };
    };

    it('openid-client refuses a state that does not match before any code is sent', async () => {
      const { pending, callback } = await request();
      const err = await uitid.exchangeCode(callback, { ...pending, state: 'another-state' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OidcError);
      expect(err).toMatchObject({ kind: 'bad-response', message: expect.stringMatching(/state/) as unknown });
      expect(provider.stats().authorization_code).toBe(0);
    });

    it('a wrong PKCE verifier is refused, and spends the code', async () => {
      const { pending, callback } = await request();
      const wrong = { ...pending, codeVerifier: 'x'.repeat(43) };
      await expect(uitid.exchangeCode(callback, wrong)).rejects.toMatchObject({
        kind: 'refused',
        oauthError: 'invalid_grant',
        message: expect.stringMatching(/PKCE verification failed/) as unknown,
      });
      await expect(uitid.exchangeCode(callback, pending)).rejects.toMatchObject({ kind: 'refused', oauthError: 'invalid_grant' });
    });

    it('a code works once; used again it is refused and the login it gave is revoked (RFC 6749 §4.1.2)', async () => {
      const { pending, callback } = await request();
      const tokens = await uitid.exchangeCode(callback, pending);
      expect(tokens.userId).toBe(provider.user.sub);
      expect(tokens.refreshToken).toBeTruthy();
      await expect(uitid.exchangeCode(callback, pending)).rejects.toMatchObject({
        kind: 'refused',
        message: expect.stringMatching(/Code already used/) as unknown,
      });
      expect(provider.verifyAccessToken(tokens.accessToken)).toBeUndefined();
      await expect(uitid.refresh(tokens.refreshToken!)).rejects.toMatchObject({ kind: 'refused', oauthError: 'invalid_grant' });
    });

    it('the ID token is checked: its nonce, and its signature against the JWKS', async () => {
      const first = await request();
      await expect(uitid.exchangeCode(first.callback, { ...first.pending, nonce: 'another-nonce' })).rejects.toMatchObject({
        kind: 'bad-response',
        message: expect.stringMatching(/nonce/) as unknown,
      });
      const second = await request();
      provider.fault({ endpoint: 'token', kind: 'forged-id-token' });
      await expect(uitid.exchangeCode(second.callback, second.pending)).rejects.toMatchObject({
        kind: 'bad-response',
        message: expect.stringMatching(/signature/i) as unknown,
      });
    });

    it('the provider refuses a redirect URI that is not registered, without redirecting to it', async () => {
      const { url } = await uitid.authorizationRequest({ redirectUri: 'http://attacker.example/cb', language: 'nl' });
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      // A loopback redirect matches at any port (RFC 8252 §7.3): the web host's port is random.
      const atPort = await uitid.authorizationRequest({ redirectUri: 'http://127.0.0.1:54321/oauth/callback', language: 'nl' });
      expect((await fetch(atPort.url, { redirect: 'manual' })).status).toBe(200);
    });
  });
});
