/**
 * The web host under an authenticated but abusive client, and a noisy local process (issue 12,
 * finding 6): calls per connection are bounded, refused upgrades do not flood the log, a HEAD on
 * the OAuth callback does not spend the pending login. Real host, real runtime, real sockets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../../main/runtime/runtime.js';
import { createLineLogger, silentLogger } from '../../../main/core/log.js';
import type { Dispatcher } from '../../../main/runtime/dispatcher.js';
import { EventBus } from '../../../main/core/event-bus.js';
import { startWebHost, MAX_IN_FLIGHT_PER_CONNECTION, type WebHost } from '../../../main/web/server.js';
import { rawGet, tryConnect } from './helpers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function realRuntime(): Promise<Runtime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loket-limits-'));
  const runtime = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: dataDir }, log: silentLogger });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => runtime.close());
  return runtime;
}

async function host(opts: Partial<Parameters<typeof startWebHost>[0]> & { dispatcher: Dispatcher }): Promise<WebHost> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-limits-r-'));
  const h = await startWebHost({ bus: new EventBus(), rendererDir: dir, log: silentLogger, ...opts });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => h.close());
  return h;
}

describe('calls per connection', () => {
  it('never runs more than the limit at once; every call is answered; the host keeps answering', async () => {
    const runtime = await realRuntime();
    let running = 0;
    let peak = 0;
    // The real dispatcher, held back a little so a flood piles up (as a slow UiTPAS would).
    const slow: Dispatcher = {
      dispatch: async (name, input) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        try {
          return await runtime.dispatcher.dispatch(name, input);
        } finally {
          running--;
        }
      },
    };
    const h = await host({ dispatcher: slow });
    const r = await tryConnect(`ws://127.0.0.1:${h.port}/ws?token=${h.token}`, h.origin);
    if (!('ws' in r)) throw new Error(`HTTP ${r.status}`);
    const total = 1000;
    const text = Array.from({ length: total }, (_, i) => JSON.stringify({ id: i, name: 'app.ping', input: { text: `n${i}` } }));
    for (const t of text) r.ws.send(t);
    const answers = await Promise.all(Array.from({ length: total }, (_, i) => r.client.next((f) => f.id === i)));
    expect(peak).toBeLessThanOrEqual(MAX_IN_FLIGHT_PER_CONNECTION);
    const busy = answers.filter((a) => (a.error as { code?: string } | undefined)?.code === 'BUSY');
    const ok = answers.filter((a) => (a.result as { ok?: boolean } | undefined)?.ok === true);
    expect(busy.length + ok.length).toBe(total);
    expect(ok.length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT_PER_CONNECTION);
    expect(await r.client.call('after', 'app.ping', { text: 'still here' })).toMatchObject({
      result: { ok: true, value: { text: 'still here' } },
    });
    r.ws.close();
  });
});

describe('refused upgrades', () => {
  it('log a bounded number of lines however often another process knocks', async () => {
    const lines: string[] = [];
    const h = await host({
      dispatcher: { dispatch: () => Promise.resolve({ ok: true, value: null }) },
      log: createLineLogger((_level, line) => lines.push(line)),
    });
    for (let i = 0; i < 200; i++) {
      const r = await tryConnect(`ws://127.0.0.1:${h.port}/ws?token=wrong${i}`, h.origin);
      expect('status' in r && r.status).toBe(403);
    }
    const refused = lines.filter((l) => l.includes('WebSocket refused'));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(10);
    await h.close();
    expect(lines.some((l) => /190 more refused WebSocket upgrade/.test(l))).toBe(true);
  });
});

describe('the OAuth callback', () => {
  it('a HEAD does not hand the verifier to the login service; the GET still does', async () => {
    const received: unknown[] = [];
    const h = await host({
      dispatcher: { dispatch: () => Promise.resolve({ ok: true, value: null }) },
      oauthCallback: (u) => {
        received.push({ token: u.searchParams.get('oauth_token'), verifier: u.searchParams.get('oauth_verifier') });
        return Promise.resolve({ ok: true });
      },
    });
    const own = { host: `127.0.0.1:${h.port}` };
    const head = await rawGet(h.port, '/oauth/callback?oauth_token=rt&oauth_verifier=v', own, 'HEAD');
    expect(head.status).toBe(405);
    expect(head.headers.allow).toBe('GET');
    expect(received).toEqual([]);
    const get = await rawGet(h.port, '/oauth/callback?oauth_token=rt&oauth_verifier=v', own);
    expect(get.status).toBe(200);
    expect(received).toEqual([{ token: 'rt', verifier: 'v' }]);
  });
});
