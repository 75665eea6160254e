/**
 * The ReplayWorker against a scripted UiTPAS and a real outbox (SQLite, inline writer), on a fake
 * clock: what each answer to a buy, a cancel or a probe makes of the sale, the queue and the link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketSale } from '../../../contract/domain.js';
import type { ConnectivityMonitor } from '../../../main/sales/connectivity.js';
import { DEFAULT_RECONCILE_POLICY, nextSearchMs } from '../../../main/sales/reconcile-policy.js';
import type { ReplayWorker } from '../../../main/sales/replay-worker.js';
import type { ForeignRecord, NewSale, SalePatch, SaleRecord, SaleStore } from '../../../main/sales/store/sale-store.js';
import { UitpasError, type Result } from '../../../main/uitpas/port.js';
import { raw, ticketSaleRecord, until, WorkerRig, type FakePort } from './fake-port.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const H = 10_000;
const policy = { ...DEFAULT_RECONCILE_POLICY, lateCommitHorizonMs: H, searchAtFractions: [0.1], maxSearches: 4, sweepDelayMs: 60_000 };
const backoff = { baseMs: 100, maxMs: 1_000 };

let dir: string;
let rig: WorkerRig;
let store: SaleStore;
let port: FakePort;
let clock: number;
let changed: SaleRecord[];
let connectivity: ConnectivityMonitor;
let worker: ReplayWorker;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-worker-'));
  clock = T0;
  rig = new WorkerRig(dir, { now: () => clock, policy, backoff });
  ({ store, port, changed, connectivity, worker } = rig);
});
afterEach(async () => {
  await rig.close();
  rmSync(dir, { recursive: true, force: true });
});

function newSale(id: string, over: Partial<NewSale> = {}): NewSale {
  return {
    id,
    createdAt: new Date(T0 - 1_000).toISOString(),
    createdMs: T0 - 1_000,
    counterKey: 'counter-1',
    uitpasNumber: '0930000150316',
    groupPass: false,
    passholderUid: 'uid-1',
    cdbid: 'event-1',
    activityTitle: 'Concert',
    amountOfTickets: 1,
    expectedPriceCents: 1200,
    expectedTariffCents: 300,
    provisional: false,
    ...over,
  };
}

function sold(id: string, over: Partial<TicketSale> = {}): Result<TicketSale> {
  return {
    value: {
      id,
      cdbid: 'event-1',
      creationDate: new Date(clock).toISOString(),
      priceCents: 1200,
      tariffCents: 300,
      groupPass: false,
      ...over,
    },
    raw: raw({ requestBody: 'cdbid=event-1', responseBody: `<ticketSale id="${id}"/>` }),
  };
}

const state = (id: string) => store.get(id)?.state;
const last = (id: string) => store.history(id).at(-1)!;
const errorOf = (id: string) => {
  const { needsOperator, lastErrorCode, lastErrorMessage } = store.get(id)!;
  return { needsOperator, lastErrorCode, lastErrorMessage };
};

/** Inserts a pending sale, lets the worker take it and waits until it left `sending`. */
async function sell(id: string, over: Partial<NewSale> = {}): Promise<SaleRecord> {
  await store.insert(newSale(id, over), 'operator', 'sold');
  const attempted = worker.waitForAttempt(id, 5_000);
  worker.start();
  worker.wake();
  await attempted;
  await until(
    () =>
      changed.some((c) => c.id === id && c.state !== 'sending' && c.state !== 'pending') ||
      store.history(id).some((h) => h.from === 'sending'),
    `${id} attempted`,
  );
  return store.get(id)!;
}

async function walk(id: string, steps: Array<[SaleRecord['state'], SaleRecord['state'], SalePatch?]>) {
  for (const [from, to, patch] of steps)
    await store.transition(id, { from, to, actor: 'worker', reason: 'setup', at: new Date(T0 - 500), ...(patch ? { patch } : {}) });
}

