/**
 * The renderer's WebSocket bridge against the real web host, in Node: `ws` stands in for the
 * browser's WebSocket (same onopen/onmessage/onclose interface). The e2e tests cover it in Chromium.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWebSocketBridge, webSocketUrlFor, type WebSocketBridge } from '../../../renderer/src/lib/bridge/websocket.js';
import { createClient } from '../../../renderer/src/lib/api/create-client.js';
import { startWebHost } from '../../../main/web/server.js';
import { silentLogger } from '../../../main/core/log.js';
import { LoketCallError } from '../../../contract/rpc.js';
import { startTestHost, type TestHost } from './helpers.js';

let hosts: TestHost[] = [];
let bridges: WebSocketBridge[] = [];
afterEach(async () => {
  for (const b of bridges) b.close();
  bridges = [];
  await Promise.all(hosts.map((h) => h.stop()));
  hosts = [];
});

async function host(): Promise<TestHost> {
  const h = await startTestHost();
  hosts.push(h);
  return h;
}

function bridgeTo(h: TestHost, token = h.host.token) {
  const url = webSocketUrlFor({ host: `127.0.0.1:${h.host.port}`, search: `?token=${token}` });
  if (!url) throw new Error('no url');
  const createSocket = (u: string) => new WebSocket(u, { origin: h.host.origin }) as unknown as globalThis.WebSocket;
  const bridge = createWebSocketBridge({ url, createSocket, retryDelaysMs: [20] });
  bridges.push(bridge);
  return bridge;
}

describe('renderer WebSocket bridge', () => {
  it('builds the socket URL from the page location, and none without a token', () => {
    expect(webSocketUrlFor({ host: '127.0.0.1:5000', search: '?token=a+b/c' })).toBe('ws://127.0.0.1:5000/ws?token=a%20b%2Fc');
    expect(webSocketUrlFor({ host: '127.0.0.1:5000', search: '' })).toBeUndefined();
  });

  it('calls made before the socket opens are sent once it does', async () => {
    const h = await host();
    const api = createClient(bridgeTo(h));
    const [info, pong] = await Promise.all([api.call('app.info'), api.call('app.ping', { text: 'vroeg' })]);
    expect(info).toEqual(h.runtime.info);
    expect(pong.text).toBe('vroeg');
  });

  it('an error envelope becomes a LoketCallError with the contract code', async () => {
    const h = await host();
    const bridge = bridgeTo(h);
    const api = createClient(bridge);
    const err = await api.call('app.ping', { text: 5 as unknown as string }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoketCallError);
    expect((err as LoketCallError).code).toBe('INVALID_INPUT');
    expect(await bridge.invoke('nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('events reach subscribers, including the latest value for a late subscriber', async () => {
    const h = await host();
    const api = createClient(bridgeTo(h));
    await api.call('app.ping', { text: 'x' });
    const seen: unknown[] = [];
    api.on('connectivity', (c) => seen.push(c));
    expect(seen).toHaveLength(1);
    h.runtime.bus.emit('connectivity', { state: 'offline', detail: 'bridge-test' });
    await expect.poll(() => seen.at(-1)).toEqual({ state: 'offline', detail: 'bridge-test' });
  });

  it('a wrong token: every call fails with TRANSPORT_UNAVAILABLE, and it does not retry', async () => {
    const h = await host();
    const bridge = bridgeTo(h, 'w'.repeat(43));
    expect(await bridge.invoke('app.info', undefined)).toMatchObject({ ok: false, error: { code: 'TRANSPORT_UNAVAILABLE' } });
    expect(await bridge.invoke('app.info', undefined)).toMatchObject({
      ok: false,
      error: { code: 'TRANSPORT_UNAVAILABLE', message: expect.stringContaining('token') as unknown },
    });
  });

  it('after a lost connection it reconnects (host restarted with the same port and LOKET_WEB_TOKEN)', async () => {
    const h = await host();
    const bridge = bridgeTo(h);
    expect(await bridge.invoke('app.ping', { text: 'a' })).toMatchObject({ ok: true });
    await h.host.close();
    expect(await bridge.invoke('app.ping', { text: 'while down' })).toMatchObject({ ok: false, error: { code: 'TRANSPORT_UNAVAILABLE' } });
    const again = await startWebHost({
      dispatcher: h.runtime.dispatcher,
      bus: h.runtime.bus,
      rendererDir: h.rendererDir,
      port: h.host.port,
      token: h.host.token,
      log: silentLogger,
    });
    try {
      await expect.poll(async () => (await bridge.invoke('app.ping', { text: 'b' })).ok, { timeout: 10_000 }).toBe(true);
    } finally {
      await again.close();
    }
  });
});
