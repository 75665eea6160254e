/**
 * Maps a request path to a file of the built renderer, or says why it cannot be served.
 * Only regular files inside the root (after resolving symlinks); never a directory listing.
 */
import { promises as fs } from 'node:fs';
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';

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
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; path: string; contentType: string; size: number }
  | { kind: 'not-found' }
  | { kind: 'bad-request'; reason: string };

/**
 * Pure part: the decoded, normalised relative path for a URL pathname, or a reason to refuse.
 * '/' means index.html; any '..' segment, backslash, NUL or absolute path is refused outright
 * instead of being normalised away, so a traversal attempt never reaches the file system.
 */
export function relativePathFor(pathname: string): { ok: true; path: string } | { ok: false; reason: string } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, reason: 'illegal character in path' };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return { ok: false, reason: 'path traversal' };
  const path = segments.length === 0 ? 'index.html' : segments.join('/');
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path)) return { ok: false, reason: 'absolute path' };
  return { ok: true, path };
}

export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  const rel = relativePathFor(pathname);
  if (!rel.ok) return { kind: 'bad-request', reason: rel.reason };
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
