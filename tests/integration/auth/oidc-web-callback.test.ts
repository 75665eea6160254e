/**
 * The web host's popup login with API 4: the redirect URI is the host's own /oauth/callback on
 * 127.0.0.1 at whatever port it got (RFC 8252 §7.3), the browser follows UiTiD's redirect there,
 * and the host hands the whole URL to the OpenID Connect login, the same route the XML login uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CALLBACK_PATH } from '../../../main/auth/callback-page.js';
import { EventBus } from '../../../main/core/event-bus.js';
import { silentLogger } from '../../../main/core/log.js';
import { startUitidOidc, type UitidOidcHandle } from '../../../main/tools/uitid-oidc/server.js';
import { startWebHost, type WebHost } from '../../../main/web/server.js';
import { browserLogin, oidcHarness, type Harness } from '../../support/uitid-oidc.js';

let provider: UitidOidcHandle;
let host: WebHost;
let dir: string;
let h: Harness;
beforeEach(async () => {
  provider = await startUitidOidc({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'loket-oidc-web-'));
  // The redirect URI is read when the login starts, after the host listens.
  h = oidcHarness(provider, { transport: { opens: 'popup', callbackUrl: () => `${host.origin}${CALLBACK_PATH}`, open: () => {} } });
  host = await startWebHost({
    dispatcher: { dispatch: () => Promise.resolve({ ok: false, error: { code: 'X', message: 'x' } }) },
    bus: new EventBus(),
    rendererDir: dir,
    log: silentLogger,
    oauthCallback: (callback) => h.service.completeCallback(callback),
  });
});
afterEach(async () => {
  await host.close();
  await provider.close();
  rmSync(dir, { recursive: true, force: true });
});

it('login page -> redirect to the web host -> the success page closes the popup; the service is ready', async () => {
  const started = await h.service.start();
  expect(started.opens).toBe('popup');
  expect(new URL(started.authorizeUrl).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${host.port}/oauth/callback`);

  const callback = await browserLogin(started.authorizeUrl);
  expect(callback.origin).toBe(host.origin);
  const page = await fetch(callback);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Je bent aangemeld');
  expect(h.service.status()).toMatchObject({ state: 'ready', userId: provider.user.sub });

  // The browser's history replays the callback: the code is not spent a second time.
  const again = await fetch(callback);
  expect(again.status).toBe(400);
  expect(await again.text()).toContain('data-reason="no-login-pending"');
  expect(provider.stats().authorization_code).toBe(1);
});

it('a callback that does not belong to the login in progress shows the refusal and leaves the login waiting', async () => {
  await h.service.start();
  const res = await fetch(`${host.origin}${CALLBACK_PATH}?code=stolen&state=not-ours`);
  expect(res.status).toBe(400);
  expect(await res.text()).toContain('data-reason="token-mismatch"');
  expect(h.service.status().state).toBe('waiting');
  expect(provider.stats().authorization_code).toBe(0);
});
