/**
 * The UiTiD authorize page in a window of its own (docs/architecture.md §3.3, §7): no preload, no
 * Node, sandboxed, in an in-memory partition of its own whose requests may only go to the origin of
 * the authorize URL main produced. UiTiD's redirect to the callback URL is caught before it loads
 * (request filter, will-redirect, will-navigate) and handed to the login service; the window then
 * closes.
 */
import { BrowserWindow, session as electronSession, type Session, type WebPreferences } from 'electron';
import type { LoginTransport } from '../auth/login-flow.js';
import { isUitidLoginOrigin } from '../auth/uitid-origins.js';
import { definedOnly } from '../../contract/defined-only.js';
import { hardenedWebPreferences } from './window.js';

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'this address';
  }
}

/**
 * Never loaded: every request to it is cancelled and handed to the login service whole (OAuth
 * 1.0a's oauth_token and oauth_verifier, or OAuth 2's code and state). A loopback URL, as RFC
 * 8252 §7.3 asks of a native app's redirect URI.
 */
export const LOGIN_CALLBACK_URL = 'http://127.0.0.1/loket-oauth-callback';
/** No `persist:` prefix: UiTiD's cookies are forgotten when Loket quits. */
export const LOGIN_PARTITION = 'loket-uitid-login';

export function loginWebPreferences(): WebPreferences {
  // UiTiD's page runs here: no preload, no DevTools, cookies in a partition of its own.
  return { ...hardenedWebPreferences(), partition: LOGIN_PARTITION, devTools: false };
}

/** Pure: `url` parsed when it is the callback URL (any query), else undefined. */
export function callbackUrlOf(url: string, callbackUrl = LOGIN_CALLBACK_URL): URL | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const cb = new URL(callbackUrl);
  if (u.origin !== cb.origin || u.pathname !== cb.pathname) return undefined;
  return u;
}

/**
 * Pure: may the login window load `url`? Only the origin of this login's authorize URL, and only
 * when that is one of UiTiD's own origins (or the simulator on loopback).
 */
export function isAllowedLoginUrl(url: string, allowedOrigin: string): boolean {
  try {
    return allowedOrigin !== '' && isUitidLoginOrigin(allowedOrigin) && new URL(url).origin === allowedOrigin;
  } catch {
    return false;
  }
}

export interface LoginWindowOptions {
  /** The login service's `completeCallback` (state check included). */
  complete(callback: URL): Promise<unknown>;
  /** The main window, so the login window stays in front of it. */
  parent?: () => BrowserWindow | null;
  onError?: (err: unknown) => void;
  /** The employee closed the window without logging in. */
  onCancel?: () => void;
}

export function createLoginWindowTransport(opts: LoginWindowOptions): LoginTransport {
  let current: BrowserWindow | null = null;
  let allowedOrigin = '';
  let hardened: Session | null = null;

  const deliver = (callback: URL) => {
    const win = current;
    current = null;
    opts.complete(callback).catch((err: unknown) => opts.onError?.(err));
    if (win && !win.isDestroyed()) win.close();
  };

  const harden = (ses: Session) => {
    if (hardened === ses) return;
    hardened = ses;
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.setDevicePermissionHandler(() => false);
    ses.webRequest.onBeforeRequest((details, callback) => {
      const caught = callbackUrlOf(details.url);
      if (caught) {
        callback({ cancel: true });
        deliver(caught);
        return;
      }
      callback({ cancel: !isAllowedLoginUrl(details.url, allowedOrigin) });
    });
  };

  return {
    opens: 'window',
    callbackUrl: () => LOGIN_CALLBACK_URL,
    open(authorizeUrl) {
      // mutation-check: login-window-origin
      if (!isUitidLoginOrigin(authorizeUrl)) {
        // The authorize URL comes from the configured environment; a custom host does not get to show a password form.
        allowedOrigin = '';
        throw new Error(`The UiTiD login opens only on UiTiD's own https addresses; ${safeOrigin(authorizeUrl)} is not one`);
      }
      allowedOrigin = new URL(authorizeUrl).origin;
      // A new attempt replaces the old window; that is no cancel of the new login.
      const previous = current;
      current = null;
      if (previous && !previous.isDestroyed()) previous.close();
      harden(electronSession.fromPartition(LOGIN_PARTITION));
      const parent = opts.parent?.() ?? undefined;
      const win = new BrowserWindow({
        width: 520,
        height: 720,
        title: 'UiTiD',
        autoHideMenuBar: true,
        ...definedOnly({ parent }),
        webPreferences: {
          ...loginWebPreferences(),
          // Repeated at the construction site so the static scan (npm run test:security) can see them.
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          disableBlinkFeatures: 'Auxclick',
        },
      });
      current = win;
      const contents = win.webContents;
      contents.setWindowOpenHandler(() => ({ action: 'deny' }));
      contents.on('will-attach-webview', (event) => event.preventDefault());
      const guard = (event: { url: string; preventDefault(): void }) => {
        const caught = callbackUrlOf(event.url);
        if (caught) {
          event.preventDefault();
          deliver(caught);
        } else if (!isAllowedLoginUrl(event.url, allowedOrigin)) {
          event.preventDefault();
        }
      };
      contents.on('will-navigate', guard);
      contents.on('will-redirect', guard);
      contents.on('will-frame-navigate', guard);
      win.on('closed', () => {
        if (current !== win) return;
        current = null;
        opts.onCancel?.();
      });
      // Not awaited for its outcome: a caught callback aborts the load (ERR_ABORTED) although the
      // login worked, and a page that fails to load stays visible until the employee closes it.
      win.loadURL(authorizeUrl).catch((err: unknown) => opts.onError?.(err));
    },
  };
}
