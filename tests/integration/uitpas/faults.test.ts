/** Each failure class produced by a real fault in the simulator, classified by the client. */
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UitpasClient } from '../../../main/uitpas/client.js';
import type { FaultSpec } from '../../../main/tools/simulator/faults.js';
import { waitForOutput } from '../../support/child-process.js';
import { rigPerTest } from '../../support/uitpas-rig.js';
import { failure, rig, type Rig } from './helpers.js';

let r: Rig;
// A short response timeout so a stall outlasts it without slowing the suite.
rigPerTest(
  () => rig({ transport: { responseTimeoutMs: 400, connectTimeoutMs: 1_000 } }),
  (x) => (r = x),
);

const buy = () =>
  r.client.buy({ counterKey: r.counter, cdbid: r.sim.seedInfo.activities.priced, uitpasNumber: r.sim.seedInfo.cards.kansenstatuut });
const fault = (spec: FaultSpec) => r.sim.faults.add(spec);

describe('failure classification', () => {
  it('refused connection -> not-sent, nothing registered; works again when back online', async () => {
    await r.sim.goOffline();
    const e = await failure(buy);
    expect(e).toMatchObject({ kind: 'not-sent' });
    expect(e.code).toBe('ECONNREFUSED');
    expect(r.sim.sales()).toEqual([]);
    await r.sim.goOnline();
    await expect(buy()).resolves.toBeDefined();
  });

  it('the refuse fault closes the listener for a while (a real ECONNREFUSED)', async () => {
    fault({ call: 'any', kind: 'refuse', durationMs: 300 });
    await new Promise((res) => setTimeout(res, 50));
    expect(await failure(buy)).toMatchObject({ kind: 'not-sent', code: 'ECONNREFUSED' });
    await new Promise((res) => setTimeout(res, 600));
    await expect(buy()).resolves.toBeDefined();
  });

  it('connection dropped before commit -> ambiguous, nothing registered', async () => {
    fault({ call: 'buy', kind: 'drop-before-commit' });
    expect(await failure(buy)).toMatchObject({ kind: 'ambiguous' });
    expect(r.sim.sales()).toEqual([]);
  });

  it('connection dropped after commit -> ambiguous, the sale is registered', async () => {
    fault({ call: 'buy', kind: 'drop-after-commit' });
    expect(await failure(buy)).toMatchObject({ kind: 'ambiguous' });
    expect(r.sim.sales()).toHaveLength(1);
  });

  it('5xx after commit -> ambiguous with the status', async () => {
    fault({ call: 'buy', kind: 'error-5xx-after-commit', status: 503 });
    expect(await failure(buy)).toMatchObject({ kind: 'ambiguous', httpStatus: 503 });
    expect(r.sim.sales()).toHaveLength(1);
  });

  it('stall longer than the client timeout -> ambiguous', async () => {
    fault({ call: 'buy', kind: 'stall', stallMs: 5_000 });
    const e = await failure(buy);
    expect(e).toMatchObject({ kind: 'ambiguous', code: 'ETIMEDOUT' });
    expect(r.sim.sales()).toEqual([]);
  });

  it('stall after commit: the sale is visible while the answer is held, then released', async () => {
    fault({ call: 'buy', kind: 'stall-after-commit', stallMs: 10_000 });
    const slow = new UitpasClient({ prefix: r.sim.prefix, credentials: () => r.creds, transport: { responseTimeoutMs: 5_000 } });
    try {
      const pending = slow.buy({
        counterKey: r.counter,
        cdbid: r.sim.seedInfo.activities.priced,
        uitpasNumber: r.sim.seedInfo.cards.kansenstatuut,
      });
      while (r.sim.faults.held() === 0) await new Promise((res) => setTimeout(res, 10));
      expect(r.sim.sales()).toHaveLength(1);
      expect(r.sim.faults.release()).toBe(1);
      const sale = await pending;
      expect(sale.value.id).toBe(r.sim.sales()[0]?.id);
    } finally {
      slow.close();
    }
  });

  it('latency delays but succeeds', async () => {
    fault({ call: 'buy', kind: 'latency', latencyMs: 50 });
    await expect(buy()).resolves.toBeDefined();
  });

  it('malformed XML, an HTML page, an empty body and a huge body -> bad-response', async () => {
    fault({ call: 'buy', kind: 'malformed-xml' });
    expect((await failure(buy)).message).toMatch(/not usable XML.*malformed/);
    fault({ call: 'search', kind: 'html-page' });
    const html = await failure(() => r.client.searchActivities(r.counter, { range: 'today', start: 0, max: 10 }));
    expect(html).toMatchObject({ kind: 'bad-response' });
    expect(html.message).toContain('HTML page');
    fault({ call: 'retrieve', kind: 'empty-body' });
    expect((await failure(() => r.client.identify(r.counter, r.sim.seedInfo.cards.regular))).message).toContain('empty body');
    fault({ call: 'passholder', kind: 'huge-body', sizeBytes: 3 * 1024 * 1024 });
    const huge = await failure(() => r.client.passholder(r.counter, r.sim.seedInfo.cards.regular));
    expect(huge).toMatchObject({ kind: 'bad-response', code: 'ETOOBIG' });
  });

  it('unexpected status codes -> bad-response', async () => {
    fault({ call: 'balieList', kind: 'status', status: 302 });
    expect(await failure(() => r.client.listCounters())).toMatchObject({ kind: 'bad-response', httpStatus: 302 });
  });

  it('a fault strikes only its call and its count', async () => {
    fault({ call: 'buy', kind: 'drop-before-commit', count: 2 });
    await expect(r.client.listCounters()).resolves.toHaveLength(2);
    expect(await failure(buy)).toMatchObject({ kind: 'ambiguous' });
    expect(await failure(buy)).toMatchObject({ kind: 'ambiguous' });
    await expect(buy()).resolves.toBeDefined();
  });
});

