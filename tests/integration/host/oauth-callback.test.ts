/**
 * The web host's /oauth/callback: what UiTiD's redirect carries goes to the login service, the
 * page says the outcome (and closes itself only on success, by a nonce-allowed script), a foreign
 * Host is refused before anything reaches the login service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CallbackOutcome } from '../../../main/auth/login-flow.js';
import { EventBus } from '../../../main/core/event-bus.js';
import { silentLogger } from '../../../main/core/log.js';
import { startWebHost, type WebHost } from '../../../main/web/server.js';
import { rawGet } from './helpers.js';

let host: WebHost;
let dir: string;
let received: Array<{ token: string | null; verifier: string | null }>;
let urls: string[];
let answer: CallbackOutcome;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loket-cb-'));
  received = [];
  urls = [];
  answer = { ok: true };
  host = await startWebHost({
    dispatcher: { dispatch: () => Promise.resolve({ ok: false, error: { code: 'X', message: 'x' } }) },
    bus: new EventBus(),
    rendererDir: dir,
    log: silentLogger,
    oauthCallback: (u) => {
      received.push({ token: u.searchParams.get('oauth_token'), verifier: u.searchParams.get('oauth_verifier') });
      urls.push(u.href);
      return Promise.resolve(answer);
    },
  });
});
afterEach(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const own = () => ({ host: `127.0.0.1:${host.port}` });

it('hands token and verifier over and shows the Dutch success page that closes itself', async () => {
  const res = await rawGet(host.port, '/oauth/callback?oauth_token=rt%201&oauth_verifier=v1', own());
  expect(res.status).toBe(200);
  expect(received).toEqual([{ token: 'rt 1', verifier: 'v1' }]);
  expect(res.body).toContain('Je bent aangemeld — dit venster mag dicht');
  const nonce = /<script nonce="([^"]+)">/.exec(res.body)?.[1];
  expect(nonce).toBeTruthy();
  expect(res.headers['content-security-policy']).toContain(`script-src 'nonce-${nonce}'`);
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  expect(res.headers['cache-control']).toBe('no-store');
});

it("hands OAuth 2's code and state over too: the whole URL, at the host's own origin", async () => {
  const res = await rawGet(host.port, '/oauth/callback?code=c%201&state=s1&iss=http%3A%2F%2F127.0.0.1%2Fr', own());
  expect(res.status).toBe(200);
  expect(urls).toEqual([`http://127.0.0.1:${host.port}/oauth/callback?code=c%201&state=s1&iss=http%3A%2F%2F127.0.0.1%2Fr`]);
});

it('a refused callback says so clearly, with the reason, and runs no script', async () => {
  answer = { ok: false, reason: 'token-mismatch', message: 'This callback does not belong to the login in progress' };
  const res = await rawGet(host.port, '/oauth/callback?oauth_token=other&oauth_verifier=v', own());
  expect(res.status).toBe(400);
  expect(res.body).toContain('Aanmelden mislukt');
  expect(res.body).toContain('data-reason="token-mismatch"');
  expect(res.body).not.toContain('<script');
});

it('a foreign Host header never reaches the login service', async () => {
  const res = await rawGet(host.port, '/oauth/callback?oauth_token=a&oauth_verifier=b', { host: 'evil.example' });
  expect(res.status).toBe(403);
  expect(received).toEqual([]);
});

it('a host without login wiring refuses the callback', async () => {
  const bare = await startWebHost({
    dispatcher: { dispatch: () => Promise.resolve({ ok: true, value: null }) },
    bus: new EventBus(),
    rendererDir: dir,
    log: silentLogger,
  });
  try {
    const res = await rawGet(bare.port, '/oauth/callback?oauth_token=a&oauth_verifier=b', { host: `127.0.0.1:${bare.port}` });
    expect(res.status).toBe(400);
    expect(res.body).toContain('Aanmelden mislukt');
  } finally {
    await bare.close();
  }
});
