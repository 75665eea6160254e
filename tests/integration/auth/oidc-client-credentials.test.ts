/**
 * An installation configured with a client id and secret uses client access tokens
 * (`client_credentials`, publiq's projects/authentication/docs/client-access-token.md) instead of
 * an employee login: the token is fetched when first needed, cached until shortly before it
 * expires, and a refused secret is the `expired` state. Local provider, real HTTP.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { REFRESH_AHEAD_MS } from '../../../main/auth/oidc/oidc-login-service.js';
import { startUitidOidc, type UitidOidcHandle } from '../../../main/tools/uitid-oidc/server.js';
import { oidcHarness, SELLING_ORGANIZER } from '../../support/uitid-oidc.js';

const ACCESS_S = 600;
let provider: UitidOidcHandle;
beforeEach(async () => {
  provider = await startUitidOidc({ port: 0, lifetimes: { accessTokenS: ACCESS_S } });
});
afterEach(() => provider.close());

it('needs no login: a client token on first use, cached, renewed ahead of expiry, its organizer chosen', async () => {
  const h = oidcHarness(provider, { clientSecret: provider.counterClient.secret });
  expect(h.service.kind).toBe('client');
  expect(h.service.status()).toMatchObject({ state: 'choose-counter', consumerConfigured: true });
  expect(h.service.status().userId).toBeUndefined();

  const token = await h.service.bearerToken();
  expect(provider.verifyAccessToken(token)).toMatchObject({ sub: 'service-account-loket-counter-client' });
  expect(await h.service.bearerToken()).toBe(token);
  expect(provider.stats()).toEqual({ authorization_code: 0, refresh_token: 0, client_credentials: 1 });

  expect(await h.service.listCounters()).toEqual([{ ...SELLING_ORGANIZER, lastUsed: false }]);
  expect(await h.service.chooseCounter(SELLING_ORGANIZER.consumerKey)).toMatchObject({
    state: 'ready',
    counter: { consumerKey: SELLING_ORGANIZER.consumerKey },
  });
  expect(h.service.session()).toEqual({ counterKey: SELLING_ORGANIZER.consumerKey, userId: undefined });

  h.advance(ACCESS_S * 1000 - REFRESH_AHEAD_MS + 1000);
  const renewed = await h.service.bearerToken();
  expect(renewed).not.toBe(token);
  expect(provider.stats().client_credentials).toBe(2);
  // Nothing of a client login is stored: the secret is configuration, the token lives in memory.
  expect(await h.store.load()).toEqual({});
});

it('auth.login with client credentials asks for a token at once; the renderer only waits for the event', async () => {
  const h = oidcHarness(provider, { clientSecret: provider.counterClient.secret });
  const started = await h.service.start();
  expect(started).toEqual({ authorizeUrl: provider.issuer, opens: 'window' });
  expect(h.opened).toEqual([]);
  expect(h.service.status()).toMatchObject({ state: 'ready', counter: { consumerKey: SELLING_ORGANIZER.consumerKey } });
  expect(h.resumed()).toBe(1);
});

it('a wrong client secret: refused, expired, and auth.login says why', async () => {
  const h = oidcHarness(provider, { clientSecret: 'not-the-secret' });
  await expect(h.service.bearerToken()).rejects.toMatchObject({
    kind: 'unauthorized',
    message: expect.stringMatching(/invalid_client/) as unknown,
  });
  expect(h.service.status()).toMatchObject({ state: 'logged-out', reason: 'expired' });
  await expect(h.service.start()).rejects.toMatchObject({ code: 'AUTH_REFUSED' });
});

it('a refused UiTPAS call gets one new client token; the queue resumes', async () => {
  const h = oidcHarness(provider, { clientSecret: provider.counterClient.secret });
  const first = await h.service.bearerToken();
  h.service.unauthorized();
  await expect.poll(() => h.resumed()).toBe(1);
  expect(await h.service.bearerToken()).not.toBe(first);
  expect(h.service.status().reason).toBeUndefined();
});
