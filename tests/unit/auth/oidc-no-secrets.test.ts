/**
 * API 4's login never gives the renderer a secret: every status it returns or emits, through a
 * login, renewals, a refused refresh and a log out, has exactly AuthStatus's shape (no extra
 * field) and contains neither the authorization code, the access token, the refresh token, the
 * PKCE verifier nor the client secret. Local provider over loopback HTTP.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuthStatus } from '../../../contract/schemas/auth.js';
import { startUitidOidc, type UitidOidcHandle } from '../../../main/tools/uitid-oidc/server.js';
import { browserLogin, oidcHarness } from '../../support/uitid-oidc.js';

let provider: UitidOidcHandle;
beforeEach(async () => {
  provider = await startUitidOidc({ port: 0, autoApprove: 'baliemedewerker' });
});
afterEach(() => provider.close());

/** The contract's schema with unknown keys refused: a field added to carry a token would fail. */
const Exact = AuthStatus.strict();

it('employee login: statuses carry no code, access token or refresh token', async () => {
  const h = oidcHarness(provider);
  const statuses: unknown[] = [h.service.status()];
  const started = await h.service.start();
  statuses.push(h.service.status(), started);
  const callback = await browserLogin(started.authorizeUrl);
  const secrets = [callback.searchParams.get('code')!];
  expect(await h.service.completeCallback(callback)).toEqual({ ok: true });
  statuses.push(h.service.status(), await h.service.listCounters());

  secrets.push(await h.service.bearerToken(), (await h.store.load()).oidc!.refreshToken);
  h.advance(3600_000);
  secrets.push(await h.service.bearerToken(), (await h.store.load()).oidc!.refreshToken);
  statuses.push(h.service.status());
  provider.revokeAll();
  h.advance(3600_000);
  await h.service.bearerToken().catch(() => undefined);
  statuses.push(h.service.status(), await h.service.logout());

  for (const s of [...statuses.filter((x) => !Array.isArray(x) && !(x as { authorizeUrl?: string }).authorizeUrl), ...h.events]) {
    expect(() => Exact.parse(s)).not.toThrow();
  }
  expect(h.events.map((e) => e.state)).toEqual(expect.arrayContaining(['waiting', 'ready', 'logged-out']));
  expect(h.events.some((e) => e.reason === 'expired')).toBe(true);

  const all = JSON.stringify([statuses, h.events]);
  expect(secrets.every((s) => s.length >= 20)).toBe(true);
  for (const secret of secrets) expect(all).not.toContain(secret);
  // The authorize URL reaches the renderer (it opens the popup): its state is public by design,
  // the PKCE verifier is not in it (only the challenge), and nothing else is.
  expect(all).not.toContain('code_verifier');
});

it('client credentials: the client secret and the client token appear in no status', async () => {
  const h = oidcHarness(provider, { clientSecret: provider.counterClient.secret });
  const statuses: unknown[] = [h.service.status(), await h.service.start(), h.service.status()];
  const token = await h.service.bearerToken();
  for (const s of [h.service.status(), ...h.events]) expect(() => Exact.parse(s)).not.toThrow();
  const all = JSON.stringify([statuses, h.events]);
  expect(all).not.toContain(provider.counterClient.secret);
  expect(all).not.toContain(token);
});
