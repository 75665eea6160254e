import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../main/config/index.js';
import { checkUpgrade, tokenMatches } from '../../../main/web/access.js';
import { parseWebHostEnv } from '../../../main/web/env.js';
import { relativePathFor } from '../../../main/runtime/renderer-files.js';

const id = { origin: 'http://127.0.0.1:4000', host: '127.0.0.1:4000', token: 'a'.repeat(43) };
const headers = { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' };

describe('checkUpgrade', () => {
  it('accepts the right path, host, origin and token', () => {
    expect(checkUpgrade({ url: `/ws?token=${id.token}`, headers }, id)).toEqual({ ok: true });
  });

  it.each([
    [{ url: `/other?token=${id.token}`, headers }, 404, 'no WebSocket endpoint here'],
    [{ url: `/ws?token=${id.token}`, headers: { ...headers, host: 'evil.example:4000' } }, 403, 'foreign Host header'],
    [{ url: `/ws?token=${id.token}`, headers: { ...headers, origin: 'null' } }, 403, 'foreign or missing Origin'],
    [{ url: `/ws?token=${id.token}`, headers: { host: headers.host } }, 403, 'foreign or missing Origin'],
    [{ url: `/ws?token=${id.token}x`, headers }, 403, 'wrong or missing token'],
    [{ url: '/ws', headers }, 403, 'wrong or missing token'],
  ])('refuses %j', (req, status, reason) => {
    expect(checkUpgrade(req, id)).toEqual({ ok: false, status, reason });
  });

  it('compares tokens exactly', () => {
    expect(tokenMatches(id.token, id.token)).toBe(true);
    expect(tokenMatches('', id.token)).toBe(false);
    expect(tokenMatches(null, id.token)).toBe(false);
    expect(tokenMatches('b'.repeat(43), id.token)).toBe(false);
  });
});

describe('relativePathFor', () => {
  it('maps / to index.html and keeps normal paths', () => {
    expect(relativePathFor('/')).toEqual({ ok: true, path: 'index.html' });
    expect(relativePathFor('/assets/index-abc.js')).toEqual({ ok: true, path: 'assets/index-abc.js' });
    expect(relativePathFor('/a%20b.txt')).toEqual({ ok: true, path: 'a b.txt' });
  });

  it.each(['/../x', '/a/..%2F..%2Fx', '/%2e%2e/x', '/a\\..\\x', '/x%00.js', '/%E0%A4%A'])('refuses %s', (path) => {
    expect(relativePathFor(path).ok).toBe(false);
  });
});

describe('parseWebHostEnv', () => {
  it('defaults to a free port and a random token', () => {
    expect(parseWebHostEnv({})).toEqual({ port: 0 });
  });

  it('reads a port and a strong enough token', () => {
    expect(parseWebHostEnv({ LOKET_WEB_PORT: '8123', LOKET_WEB_TOKEN: 'abcdefghijklmnop_-12' })).toEqual({
      port: 8123,
      token: 'abcdefghijklmnop_-12',
    });
  });

  it('names the bad variables', () => {
    try {
      parseWebHostEnv({ LOKET_WEB_PORT: '70000', LOKET_WEB_TOKEN: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems[0]).toMatch(/^LOKET_WEB_PORT/);
      expect(problems[1]).toMatch(/^LOKET_WEB_TOKEN/);
    }
  });
});