describe('admin endpoint', () => {
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${r.sim.port}/__admin/${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }).then(
      async (res) => ({ status: res.status, json: await res.json() }),
    );

  it('adds faults, lists sales, releases held answers and resets', async () => {
    expect(await admin('POST', 'faults', { call: 'buy', kind: 'drop-after-commit' })).toMatchObject({
      status: 200,
      json: [{ call: 'buy', kind: 'drop-after-commit', count: 1 }],
    });
    expect(await failure(buy)).toMatchObject({ kind: 'ambiguous' });
    const sales = await admin('GET', 'sales');
    expect(sales.json).toMatchObject([
      { cdbid: r.sim.seedInfo.activities.priced, counterKey: r.counter, cancelled: false, uid: expect.any(String) as string },
    ]);
    expect(await admin('GET', 'seed')).toMatchObject({ json: { prefix: r.sim.prefix, balieConsumerKey: r.counter } });
    expect(await admin('POST', 'faults', { call: 'buy', kind: 'explode' })).toMatchObject({ status: 400 });
    expect(await admin('POST', 'release')).toMatchObject({ json: { released: 0 } });
    await admin('POST', 'reset');
    expect((await admin('GET', 'sales')).json).toEqual([]);
  });
});

describe('transport against hostile servers', () => {
  it('a reset after the request was written is ambiguous; a 401 is unauthorized', async () => {
    let mode: 'reset' | '401' = 'reset';
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (mode === 'reset') req.socket.destroy();
        else {
          res.writeHead(401, { 'content-type': 'text/html' });
          res.end('<html>Unauthorized</html>');
        }
      });
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const { port } = server.address() as AddressInfo;
    const client = new UitpasClient({ prefix: `http://127.0.0.1:${port}/uitid/rest`, credentials: () => r.creds });
    try {
      const e = await failure(() => client.cancel('k', '1'));
      expect(e.kind).toBe('ambiguous');
      mode = '401';
      expect(await failure(() => client.cancel('k', '1'))).toMatchObject({ kind: 'unauthorized', httpStatus: 401 });
    } finally {
      client.close();
      await new Promise((res) => server.close(res));
    }
  });

  it('a kept-alive socket closed under a GET is retried once on a fresh one; a POST stays ambiguous', async () => {
    // The server answers the first request on each connection and drops the connection on the
    // second one: what a client sees when the server closed an idle keep-alive socket.
    const perSocket = new WeakMap<object, number>();
    let served = 0;
    const server = http.createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      req.resume();
      req.on('end', () => {
        if (n > 1) return req.socket.destroy();
        served++;
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<response><balies><balie><id>1</id><consumerKey>k</consumerKey><name>B</name></balie></balies></response>');
      });
    });
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    const { port } = server.address() as AddressInfo;
    const client = new UitpasClient({ prefix: `http://127.0.0.1:${port}/uitid/rest`, credentials: () => r.creds });
    try {
      await expect(client.listCounters()).resolves.toHaveLength(1);
      await expect(client.listCounters()).resolves.toHaveLength(1);
      expect(served).toBe(2);
      expect(await failure(() => client.cancel('k', '1'))).toMatchObject({ kind: 'ambiguous' });
    } finally {
      client.close();
      await new Promise((res) => server.close(res));
    }
  });

  it('a server that never accepts the connection -> connect timeout -> not-sent', async () => {
    // A child process listens with a backlog of 1 and then blocks its event loop (without using
    // CPU), so it never accepts: once its queue is full the kernel drops further SYNs.
    const child = spawn(process.execPath, [
      '-e',
      [
        "const s = require('net').createServer();",
        "s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {",
        "  process.stdout.write(s.address().port + '\\n');",
        '  setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20000), 50);',
        '});',
      ].join('\n'),
    ]);
    const fillers: net.Socket[] = [];
    const client = (port: number) =>
      new UitpasClient({ prefix: `http://127.0.0.1:${port}/uitid/rest`, credentials: () => r.creds, transport: { connectTimeoutMs: 300 } });
    try {
      const port = Number((await waitForOutput(child, /^(\d+)\n/))[1]);
      await new Promise((res) => setTimeout(res, 200));
      // Fill the accept queue until a connection no longer completes.
      for (let i = 0; i < 10; i++) {
        const s = net.connect(port, '127.0.0.1');
        fillers.push(s);
        const connected = await new Promise<boolean>((res) => {
          s.once('connect', () => res(true));
          s.once('error', () => res(false));
          setTimeout(() => res(false), 200);
        });
        if (!connected) break;
      }
      const c = client(port);
      try {
        expect(await failure(() => c.buy({ counterKey: 'k', cdbid: 'e', uitpasNumber: r.sim.seedInfo.cards.regular }))).toMatchObject({
          kind: 'not-sent',
          code: 'ECONNTIMEOUT',
        });
      } finally {
        c.close();
      }
    } finally {
      for (const s of fillers) s.destroy();
      child.kill();
    }
  });
});
