/**
 * What Loket does when something other than UiTiD answers, or nothing does: an HTML page (a
 * captive portal, a proxy), cut-off JSON, a 503, a provider that is gone. A login fails with a
 * message that says so; a renewal that fails this way is no refused login (`not-sent`, the
 * status stays as it was), and a token that is still valid keeps being used.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_AHEAD_MS } from '../../../main/auth/oidc/oidc-login-service.js';
import { startUitidOidc, type OidcFault, type UitidOidcHandle } from '../../../main/tools/uitid-oidc/server.js';
import { browserLogin, logIn, oidcHarness } from '../../support/uitid-oidc.js';

const ACCESS_S = 600;
let provider: UitidOidcHandle;
beforeEach(async () => {
  provider = await startUitidOidc({ port: 0, autoApprove: 'baliemedewerker', lifetimes: { accessTokenS: ACCESS_S } });
});
afterEach(() => provider.close());

describe('the code exchange', () => {
  it.each<[OidcFault['kind'], RegExp]>([
    ['html', /not JSON \(content type text\/html.*Wi-Fi login page/],
    ['malformed-json', /not valid JSON/],
    ['server-error', /could not answer the code exchange \(HTTP 503\)/],
  ])('a %s answer is a failed login with a clear message, nothing stored', async (kind, message) => {
    const h = oidcHarness(provider);
    const callback = await browserLogin((await h.service.start()).authorizeUrl);
    provider.fault({ endpoint: 'token', kind });
    const outcome = await h.service.completeCallback(callback);
    expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
    expect(outcome.ok === false && outcome.message).toMatch(message);
    expect(h.service.status()).toMatchObject({ state: 'logged-out', reason: 'none' });
    expect(await h.store.load()).toEqual({});
  });
});

describe('discovery', () => {
  it('an HTML page instead of the configuration: auth.login fails clearly, and works once UiTiD answers', async () => {
    const h = oidcHarness(provider);
    provider.fault({ endpoint: 'discovery', kind: 'html' });
    await expect(h.service.start()).rejects.toMatchObject({
      code: 'UITPAS_UNAVAILABLE',
      message: expect.stringMatching(/not JSON/) as unknown,
    });
    expect(h.service.status()).toMatchObject({ state: 'logged-out' });
    await logIn(h);
    expect(h.service.status()).toMatchObject({ state: 'ready' });
  });

  it('no provider at that address: UITPAS_OFFLINE', async () => {
    const gone = await startUitidOidc({ port: 0 });
    const issuer = gone.issuer;
    await gone.close();
    const h = oidcHarness(provider, { issuer });
    await expect(h.service.start()).rejects.toMatchObject({ code: 'UITPAS_OFFLINE' });
  });

  it('refuses an issuer on plain http that is not loopback, before any request', async () => {
    const h = oidcHarness(provider, { issuer: 'http://account-test.uitid.be/realms/uitid' });
    await expect(h.service.start()).rejects.toMatchObject({ message: expect.stringMatching(/needs https/) as unknown });
  });
});

describe('a renewal', () => {
  it.each<OidcFault['kind']>(['html', 'malformed-json', 'server-error'])(
    'meeting a %s answer keeps using the token while it is valid, then fails not-sent without expiring the login',
    async (kind) => {
      const h = oidcHarness(provider);
      await logIn(h);
      const token = await h.service.bearerToken();
      provider.fault({ endpoint: 'token', kind, times: 2 });

      h.advance(ACCESS_S * 1000 - REFRESH_AHEAD_MS + 1000);
      expect(await h.service.bearerToken()).toBe(token);
      h.advance(REFRESH_AHEAD_MS);
      const err = await h.service.bearerToken().catch((e: unknown) => e);
      expect(err).toMatchObject({ kind: 'not-sent' });
      expect(h.service.status()).toMatchObject({ state: 'ready' });
      expect(h.events.some((e) => e.reason === 'expired')).toBe(false);

      // UiTiD is back: the same refresh token still works.
      const renewed = await h.service.bearerToken();
      expect(provider.verifyAccessToken(renewed)).toBeTruthy();
    },
  );

  it('with UiTiD unreachable: not-sent, the login holds', async () => {
    const h = oidcHarness(provider);
    await logIn(h);
    await h.service.bearerToken();
    await provider.close();
    h.advance(ACCESS_S * 1000);
    await expect(h.service.bearerToken()).rejects.toMatchObject({
      kind: 'not-sent',
      message: expect.stringMatching(/cannot be reached/) as unknown,
    });
    expect(h.service.status()).toMatchObject({ state: 'ready' });
  });
});
