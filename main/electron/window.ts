/**
 * The one application window and the hardening of the session it lives in (docs/architecture.md
 * §3.3, Electron's security checklist): isolated, sandboxed, no Node, no navigation away from the
 * app, no new windows, no permissions, no remote requests.
 */
import { BrowserWindow, type App, type Session, type WebContents, type WebPreferences } from 'electron';
import { APP_ENTRY_URL, isAppUrl } from './channels.js';

/**
 * The preferences of every window Loket opens (the app window adds its preload, the login window
 * its own partition). Electron's checklist items 2-4 and the defaults it recommends pinned.
 */
export function hardenedWebPreferences(): WebPreferences {
  return {
    contextIsolation: true, // mutation-check: context-isolation
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Middle-click (auxclick) would otherwise try to open links in a new window.
    disableBlinkFeatures: 'Auxclick',
  };
}

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return { ...hardenedWebPreferences(), preload: preloadPath };
}

/** Requests the app's own session may make: its own origin, inline data, and DevTools. */
export function isAllowedRequestUrl(url: string): boolean {
  return isAppUrl(url) || url.startsWith('data:') || url.startsWith('devtools://');
}

/**
 * Deny every permission (camera, notifications, WebHID, serial...: hardware belongs to main),
 * and cancel any request that leaves the app origin. Applies to the whole session.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false)); // mutation-check: permissions
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) }); // mutation-check: remote-requests
  });
}

/** Navigation inside the app origin is allowed (a reload); everything else is refused. */
export function hardenWebContents(contents: WebContents): void {
  const denyForeign = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault(); // mutation-check: navigation
  };
  contents.on('will-navigate', denyForeign);
  contents.on('will-frame-navigate', denyForeign);
  contents.on('will-redirect', denyForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' })); // mutation-check: window-open
}

/**
 * The floor for every webContents the app ever creates (the login window, DevTools, anything added
 * later): no <webview>, no window.open. Navigation rules stay per window (the login window must
 * reach UiTiD); a window that needs popups sets its own handler after this one.
 */
export function hardenEveryWebContents(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault()); // mutation-check: webview-floor
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export interface MainWindowOptions {
  preloadPath: string;
  title?: string;
  /** DevTools only for development builds. */
  devTools: boolean;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: opts.title ?? 'Loket',
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      ...secureWebPreferences(opts.preloadPath),
      // Repeated at the construction site so the static scan (npm run test:security) can see them.
      contextIsolation: true,
      sandbox: true, // mutation-check: sandbox-static-scan
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.devTools,
    },
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  return window;
}

export async function loadApp(window: BrowserWindow): Promise<void> {
  await window.loadURL(APP_ENTRY_URL);
}