describe('ReplayWorker: a buy', () => {
  it('claims the sale durably, sends exactly what was sold and records the registration', async () => {
    port.buys.push(() => {
      // Durable before the request: the sale is in `sending` while UiTPAS works on it.
      expect(state('a')).toBe('sending');
      return sold('ts-1');
    });
    const s = await sell('a', { priceClass: 'Balkon', couponId: '7' });
    expect(port.argsOf('buy')).toStrictEqual([
      [{ counterKey: 'counter-1', cdbid: 'event-1', uitpasNumber: '0930000150316', priceClass: 'Balkon', couponId: '7' }],
    ]);
    expect(s).toMatchObject({
      state: 'registered',
      attempts: 1,
      firstAttemptMs: T0,
      firstAttemptAt: new Date(T0).toISOString(),
      ticketSaleId: 'ts-1',
      registeredPriceCents: 1200,
      registeredTariffCents: 300,
    });
    expect(s.sweepAfterMs).toBeUndefined();
    expect(s.alert).toBeUndefined();
    const h = store.history('a');
    expect(h[1]).toMatchObject({
      from: 'pending',
      to: 'sending',
      actor: 'worker',
      reason: 'attempt 1',
      rawRequest: `buy ${JSON.stringify(port.argsOf('buy')[0]?.[0])}`,
    });
    expect(h[2]).toMatchObject({
      from: 'sending',
      to: 'registered',
      reason: 'registered as ticket sale ts-1',
      rawRequest: 'POST /x\n\ncdbid=event-1',
      rawResponse: 'HTTP 200 after 5 ms\n\n<ticketSale id="ts-1"/>',
    });
    expect(connectivity.value.state).toBe('online');
    expect(changed.map((c) => c.state)).toEqual(['sending', 'registered']);
    expect(worker.status).toStrictEqual({ state: 'idle' });
  });

  it('sends the number of tickets for a group pass only, and keeps the first attempt time', async () => {
    await store.insert(newSale('g', { groupPass: true, passholderUid: undefined, amountOfTickets: 3 }), 'operator', 'sold');
    await walk('g', [
      ['pending', 'sending', { attempts: 1, firstAttemptMs: T0 - 900, firstAttemptAt: 'then' }],
      ['sending', 'pending'],
    ]);
    port.buys.push(sold('ts-g', { groupPass: true }));
    worker.start();
    await until(() => state('g') === 'registered', 'g registered');
    expect(port.argsOf('buy')[0]?.[0]).toStrictEqual({
      counterKey: 'counter-1',
      cdbid: 'event-1',
      uitpasNumber: '0930000150316',
      amountOfTickets: 3,
    });
    expect(store.get('g')).toMatchObject({ attempts: 2, firstAttemptMs: T0 - 900, firstAttemptAt: 'then' });
    expect(store.history('g')[3]).toMatchObject({ from: 'pending', to: 'sending', reason: 'attempt 2' });
  });

  it('a provisional sale registered at another tariff gets an alert; a re-sent one a sweep', async () => {
    port.buys.push(sold('ts-p', { tariffCents: 200 }));
    expect(await sell('p', { provisional: true })).toMatchObject({
      state: 'registered',
      alert: 'tariff-changed',
      registeredTariffCents: 200,
    });
    port.buys.push(sold('ts-q', { tariffCents: 300 }));
    expect((await sell('q', { provisional: true, cdbid: 'event-2' })).alert).toBeUndefined();
    port.buys.push(sold('ts-g', { tariffCents: 100 }));
    expect((await sell('g', { provisional: true, groupPass: true, cdbid: 'event-3' })).alert).toBeUndefined();

    await store.insert(newSale('r', { cdbid: 'event-4' }), 'operator', 'sold');
    await walk('r', [['pending', 'sending']]);
    await store.transition('r', {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      uncertain: { kind: 'buy', startedMs: T0 - 10, endedMs: T0 },
    });
    await walk('r', [['unknown', 'pending']]);
    port.buys.push(sold('ts-r'));
    worker.wake();
    await until(() => state('r') === 'registered', 'r registered');
    expect(store.get('r')?.sweepAfterMs).toBe(clock + 60_000);
  });

  it('a ticket sale another local sale holds: the operator must look', async () => {
    port.buys.push(sold('ts-1'));
    await sell('a');
    port.buys.push(sold('ts-1'));
    const b = await sell('b', { cdbid: 'event-2' });
    expect(b).toMatchObject({ state: 'unknown', needsOperator: true, alert: 'needs-operator' });
    expect(last('b').reason).toBe('UiTPAS answered with ticket sale ts-1, which another local sale already holds');
    expect(last('b').rawResponse).toMatch(/^HTTP 200/);
  });

  it('a business rejection is final, with the code and, after an offline sale, an alert', async () => {
    port.buys.push(
      new UitpasError('rejected', 'limit reached', { code: 'MAXIMUM_REACHED', raw: raw({ status: 400, responseBody: '<error/>' }) }),
    );
    const s = await sell('a');
    expect(s).toMatchObject({ state: 'rejected', lastErrorCode: 'MAXIMUM_REACHED', lastErrorMessage: 'limit reached' });
    expect(s.alert).toBeUndefined();
    expect(last('a')).toMatchObject({ reason: 'rejected by UiTPAS: MAXIMUM_REACHED', rawResponse: 'HTTP 400 after 5 ms\n\n<error/>' });
    expect(connectivity.value.state).toBe('online');
    port.buys.push(new UitpasError('rejected', 'no code'));
    expect(await sell('b', { provisional: true, cdbid: 'event-2' })).toMatchObject({
      state: 'rejected',
      lastErrorCode: 'REJECTED',
      alert: 'rejected-after-offline',
    });
  });

  it('a rejection after an unanswered attempt means "search again", never a verdict', async () => {
    await store.insert(newSale('a'), 'operator', 'sold');
    await walk('a', [['pending', 'sending']]);
    await store.transition('a', {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      uncertain: { kind: 'buy', startedMs: T0 - 10, endedMs: T0 },
    });
    await walk('a', [['unknown', 'pending', { searches: 3 }]]);
    port.buys.push(new UitpasError('rejected', 'limit', { code: 'MAXIMUM_REACHED' }));
    worker.start();
    await until(() => changed.some((c) => c.state === 'unknown'), 'a unknown');
    // (The search it asks for follows at once; what the rejection itself wrote:)
    expect(changed.find((c) => c.state === 'unknown')).toMatchObject({
      rejectionCode: 'MAXIMUM_REACHED',
      lastErrorCode: 'MAXIMUM_REACHED',
      lastErrorMessage: 'limit',
      searches: 0,
      nextAttemptMs: clock,
    });
    expect(
      store.history('a').find((h) => h.from === 'sending' && h.to === 'unknown' && h.actor === 'worker' && h.reason !== 'x')?.reason,
    ).toBe('rejected (MAXIMUM_REACHED) after an earlier unanswered attempt: searching again before believing it');
  });

  it('not sent: back in the queue, the whole queue backs off and probes before sending again', async () => {
    port.buys.push(new UitpasError('not-sent', 'ECONNREFUSED'));
    const s = await sell('a');
    expect(s).toMatchObject({ state: 'pending', lastErrorCode: 'NOT-SENT', lastErrorMessage: 'ECONNREFUSED' });
    expect(last('a').reason).toBe('not sent: ECONNREFUSED');
    expect(connectivity.value).toMatchObject({ state: 'offline', detail: 'ECONNREFUSED' });
    await until(() => worker.status.state === 'offline', 'offline');
    expect(worker.status).toStrictEqual({ state: 'offline', nextAttemptMs: T0 + 50 });
    // Nothing is waited for while offline.
    await worker.waitForAttempt('a', 60_000);
    // The backoff is over: a probe first, then the sale.
    port.counters.push([]);
    port.buys.push(sold('ts-1'));
    clock = T0 + 50;
    worker.wake();
    await until(() => state('a') === 'registered', 'registered after the probe');
    expect(port.calls.map((c) => c.op)).toEqual(['buy', 'listCounters', 'buy']);
    expect(worker.status).toStrictEqual({ state: 'idle' });
    expect(connectivity.value.state).toBe('online');
  });

  it('a failed probe backs off longer; a probe UiTPAS refuses still proves it is back', async () => {
    port.buys.push(new UitpasError('not-sent', 'down'));
    await sell('a');
    port.counters.push(new UitpasError('not-sent', 'still down'));
    clock = T0 + 50;
    worker.wake();
    await until(() => worker.status.nextAttemptMs === T0 + 50 + 100, 'second backoff');
    expect(connectivity.value.detail).toBe('still down');
    port.counters.push(new UitpasError('unauthorized', 'login'));
    port.buys.push(sold('ts-1'));
    clock = T0 + 150;
    worker.wake();
    await until(() => state('a') === 'registered', 'registered');
    expect(worker.status.nextAttemptMs).toBeUndefined();
  });

  it('"probe soon" and "sync now" skip the backoff', async () => {
    port.buys.push(new UitpasError('not-sent', 'down'));
    await sell('a');
    port.counters.push([]);
    port.buys.push(sold('ts-1'));
    worker.probeSoon();
    await until(() => state('a') === 'registered', 'registered');
    port.buys.push(new UitpasError('not-sent', 'down'));
    await sell('b', { cdbid: 'event-2' });
    port.counters.push([]);
    port.buys.push(sold('ts-2'));
    worker.syncNow();
    await until(() => state('b') === 'registered', 'b registered');
  });

  it('not sent while the operator cancelled: cancelled, never sent again', async () => {
    port.buys.push(async () => {
      await store.requestCancel('a', 'sending', new Date(T0));
      return new UitpasError('not-sent', 'down');
    });
    const s = await sell('a');
    expect(s).toMatchObject({ state: 'cancelled', resolution: 'cancelled before registration' });
    expect(last('a').reason).toBe('not sent, and cancelled by the operator meanwhile');
  });

  it('login needed: back in the queue, the queue pauses until sync now', async () => {
    port.buys.push(new UitpasError('unauthorized', 'HTTP 401', { httpStatus: 401, code: 'ACCESS_DENIED' }));
    const s = await sell('a');
    expect(s).toMatchObject({ state: 'pending', lastErrorCode: 'ACCESS_DENIED' });
    expect(last('a').reason).toBe('login needed; the queue is paused');
    await until(() => worker.status.state === 'paused-login', 'paused');
    expect(connectivity.value.state).toBe('online');
    await worker.waitForAttempt('a', 60_000);
    expect(worker.sendAtOnce(newSale('x'), 'sold', 1_000)).toBeUndefined();
    port.buys.push(sold('ts-1'));
    worker.syncNow();
    await until(() => state('a') === 'registered', 'registered after login');
  });

  it('ACCESS_DENIED for one sale while the login works: that sale is refused, the queue goes on', async () => {
    port.buys.push(new UitpasError('unauthorized', 'no permission', { code: 'ACCESS_DENIED', httpStatus: 200 }));
    port.counters.push([]);
    expect(await sell('a')).toMatchObject({ state: 'rejected', lastErrorCode: 'ACCESS_DENIED', lastErrorMessage: 'no permission' });
    expect(last('a').reason).toBe('refused by UiTPAS: ACCESS_DENIED');
    // The login check itself failing for another reason does not make it a login problem.
    port.buys.push(new UitpasError('unauthorized', 'no permission', { code: 'ACCESS_DENIED' }));
    port.counters.push(new UitpasError('not-sent', 'blip'));
    expect((await sell('b', { cdbid: 'event-2' })).state).toBe('rejected');
    // …but a refused login check does, as does a 403.
    port.buys.push(new UitpasError('unauthorized', 'no permission', { code: 'ACCESS_DENIED' }));
    port.counters.push(new UitpasError('unauthorized', 'login expired'));
    expect((await sell('c', { cdbid: 'event-3' })).state).toBe('pending');
    expect(worker.status.state).toBe('paused-login');
  });

  it('a 403 ACCESS_DENIED is a refused login, not a refused sale', async () => {
    port.buys.push(new UitpasError('unauthorized', 'forbidden', { code: 'ACCESS_DENIED', httpStatus: 403 }));
    expect((await sell('a')).state).toBe('pending');
    expect(port.argsOf('listCounters')).toHaveLength(0);
  });

  it('a refusal without ACCESS_DENIED (no login at all) pauses the queue without checking the login', async () => {
    port.buys.push(new UitpasError('unauthorized', 'no employee login (access token) for this call'));
    expect(await sell('a')).toMatchObject({ state: 'pending', lastErrorCode: 'UNAUTHORIZED' });
    await until(() => worker.status.state === 'paused-login', 'paused');
    expect(port.argsOf('listCounters')).toHaveLength(0);
  });

  it('an unanswered buy: uncertain, with the window it could land in, searched for, never re-sent blindly', async () => {
    port.offset = { lowMs: -200, highMs: 300 };
    port.buys.push(() => {
      clock = T0 + 1_500;
      return new UitpasError('ambiguous', 'timeout after writing', { raw: raw({ status: undefined, responseBody: undefined }) });
    });
    const s = await sell('a');
    const settle = T0 + 1_500 + 500 + H + 1;
    expect(s).toMatchObject({
      state: 'unknown',
      lastErrorCode: 'AMBIGUOUS',
      lastErrorMessage: 'timeout after writing',
      searches: 0,
      settleAfterMs: settle,
      nextAttemptMs: nextSearchMs(policy, 0, T0 + 1_500, settle, T0 + 1_500),
    });
    expect(last('a')).toMatchObject({ reason: 'outcome unknown (ambiguous): timeout after writing', rawRequest: 'POST /x' });
    expect(last('a').rawResponse).toBeUndefined();
    expect(store.windows('a', 'buy', H)).toStrictEqual([{ fromMs: T0 - 200 - 1_000, toMs: T0 + 1_500 + 300 + H }]);
    expect(connectivity.value.state).toBe('online');
  });

  it('a bug while sending is uncertain too, with the generous window, and proves no contact', async () => {
    port.buys.push(new Error('parser exploded'));
    const s = await sell('a');
    expect(s).toMatchObject({ state: 'unknown', lastErrorCode: 'UNEXPECTED', settleAfterMs: T0 + 600_000 + H + 1 });
    expect(connectivity.value.state).toBe('unknown');
  });
});

