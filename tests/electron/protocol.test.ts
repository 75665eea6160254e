import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Session } from 'electron';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { CONTENT_SECURITY_POLICY, createAppRequestHandler, registerAppScheme, resolveAppPath, serveRenderer } =
  await import('../../main/electron/protocol.js');

// A real folder: dist/renderer with the app, and a secret beside it that must never be served.
const base = mkdtempSync(path.join(tmpdir(), 'loket-protocol-'));
const root = path.join(base, 'renderer');
mkdirSync(path.join(root, 'assets'), { recursive: true });
writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("loket")');
writeFileSync(path.join(base, 'secret.txt'), 'TOKEN-SECRET');
writeFileSync(path.join(base, 'renderer-evil.txt'), 'SIBLING-SECRET');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const handler = createAppRequestHandler(root);
const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('resolveAppPath', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveAppPath(root, 'app://loket/index.html')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://loket/')).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppPath(root, 'app://loket/assets/app.js?v=1#x')).toEqual({ ok: true, file: path.join(root, 'assets', 'app.js') });
  });

  it.each([
    'app://loket/..%2fsecret.txt',
    'app://loket/assets/..%2f..%2fsecret.txt',
    'app://loket/%2e%2e%2fsecret.txt',
    'app://loket/assets/..%5c..%5csecret.txt',
    'app://loket/..%5Crenderer-evil.txt',
    'app://loket/C:%5CWindows%5Cwin.ini',
  ])('refuses traversal in %s', (url) => {
    const result = resolveAppPath(root, url);
    expect(result.ok).toBe(false);
  });

  it('keeps dot segments the URL parser already removed inside the folder', () => {
    // WHATWG URL turns /%2e%2e/%2e%2e/etc/passwd into /etc/passwd before we see it.
    expect(resolveAppPath(root, 'app://loket/%2e%2e/%2e%2e/etc/passwd')).toEqual({ ok: true, file: path.join(root, 'etc', 'passwd') });
  });

  it('refuses other origins, NUL bytes and broken escapes', () => {
    expect(resolveAppPath(root, 'app://evil/index.html')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'file:///etc/passwd')).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath(root, 'app://loket/index.html%00.png')).toMatchObject({ ok: false, status: 400 });
    expect(resolveAppPath(root, 'app://loket/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
  });
});

describe('the app:// handler', () => {
  it('serves the renderer with the CSP and a content type', async () => {
    const response = await get('app://loket/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<script type="module"');
    const script = await get('app://loket/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each(['app://loket/..%2fsecret.txt', 'app://loket/assets/..%5c..%5csecret.txt', 'app://loket/..%2frenderer-evil.txt'])(
    'never reads a file outside the renderer folder: %s',
    async (url) => {
      const response = await get(url);
      expect(response.status).toBe(403);
      const body = await response.text();
      expect(body).not.toContain('SECRET');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    },
  );

  it('answers 404 for missing files and folders, 405 for writes, each with the CSP', async () => {
    for (const [url, method, status] of [
      ['app://loket/missing.js', 'GET', 404],
      ['app://loket/assets', 'GET', 404],
      ['app://loket/index.html', 'POST', 405],
    ] as const) {
      const response = await get(url, method);
      expect(response.status, `${method} ${url}`).toBe(status);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('is what the session serves on the app scheme', async () => {
    const ses = double.session.defaultSession;
    serveRenderer(ses as unknown as Session, root);
    expect([...ses.protocol.handlers.keys()]).toEqual(['app']);
    expect((await ses.protocol.fetch('app://loket/index.html')).status).toBe(200);
    expect((await ses.protocol.fetch('app://loket/..%2fsecret.txt')).status).toBe(403);
  });
});

describe('the CSP', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('allows nothing by default and scripts only from the app itself', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('has no unsafe keyword and no remote source anywhere', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|wss?:|\*/);
  });
});

describe('the privileged scheme', () => {
  it('is registered as standard and secure before the app is ready, as Electron requires', () => {
    registerAppScheme();
    expect(double.protocol.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown },
    ]);
    double.app.becomeReady();
    expect(() => registerAppScheme()).toThrow(/before app is ready/);
  });
});
