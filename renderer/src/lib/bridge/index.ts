/**
 * Picks the transport that exists: the Electron preload's `window.loket`, otherwise the web
 * host's WebSocket. Nothing else in the renderer knows which one it got.
 */
import type { LoketBridge } from '../../../../contract/index.js';
import { createMissingTokenBridge, createWebSocketBridge, webSocketUrlFor } from './websocket.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload (main/electron/preload.ts); absent in a browser. */
    readonly loket?: LoketBridge;
  }
}

export function detectBridge(win: Window = window): LoketBridge {
  if (win.loket) return win.loket;
  const token = takePageToken(win);
  const url = token === undefined ? undefined : webSocketUrlFor({ host: win.location.host, search: `?token=${encodeURIComponent(token)}` });
  return url ? createWebSocketBridge({ url }) : createMissingTokenBridge();
}

const TOKEN_KEY = 'loket.webToken';

type TokenWindow = Pick<Window, 'location' | 'history' | 'sessionStorage'>;

/**
 * The web host's access token, moved out of the address bar at once: it would otherwise stay in
 * the visible URL, in this tab's history entries, in bookmarks and screenshots. It lives on in
 * this tab's sessionStorage (same origin only, gone with the tab) so a reload still connects.
 */
export function takePageToken(win: TokenWindow): string | undefined {
  const params = new URLSearchParams(win.location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    params.delete('token');
    const rest = params.toString();
    win.history.replaceState(win.history.state, '', `${win.location.pathname}${rest ? `?${rest}` : ''}${win.location.hash}`); // mutation-check: token-off-url
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage refused (privacy mode): this page works, a reload asks for the address again.
    }
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export { TransportErrorCode } from './websocket.js';
