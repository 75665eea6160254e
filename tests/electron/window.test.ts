import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { createMainWindow, hardenSession, hardenWebContents, secureWebPreferences } = await import('../../main/electron/window.js');
import type { BrowserWindow, Session, WebContents } from 'electron';

function newWindow() {
  const window = createMainWindow({ preloadPath: '/opt/loket/dist/preload.cjs', devTools: false }) as unknown as InstanceType<
    typeof double.BrowserWindowDouble
  >;
  return window;
}

describe('the main window', () => {
  it('uses isolated, sandboxed web preferences without Node', () => {
    const prefs = newWindow().options.webPreferences ?? {};
    expect(prefs).toMatchObject({
      preload: '/opt/loket/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
    // Electron treats a missing key as its default; these must be explicit so a later edit shows.
    for (const key of ['contextIsolation', 'sandbox', 'nodeIntegration', 'webSecurity', 'webviewTag'] as const) {
      expect(Object.prototype.hasOwnProperty.call(prefs, key), key).toBe(true);
    }
  });

  it('secureWebPreferences never enables a Node or remote capability', () => {
    const prefs = secureWebPreferences('/p.cjs');
    const enabled = Object.entries(prefs)
      .filter(([, v]) => v === true)
      .map(([k]) => k)
      .sort();
    expect(enabled).toEqual(['contextIsolation', 'safeDialogs', 'sandbox', 'webSecurity']);
  });

  it('shows only once the page is ready (no white flash, no half-built UI)', async () => {
    const window = newWindow();
    expect(window.visible).toBe(false);
    await window.loadURL('app://loket/index.html');
    expect(window.visible).toBe(true);
  });
});

describe('navigation and new windows', () => {
  let contents: InstanceType<typeof double.WebContentsDouble>;
  beforeEach(async () => {
    const window = newWindow();
    contents = window.webContents;
    await contents.loadURL('app://loket/index.html');
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://loket.evil.com/index.html',
    'app://user:pw@loket/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'not a url',
  ])('denies navigating the main frame to %s', (url) => {
    expect(contents.pageNavigates(url).prevented).toBe(true);
    expect(contents.mainFrame.url).toBe('app://loket/index.html');
  });

  it('allows navigation within the app origin (reload, in-app links)', () => {
    expect(contents.pageNavigates('app://loket/index.html?lang=fr').prevented).toBe(false);
  });

  it('denies redirects and subframe navigations off the app origin', () => {
    expect(contents.redirects('https://example.com/').prevented).toBe(true);
    expect(contents.redirects('app://loket/index.html').prevented).toBe(false);
    const frame = contents.addSubframe('app://loket/frame.html');
    expect(contents.frameNavigates(frame, 'https://example.com/').prevented).toBe(true);
  });

  it.each(['https://example.com/', 'app://loket/index.html', 'about:blank'])('denies window.open(%s)', (url) => {
    expect(contents.pageOpensWindow(url)).toEqual({ action: 'deny' });
  });

  it('refuses <webview> attachment', () => {
    expect(contents.attachesWebview().prevented).toBe(true);
  });

  it('hardenWebContents works on any webContents, not only the main window', () => {
    const other = new double.WebContentsDouble();
    hardenWebContents(other as unknown as WebContents);
    expect(other.pageNavigates('https://example.com/').prevented).toBe(true);
    expect(other.pageOpensWindow('https://example.com/')).toEqual({ action: 'deny' });
  });
});

describe('the session', () => {
  const ses = double.session.defaultSession;
  hardenSession(ses as unknown as Session);

  it.each(['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'openExternal', 'fullscreen'])(
    'denies the permission request %s',
    async (permission) => {
      expect(await ses.requestPermission(permission)).toBe(false);
      expect(ses.checkPermission(permission)).toBe(false);
    },
  );

  it('denies device access (the scanner belongs to main, not to WebHID)', () => {
    expect(ses.checkDevice('hid')).toBe(false);
    expect(ses.checkDevice('usb')).toBe(false);
  });

  it.each(['https://example.com/x.js', 'http://127.0.0.1:9000/', 'ws://127.0.0.1:1/', 'file:///etc/passwd', 'app://evil/x.js'])(
    'cancels the remote request %s',
    async (url) => {
      expect(await ses.requestGoesOut(url)).toBe(false);
    },
  );

  it('lets the app load its own files', async () => {
    expect(await ses.requestGoesOut('app://loket/assets/index.js')).toBe(true);
  });
});

// Keep the import of the type used so the cast above documents what the double stands for.
export type _Window = BrowserWindow;
