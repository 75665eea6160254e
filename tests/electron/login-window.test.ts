/**
 * The Electron login window and the safeStorage secret store, against the electron double: the
 * window is isolated (no preload, no Node, sandbox, own partition), may only reach the UiTiD
 * origin, catches the callback however it arrives, and hands it to the login service once.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { createLoginWindowTransport, callbackUrlOf, isAllowedLoginUrl, LOGIN_CALLBACK_URL, LOGIN_PARTITION } =
  await import('../../main/electron/login-window.js');
const { SafeStorageSecretStore, isPlainTextBackend } = await import('../../main/electron/safe-storage-secrets.js');

const AUTHORIZE = 'https://test.uitid.be/uitid/rest/auth/authorize?oauth_token=rt1&lang=nl';
type Params = { token: string | null; verifier: string | null };

beforeEach(() => double.resetElectronDouble());

function openLogin() {
  const received: Params[] = [];
  const cancelled: number[] = [];
  const transport = createLoginWindowTransport({
    complete: (u) => (
      received.push({ token: u.searchParams.get('oauth_token'), verifier: u.searchParams.get('oauth_verifier') }),
      Promise.resolve()
    ),
    onCancel: () => void cancelled.push(1),
  });
  return { transport, received, cancelled };
}

function lastWindow() {
  const w = double.BrowserWindowDouble.instances.at(-1);
  if (!w) throw new Error('no window');
  return w;
}

describe('the login window', () => {
  it('has no preload, no Node, a sandbox and its own partition', async () => {
    const { transport } = openLogin();
    expect(transport.opens).toBe('window');
    expect(transport.callbackUrl()).toBe(LOGIN_CALLBACK_URL);
    await transport.open(AUTHORIZE);
    const prefs = lastWindow().options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      partition: LOGIN_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(prefs.preload).toBeUndefined();
    expect(lastWindow().webContents.mainFrame.url).toBe(AUTHORIZE);
    expect(double.session.partitions.has(LOGIN_PARTITION)).toBe(true);
  });

  it('its session reaches only the UiTiD origin and grants no permission', async () => {
    const { transport } = openLogin();
    await transport.open(AUTHORIZE);
    const ses = double.session.fromPartition(LOGIN_PARTITION);
    expect(await ses.requestGoesOut('https://test.uitid.be/uitid/rest/auth/login.css')).toBe(true);
    expect(await ses.requestGoesOut('https://evil.example/steal')).toBe(false);
    expect(await ses.requestGoesOut('http://test.uitid.be/uitid/rest/auth/authorize')).toBe(false);
    expect(await ses.requestPermission('media')).toBe(false);
    expect(ses.checkPermission('notifications', 'https://test.uitid.be')).toBe(false);
    expect(ses.checkDevice('hid')).toBe(false);
    // The app's own session is not loosened by the login window.
    expect(double.session.defaultSession.permissionRequestHandler).toBeNull();
  });

  it('navigation elsewhere, popups and webviews are refused', async () => {
    const { transport } = openLogin();
    await transport.open(AUTHORIZE);
    const contents = lastWindow().webContents;
    expect(contents.pageNavigates('https://evil.example/').prevented).toBe(true);
    expect(contents.pageNavigates('https://test.uitid.be/uitid/rest/auth/register').prevented).toBe(false);
    expect(contents.frameNavigates(contents.addSubframe('https://test.uitid.be/x'), 'https://ads.example/').prevented).toBe(true);
    expect(contents.pageOpensWindow('https://test.uitid.be/help')).toEqual({ action: 'deny' });
    expect(contents.attachesWebview().prevented).toBe(true);
  });

  it('catches the callback on a server redirect, hands over token and verifier once, and closes', async () => {
    const { transport, received } = openLogin();
    await transport.open(AUTHORIZE);
    const win = lastWindow();
    const r = win.webContents.redirects(`${LOGIN_CALLBACK_URL}?oauth_token=rt1&oauth_verifier=v1`);
    expect(r.prevented).toBe(true);
    expect(received).toEqual([{ token: 'rt1', verifier: 'v1' }]);
    expect(win.isDestroyed()).toBe(true);
  });

  it("API 4: opens UiTiD's OpenID Connect page and hands the code/state callback over whole", async () => {
    const urls: string[] = [];
    const transport = createLoginWindowTransport({ complete: (u) => (urls.push(u.href), Promise.resolve()) });
    const oidc = 'https://account-test.uitid.be/realms/uitid/protocol/openid-connect/auth?client_id=loket&state=s1';
    await transport.open(oidc);
    const ses = double.session.fromPartition(LOGIN_PARTITION);
    expect(await ses.requestGoesOut('https://account-test.uitid.be/realms/uitid/login-actions/authenticate')).toBe(true);
    expect(await ses.requestGoesOut('https://test.uitid.be/uitid/rest/auth/login.css')).toBe(false);
    const win = lastWindow();
    expect(
      win.webContents.redirects(`${LOGIN_CALLBACK_URL}?code=c1&state=s1&iss=https%3A%2F%2Faccount-test.uitid.be%2Frealms%2Fuitid`)
        .prevented,
    ).toBe(true);
    expect(urls).toEqual([`${LOGIN_CALLBACK_URL}?code=c1&state=s1&iss=https%3A%2F%2Faccount-test.uitid.be%2Frealms%2Fuitid`]);
    expect(win.isDestroyed()).toBe(true);
  });

  it('catches the callback in the request filter too (it is never loaded)', async () => {
    const { transport, received } = openLogin();
    await transport.open(AUTHORIZE);
    const ses = double.session.fromPartition(LOGIN_PARTITION);
    expect(await ses.requestGoesOut(`${LOGIN_CALLBACK_URL}?oauth_token=rt1&oauth_verifier=v2`)).toBe(false);
    expect(received).toEqual([{ token: 'rt1', verifier: 'v2' }]);
  });

  it('a second login closes the first window without cancelling the new login', async () => {
    const { transport, cancelled } = openLogin();
    await transport.open(AUTHORIZE);
    const first = lastWindow();
    await transport.open(AUTHORIZE.replace('rt1', 'rt2'));
    expect(first.isDestroyed()).toBe(true);
    expect(lastWindow().isDestroyed()).toBe(false);
    expect(cancelled).toEqual([]);
  });

  it('closing the window without logging in cancels the attempt; a completed login does not', async () => {
    const { transport, cancelled } = openLogin();
    await transport.open(AUTHORIZE);
    lastWindow().close();
    expect(cancelled).toEqual([1]);
    await transport.open(AUTHORIZE);
    lastWindow().webContents.redirects(`${LOGIN_CALLBACK_URL}?oauth_token=rt1&oauth_verifier=v1`);
    expect(cancelled).toEqual([1]);
  });

  it('pure rules: callback recognition and the allowed origin', () => {
    expect(callbackUrlOf(`${LOGIN_CALLBACK_URL}?oauth_token=a&oauth_verifier=b`)?.href).toBe(
      `${LOGIN_CALLBACK_URL}?oauth_token=a&oauth_verifier=b`,
    );
    // OAuth 2 (API 4): code and state arrive the same way, whole.
    expect(callbackUrlOf(`${LOGIN_CALLBACK_URL}?code=c1&state=s1&iss=x`)?.searchParams.get('code')).toBe('c1');
    expect(callbackUrlOf(`${LOGIN_CALLBACK_URL}/x?oauth_token=a`)).toBeUndefined();
    expect(callbackUrlOf('http://127.0.0.1:8080/loket-oauth-callback?oauth_token=a')).toBeUndefined();
    expect(callbackUrlOf('not a url')).toBeUndefined();
    expect(isAllowedLoginUrl('https://www.uitid.be/a', 'https://www.uitid.be')).toBe(true);
    expect(isAllowedLoginUrl('https://www.uitid.be.evil.example/a', 'https://www.uitid.be')).toBe(false);
    expect(isAllowedLoginUrl('javascript:alert(1)', 'https://www.uitid.be')).toBe(false);
  });

  it.each([
    'http://uitpas.evil.example/uitid/rest/auth/authorize?oauth_token=rt1',
    'https://uitid.evil.example/uitid/rest/auth/authorize?oauth_token=rt1',
    'http://test.uitid.be/uitid/rest/auth/authorize?oauth_token=rt1',
    'http://acc.uitid.be/uitid/rest/auth/authorize?oauth_token=rt1',
    'https://user:pw@www.uitid.be/uitid/rest/auth/authorize?oauth_token=rt1',
  ])('opens no window for an authorize URL outside UiTiD’s own origins: %s', (url) => {
    const { transport } = openLogin();
    expect(() => transport.open(url)).toThrow(/UiTiD's own https addresses/);
    expect(double.BrowserWindowDouble.instances).toHaveLength(0);
    // Nothing of a refused origin may load later either, in any window of the login partition.
    if (!url.includes('@')) expect(isAllowedLoginUrl(url, new URL(url).origin)).toBe(false);
  });

  it('opens for UiTiD’s https origins and the simulator on loopback only', async () => {
    for (const url of [
      AUTHORIZE,
      'https://acc.uitid.be/uitid/rest/auth/authorize?oauth_token=a',
      'https://www.uitid.be/uitid/rest/auth/authorize?oauth_token=a',
      'http://127.0.0.1:40123/uitid/rest/auth/authorize?oauth_token=a',
    ]) {
      const { transport } = openLogin();
      await transport.open(url);
      const ses = double.session.fromPartition(LOGIN_PARTITION);
      expect(await ses.requestGoesOut(url)).toBe(true);
      expect(await ses.requestGoesOut('https://cdn.evil.example/x.js')).toBe(false);
    }
  });
});

describe('the safeStorage secret store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'loket-safe-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the secrets encrypted (never in clear) in a 0600 file and reads them back', async () => {
    const store = new SafeStorageSecretStore(dir, double.safeStorage, 'linux');
    expect(store.plainText).toBe(false);
    expect(await store.load()).toEqual({});
    await store.save({ consumerSecret: 'cs-123', token: 'tok-456', tokenSecret: 'ts-789' });
    const raw = readFileSync(store.path, 'utf8');
    for (const secret of ['cs-123', 'tok-456', 'ts-789']) expect(Buffer.from(raw, 'base64').toString('latin1')).not.toContain(secret);
    expect(raw).not.toContain('tok-456');
    if (process.platform !== 'win32') expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(await store.load()).toEqual({ consumerSecret: 'cs-123', token: 'tok-456', tokenSecret: 'ts-789' });
  });

  it("warns (plainText) when Linux falls back to 'basic_text'; not on Windows or macOS", () => {
    double.safeStorage.backend = 'basic_text';
    expect(new SafeStorageSecretStore(dir, double.safeStorage, 'linux').plainText).toBe(true);
    expect(new SafeStorageSecretStore(dir, double.safeStorage, 'win32').plainText).toBe(false);
    expect(isPlainTextBackend('darwin', undefined)).toBe(false);
    expect(isPlainTextBackend('linux', 'kwallet5')).toBe(false);
  });

  it('a file from another keyring is a clear error, and no encryption means no silent plain file', async () => {
    const store = new SafeStorageSecretStore(dir, double.safeStorage, 'linux');
    await store.save({ token: 't' });
    double.safeStorage.key = 0x33;
    await expect(store.load()).rejects.toThrow(/cannot be decrypted/);
    double.safeStorage.available = false;
    await expect(store.save({ token: 't' })).rejects.toThrow(/not available/);
  });
});