describe('ReplayWorker: recovery and failures of the outbox', () => {
  it('recovers what a crash left in flight as uncertain, with the window of the lost request', async () => {
    await store.insert(newSale('s'), 'operator', 'sold');
    await walk('s', [['pending', 'sending']]);
    await store.insert(newSale('r', { cdbid: 'event-2', createdMs: T0 - 900 }), 'operator', 'sold');
    await walk('r', [
      ['pending', 'sending'],
      ['sending', 'unknown'],
      ['unknown', 'reconciling'],
    ]);
    await store.insert(newSale('c', { cdbid: 'event-3', createdMs: T0 - 800 }), 'operator', 'sold');
    await walk('c', [
      ['pending', 'sending'],
      ['sending', 'registered', { ticketSaleId: 't' }],
      ['registered', 'cancel-pending'],
      ['cancel-pending', 'cancel-sending'],
    ]);
    await store.insert(newSale('p', { cdbid: 'event-4' }), 'operator', 'sold');
    clock = T0 + 5_000;
    expect(await worker.recover()).toBe(3);
    expect(store.get('s')).toMatchObject({ state: 'unknown', nextAttemptMs: clock, searches: 0 });
    expect(store.get('r')).toMatchObject({ state: 'unknown' });
    expect(store.get('c')).toMatchObject({ state: 'cancel-unknown', nextAttemptMs: clock });
    expect(state('p')).toBe('pending');
    expect(last('s')).toMatchObject({
      from: 'sending',
      actor: 'startup',
      reason: 'found in sending at start-up (the app stopped mid-request); it may have reached UiTPAS',
    });
    expect(store.uncertainAttempts('s', 'buy')).toBe(1);
    expect(store.uncertainAttempts('r', 'buy')).toBe(0);
    expect(store.uncertainAttempts('r', 'cancel')).toBe(0);
    expect(store.uncertainAttempts('c', 'cancel')).toBe(1);
    // From the moment it entered sending, in the generous default clock margin.
    expect(store.windows('s', 'buy', 0)).toStrictEqual([{ fromMs: T0 - 500 - 300_000 - 1_000, toMs: clock + 300_000 }]);
    expect(changed.map((c) => c.id)).toEqual(['s', 'r', 'c']);
  });

  it('an outbox write that fails mid-attempt backs the queue off and recovers the sale as uncertain', async () => {
    port.buys.push(() => {
      store.db.exec(
        "CREATE TRIGGER refuse BEFORE UPDATE OF state ON sales WHEN NEW.state = 'registered' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
      );
      return sold('ts-1');
    });
    await store.insert(newSale('a'), 'operator', 'sold');
    worker.start();
    await until(() => state('a') === 'unknown', 'recovered');
    expect(worker.status.nextAttemptMs).toBe(T0 + 50);
    expect(last('a').actor).toBe('startup');
    expect(connectivity.value.state).toBe('online');
  });
});

