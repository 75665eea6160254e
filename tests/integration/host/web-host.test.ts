import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_MAX_PAYLOAD } from '../../../contract/web-protocol.js';
import { type FrameClient, rawGet, startTestHost, tryConnect, type TestHost } from './helpers.js';

let t: TestHost;
let wsUrl: string;
let snapshot: () => string;

beforeAll(async () => {
  t = await startTestHost();
  wsUrl = `ws://127.0.0.1:${t.host.port}/ws?token=${t.host.token}`;
  // "Nothing changed" = same files in the data folder with the same content, and the same answers.
  snapshot = () =>
    JSON.stringify(
      readdirSync(t.dataDir)
        .sort()
        .map((f) => [f, readFileSync(`${t.dataDir}/${f}`, 'utf8')]),
    );
});
afterAll(async () => {
  await t.stop();
});

async function connected(): Promise<FrameClient> {
  const r = await tryConnect(wsUrl, t.host.origin);
  if (!('ws' in r)) throw new Error(`expected a connection, got HTTP ${r.status}`);
  return r.client;
}

describe('web host: static files', () => {
  it('binds 127.0.0.1 and prints a URL with the token', () => {
    expect(t.host.url).toBe(`http://127.0.0.1:${t.host.port}/?token=${t.host.token}`);
    expect(t.host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves index.html at / with a strict CSP and the right content types', async () => {
    const index = await rawGet(t.host.port, '/?token=x');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("default-src 'none'");
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${t.host.port}`);
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect((await rawGet(t.host.port, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await rawGet(t.host.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..\\secret.txt',
    '/%00index.html',
  ])('refuses path traversal %s', async (path) => {
    const r = await rawGet(t.host.port, path);
    expect([400, 404]).toContain(r.status);
    expect(r.body).not.toContain('TOP-SECRET');
  });

  it('does not follow a symlink out of the renderer folder', async () => {
    const r = await rawGet(t.host.port, '/link-out.txt');
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('TOP-SECRET');
  });

  it('never lists a directory', async () => {
    for (const path of ['/assets', '/assets/']) {
      const r = await rawGet(t.host.port, path);
      expect(r.status).toBe(404);
      expect(r.body).not.toContain('app.js');
    }
  });

  it('answers 404 for unknown files, 405 for other methods, 403 for a foreign Host', async () => {
    expect((await rawGet(t.host.port, '/nope.js')).status).toBe(404);
    const post = await rawGet(t.host.port, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await rawGet(t.host.port, '/', { Host: `evil.example:${t.host.port}` })).status).toBe(403);
  });
});

describe('web host: WebSocket access', () => {
  it('refuses a wrong token with 403 and nothing else happens', async () => {
    const before = snapshot();
    const r = await tryConnect(`ws://127.0.0.1:${t.host.port}/ws?token=${'x'.repeat(43)}`, t.host.origin);
    expect(r).toMatchObject({ status: 403, body: 'wrong or missing token' });
    expect(await tryConnect(`ws://127.0.0.1:${t.host.port}/ws`, t.host.origin)).toMatchObject({ status: 403 });
    expect(snapshot()).toBe(before);
  });

  it('refuses a foreign or missing Origin with 403 even with the right token', async () => {
    expect(await tryConnect(wsUrl, 'http://evil.example')).toMatchObject({ status: 403, body: 'foreign or missing Origin' });
    expect(await tryConnect(wsUrl, `http://localhost:${t.host.port}`)).toMatchObject({ status: 403 });
    expect(await tryConnect(wsUrl, undefined)).toMatchObject({ status: 403 });
  });

  it('refuses an upgrade on another path with 404', async () => {
    expect(await tryConnect(`ws://127.0.0.1:${t.host.port}/other?token=${t.host.token}`, t.host.origin)).toMatchObject({ status: 404 });
  });
});

describe('web host: calls over the WebSocket', () => {
  it('pushes the current connectivity on connect and answers calls with envelopes', async () => {
    const c = await connected();
    const first = await c.next((f) => f.event === 'connectivity');
    expect(first.payload).toMatchObject({ state: expect.stringMatching(/^(unknown|online|offline)$/) as unknown });
    const info = await c.call(1, 'app.info');
    expect(info).toEqual({ id: 1, result: { ok: true, value: t.runtime.info } });
    const ping = await c.call('p', 'app.ping', { text: 'hallo' });
    expect(ping).toMatchObject({ id: 'p', result: { ok: true, value: { text: 'hallo' } } });
    c.ws.close();
  });

  it('pushes later events from the bus', async () => {
    const c = await connected();
    await c.next((f) => f.event === 'connectivity');
    // A marker no service sends, so a real connectivity report in between cannot be mistaken for it.
    t.runtime.bus.emit('connectivity', { state: 'offline', detail: 'web-host-test' });
    const pushed = await c.next((f) => f.event === 'connectivity' && (f.payload as { detail?: string }).detail === 'web-host-test');
    expect(pushed).toEqual({ event: 'connectivity', payload: { state: 'offline', detail: 'web-host-test' } });
    c.ws.close();
  });

  it('unknown call and invalid payload: clear errors, nothing changed, the connection keeps working', async () => {
    const before = snapshot();
    const c = await connected();
    expect(await c.call(2, 'fs.readFile', { path: '/etc/passwd' })).toMatchObject({
      id: 2,
      result: { ok: false, error: { code: 'UNKNOWN_CALL', message: 'Unknown call: "fs.readFile"' } },
    });
    const invalid = await c.call(3, 'app.ping', { text: 42 });
    expect(invalid).toMatchObject({ id: 3, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(await c.call(4, 'app.ping', { text: 'still here' })).toMatchObject({ result: { ok: true } });
    expect(snapshot()).toBe(before);
    c.ws.close();
  });

  it.each([
    ['not JSON', 'hello{', /not valid JSON/, undefined],
    ['an array', '[1,2]', /JSON object/, undefined],
    ['no id', JSON.stringify({ name: 'app.info' }), /needs an id/, undefined],
    ['no name', JSON.stringify({ id: 7 }), /call name/, 7],
    ['extra fields', JSON.stringify({ id: 8, name: 'app.info', evil: true }), /unexpected field/, 8],
  ])('a malformed frame (%s) gets a BAD_FRAME error', async (_label, text, message, id) => {
    const before = snapshot();
    const c = await connected();
    c.ws.send(text);
    const err = await c.next((f) => 'error' in f);
    expect(err).toMatchObject({ error: { code: 'BAD_FRAME', message: expect.stringMatching(message) as unknown } });
    expect(err.id).toBe(id);
    expect(await c.call(99, 'app.ping', { text: 'ok' })).toMatchObject({ result: { ok: true } });
    expect(snapshot()).toBe(before);
    c.ws.close();
  });

  it('a binary frame gets a BAD_FRAME error', async () => {
    const c = await connected();
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next((f) => 'error' in f)).toMatchObject({ error: { code: 'BAD_FRAME' } });
    c.ws.close();
  });

  it('a frame above the size limit closes that socket with 1009; others are unaffected', async () => {
    const other = await connected();
    const c = await connected();
    const closed = new Promise<number>((resolve) => c.ws.on('close', (code) => resolve(code)));
    c.ws.send(JSON.stringify({ id: 1, name: 'app.ping', input: { text: 'x'.repeat(WS_MAX_PAYLOAD) } }));
    expect(await closed).toBe(1009);
    expect(await other.call(5, 'app.ping', { text: 'fine' })).toMatchObject({ result: { ok: true } });
    other.ws.close();
  });

  it('closing the host closes its clients', async () => {
    const extra = await startTestHost();
    const r = await tryConnect(`ws://127.0.0.1:${extra.host.port}/ws?token=${extra.host.token}`, extra.host.origin);
    if (!('ws' in r)) throw new Error('expected a connection');
    const closed = new Promise<number>((resolve) => r.ws.on('close', (code) => resolve(code)));
    await extra.stop();
    expect(await closed).toBe(1001);
    expect(r.ws.readyState).toBe(WebSocket.CLOSED);
  });
});
