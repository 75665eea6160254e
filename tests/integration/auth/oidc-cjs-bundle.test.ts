/**
 * openid-client is ESM-only and main.cjs is a CJS bundle: the API 4 login, bundled with main's own
 * esbuild options and loaded with require(), logs in against the local provider (client access
 * token and the PKCE flow), so the library works once the runtime imports it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAIN_BUNDLE_OPTIONS, ROOT } from '../../../scripts/build-main.mjs';
import { MemorySecretStore } from '../../../main/auth/secret-store.js';
import type * as Oidc from '../../../main/auth/oidc/index.js';
import { startUitidOidc, type UitidOidcHandle } from '../../../main/tools/uitid-oidc/server.js';
import { browserLogin, WINDOW_CALLBACK } from '../../support/uitid-oidc.js';

let out: string;
let bundled: typeof Oidc;
let provider: UitidOidcHandle;
beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'loket-oidc-cjs-'));
  const outfile = path.join(out, 'oidc.cjs');
  await build({ ...MAIN_BUNDLE_OPTIONS, absWorkingDir: ROOT, entryPoints: ['main/auth/oidc/index.ts'], outfile, logLevel: 'silent' });
  // Bundled, not left to node_modules: main.cjs ships without openid-client beside it.
  expect(readFileSync(outfile, 'utf8')).not.toMatch(/require\(["'](openid-client|oauth4webapi|jose)["']\)/);
  bundled = createRequire(import.meta.url)(outfile) as typeof Oidc;
  provider = await startUitidOidc({ port: 0, autoApprove: 'baliemedewerker' });
}, 120_000);
afterAll(async () => {
  await provider.close();
  rmSync(out, { recursive: true, force: true });
});

it('the bundled login runs discovery, PKCE and the grants', async () => {
  const uitid = new bundled.UitidOidcClient({ issuer: provider.issuer, clientId: provider.desktopClientId });
  const { url, pending } = await uitid.authorizationRequest({ redirectUri: WINDOW_CALLBACK, language: 'nl' });
  const tokens = await uitid.exchangeCode(await browserLogin(url), pending);
  expect(tokens.userId).toBe(provider.user.sub);
  expect(provider.verifyAccessToken((await uitid.refresh(tokens.refreshToken!)).accessToken)).toBeTruthy();

  const service = new bundled.OidcLoginService({
    uitid: { issuer: provider.issuer, clientId: provider.counterClient.clientId, clientSecret: provider.counterClient.secret },
    listCounters: () => Promise.resolve([]),
    store: new MemorySecretStore(),
    initial: {},
    persist: false,
    language: () => 'nl',
    saveSession: () => Promise.resolve(),
    emit: () => {},
    resumeQueue: () => {},
  });
  expect(provider.verifyAccessToken(await service.bearerToken())).toBeTruthy();
});