describe('ReplayWorker: cancels', () => {
  async function registered(id: string, over: Partial<NewSale> = {}) {
    await store.insert(newSale(id, over), 'operator', 'sold');
    await walk(id, [
      ['pending', 'sending'],
      ['sending', 'registered', { ticketSaleId: `ts-${id}`, attempts: 1 }],
    ]);
  }
  async function cancelPending(id: string, over: Partial<NewSale> = {}) {
    await registered(id, over);
    await walk(id, [['registered', 'cancel-pending']]);
  }

  it('a cancel asked while the buy was open is queued and sent once the sale is registered', async () => {
    await registered('a');
    store.db.prepare("UPDATE sales SET cancel_requested = 1 WHERE id = 'a'").run();
    port.cancels.push({ value: undefined, raw: raw() });
    worker.start();
    await until(() => state('a') === 'cancelled', 'cancelled');
    expect(port.argsOf('cancel')).toStrictEqual([['counter-1', 'ts-a']]);
    const h = store.history('a').slice(-3);
    expect(h.map((e) => [e.from, e.to, e.actor, e.reason])).toEqual([
      ['registered', 'cancel-pending', 'worker', 'cancel asked by the operator while the sale was being registered'],
      ['cancel-pending', 'cancel-sending', 'worker', 'cancel attempt 2'],
      ['cancel-sending', 'cancelled', 'worker', 'ticket sale ts-a cancelled at UiTPAS'],
    ]);
    expect(h[1]?.rawRequest).toBe('cancel ts-a');
    expect(store.get('a')).toMatchObject({ cancelRequested: false, attempts: 2, needsOperator: false });
  });

  it('a pending sale the operator cancelled is simply not sent', async () => {
    await store.insert(newSale('a'), 'operator', 'sold');
    store.db.prepare("UPDATE sales SET cancel_requested = 1 WHERE id = 'a'").run();
    worker.start();
    await until(() => state('a') === 'cancelled', 'cancelled');
    expect(store.get('a')).toMatchObject({ resolution: 'cancelled before registration', cancelRequested: false });
    expect(last('a')).toMatchObject({ actor: 'worker', reason: 'cancelled by the operator before it was registered: not sent' });
    expect(port.calls).toHaveLength(0);
  });

  it('UiTPAS refuses the cancel: the sale stays registered with the reason', async () => {
    await cancelPending('a');
    port.cancels.push(new UitpasError('rejected', 'too late', { code: 'CANCEL_TOO_LATE' }));
    worker.start();
    await until(() => state('a') === 'registered', 'registered');
    expect(store.get('a')).toMatchObject({ alert: 'cancel-refused', lastErrorCode: 'CANCEL_TOO_LATE', lastErrorMessage: 'too late' });
    expect(last('a').reason).toBe('UiTPAS refused the cancel: CANCEL_TOO_LATE');
  });

  /** A registered sale whose first cancel went unanswered, queued to be cancelled again. */
  async function cancelAgain(id: string, over: Partial<NewSale> = {}) {
    await registered(id, over);
    await walk(id, [
      ['registered', 'cancel-pending'],
      ['cancel-pending', 'cancel-sending'],
    ]);
    await store.transition(id, {
      from: 'cancel-sending',
      to: 'cancel-unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      patch: { lastErrorCode: 'AMBIGUOUS', lastErrorMessage: 'reset' },
      uncertain: { kind: 'cancel', startedMs: T0, endedMs: T0 },
    });
    await walk(id, [
      ['cancel-unknown', 'cancel-sending'],
      ['cancel-sending', 'cancel-pending'],
    ]);
  }

  it('"unknown ticket sale" after an unanswered cancel: that cancel went through', async () => {
    await cancelAgain('a');
    port.cancels.push(new UitpasError('rejected', 'unknown', { code: 'UNKNOWN_TICKET_SALE' }));
    worker.start();
    await until(() => state('a') === 'cancelled', 'cancelled');
    expect(last('a').reason).toBe('UiTPAS no longer knows ticket sale ts-a: the earlier cancel went through');
    // The unanswered cancel's error is over.
    expect(errorOf('a')).toStrictEqual({ needsOperator: false, lastErrorCode: undefined, lastErrorMessage: undefined });
    // Without an earlier unanswered cancel it is a refusal like any other.
    await cancelPending('b', { cdbid: 'event-2' });
    port.cancels.push(new UitpasError('rejected', 'unknown', { code: 'UNKNOWN_TICKET_SALE' }));
    worker.wake();
    await until(() => store.get('b')?.alert === 'cancel-refused', 'refused');
  });

  it('any other refusal after an unanswered cancel is a refusal', async () => {
    await cancelAgain('a');
    port.cancels.push(new UitpasError('rejected', 'too late', { code: 'CANCEL_TOO_LATE' }));
    worker.start();
    await until(() => state('a') === 'registered', 'registered');
    expect(store.get('a')).toMatchObject({ alert: 'cancel-refused', lastErrorCode: 'CANCEL_TOO_LATE' });
    expect(last('a').reason).toBe('UiTPAS refused the cancel: CANCEL_TOO_LATE');
  });

  it('a cancel refused for a permission while the login works is a refusal; a login problem pauses', async () => {
    await cancelPending('a');
    port.cancels.push(new UitpasError('unauthorized', 'no permission', { code: 'ACCESS_DENIED' }));
    port.counters.push([]);
    worker.start();
    await until(() => store.get('a')?.alert === 'cancel-refused', 'refused');
    await cancelPending('b', { cdbid: 'event-2' });
    port.cancels.push(new UitpasError('unauthorized', 'login', { httpStatus: 401 }));
    worker.wake();
    await until(() => worker.status.state === 'paused-login', 'paused');
    expect(store.get('b')).toMatchObject({ state: 'cancel-pending', lastErrorCode: 'UNAUTHORIZED' });
    expect(last('b').reason).toBe('login needed; the queue is paused');
  });

  it('a cancel not sent waits with the queue; an unanswered one is searched for later', async () => {
    await cancelPending('a');
    port.cancels.push(new UitpasError('not-sent', 'down'));
    worker.start();
    await until(() => worker.status.state === 'offline', 'offline');
    expect(store.get('a')).toMatchObject({ state: 'cancel-pending', lastErrorCode: 'NOT-SENT' });
    expect(last('a').reason).toBe('cancel not sent: down');
    port.counters.push([]);
    port.offset = { lowMs: 0, highMs: 10 };
    port.cancels.push(() => {
      clock = T0 + 100;
      return new UitpasError('ambiguous', 'reset');
    });
    clock = T0 + 50;
    worker.wake();
    await until(() => state('a') === 'cancel-unknown', 'cancel-unknown');
    expect(store.get('a')).toMatchObject({ lastErrorCode: 'AMBIGUOUS', searches: 0, nextAttemptMs: T0 + 100 + 50 });
    expect(last('a').reason).toBe('cancel outcome unknown (ambiguous): reset');
    expect(store.windows('a', 'cancel', 0)).toStrictEqual([{ fromMs: T0 + 50 - 1_000, toMs: T0 + 100 + 10 }]);
  });

  it('a cancel that gets through after one that was not sent leaves no error behind', async () => {
    await cancelPending('a');
    port.cancels.push(new UitpasError('not-sent', 'down'));
    worker.start();
    await until(() => worker.status.state === 'offline', 'offline');
    expect(store.get('a')).toMatchObject({ lastErrorCode: 'NOT-SENT', lastErrorMessage: 'down' });
    port.counters.push([]);
    port.cancels.push({ value: undefined, raw: raw() });
    clock = T0 + 50;
    worker.wake();
    await until(() => state('a') === 'cancelled', 'cancelled');
    expect(errorOf('a')).toStrictEqual({ needsOperator: false, lastErrorCode: undefined, lastErrorMessage: undefined });
  });

  it('an unanswered cancel proves contact; each further unanswered one waits longer for its search', async () => {
    port.offset = { lowMs: 0, highMs: 0 };
    await cancelPending('a');
    port.cancels.push(new UitpasError('ambiguous', 'reset'));
    worker.start();
    await until(() => state('a') === 'cancel-unknown', 'cancel-unknown');
    expect(connectivity.value.state).toBe('online');
    expect(store.get('a')?.nextAttemptMs).toBe(T0 + 50);
    // The search finds the ticket sale still there: the cancel is sent again, and again unanswered.
    port.searches.push({
      total: 1,
      items: [{ id: 'ts-a', cdbid: 'event-1', creationDate: new Date(T0).toISOString(), priceCents: 1, tariffCents: 1, groupPass: false }],
    });
    port.cancels.push(new UitpasError('ambiguous', 'reset'));
    clock = T0 + 50;
    worker.wake();
    await until(() => store.uncertainAttempts('a', 'cancel') === 2, 'unanswered twice');
    expect(store.get('a')).toMatchObject({ state: 'cancel-unknown', nextAttemptMs: T0 + 50 + 100 });
  });

  it('an unanswered cancel the search finds gone is cancelled, and not sent again', async () => {
    await registered('a');
    await walk('a', [
      ['registered', 'cancel-pending'],
      ['cancel-pending', 'cancel-sending'],
      ['cancel-sending', 'cancel-unknown'],
    ]);
    port.searches.push({ total: 0, items: [] });
    worker.start();
    await until(() => state('a') === 'cancelled' && worker.status.state !== 'busy', 'cancelled');
    expect(port.calls.map((c) => c.op)).toEqual(['searchTicketSales']);
    expect(worker.status).toStrictEqual({ state: 'idle' });
  });

  it('settles an unanswered cancel by search, and sends it again when the record is still there', async () => {
    await registered('a');
    await walk('a', [
      ['registered', 'cancel-pending'],
      ['cancel-pending', 'cancel-sending'],
      ['cancel-sending', 'cancel-unknown'],
    ]);
    port.searches.push({
      total: 1,
      items: [{ id: 'ts-a', cdbid: 'event-1', creationDate: new Date(T0).toISOString(), priceCents: 1, tariffCents: 1, groupPass: false }],
    });
    port.cancels.push({ value: undefined, raw: raw() });
    worker.start();
    await until(() => state('a') === 'cancelled', 'cancelled');
    expect(port.calls.map((c) => c.op)).toEqual(['searchTicketSales', 'cancel']);
  });
});

