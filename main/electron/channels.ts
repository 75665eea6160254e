/**
 * IPC channel names shared by main (ipc.ts) and the preload. One channel per contract call, so a
 * name that is not in the contract has no channel at all; events share one channel.
 */
import type { CallName } from '../../contract/index.js';

export const CALL_CHANNEL_PREFIX = 'loket:call:';
export const EVENT_CHANNEL = 'loket:event';

export function callChannel(name: CallName): string {
  return `${CALL_CHANNEL_PREFIX}${name}`;
}

/** The app's own origin: the renderer is served from here by protocol.ts, nowhere else. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'loket';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True when `url` belongs to the app origin. Compared by protocol and host because Node's URL
 * reports origin 'null' for custom schemes.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}
