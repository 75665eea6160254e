/**
 * The built renderer as both transports serve it (Electron's app:// protocol and the web host):
 * one content-type table, one Content-Security-Policy, one path check. A traversal attempt is
 * refused before the file system is touched, and symlinks are resolved so none leads outside.
 */
import { promises as fs } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * No remote content, no inline script, no eval; styles from our own files (React sets inline
 * styles through CSSOM, which CSP allows). Nothing may frame the app or be posted anywhere.
 * `connectSrc` adds what a transport needs beyond 'self' (the web host's WebSocket).
 */
export function rendererCsp(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'", // mutation-check: csp-web-host
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export type RelativePath = { ok: true; path: string } | { ok: false; problem: 'malformed' | 'traversal'; reason: string };

/**
 * Pure part: the decoded, normalised relative path for a URL pathname, or why it is refused.
 * '/' means index.html. Any '..' segment, backslash, drive letter or absolute path is refused
 * outright instead of being normalised away.
 */
export function relativePathFor(pathname: string): RelativePath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, problem: 'malformed', reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, problem: 'malformed', reason: 'NUL in path' };
  if (decoded.includes('\\')) return { ok: false, problem: 'traversal', reason: 'backslash in path' };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { ok: false, problem: 'traversal', reason: 'path traversal' };
  // A drive letter or stream name would let path.resolve jump elsewhere on Windows.
  if (segments.some((s) => s.includes(':'))) return { ok: false, problem: 'traversal', reason: 'drive or stream in path' };
  const path = segments.length === 0 ? 'index.html' : segments.join('/');
  if (isAbsolute(path)) return { ok: false, problem: 'traversal', reason: 'absolute path' };
  return { ok: true, path };
}

export type StaticLookup =
  | { kind: 'file'; path: string; contentType: string; size: number }
  | { kind: 'not-found' }
  | { kind: 'refused'; problem: 'malformed' | 'traversal'; reason: string };

/** A regular file inside `root` (after resolving symlinks) for `pathname`, or why not. */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  const rel = relativePathFor(pathname);
  if (!rel.ok) return { kind: 'refused', problem: rel.problem, reason: rel.reason };
  let realRoot: string;
  let real: string;
  try {
    realRoot = await fs.realpath(resolve(root));
    real = await fs.realpath(join(realRoot, rel.path));
  } catch {
    return { kind: 'not-found' };
  }
  const inside = relative(realRoot, real);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return { kind: 'not-found' };
  const stat = await fs.stat(real).catch(() => null);
  if (!stat?.isFile()) return { kind: 'not-found' };
  return { kind: 'file', path: real, contentType: contentTypeFor(real), size: stat.size };
}
