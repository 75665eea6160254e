/**
 * Picks the transport that exists: the Electron preload's `window.loket`, otherwise the web
 * host's WebSocket. Nothing else in the renderer knows which one it got.
 */
import type { LoketBridge } from '../../../contract/index.js';
import { createMissingTokenBridge, createWebSocketBridge, webSocketUrlFor } from './websocket.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload (main/electron/preload.ts); absent in a browser. */
    readonly loket?: LoketBridge;
  }
}

export function detectBridge(win: Window = window): LoketBridge {
  if (win.loket) return win.loket;
  const url = webSocketUrlFor(win.location);
  return url ? createWebSocketBridge({ url }) : createMissingTokenBridge();
}

export { TransportErrorCode } from './websocket.js';
