/**
 * The login service against the real simulator over HTTP: the three-legged flow through the
 * simulator's login page, the state check at the callback, counter choice, log out, an expired
 * token, and what is persisted (secrets file, settings) — with real files in a temp folder.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuthStatus } from '../../../contract/schemas/auth.js';
import { defaultSettings } from '../../../contract/settings.js';
import { LoginService } from '../../../main/auth/login-service.js';
import { FileSecretStore } from '../../../main/auth/secret-store.js';
import { UnauthorizedWatch } from '../../../main/auth/watch-unauthorized.js';
import { readSettingsFile } from '../../../main/config/settings-file.js';
import { SettingsWriter } from '../../../main/config/settings-writer.js';
import { startSimulator, type SimulatorHandle } from '../../../main/tools/simulator/server.js';
import { UitpasClient } from '../../../main/uitpas/client.js';
import { UitpasError } from '../../../main/uitpas/port.js';

const CALLBACK = 'http://127.0.0.1:9/oauth/callback';

let sim: SimulatorHandle;
let dir: string;
let client: UitpasClient;
let store: FileSecretStore;
let events: AuthStatus[];
let resumed: number;
let opened: string[];

function service(initial: Partial<ConstructorParameters<typeof LoginService>[0]['initial']> = {}): LoginService {
  const config = { settings: defaultSettings(), fileSettings: defaultSettings(), dataDir: dir };
  const writer = new SettingsWriter(config, {});
  const login: LoginService = new LoginService({
    client,
    store,
    consumer: { key: sim.credentials.consumerKey, secret: sim.credentials.consumerSecret },
    initial: { fromEnvironment: false, ...initial },
    persist: true,
    language: () => 'fr',
    saveSession: async (s) => {
      await writer.update((file) => ({
        ...file,
        uitpas: { ...file.uitpas, userId: s.userId, counterKey: s.counterKey, counterName: s.counterName },
      }));
    },
    emit: (s) => events.push(s),
    resumeQueue: () => void resumed++,
  });
  login.attachTransport({ opens: 'window', callbackUrl: () => CALLBACK, open: (url) => void opened.push(url) });
  return login;
}

let current: LoginService;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'loket-auth-'));
  store = new FileSecretStore(dir);
  events = [];
  resumed = 0;
  opened = [];
  client = new UitpasClient({ prefix: sim.prefix, credentials: () => current.credentials() });
});
afterEach(async () => {
  client.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the employee does in the authorize window: the simulator's form, then its redirect. */
async function employeeLogsIn(authorizeUrl: string, password = 'demo'): Promise<URL> {
  const url = new URL(authorizeUrl);
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('name="password"');
  const res = await fetch(new URL('authorize', url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      oauth_token: url.searchParams.get('oauth_token')!,
      lang: 'fr',
      nick: 'baliemedewerker',
      password,
    }).toString(),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

const params = (cb: URL) => ({ token: cb.searchParams.get('oauth_token'), verifier: cb.searchParams.get('oauth_verifier') });

describe('login through the simulator', () => {
  it('request token -> authorize page -> callback -> access token -> the one ticket counter chosen', async () => {
    current = service();
    expect(current.status()).toMatchObject({ state: 'logged-out', reason: 'none', consumerConfigured: true });
    const started = await current.start();
    expect(started.opens).toBe('window');
    expect(opened).toEqual([started.authorizeUrl]);
    const authorize = new URL(started.authorizeUrl);
    expect(authorize.pathname).toBe('/uitid/rest/auth/authorize');
    expect(authorize.searchParams.get('lang')).toBe('fr');
    expect(current.status().state).toBe('waiting');

    const cb = await employeeLogsIn(started.authorizeUrl);
    expect(cb.origin + cb.pathname).toBe(CALLBACK);
    expect(await current.complete(params(cb))).toEqual({ ok: true });

    const status = current.status();
    // The employee has two counters; only "De Kruisboog" may sell tickets, so it is chosen.
    expect(status).toMatchObject({
      state: 'ready',
      userId: sim.credentials.userId,
      counter: { consumerKey: sim.credentials.counterKey, name: 'Cultuurcentrum De Kruisboog' },
    });
    expect(current.session()).toEqual({ counterKey: sim.credentials.counterKey, userId: sim.credentials.userId });
    expect(resumed).toBe(1);
    expect(events.at(-1)).toEqual(status);

    // The new token signs real calls (the simulator verifies every signature).
    const found = await client.identify(sim.credentials.counterKey, sim.seedInfo.cards.regular);
    expect(found.kind).toBeDefined();

    // Persisted: token and secret in the 0600 file, userId and counter in settings.json.
    const stored = await store.load();
    expect(stored.token).toBe(current.credentials().token);
    expect(stored.token).not.toBe(sim.credentials.token);
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600);
    const file = await readSettingsFile(dir);
    expect(file.settings.uitpas).toMatchObject({
      userId: sim.credentials.userId,
      counterKey: sim.credentials.counterKey,
      counterName: 'Cultuurcentrum De Kruisboog',
    });
  });

  it('the callback is refused unless it carries the pending request token (state check), and only once', async () => {
    current = service();
    expect(await current.complete({ token: 'x', verifier: 'y' })).toMatchObject({ ok: false, reason: 'no-login-pending' });
    const started = await current.start();
    const cb = await employeeLogsIn(started.authorizeUrl);
    expect(await current.complete({ token: 'someone-elses-token', verifier: cb.searchParams.get('oauth_verifier') })).toMatchObject({
      ok: false,
      reason: 'token-mismatch',
    });
    expect(current.status().state).toBe('waiting');
    expect(await current.complete(params(cb))).toEqual({ ok: true });
    expect(await current.complete(params(cb))).toMatchObject({ ok: false, reason: 'no-login-pending' });
  });

  it('a cancelled attempt (login window closed) is logged out again, and its callback no longer counts', async () => {
    current = service();
    const started = await current.start();
    const cb = await employeeLogsIn(started.authorizeUrl);
    current.cancelPending();
    expect(current.status()).toMatchObject({ state: 'logged-out' });
    expect(events.at(-1)).toMatchObject({ state: 'logged-out' });
    expect(await current.complete(params(cb))).toMatchObject({ ok: false, reason: 'no-login-pending' });
  });

  it('a wrong verifier is a failed login that changes nothing', async () => {
    current = service();
    const started = await current.start();
    const cb = await employeeLogsIn(started.authorizeUrl);
    const outcome = await current.complete({ token: cb.searchParams.get('oauth_token'), verifier: 'not-the-verifier' });
    expect(outcome).toMatchObject({ ok: false, reason: 'failed' });
    expect(current.status()).toMatchObject({ state: 'logged-out' });
    expect(await store.load()).toEqual({});
  });

  it('refuses to start without the application consumer key and secret', async () => {
    const login = new LoginService({
      client,
      store,
      consumer: {},
      initial: { fromEnvironment: false },
      persist: true,
      language: () => 'nl',
      saveSession: () => Promise.resolve(),
      emit: () => {},
      resumeQueue: () => {},
    });
    login.attachTransport({ opens: 'popup', callbackUrl: () => CALLBACK, open: () => {} });
    await expect(login.start()).rejects.toMatchObject({ code: 'AUTH_NO_CONSUMER' });
    expect(login.status().consumerConfigured).toBe(false);
  });
});

