/**
 * Web host access rules that tests/integration/host does not already pin down: the socket is bound
 * to 127.0.0.1 only (another loopback address or IPv6 is refused, which a 0.0.0.0 bind would
 * accept), a foreign Host header is refused on the WebSocket upgrade too (DNS rebinding), and
 * every response, errors included, carries the strict CSP.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet, startTestHost, tryConnect, type TestHost } from '../integration/host/helpers.js';

let t: TestHost;
beforeAll(async () => {
  t = await startTestHost();
});
afterAll(async () => {
  await t.stop();
});

function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('web host: bound to 127.0.0.1 only', () => {
  it('accepts TCP on 127.0.0.1 and refuses it on 127.0.0.2 and ::1', async () => {
    expect(await tcpConnects('127.0.0.1', t.host.port)).toBe(true);
    // Both are this machine; only a listener bound to all interfaces would answer there.
    expect(await tcpConnects('127.0.0.2', t.host.port)).toBe(false);
    expect(await tcpConnects('::1', t.host.port)).toBe(false);
  });
});

describe('web host: DNS rebinding', () => {
  it('refuses pages and the WebSocket for a foreign Host, even with the right token and Origin', async () => {
    for (const host of [`evil.example:${t.host.port}`, `localhost:${t.host.port}`, '127.0.0.1', `127.0.0.1:${t.host.port + 1}`]) {
      expect((await rawGet(t.host.port, '/', { Host: host })).status, host).toBe(403);
    }
    const r = await new Promise<{ status: number }>((resolve, reject) => {
      void import('ws').then(({ default: WebSocket }) => {
        const ws = new WebSocket(`ws://127.0.0.1:${t.host.port}/ws?token=${t.host.token}`, {
          origin: t.host.origin,
          headers: { Host: `evil.example:${t.host.port}` },
        });
        ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
        ws.on('open', () => reject(new Error('upgrade with a foreign Host was accepted')));
        ws.on('error', () => {});
      });
    });
    expect(r.status).toBe(403);
  });

  it('the right Host, Origin and token still connect (the refusals above are not accidental)', async () => {
    const r = await tryConnect(`ws://127.0.0.1:${t.host.port}/ws?token=${t.host.token}`, t.host.origin);
    expect('ws' in r).toBe(true);
    if ('ws' in r) r.ws.close();
  });
});

describe('web host: the CSP header', () => {
  /** Directive name -> sources, from a CSP header. */
  const parse = (header: string) =>
    new Map(
      header
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...sources]) => [name!, sources]),
    );

  it('is on every response, errors included, with no unsafe keyword and no foreign source', async () => {
    for (const [path, headers] of [
      ['/', {}],
      ['/assets/app.js', {}],
      ['/nope.js', {}],
      ['/../secret.txt', {}],
      ['/', { Host: 'evil.example' }],
    ] as const) {
      const res = await rawGet(t.host.port, path, headers);
      const header = res.headers['content-security-policy'];
      expect(typeof header, `${path} ${res.status}`).toBe('string');
      const csp = parse(header as string);
      expect(csp.get('default-src'), path).toEqual(["'none'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'"]);
      expect(csp.get('connect-src'), path).toEqual(["'self'", `ws://127.0.0.1:${t.host.port}`]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('base-uri'), path).toEqual(["'none'"]);
      expect(header, path).not.toMatch(/unsafe|\*|https?:/);
    }
  });
});