describe('ReplayWorker: searches and sweeps in the loop', () => {
  async function unknownSale(id: string) {
    await store.insert(newSale(id), 'operator', 'sold');
    await walk(id, [['pending', 'sending']]);
    await store.transition(id, {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      uncertain: { kind: 'buy', startedMs: T0 - 10, endedMs: T0 },
    });
  }

  it('a search that answers keeps the link online; one that fails degrades it or backs off or pauses', async () => {
    port.offset = { lowMs: 0, highMs: 0 };
    await unknownSale('a');
    port.searches.push(new UitpasError('ambiguous', 'HTTP 500'));
    worker.start();
    await until(() => connectivity.value.state === 'degraded', 'degraded');
    expect(connectivity.value.detail).toBe('ticket-sale search fails: HTTP 500');
    expect(worker.status.nextAttemptMs).toBeUndefined();

    port.searches.push(new UitpasError('not-sent', 'down'));
    clock = store.get('a')!.nextAttemptMs!;
    worker.wake();
    await until(() => worker.status.state === 'offline', 'offline');
    expect(worker.status.nextAttemptMs).toBe(clock + 50);
    expect(connectivity.value).toMatchObject({ state: 'offline', detail: 'down' });

    port.counters.push([]);
    port.searches.push(new UitpasError('unauthorized', 'login'));
    clock = Math.max(store.get('a')!.nextAttemptMs!, clock + 50);
    worker.wake();
    await until(() => worker.status.state === 'paused-login', 'paused');

    port.searches.push({
      total: 1,
      items: [ticketSaleRecord('ts-a', T0)],
    });
    clock = Math.max(store.get('a')!.nextAttemptMs!, clock);
    worker.syncNow();
    await until(() => state('a') === 'registered', 'adopted');
    expect(connectivity.value.state).toBe('online');
  });

  it('a sweep whose search fails is put off without backing off the queue; one that finds nothing new is done', async () => {
    port.offset = { lowMs: 0, highMs: 0 };
    await unknownSale('a');
    await walk('a', [
      ['unknown', 'pending'],
      ['pending', 'sending'],
      ['sending', 'registered', { ticketSaleId: 'own', sweepAfterMs: T0 }],
    ]);
    port.searches.push(new UitpasError('ambiguous', 'HTTP 500'));
    worker.start();
    await until(() => store.get('a')?.sweepAfterMs === T0 + 60_000 && worker.status.state !== 'busy', 'sweep put off');
    expect(worker.status).toStrictEqual({ state: 'idle' });
    expect(connectivity.value.state).toBe('unknown');
    port.searches.push({
      total: 1,
      items: [
        { id: 'own', cdbid: 'event-1', creationDate: new Date(T0 - 5).toISOString(), priceCents: 1200, tariffCents: 300, groupPass: false },
      ],
    });
    clock = T0 + 60_000;
    worker.wake();
    await until(() => store.get('a')?.sweepAfterMs === undefined && worker.status.state !== 'busy', 'swept');
    expect(worker.status).toStrictEqual({ state: 'idle' });
    expect(connectivity.value.state).toBe('online');
    expect(rig.foreignChanges).toBe(0);
    expect(changed.at(-1)).toMatchObject({ id: 'a', state: 'registered' });
  });

  it('a sweep that finds a duplicate tells the foreign list; the duplicate is then cancelled', async () => {
    await store.insert(newSale('a'), 'operator', 'sold');
    await walk('a', [['pending', 'sending']]);
    await store.transition('a', {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      uncertain: { kind: 'buy', startedMs: T0 - 10, endedMs: T0, offset: { lowMs: 0, highMs: 0 } },
    });
    await walk('a', [
      ['unknown', 'pending'],
      ['pending', 'sending'],
      ['sending', 'registered', { ticketSaleId: 'own', sweepAfterMs: T0 }],
    ]);
    port.offset = { lowMs: 0, highMs: 0 };
    port.searches.push({ total: 2, items: [ticketSaleRecord('own', T0 - 5), ticketSaleRecord('dup', T0 - 5)] });
    port.cancels.push({ value: undefined, raw: raw() });
    worker.start();
    await until(() => store.foreignRecord('dup')?.status === 'cancelled', 'duplicate cancelled');
    expect(store.foreignRecord('dup')).toMatchObject({ attempts: 1, resolution: `cancelled at UiTPAS ${new Date(clock).toISOString()}` });
    expect(rig.foreignChanges).toBe(2);
    expect(port.argsOf('cancel')).toStrictEqual([['counter-1', 'dup']]);
    expect(changed.at(-1)).toMatchObject({ id: 'a', state: 'registered' });
  });
});

