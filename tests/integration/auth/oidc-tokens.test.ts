/**
 * The access token's life after an API 4 login, against the local provider over HTTP: kept in
 * memory until shortly before it expires, then renewed with the refresh token (rotated, stored,
 * one renewal at a time); a refused refresh is the `expired` state that pauses the queue and asks
 * for a login; a refused UiTPAS call is answered once with a new token; log out and restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_AHEAD_MS, SILENT_RECOVERY_WINDOW_MS } from '../../../main/auth/oidc/oidc-login-service.js';
import { FileSecretStore } from '../../../main/auth/secret-store.js';
import { startUitidOidc, type UitidOidcHandle } from '../../../main/tools/uitid-oidc/server.js';
import { UitpasError } from '../../../main/uitpas/port.js';
import { logIn, oidcHarness, SELLING_ORGANIZER, type Harness } from '../../support/uitid-oidc.js';

const ACCESS_S = 600;

let provider: UitidOidcHandle;
let dir: string;
let store: FileSecretStore;
let h: Harness;
beforeEach(async () => {
  provider = await startUitidOidc({ port: 0, autoApprove: 'baliemedewerker', lifetimes: { accessTokenS: ACCESS_S } });
  dir = mkdtempSync(join(tmpdir(), 'loket-oidc-tokens-'));
  store = new FileSecretStore(dir);
  h = oidcHarness(provider, { store });
  await logIn(h);
});
afterEach(async () => {
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
});

const storedRefreshToken = async () => (await store.load()).oidc?.refreshToken;

describe('renewal', () => {
  it('keeps the token until shortly before it expires, then refreshes it ahead of expiry and stores the rotated refresh token', async () => {
    const first = await h.service.bearerToken();
    const firstRefresh = await storedRefreshToken();
    // 30 s short of the renewal point: room for a slow machine between the login and this call.
    h.advance(ACCESS_S * 1000 - REFRESH_AHEAD_MS - 30_000);
    expect(await h.service.bearerToken()).toBe(first);
    expect(provider.stats().refresh_token).toBe(0);

    h.advance(31_000);
    const second = await h.service.bearerToken();
    expect(second).not.toBe(first);
    expect(provider.stats().refresh_token).toBe(1);
    expect(provider.verifyAccessToken(second)).toMatchObject({ sub: provider.user.sub });
    // Rotation: the stored token is the new one, and the old one is spent at UiTiD.
    const rotated = await storedRefreshToken();
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(firstRefresh);
    expect(await h.service.bearerToken()).toBe(second);
    expect(h.service.status()).toMatchObject({ state: 'ready' });
  });

  it('many calls at once share one refresh (a second refresh with the same token would be a replay)', async () => {
    h.advance(ACCESS_S * 1000);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => h.service.bearerToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(provider.stats().refresh_token).toBe(1);
    expect(h.service.status()).toMatchObject({ state: 'ready' });
  });

  it('a refresh token replayed after rotation ends that login at the provider (reuse detection)', async () => {
    const old = (await storedRefreshToken())!;
    h.advance(ACCESS_S * 1000);
    await h.service.bearerToken();
    const res = await fetch(`${provider.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: old, client_id: provider.desktopClientId }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
    // The whole family is revoked: the next renewal is refused too, and the login expires.
    h.advance(ACCESS_S * 1000);
    await expect(h.service.bearerToken()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(h.service.status()).toMatchObject({ state: 'logged-out', reason: 'expired' });
  });
});

describe('a refused refresh', () => {
  it('revoked at UiTiD: expired, the same state as the XML login, and the stored token is gone', async () => {
    const resumedBefore = h.resumed();
    expect(provider.revokeRefreshToken((await storedRefreshToken())!)).toBe(true);
    // Still valid: nothing to renew yet.
    const token = await h.service.bearerToken();
    expect(token).toBeTruthy();

    h.advance(ACCESS_S * 1000);
    const err = await h.service.bearerToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UitpasError);
    // 'unauthorized' is what pauses the sales queue (UnauthorizedWatch, replay worker).
    expect(err).toMatchObject({ kind: 'unauthorized', message: expect.stringMatching(/invalid_grant/) as unknown });
    const status = h.service.status();
    expect(status).toEqual({
      state: 'logged-out',
      reason: 'expired',
      fromEnvironment: false,
      consumerConfigured: true,
      secretStorage: { kind: 'file', plainText: true },
    });
    expect(h.events.at(-1)).toEqual(status);
    expect((await store.load()).oidc).toBeUndefined();
    // As with the XML login, the session holds: a sale made now is queued for this counter.
    expect(h.service.session()).toEqual({ counterKey: SELLING_ORGANIZER.consumerKey, userId: provider.user.sub });
    expect(h.resumed()).toBe(resumedBefore);
    // Later calls fail at once, without asking UiTiD again.
    const calls = provider.stats().refresh_token;
    await expect(h.service.bearerToken()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(provider.stats().refresh_token).toBe(calls);
    await expect(h.service.listCounters()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' });

    // The employee logs in again: the same organizer, and the queue is resumed.
    await logIn(h);
    expect(h.service.status()).toMatchObject({ state: 'ready', counter: { consumerKey: SELLING_ORGANIZER.consumerKey } });
    expect(h.resumed()).toBe(resumedBefore + 1);
    expect(await h.service.bearerToken()).toBeTruthy();
  });

  it('expired at UiTiD (refresh lifetime over): expired as well', async () => {
    provider.setLifetimes({ refreshTokenS: 1 });
    await logIn(h);
    await new Promise((r) => setTimeout(r, 1100));
    h.advance(ACCESS_S * 1000);
    await expect(h.service.bearerToken()).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(h.service.status()).toMatchObject({ state: 'logged-out', reason: 'expired' });
  });
});

describe('a UiTPAS call refused for its token', () => {
  it('is answered once with a new token and the queue resumes; refused again soon after, the login is expired', async () => {
    const before = await h.service.bearerToken();
    const resumed = h.resumed();
    h.service.unauthorized();
    expect(h.service.status()).toMatchObject({ state: 'ready' });
    await expect.poll(() => h.resumed()).toBe(resumed + 1);
    const renewed = await h.service.bearerToken();
    expect(renewed).not.toBe(before);
    expect(provider.stats().refresh_token).toBe(1);

    h.advance(SILENT_RECOVERY_WINDOW_MS / 2);
    h.service.unauthorized();
    expect(h.service.status()).toMatchObject({ state: 'logged-out', reason: 'expired' });
    expect(h.events.at(-1)).toMatchObject({ state: 'logged-out', reason: 'expired' });
    expect(h.resumed()).toBe(resumed + 1);
  });

  it('with the refresh token revoked as well, the silent renewal ends in expired, and the queue stays paused', async () => {
    provider.revokeAll();
    const resumed = h.resumed();
    h.service.unauthorized();
    await expect.poll(() => h.service.status().reason).toBe('expired');
    expect(h.resumed()).toBe(resumed);
  });
});

describe('log out and start again', () => {
  it('log out forgets the tokens, revokes the refresh token at UiTiD, and the next start is logged out', async () => {
    const refresh = (await storedRefreshToken())!;
    const access = await h.service.bearerToken();
    const status = await h.service.logout();
    expect(status).toMatchObject({ state: 'logged-out', reason: 'logged-out' });
    expect(h.service.session()).toEqual({ counterKey: undefined, userId: undefined });
    expect((await store.load()).oidc).toBeUndefined();
    await expect(h.service.bearerToken()).rejects.toMatchObject({ kind: 'unauthorized' });
    // Revocation is not awaited by logout: it arrives shortly after.
    await expect
      .poll(async () => {
        const res = await fetch(`${provider.issuer}/protocol/openid-connect/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: refresh,
            client_id: provider.desktopClientId,
          }).toString(),
        });
        return res.status;
      })
      .toBe(400);
    expect(provider.verifyAccessToken(access)).toBeUndefined();

    const next = oidcHarness(provider, { store: new FileSecretStore(dir) });
    expect(next.service.status()).toMatchObject({ state: 'logged-out', reason: 'none' });
  });

  it('a restart finds the stored refresh token and renews with it; one of another issuer or client is not sent', async () => {
    const stored = (await store.load()).oidc!;
    const initial = { stored, userId: provider.user.sub, counterKey: SELLING_ORGANIZER.consumerKey, counterName: SELLING_ORGANIZER.name };
    const next = oidcHarness(provider, { store, initial });
    expect(next.service.status()).toMatchObject({
      state: 'ready',
      userId: provider.user.sub,
      counter: { consumerKey: SELLING_ORGANIZER.consumerKey },
    });
    const before = provider.stats().refresh_token;
    expect(provider.verifyAccessToken(await next.service.bearerToken())).toMatchObject({ sub: provider.user.sub });
    expect(provider.stats().refresh_token).toBe(before + 1);

    const otherIssuer = oidcHarness(provider, {
      store,
      initial: { ...initial, stored: { ...stored, issuer: 'https://account.uitid.be/realms/uitid' } },
    });
    expect(otherIssuer.service.status()).toMatchObject({ state: 'logged-out', reason: 'none' });
    await expect(otherIssuer.service.bearerToken()).rejects.toMatchObject({ kind: 'unauthorized' });
    const otherClient = oidcHarness(provider, { store, initial: { ...initial, stored: { ...stored, clientId: 'another-client' } } });
    expect(otherClient.service.status()).toMatchObject({ state: 'logged-out' });
    expect(provider.stats().refresh_token).toBe(before + 1);
  });
});
