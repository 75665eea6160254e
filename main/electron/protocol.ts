/**
 * Serves the built renderer on app://loket/ (file:// blocks module scripts and has no origin).
 * Every response carries the CSP; only files inside the renderer folder are ever read.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { protocol, type CustomScheme, type Session } from 'electron';
import { APP_HOST, APP_SCHEME } from './channels.js';

/**
 * No remote content, no inline script, no eval; styles from our own files (React sets inline
 * styles through CSSOM, which CSP allows). Nothing may frame the app or be posted anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // standard: real origin and relative URLs; secure: a secure context like https.
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export type ResolvedPath = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps an app:// URL to a file inside `rootDir`, or says why not. Pure: the traversal rules are
 * tested without Electron. `..` is checked after percent-decoding, with both slash kinds, so
 * `%2e%2e%2f` and `..\` cannot leave the folder.
 */
export function resolveAppPath(rootDir: string, url: string): ResolvedPath {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) {
    return { ok: false, status: 403, reason: `foreign origin ${parsed.protocol}//${parsed.host}` };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  const segments = decoded.split(/[/\\]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { ok: false, status: 403, reason: 'path traversal' };
  // A drive letter or UNC-looking segment would let path.resolve jump elsewhere on Windows.
  if (segments.some((s) => s.includes(':'))) return { ok: false, status: 403, reason: 'path traversal' };
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...(segments.length === 0 ? ['index.html'] : segments));
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, status: 403, reason: 'path traversal' };
  }
  return { ok: true, file };
}

function textResponse(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  });
}

/** The protocol handler: GET/HEAD of files in `rootDir`, with the CSP on every answer. */
export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const resolved = resolveAppPath(rootDir, request.url);
    if (!resolved.ok) return textResponse(resolved.status, `Refused: ${resolved.reason}`);
    try {
      const info = await stat(resolved.file);
      if (!info.isFile()) return textResponse(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(resolved.file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': CONTENT_TYPES[path.extname(resolved.file).toLowerCase()] ?? 'application/octet-stream',
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return textResponse(404, 'Not found');
    }
  };
}

export function serveRenderer(session: Session, rootDir: string): void {
  session.protocol.handle(APP_SCHEME, createAppRequestHandler(rootDir));
}