describe('ReplayWorker: cancels of foreign records', () => {
  function foreign(id: string, over: Partial<ForeignRecord> = {}): ForeignRecord {
    return {
      ticketSaleId: id,
      foundAt: new Date(T0).toISOString(),
      counterKey: 'counter-1',
      cdbid: 'event-1',
      creationDate: new Date(T0).toISOString(),
      tariffCents: 300,
      groupPass: false,
      status: 'cancel-pending',
      reason: 'dup',
      attempts: 0,
      ...over,
    };
  }
  async function withForeign(...f: ForeignRecord[]) {
    await store.insert(newSale('a'), 'operator', 'sold');
    await store.finishSweep('a', 0, f, new Date(T0));
    await walk('a', [['pending', 'cancelled']]);
  }

  it('refused: flagged for the operator with the reason; "unknown" after an unanswered one: cancelled', async () => {
    await withForeign(
      foreign('f1'),
      foreign('f2', { status: 'cancel-unknown', foundAt: new Date(T0 + 1).toISOString() }),
      foreign('f3', { foundAt: new Date(T0 + 2).toISOString() }),
    );
    port.cancels.push(new UitpasError('rejected', 'nope', { code: 'UNKNOWN_TICKET_SALE' }));
    port.cancels.push(new UitpasError('rejected', 'nope', { code: 'UNKNOWN_TICKET_SALE' }));
    port.cancels.push(new UitpasError('rejected', 'nope'));
    worker.start();
    await until(() => store.foreignRecord('f3')?.status === 'flagged', 'f3 flagged');
    expect(store.foreignRecord('f1')).toMatchObject({
      status: 'flagged',
      reason: 'dup; UiTPAS refused the cancel: UNKNOWN_TICKET_SALE',
      attempts: 1,
    });
    expect(store.foreignRecord('f2')).toMatchObject({ status: 'cancelled', attempts: 1 });
    expect(store.foreignRecord('f3')).toMatchObject({ reason: 'dup; UiTPAS refused the cancel: nope' });
  });

  it('after an unanswered cancel: another refusal is flagged, a server error is retried later', async () => {
    await withForeign(
      foreign('f1', { status: 'cancel-unknown' }),
      foreign('f2', { status: 'cancel-unknown', foundAt: new Date(T0 + 1).toISOString() }),
    );
    port.cancels.push(new UitpasError('rejected', 'too late', { code: 'CANCEL_TOO_LATE' }));
    // UNKNOWN_TICKET_SALE in an HTTP 500 answer is no verdict.
    port.cancels.push(new UitpasError('bad-response', 'unknown', { code: 'UNKNOWN_TICKET_SALE', httpStatus: 500 }));
    worker.start();
    await until(() => store.foreignRecord('f2')?.nextAttemptMs !== undefined, 'f2 answered');
    expect(store.foreignRecord('f1')).toMatchObject({ status: 'flagged', reason: 'dup; UiTPAS refused the cancel: CANCEL_TOO_LATE' });
    expect(store.foreignRecord('f2')).toMatchObject({ status: 'cancel-unknown', attempts: 1, nextAttemptMs: clock + 50 });
  });

  it('not sent: waits with the queue; login: pauses; unanswered: retried after a backoff', async () => {
    await withForeign(foreign('f1'));
    port.cancels.push(new UitpasError('not-sent', 'down'));
    worker.start();
    await until(() => worker.status.state === 'offline', 'offline');
    expect(store.foreignRecord('f1')).toMatchObject({ status: 'cancel-pending', attempts: 1 });
    port.counters.push([]);
    port.cancels.push(new UitpasError('unauthorized', 'login'));
    clock = T0 + 50;
    worker.wake();
    await until(() => worker.status.state === 'paused-login', 'paused');
    expect(store.foreignRecord('f1')).toMatchObject({ status: 'cancel-pending', attempts: 2 });
    port.cancels.push(new UitpasError('ambiguous', 'reset'));
    worker.syncNow();
    await until(() => store.foreignRecord('f1')?.status === 'cancel-unknown', 'unknown');
    // Three attempts: the backoff of the third.
    expect(store.foreignRecord('f1')).toMatchObject({ attempts: 3, nextAttemptMs: clock + 200 });
  });
});

