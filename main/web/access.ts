/**
 * Pure access rules of the web host: who may open the WebSocket, which Host header is ours, and
 * the security headers of every response. Kept apart from the server so they are read in one place.
 */
import { timingSafeEqual } from 'node:crypto';
import { WS_PATH } from '../../contract/web-protocol.js';
import { rendererCsp } from '../runtime/renderer-files.js';

export interface HostIdentity {
  /** e.g. http://127.0.0.1:43117 */
  origin: string;
  /** e.g. 127.0.0.1:43117 */
  host: string;
  token: string;
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 403 | 404; reason: string };

export function checkUpgrade(
  req: { url?: string | undefined; headers: Record<string, string | string[] | undefined> },
  id: HostIdentity,
): UpgradeVerdict {
  const url = new URL(req.url ?? '/', id.origin);
  if (url.pathname !== WS_PATH) return { ok: false, status: 404, reason: 'no WebSocket endpoint here' };
  if (!isOwnHost(req.headers.host, id)) return { ok: false, status: 403, reason: 'foreign Host header' }; // mutation-check: web-host-header
  if (req.headers.origin !== id.origin) return { ok: false, status: 403, reason: 'foreign or missing Origin' }; // mutation-check: web-origin
  if (!tokenMatches(url.searchParams.get('token'), id.token)) return { ok: false, status: 403, reason: 'wrong or missing token' }; // mutation-check: web-token
  return { ok: true };
}

/** A page reached through another host name (DNS rebinding) is refused even for static files. */
export function isOwnHost(hostHeader: string | string[] | undefined, id: HostIdentity): boolean {
  return typeof hostHeader === 'string' && hostHeader.toLowerCase() === id.host;
}

export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The same policy as renderer/index.html's meta tag, plus what only a header can say. */
export function securityHeaders(id: HostIdentity): Record<string, string> {
  return {
    'Content-Security-Policy': rendererCsp([`ws://${id.host}`]),
    'X-Content-Type-Options': 'nosniff',
    // The token sits in the page URL: never send it anywhere as a referrer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}
