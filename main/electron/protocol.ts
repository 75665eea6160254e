/**
 * Serves the built renderer on app://loket/ (file:// blocks module scripts and has no origin).
 * Every response carries the CSP; only files inside the renderer folder are ever read.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol, type CustomScheme, type Session } from 'electron';
import { lookupStatic, relativePathFor, rendererCsp } from '../runtime/renderer-files.js';
import { APP_HOST, APP_SCHEME } from './channels.js';

export const CONTENT_SECURITY_POLICY = rendererCsp();

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // standard: real origin and relative URLs; secure: a secure context like https.
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

export type ResolvedPath = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/**
 * Maps an app:// URL to a file inside `rootDir`, or says why not. Pure: the origin check is ours,
 * the path rules are the web host's too (main/runtime/renderer-files.ts), so both transports refuse
 * the same traversal attempts.
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
  const rel = relativePathFor(parsed.pathname);
  if (!rel.ok) return { ok: false, status: rel.problem === 'malformed' ? 400 : 403, reason: rel.reason };
  return { ok: true, file: path.join(path.resolve(rootDir), ...rel.path.split('/')) };
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
    const found = await lookupStatic(rootDir, new URL(request.url).pathname);
    if (found.kind !== 'file') return textResponse(404, 'Not found');
    const body = request.method === 'HEAD' ? null : await readFile(found.path).catch(() => undefined);
    if (body === undefined) return textResponse(404, 'Not found');
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': found.contentType,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY, // mutation-check: csp-app-protocol
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

export function serveRenderer(session: Session, rootDir: string): void {
  session.protocol.handle(APP_SCHEME, createAppRequestHandler(rootDir));
}