describe('ReplayWorker: a sale handed over at the counter', () => {
  it('is committed claimed for sending when the worker is idle, and answered after the attempt', async () => {
    worker.start();
    await until(() => worker.status.state === 'idle', 'idle');
    port.buys.push(sold('ts-1'));
    const at = worker.sendAtOnce(newSale('a'), 'sold at the counter', 5_000);
    expect(at).toBeDefined();
    // Only one at a time.
    expect(worker.sendAtOnce(newSale('b'), 'sold', 5_000)).toBeUndefined();
    await at;
    expect(state('a')).toBe('registered');
    expect(store.history('a').map((h) => [h.to, h.actor, h.reason])).toEqual([
      ['pending', 'operator', 'sold at the counter'],
      ['sending', 'worker', 'attempt 1'],
      ['registered', 'worker', 'registered as ticket sale ts-1'],
    ]);
    expect(changed.map((c) => c.state)).toEqual(['pending', 'sending', 'registered']);
    // Claimed in the same transaction as the commit: already sending when the commit is done.
    expect(rig.hooks).toEqual(['after-commit a: sending', 'before-send a: sending', 'after-response a: sending']);
  });

  it('waits as pending behind older work that is due (FIFO)', async () => {
    worker.start();
    await until(() => worker.status.state === 'idle', 'idle');
    await store.insert(newSale('older', { cdbid: 'event-2' }), 'operator', 'sold');
    port.buys.push(sold('ts-o', { cdbid: 'event-2' }), sold('ts-a'));
    await worker.sendAtOnce(newSale('a'), 'sold', 5_000);
    await until(() => state('a') === 'registered', 'a registered');
    expect(port.argsOf('buy').map(([r]) => (r as { cdbid: string }).cdbid)).toEqual(['event-2', 'event-1']);
    expect(store.history('a').map((h) => [h.to, h.actor, h.reason])).toEqual([
      ['pending', 'operator', 'sold'],
      ['sending', 'worker', 'attempt 1'],
      ['registered', 'worker', 'registered as ticket sale ts-a'],
    ]);
    expect(rig.hooks).toEqual([
      'after-commit a: pending',
      'before-send older: sending',
      'after-response older: sending',
      'before-send a: sending',
      'after-response a: sending',
    ]);
  });

  it('is refused when the commit fails, with nothing stored', async () => {
    worker.start();
    await until(() => worker.status.state === 'idle', 'idle');
    store.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON sales BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(worker.sendAtOnce(newSale('a'), 'sold', 5_000)).rejects.toThrow('disk full');
    expect(store.get('a')).toBeUndefined();
    expect(port.calls).toHaveLength(0);
  });

  it('is not taken by a stopped worker; one handed over as it stops is kept as pending', async () => {
    expect(worker.sendAtOnce(newSale('a'), 'sold', 5_000)).toBeUndefined();
    worker.start();
    await until(() => worker.status.state === 'idle', 'idle');
    const at = worker.sendAtOnce(newSale('b'), 'sold', 5_000);
    const stopping = worker.stop();
    await at;
    await stopping;
    expect(state('b')).toBe('pending');
    expect(worker.status).toStrictEqual({ state: 'stopped' });
    expect(port.calls).toHaveLength(0);
    await worker.waitForAttempt('b', 60_000);
  });

  it('gives up waiting after the longest wait', async () => {
    worker.start();
    await until(() => worker.status.state === 'idle', 'idle');
    let release: (() => void) | undefined;
    port.buys.push(() => new Promise((r) => (release = () => r(sold('ts-1')))));
    const t = Date.now();
    await worker.sendAtOnce(newSale('a'), 'sold', 50);
    expect(Date.now() - t).toBeLessThan(3_000);
    expect(state('a')).toBe('sending');
    release?.();
    await until(() => state('a') === 'registered', 'registered');
  });
});