describe('counters, log out and an expired login', () => {
  async function loggedIn(): Promise<LoginService> {
    current = service();
    const cb = await employeeLogsIn((await current.start()).authorizeUrl);
    expect(await current.complete(params(cb))).toEqual({ ok: true });
    return current;
  }

  it('lists the last used counter first and refuses a counter that cannot sell or is not yours', async () => {
    const login = await loggedIn();
    const items = await login.listCounters();
    expect(items.map((c) => [c.name, c.canSell, c.lastUsed])).toEqual([
      ['Cultuurcentrum De Kruisboog', true, true],
      ['Sociaal Huis — onthaal', false, false],
    ]);
    await expect(login.chooseCounter(items[1]!.consumerKey)).rejects.toMatchObject({ code: 'COUNTER_CANNOT_SELL' });
    await expect(login.chooseCounter('not-my-counter')).rejects.toMatchObject({ code: 'COUNTER_UNKNOWN' });
    expect((await login.chooseCounter(items[0]!.consumerKey)).state).toBe('ready');
  });

  it('log out forgets the token (file and memory) but remembers the last counter', async () => {
    const login = await loggedIn();
    const status = await login.logout();
    expect(status).toMatchObject({ state: 'logged-out', reason: 'logged-out' });
    expect(status.counter).toBeUndefined();
    expect(login.credentials().token).toBeUndefined();
    expect(await store.load()).toEqual({});
    expect((await readSettingsFile(dir)).settings.uitpas).toMatchObject({ counterKey: sim.credentials.counterKey });
    expect((await readSettingsFile(dir)).settings.uitpas.userId).toBeUndefined();
    await expect(login.listCounters()).rejects.toMatchObject({ code: 'AUTH_LOGIN_REQUIRED' });
  });

  it('a revoked token: the watched port reports it, the status asks for a login, the same employee keeps the counter', async () => {
    const login = await loggedIn();
    const watched = new UnauthorizedWatch(client, () => login.unauthorized());
    expect(sim.revokeTokens()).toBeGreaterThan(0);
    const err = await watched.identify(sim.credentials.counterKey, sim.seedInfo.cards.regular).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UitpasError);
    expect((err as UitpasError).kind).toBe('unauthorized');
    expect(login.status()).toMatchObject({ state: 'logged-out', reason: 'expired' });
    expect(events.at(-1)).toMatchObject({ reason: 'expired' });

    resumed = 0;
    const cb = await employeeLogsIn((await login.start()).authorizeUrl);
    expect(await login.complete(params(cb))).toEqual({ ok: true });
    expect(login.status()).toMatchObject({ state: 'ready', counter: { consumerKey: sim.credentials.counterKey } });
    expect(resumed).toBe(1);
    await expect(watched.identify(sim.credentials.counterKey, sim.seedInfo.cards.regular)).resolves.toBeDefined();
  });

  it('starts logged in from stored secrets and settings, and no status ever carries a secret', async () => {
    const first = await loggedIn();
    const creds = first.credentials();
    const stored = await store.load();
    current = service({
      token: stored.token,
      tokenSecret: stored.tokenSecret,
      userId: sim.credentials.userId,
      counterKey: sim.credentials.counterKey,
      counterName: 'Cultuurcentrum De Kruisboog',
    });
    const status = current.status();
    expect(status).toMatchObject({ state: 'ready', counter: { name: 'Cultuurcentrum De Kruisboog' } });
    const text = JSON.stringify([status, events, await current.listCounters()]);
    for (const secret of [creds.token!, creds.tokenSecret!, creds.consumerSecret]) expect(text).not.toContain(secret);
  });
});
