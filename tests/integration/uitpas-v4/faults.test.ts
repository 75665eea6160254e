/**
 * Each failure class produced by a real fault in the API 4 simulator, classified by the API 4
 * client exactly as the XML client classifies the same fault (tests/integration/uitpas/faults.test.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../../main/tools/simulator/faults.js';
import type { SimCallV4 } from '../../../main/tools/simulator-v4/server.js';
import { UitpasV4Client } from '../../../main/uitpas/v4/client.js';
import { rigPerTest } from '../../support/uitpas-rig.js';
import { failure, rig, type RigV4 } from './helpers.js';

let r: RigV4;
// A short response timeout so a stall outlasts it without slowing the suite.
rigPerTest(
  () => rig({ transport: { responseTimeoutMs: 400, connectTimeoutMs: 1_000 } }),
  (x) => (r = x),
);

const buy = (client = r.client) =>
  client.buy({ counterKey: r.counter, cdbid: r.sim.seedInfo.activities.priced, uitpasNumber: r.sim.seedInfo.cards.kansenstatuut });
const fault = (spec: FaultSpec<SimCallV4>) => r.sim.faults.add(spec);

describe('failure classification', () => {
  it('refused connection -> not-sent, nothing registered; works again when back online', async () => {
    await r.sim.goOffline();
    expect(await failure(() => buy())).toMatchObject({ kind: 'not-sent', code: 'ECONNREFUSED' });
    expect(r.sim.sales()).toEqual([]);
    await r.sim.goOnline();
    await expect(buy()).resolves.toBeDefined();
  });

  it('connection dropped before commit -> ambiguous, nothing registered', async () => {
    fault({ call: 'buy', kind: 'drop-before-commit' });
    expect(await failure(() => buy())).toMatchObject({ kind: 'ambiguous' });
    expect(r.sim.sales()).toEqual([]);
  });

  it('connection dropped after commit -> ambiguous, the sale is registered', async () => {
    fault({ call: 'buy', kind: 'drop-after-commit' });
    expect(await failure(() => buy())).toMatchObject({ kind: 'ambiguous' });
    expect(r.sim.sales()).toHaveLength(1);
  });

  it('5xx after commit -> ambiguous with the status', async () => {
    fault({ call: 'buy', kind: 'error-5xx-after-commit', status: 503 });
    expect(await failure(() => buy())).toMatchObject({ kind: 'ambiguous', httpStatus: 503 });
    expect(r.sim.sales()).toHaveLength(1);
  });

  it('malformed JSON -> bad-response that says so', async () => {
    fault({ call: 'buy', kind: 'malformed-xml' });
    const e = await failure(() => buy());
    expect(e).toMatchObject({ kind: 'bad-response', httpStatus: 200 });
    expect(e.message).toMatch(/not usable JSON/);
    expect(r.sim.sales()).toHaveLength(1);
  });

  it('an HTML page (captive portal) -> bad-response', async () => {
    fault({ call: 'buy', kind: 'html-page' });
    expect((await failure(() => buy())).message).toMatch(/HTML page/);
  });

  it('a huge body -> bad-response, reading stopped', async () => {
    fault({ call: 'buy', kind: 'huge-body', sizeBytes: 4 * 1024 * 1024 });
    expect(await failure(() => buy())).toMatchObject({ kind: 'bad-response', code: 'ETOOBIG' });
  });

  it('an empty body -> bad-response', async () => {
    fault({ call: 'buy', kind: 'empty-body' });
    expect(await failure(() => buy())).toMatchObject({ kind: 'bad-response' });
  });

  it('a status the call never answers -> bad-response naming it', async () => {
    fault({ call: 'buy', kind: 'status', status: 302 });
    const e = await failure(() => buy());
    expect(e).toMatchObject({ kind: 'bad-response', httpStatus: 302 });
    expect(e.message).toMatch(/unexpected HTTP 302/);
  });

  it('a JSON answer of the wrong shape -> bad-response', async () => {
    // No fault makes well-formed JSON of the wrong shape: a server of its own does.
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ totalItems: 'two', member: [] }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const odd = new UitpasV4Client({ apiBase: base, searchBase: base, token: () => Promise.resolve('t') });
    try {
      const e = await failure(() => odd.searchTicketSales({ counterKey: r.counter, cdbid: 'x' }));
      expect(e).toMatchObject({ kind: 'bad-response' });
      expect(e.message).toMatch(/unexpected shape/);
    } finally {
      odd.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  it('no answer within the timeout -> ambiguous', async () => {
    fault({ call: 'buy', kind: 'stall', stallMs: 2_000 });
    expect(await failure(() => buy())).toMatchObject({ kind: 'ambiguous', code: 'ETIMEDOUT' });
  });

  it('a late commit: the connection drops, the sale appears afterwards', async () => {
    fault({ call: 'buy', kind: 'late-commit', delayMs: 150 });
    expect(await failure(() => buy())).toMatchObject({ kind: 'ambiguous' });
    expect(r.sim.sales()).toEqual([]);
    await new Promise((ok) => setTimeout(ok, 400));
    expect(r.sim.sales()).toHaveLength(1);
  });

  it('a failure before the registration is sent is not-sent, whatever it was', async () => {
    fault({ call: 'tariffs', kind: 'error-5xx', status: 502 });
    const e = await failure(() => buy());
    expect(e).toMatchObject({ kind: 'not-sent', httpStatus: 502 });
    expect(e.message).toMatch(/registration not sent/);
    fault({ call: 'search', kind: 'html-page' });
    expect(await failure(() => buy(r.freshClient()))).toMatchObject({ kind: 'not-sent' });
    expect(r.sim.sales()).toEqual([]);
  });

  it('a 5xx on a search is ambiguous, as in XML', async () => {
    fault({ call: 'searchTicketsales', kind: 'error-5xx' });
    expect(
      await failure(() => r.client.searchTicketSales({ counterKey: r.counter, cdbid: r.sim.seedInfo.activities.priced })),
    ).toMatchObject({ kind: 'ambiguous', httpStatus: 503 });
  });

  it('a problem answer for a path that does not exist is a refusal, not a guess', async () => {
    const wrong = r.freshClient({ apiBase: `${r.sim.apiBase}/v9` });
    expect(await failure(() => wrong.listCounters())).toMatchObject({ kind: 'rejected', code: 'INVALID_PARAMETERS', httpStatus: 404 });
  });

  it('latency within the timeout is only slow', async () => {
    fault({ call: 'buy', kind: 'latency', latencyMs: 100 });
    await expect(buy()).resolves.toBeDefined();
  });
});

describe('admin', () => {
  it('lists faults and sales, holds and releases an answer, resets', async () => {
    fault({ call: 'buy', kind: 'stall-after-commit', stallMs: 5_000 });
    const slow = new UitpasV4Client({
      apiBase: r.sim.apiBase,
      searchBase: r.sim.searchBase,
      token: () => Promise.resolve(r.sim.credentials.token),
      transport: { responseTimeoutMs: 5_000 },
    });
    try {
      const pending = buy(slow);
      for (let i = 0; i < 50 && r.sim.faults.held() === 0; i++) await new Promise((ok) => setTimeout(ok, 20));
      expect(r.sim.sales()).toHaveLength(1);
      expect(r.sim.faults.release()).toBe(1);
      await expect(pending).resolves.toMatchObject({ value: { tariffCents: 550 } });
    } finally {
      slow.close();
    }
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${r.sim.port}/__admin/${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then((res) => res.json());
    expect(await admin('POST', 'faults', { call: 'cancel', kind: 'error-5xx' })).toMatchObject([{ call: 'cancel', kind: 'error-5xx' }]);
    expect(await admin('POST', 'faults', { call: 'balieList', kind: 'error-5xx' })).toMatchObject({
      error: expect.stringContaining('call must be') as unknown,
    });
    expect(await admin('GET', 'sales')).toHaveLength(1);
    await admin('POST', 'reset');
    expect(r.sim.sales()).toEqual([]);
    expect(r.sim.faults.list()).toEqual([]);
  });
});
