/**
 * The Reconciler against a scripted UiTPAS and a real outbox (SQLite, inline writer), on a fake
 * clock: each outcome of a search of an uncertain buy or cancel, the sweep for late duplicates,
 * and the operator's candidate search, with exactly what each writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TicketSale } from '../../../contract/domain.js';
import { Reconciler } from '../../../main/sales/reconciler.js';
import { DEFAULT_RECONCILE_POLICY, type ReconcilePolicy } from '../../../main/sales/reconcile-policy.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { SaleStore, type NewSale, type SalePatch, type SaleRecord } from '../../../main/sales/store/sale-store.js';
import { UitpasError } from '../../../main/uitpas/port.js';
import { brusselsDateTime } from '../../../main/uitpas/values.js';
import { FakePort } from './fake-port.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const H = 10_000;
const MIN5 = 5 * 60_000;
const policy: ReconcilePolicy = {
  ...DEFAULT_RECONCILE_POLICY,
  lateCommitHorizonMs: H,
  searchAtFractions: [0.1, 0.5],
  maxSearches: 4,
  maxUncertainBuys: 2,
  sweepDelayMs: 60_000,
  pageSize: 2,
  maxPages: 3,
};

let dir: string;
let store: SaleStore;
let port: FakePort;
let clock: number;
let changed: SaleRecord[];
let rec: Reconciler;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-rec-'));
  store = new SaleStore(openOutboxDatabase(join(dir, 'outbox.db')));
  port = new FakePort();
  port.offset = { lowMs: 0, highMs: 1_000 };
  clock = T0;
  changed = [];
  rec = new Reconciler({
    store,
    port,
    now: () => clock,
    random: () => 0,
    onSaleChanged: (s) => changed.push(s),
    policy,
    backoff: { baseMs: 100, maxMs: 1_000 },
  });
});
afterEach(async () => {
  await store.close();
  store.db.close();
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

/** A sale whose buys from `attempts` (start, end) went unanswered, now in `unknown`. */
async function uncertain(
  id: string,
  over: Partial<NewSale> = {},
  patch: SalePatch = {},
  attempts: Array<[number, number]> = [[T0, T0 + 2_000]],
) {
  await store.insert(newSale(id, over), 'operator', 'sold');
  for (const [i, [startedMs, endedMs]] of attempts.entries()) {
    if (i > 0)
      await store.transition(id, { from: 'unknown', to: 'pending', actor: 'reconciler', reason: 'absent', at: new Date(startedMs) });
    await store.transition(id, {
      from: 'pending',
      to: 'sending',
      actor: 'worker',
      reason: 'attempt',
      at: new Date(startedMs),
      patch: { attempts: i + 1, ...(i === 0 ? { firstAttemptMs: startedMs } : {}) },
    });
    await store.transition(id, {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'timeout',
      at: new Date(endedMs),
      patch: { searches: 0, ...(i === attempts.length - 1 ? patch : {}) },
      uncertain: { kind: 'buy', startedMs, endedMs, offset: port.offset },
    });
  }
  return store.get(id)!;
}

/** A registered sale whose cancel went unanswered, in `cancel-unknown`. */
async function cancelUnknown(id: string, over: Partial<NewSale> = {}) {
  await store.insert(newSale(id, over), 'operator', 'sold');
  const walk = [
    ['pending', 'sending', {}],
    ['sending', 'registered', { ticketSaleId: `ts-${id}` }],
    ['registered', 'cancel-pending', {}],
    ['cancel-pending', 'cancel-sending', { attempts: 2 }],
    ['cancel-sending', 'cancel-unknown', { searches: 0 }],
  ] as const;
  for (const [from, to, patch] of walk) await store.transition(id, { from, to, actor: 'worker', reason: 'x', at: new Date(T0), patch });
  return store.get(id)!;
}

function record(id: string, createdMs: number, over: Partial<TicketSale> = {}): TicketSale {
  return {
    id,
    cdbid: 'event-1',
    creationDate: new Date(createdMs).toISOString(),
    priceCents: 1200,
    tariffCents: 300,
    userId: 'uid-1',
    groupPass: false,
    ...over,
  };
}

const last = (id: string) => store.history(id).at(-1)!;

describe('Reconciler.reconcile', () => {
  it('adopts the one record that is provably the sale, with the search in the history', async () => {
    const sale = await uncertain('s');
    clock = T0 + 3_000;
    port.searches.push({ total: 1, items: [record('ts-1', T0 + 500)] });
    const r = await rec.reconcile(sale);
    expect(r.kind).toBe('registered');
    expect(store.get('s')).toEqual(r.sale);
    expect(r.sale).toMatchObject({
      state: 'registered',
      ticketSaleId: 'ts-1',
      registeredPriceCents: 1200,
      registeredTariffCents: 300,
      searches: 0,
    });
    expect(r.sale.sweepAfterMs).toBeUndefined();
    expect(r.sale.alert).toBeUndefined();
    expect(port.argsOf('searchTicketSales')).toStrictEqual([
      [
        {
          counterKey: 'counter-1',
          cdbid: 'event-1',
          startDate: brusselsDateTime(new Date(T0 - 1_000 - MIN5)),
          uid: 'uid-1',
          start: 0,
          max: 2,
        },
      ],
    ]);
    const h = store.history('s').slice(-2);
    expect(h[0]).toMatchObject({ from: 'unknown', to: 'reconciling', actor: 'reconciler', reason: 'searching UiTPAS for this sale' });
    expect(h[0]?.rawRequest).toBe(
      `searchTicketSales ${JSON.stringify({ counterKey: 'counter-1', cdbid: 'event-1', startDate: brusselsDateTime(new Date(T0 - 1_000 - MIN5)), uid: 'uid-1' })}`,
    );
    expect(h[1]).toMatchObject({
      from: 'reconciling',
      to: 'registered',
      reason: 'adopted ticket sale ts-1 found by search',
      rawResponse: `1 of 1 ticket sale(s): ts-1@${new Date(T0 + 500).toISOString()}`,
    });
    expect(changed.map((s) => s.state)).toEqual(['reconciling', 'registered']);
  });

  it('after several uncertain attempts, adopts and plans a sweep; a provisional sale at another tariff gets an alert', async () => {
    const sale = await uncertain('s', { provisional: true }, { lastErrorCode: 'AMBIGUOUS', rejectionCode: 'X' }, [
      [T0, T0 + 1_000],
      [T0 + 50_000, T0 + 51_000],
    ]);
    clock = T0 + 52_000;
    port.searches.push({ total: 1, items: [record('ts-1', T0 + 50_500, { tariffCents: 200, priceCents: 1100 })] });
    const r = await rec.reconcile(sale);
    expect(r.sale).toMatchObject({
      state: 'registered',
      registeredTariffCents: 200,
      registeredPriceCents: 1100,
      sweepAfterMs: clock + 60_000,
      alert: 'tariff-changed',
    });
    expect(r.sale.lastErrorCode).toBeUndefined();
    expect(r.sale.rejectionCode).toBeUndefined();
  });

  it("a group sale at another tariff is no alert (the tariff per ticket is UiTPAS's)", async () => {
    const sale = await uncertain('g', {
      groupPass: true,
      passholderUid: undefined,
      uitpasNumber: '0930000900106',
      amountOfTickets: 2,
      provisional: true,
    });
    clock = T0 + 3_000;
    port.searches.push({
      total: 1,
      items: [
        record('ts-g', T0 + 500, {
          groupPass: true,
          userId: undefined,
          uitpasNumber: '0930000900106',
          amountOfTickets: 2,
          tariffCents: 100,
        }),
      ],
    });
    const r = await rec.reconcile(sale);
    expect(r.sale.state).toBe('registered');
    expect(r.sale.alert).toBeUndefined();
    // A group pass has no uid to search by.
    expect(port.argsOf('searchTicketSales')[0]?.[0]).not.toHaveProperty('uid');
  });

  it("waits when nothing is found before the horizon has passed in UiTPAS's clock", async () => {
    const sale = await uncertain('s');
    clock = T0 + 3_000;
    port.searches.push({ total: 0, items: [] });
    const r = await rec.reconcile(sale);
    // Window end T0+2000+1000+H; settled once UiTPAS's clock (at least PC + 0) passed it.
    const settle = T0 + 2_000 + 1_000 + H + 1;
    expect(r.kind).toBe('waiting');
    expect(r.sale).toMatchObject({ state: 'unknown', searches: 1, settleAfterMs: settle, nextAttemptMs: T0 + 3_000 + 0.1 * H });
    expect(last('s')).toMatchObject({
      from: 'reconciling',
      to: 'unknown',
      reason: 'not found yet; UiTPAS may still register it, so it is searched again',
      rawResponse: '0 of 0 ticket sale(s): ',
    });
    // One ms before that moment it still waits; from that moment absence is proven.
    clock = settle - 1;
    port.searches.push({ total: 0, items: [] });
    expect((await rec.reconcile(store.get('s')!)).kind).toBe('waiting');
    clock = settle;
    port.searches.push({ total: 0, items: [] });
    const absent = await rec.reconcile(store.get('s')!);
    expect(absent.kind).toBe('absent');
    expect(absent.sale).toMatchObject({ state: 'pending', searches: 0 });
    expect(absent.sale.nextAttemptMs).toBeUndefined();
    expect(last('s').reason).toBe('search proves the sale was not registered; it will be sent again');
  });

  it('believes absence only once the last of several windows has closed', async () => {
    const sale = await uncertain('s', {}, {}, [
      [T0, T0 + 1_000],
      [T0 + 5_000, T0 + 6_000],
    ]);
    clock = T0 + 15_000;
    port.searches.push({ total: 0, items: [] });
    const r = await rec.reconcile(sale);
    expect(r).toMatchObject({ kind: 'waiting', sale: { settleAfterMs: T0 + 6_000 + 1_000 + H + 1 } });
  });

  it('never plans a search further than one horizon away, even when the clock is very uncertain', async () => {
    port.offset = { lowMs: -50_000, highMs: 1_000 };
    const sale = await uncertain('s', {}, { searches: 2 });
    clock = T0 + 3_000;
    port.searches.push({ total: 0, items: [] });
    const r = await rec.reconcile(sale);
    expect(r.sale).toMatchObject({ searches: 3, settleAfterMs: T0 + 2_000 + 1_000 + H + 50_000 + 1, nextAttemptMs: clock + H });
  });

  it('hands the sale to the operator after the last allowed search', async () => {
    const sale = await uncertain('s', {}, { searches: 3 });
    clock = T0 + 3_000;
    port.searches.push({ total: 0, items: [] });
    const r = await rec.reconcile(sale);
    expect(r.kind).toBe('needs-operator');
    expect(r.sale).toMatchObject({
      state: 'unknown',
      needsOperator: true,
      alert: 'needs-operator',
      searches: 4,
      lastErrorCode: 'RECONCILE_GAVE_UP',
      lastErrorMessage: '4 searches did not settle it',
    });
    expect(last('s').reason).toBe('4 searches did not settle it: the operator must decide');
  });

  it('proven absent: a cancelled sale is closed, a confirmed rejection stands, too many unanswered buys stop', async () => {
    const late = T0 + 100_000;
    clock = late;
    const c = await uncertain('cancel', {}, { cancelRequested: true });
    port.searches.push({ total: 0, items: [] });
    expect(await rec.reconcile(c)).toMatchObject({
      kind: 'absent',
      sale: { state: 'cancelled', resolution: 'cancelled before registration', searches: 0, sweepAfterMs: late + rec.policy.sweepDelayMs },
    });
    expect(last('cancel').reason).toBe('proven not registered; cancelled by the operator, so it is not sent again');

    const rj = await uncertain('rej', { cdbid: 'event-2' }, { rejectionCode: 'MAXIMUM_REACHED' });
    port.searches.push({ total: 0, items: [] });
    const rr = await rec.reconcile(rj);
    expect(rr).toMatchObject({
      kind: 'absent',
      sale: { state: 'rejected', lastErrorCode: 'MAXIMUM_REACHED', sweepAfterMs: late + 60_000, searches: 0 },
    });
    expect(rr.sale.rejectionCode).toBeUndefined();
    expect(rr.sale.alert).toBeUndefined();
    expect(last('rej').reason).toBe('rejected by UiTPAS: MAXIMUM_REACHED (confirmed: no registration found)');

    const prov = await uncertain('prov', { cdbid: 'event-3', provisional: true }, { rejectionCode: 'INVALID_CARD' });
    port.searches.push({ total: 0, items: [] });
    expect((await rec.reconcile(prov)).sale).toMatchObject({ state: 'rejected', alert: 'rejected-after-offline' });

    const twice = await uncertain('twice', { cdbid: 'event-4' }, { searches: 1 }, [
      [T0, T0 + 1_000],
      [T0 + 5_000, T0 + 6_000],
    ]);
    port.searches.push({ total: 0, items: [] });
    const rt = await rec.reconcile(twice);
    expect(rt).toMatchObject({
      kind: 'needs-operator',
      sale: {
        state: 'unknown',
        needsOperator: true,
        searches: 2,
        lastErrorCode: 'RECONCILE_GAVE_UP',
        lastErrorMessage: '2 attempts went unanswered; Loket stops re-sending this sale',
      },
    });
  });

  it("after a rejection, looks for a late commit up to now (and the creation date's second), not only in the windows", async () => {
    clock = T0 + 200_000;
    const sale = await uncertain('s', {}, { rejectionCode: 'MAXIMUM_REACHED' });
    port.searches.push({ total: 1, items: [record('ts-late', clock + 1_500)] });
    const r = await rec.reconcile(sale);
    expect(r.sale).toMatchObject({ state: 'registered', ticketSaleId: 'ts-late' });
    expect(r.sale.rejectionCode).toBeUndefined();
    // Without a rejection the same record lies outside the window: absent, sent again.
    const plain = await uncertain('p', { cdbid: 'event-2' });
    port.searches.push({ total: 1, items: [record('ts-late2', clock + 1_500, { cdbid: 'event-2' })] });
    expect((await rec.reconcile(plain)).sale.state).toBe('pending');
  });

  it('lets the operator decide between two records, or when the search was incomplete', async () => {
    const sale = await uncertain('s');
    clock = T0 + 3_000;
    port.searches.push({ total: 2, items: [record('a', T0 + 100), record('b', T0 + 200)] });
    const r = await rec.reconcile(sale);
    expect(r).toMatchObject({
      kind: 'needs-operator',
      sale: {
        state: 'unknown',
        needsOperator: true,
        alert: 'needs-operator',
        searches: 1,
        lastErrorCode: 'RECONCILE_AMBIGUOUS',
        lastErrorMessage: '2 matching ticket sales (candidates: a, b)',
      },
    });
    expect(last('s').reason).toBe('the operator must decide: 2 matching ticket sales');

    // total says 5 but the next page brings nothing new: incomplete, never "absent".
    const other = await uncertain('o', { cdbid: 'event-2' });
    port.searches.push({
      total: 5,
      items: [record('x', T0 - 900_000, { cdbid: 'event-2' }), record('y', T0 - 900_000, { cdbid: 'event-2' })],
    });
    port.searches.push({ total: 5, items: [record('y', T0 - 900_000, { cdbid: 'event-2' })] });
    const ro = await rec.reconcile(other);
    expect(ro.sale).toMatchObject({
      lastErrorCode: 'RECONCILE_AMBIGUOUS',
      lastErrorMessage: 'the search did not return every ticket sale (candidates: unknown)',
    });
    expect(last('o').rawResponse).toBe(
      `2 of 5 ticket sale(s): x@${new Date(T0 - 900_000).toISOString()}, y@${new Date(T0 - 900_000).toISOString()}`,
    );
    expect(
      port
        .argsOf('searchTicketSales')
        .slice(-2)
        .map(([q]) => (q as { start: number }).start),
    ).toEqual([0, 2]);
  });

  it('reads every page up to total, skipping repeats, and gives up after the last allowed page', async () => {
    const sale = await uncertain('s');
    clock = T0 + 100_000;
    port.searches.push({ total: 3, items: [record('a', 1), record('b', 1)] });
    port.searches.push({ total: 3, items: [record('b', 1), record('c', 1)] });
    expect((await rec.reconcile(sale)).sale.state).toBe('pending');
    expect(port.argsOf('searchTicketSales').map(([q]) => (q as { start: number; max: number }).start)).toEqual([0, 2]);

    const more = await uncertain('m', { cdbid: 'event-2' });
    for (let p = 0; p < 3; p++) port.searches.push({ total: 100, items: [record(`p${p}a`, 1), record(`p${p}b`, 1)] });
    const r = await rec.reconcile(more);
    expect(r.sale.lastErrorMessage).toMatch(/did not return every ticket sale/);
    expect(last('m').rawResponse).toMatch(/^6 of 6 ticket sale\(s\): p0a@/);
    expect(port.calls).toHaveLength(5);
  });

  it('backs the sale off alone when the search fails, and hands it over when it cannot work', async () => {
    const sale = await uncertain('s');
    clock = T0 + 3_000;
    port.searches.push(new UitpasError('not-sent', 'ECONNREFUSED'));
    const r = await rec.reconcile(sale);
    expect(r).toMatchObject({ kind: 'search-failed', failure: 'not-sent' });
    expect(r.sale).toMatchObject({
      state: 'unknown',
      searches: 1,
      lastErrorCode: 'SEARCH_NOT-SENT',
      lastErrorMessage: 'ECONNREFUSED',
      nextAttemptMs: clock + 50,
    });
    expect(r.sale.needsOperator).toBe(false);
    expect(last('s')).toMatchObject({ from: 'reconciling', to: 'unknown', reason: 'search failed (not-sent): ECONNREFUSED' });

    port.searches.push(new UitpasError('ambiguous', 'HTTP 500', { code: 'INTERNAL' }));
    const r2 = await rec.reconcile(store.get('s')!);
    expect(r2.sale).toMatchObject({ searches: 2, lastErrorCode: 'INTERNAL', nextAttemptMs: clock + 100 });

    port.searches.push(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a port that throws a non-Error does
      throw 'garbage';
    });
    const r3 = await rec.reconcile(store.get('s')!);
    expect(r3).toMatchObject({
      kind: 'search-failed',
      failure: 'unexpected',
      sale: { lastErrorCode: 'SEARCH_UNEXPECTED', lastErrorMessage: 'garbage' },
    });

    port.searches.push(new Error('bug'));
    const r4 = await rec.reconcile(store.get('s')!);
    expect(r4).toMatchObject({
      kind: 'needs-operator',
      sale: { searches: 4, needsOperator: true, alert: 'needs-operator', lastErrorMessage: 'bug' },
    });
    expect(last('s').reason).toBe('search failed (unexpected): bug; the operator must look');

    const rej = await uncertain('r', { cdbid: 'event-2' });
    port.searches.push(new UitpasError('rejected', 'unknown counter', { code: 'UNKNOWN_BALIE' }));
    expect(await rec.reconcile(rej)).toMatchObject({
      kind: 'needs-operator',
      sale: { searches: 1, needsOperator: true, lastErrorCode: 'UNKNOWN_BALIE' },
    });
  });

  it('does not guess when the record it would adopt was claimed meanwhile', async () => {
    const sale = await uncertain('s');
    await store.insert(newSale('holder', { cdbid: 'event-9' }), 'operator', 'sold');
    await store.transition('holder', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(T0) });
    await store.transition('holder', {
      from: 'sending',
      to: 'registered',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      patch: { ticketSaleId: 'ts-1' },
    });
    store.claimedBy = () => undefined;
    clock = T0 + 3_000;
    port.searches.push({ total: 1, items: [record('ts-1', T0 + 500)] });
    const r = await rec.reconcile(sale);
    expect(r).toMatchObject({ kind: 'needs-operator', sale: { state: 'unknown', needsOperator: true, alert: 'needs-operator' } });
    expect(last('s').reason).toBe('ticket sale ts-1 is already linked to another sale');
  });

  it('does not adopt a record another uncertain local sale could own, even long after its window', async () => {
    const rival = await uncertain('rival', { uitpasNumber: '0930000150316' }, {}, [[T0 - 3_600_000, T0 - 3_599_000]]);
    await store.transition('rival', { from: 'unknown', to: 'resolved', actor: 'operator', reason: 'x', at: new Date(T0) });
    expect(rival.id).toBe('rival');
    const sale = await uncertain('s');
    clock = T0 + 3_000;
    port.searches.push({ total: 1, items: [record('ts-1', T0 + 500)] });
    const r = await rec.reconcile(sale);
    expect(r.sale).toMatchObject({ state: 'unknown', lastErrorCode: 'RECONCILE_AMBIGUOUS' });
    expect(r.sale.lastErrorMessage).toBe('ticket sale ts-1 could also be the late registration of local sale rival (candidates: ts-1)');
  });
});

describe('Reconciler.reconcileCancel', () => {
  it('a record gone from a complete search: the cancel went through', async () => {
    const sale = await cancelUnknown('c');
    clock = T0 + 5_000;
    port.searches.push({ total: 1, items: [record('other', T0)] });
    const r = await rec.reconcileCancel(sale);
    expect(r).toMatchObject({ kind: 'registered', sale: { state: 'cancelled', searches: 0, needsOperator: false } });
    expect(last('c')).toMatchObject({
      from: 'cancel-unknown',
      to: 'cancelled',
      reason: 'ticket sale ts-c is gone at UiTPAS: the cancel went through',
    });
    // Searched from the sale's creation, generously (no buy window), minus the query margin.
    expect(port.argsOf('searchTicketSales')[0]?.[0]).toMatchObject({
      startDate: brusselsDateTime(new Date(T0 - 1_000 - MIN5 - MIN5)),
      uid: 'uid-1',
    });
  });

  it('still there, or not provably gone: the cancel is sent again', async () => {
    const sale = await cancelUnknown('c');
    port.searches.push({ total: 1, items: [record('ts-c', T0)] });
    const r = await rec.reconcileCancel(sale);
    expect(r).toMatchObject({ kind: 'waiting', sale: { state: 'cancel-sending', attempts: 3, searches: 0 } });
    expect(last('c')).toMatchObject({
      from: 'cancel-unknown',
      to: 'cancel-sending',
      reason: 'ticket sale ts-c is still registered: cancel again',
      rawRequest: 'cancel ts-c',
    });

    const other = await cancelUnknown('d', { cdbid: 'event-2' });
    port.searches.push({ total: 3, items: [record('x', T0)] });
    port.searches.push({ total: 3, items: [] });
    expect((await rec.reconcileCancel(other)).sale.state).toBe('cancel-sending');
  });

  it('a failed search leaves the sale where it is, backing off, with a history row', async () => {
    const sale = await cancelUnknown('c');
    clock = T0 + 5_000;
    port.searches.push(new UitpasError('ambiguous', 'HTTP 502'));
    const r = await rec.reconcileCancel(sale);
    expect(r).toMatchObject({
      kind: 'search-failed',
      failure: 'ambiguous',
      sale: { state: 'cancel-unknown', searches: 1, nextAttemptMs: clock + 50, lastErrorCode: 'SEARCH_AMBIGUOUS' },
    });
    expect(last('c')).toMatchObject({
      from: 'cancel-unknown',
      to: 'cancel-unknown',
      actor: 'reconciler',
      reason: 'search failed (ambiguous): HTTP 502',
    });
    expect(changed.at(-1)).toStrictEqual(store.get('c'));
  });
});

describe('Reconciler.sweep', () => {
  async function resentAndRegistered(id: string, over: Partial<NewSale> = {}) {
    await uncertain(id, over);
    await store.transition(id, { from: 'unknown', to: 'pending', actor: 'reconciler', reason: 'absent', at: new Date(T0 + 20_000) });
    await store.transition(id, { from: 'pending', to: 'sending', actor: 'worker', reason: 'again', at: new Date(T0 + 20_000) });
    await store.transition(id, {
      from: 'sending',
      to: 'registered',
      actor: 'worker',
      reason: 'ok',
      at: new Date(T0 + 20_000),
      patch: { ticketSaleId: `own-${id}`, sweepAfterMs: T0 + 80_000 },
    });
    return store.get(id)!;
  }

  it('does nothing for a sale without a sweep', async () => {
    const sale = await uncertain('s');
    expect(await rec.sweep(sale)).toEqual([]);
    expect(port.calls).toHaveLength(0);
  });

  it('postpones itself when the search fails or is incomplete', async () => {
    const sale = await resentAndRegistered('s');
    clock = T0 + 80_000;
    port.searches.push(new UitpasError('not-sent', 'down'));
    expect(await rec.sweep(sale)).toBeUndefined();
    expect(store.get('s')?.sweepAfterMs).toBe(clock + 60_000);
    port.searches.push({ total: 9, items: [] });
    expect(await rec.sweep(store.get('s')!)).toBeUndefined();
  });

  it('cancels a late commit of its own earlier attempt, and only shows what it cannot prove', async () => {
    const sale = await resentAndRegistered('s');
    clock = T0 + 80_000;
    const window = { toMs: T0 + 2_000 + 1_000 + H };
    port.searches.push({
      total: 6,
      items: [
        record('own-s', T0 + 20_100),
        record('dup', T0 + 1_000),
        record('late', window.toMs + 1_000),
        record('doubt', T0 + 1_500, { tariffCents: 100 }),
        record('not-ours', T0 + 1_000, { userId: 'uid-9' }),
        record('too-late', window.toMs + 60_001),
      ],
    });
    const found = await rec.sweep(sale);
    expect(found?.map((f) => [f.ticketSaleId, f.status, f.reason])).toEqual([
      ['dup', 'cancel-pending', 'late registration of an earlier attempt of sale s, which holds ticket sale own-s: cancelled'],
      ['late', 'flagged', 'UiTPAS holds a sale Loket did not register (like sale s; made after the late-commit horizon)'],
      ['doubt', 'flagged', 'UiTPAS holds a sale Loket did not register (like sale s; tariff 100 instead of 300)'],
    ]);
    expect(found?.[0]).toStrictEqual({
      ticketSaleId: 'dup',
      foundAt: new Date(clock).toISOString(),
      counterKey: 'counter-1',
      cdbid: 'event-1',
      creationDate: new Date(T0 + 1_000).toISOString(),
      tariffCents: 300,
      groupPass: false,
      likeSaleId: 's',
      status: 'cancel-pending',
      reason: 'late registration of an earlier attempt of sale s, which holds ticket sale own-s: cancelled',
      attempts: 0,
    });
    expect(store.foreignRecord('dup')?.status).toBe('cancel-pending');
    expect(store.get('s')?.sweepAfterMs).toBeUndefined();
    // A record found before is not found twice.
    await store.transition('s', {
      from: 'registered',
      to: 'cancel-pending',
      actor: 'operator',
      reason: 'x',
      at: new Date(clock),
      patch: {},
    });
    store.db.prepare("UPDATE sales SET sweep_after_ms = 1 WHERE id = 's'").run();
    port.searches.push({ total: 1, items: [record('dup', T0 + 1_000)] });
    expect(await rec.sweep(store.get('s')!)).toEqual([]);
  });

  it('never cancels what another local sale could own, nor for a sale that is cancelled itself', async () => {
    await uncertain('rival', { uitpasNumber: '0930000150316' });
    const sale = await resentAndRegistered('s');
    clock = T0 + 80_000;
    port.searches.push({ total: 1, items: [record('dup', T0 + 1_000)] });
    const found = await rec.sweep(sale);
    expect(found?.map((f) => [f.status, f.reason])).toEqual([
      ['flagged', 'UiTPAS holds a sale Loket did not register (like sale s; another local sale could own it)'],
    ]);

    const gone = await resentAndRegistered('g', { cdbid: 'event-2' });
    await store.transition('g', { from: 'registered', to: 'cancel-pending', actor: 'operator', reason: 'x', at: new Date(clock) });
    await store.transition('g', { from: 'cancel-pending', to: 'cancel-sending', actor: 'worker', reason: 'x', at: new Date(clock) });
    await store.transition('g', { from: 'cancel-sending', to: 'cancelled', actor: 'worker', reason: 'x', at: new Date(clock) });
    port.searches.push({ total: 1, items: [record('dup-g', T0 + 1_000, { cdbid: 'event-2' })] });
    expect((await rec.sweep({ ...store.get('g')!, sweepAfterMs: gone.sweepAfterMs! }))?.map((f) => f.status)).toEqual(['flagged']);
  });

  it('a rejected sale whose attempt shows up after all is adopted, then swept on', async () => {
    await uncertain('s', {}, {});
    await store.transition('s', { from: 'unknown', to: 'reconciling', actor: 'reconciler', reason: 'x', at: new Date(T0) });
    await store.transition('s', {
      from: 'reconciling',
      to: 'rejected',
      actor: 'reconciler',
      reason: 'x',
      at: new Date(T0),
      patch: { lastErrorCode: 'MAXIMUM_REACHED', alert: 'rejected-after-offline', sweepAfterMs: T0 + 70_000 },
    });
    clock = T0 + 80_000;
    const items = [record('late', T0 + 1_000, { priceCents: 1100, tariffCents: 300 })];
    port.searches.push({ total: 1, items }, { total: 1, items });
    const found = await rec.sweep(store.get('s')!);
    expect(found).toEqual([]);
    expect(store.get('s')).toMatchObject({
      state: 'registered',
      ticketSaleId: 'late',
      registeredPriceCents: 1100,
      registeredTariffCents: 300,
    });
    expect(store.get('s')?.alert).toBeUndefined();
    expect(store.get('s')?.lastErrorCode).toBeUndefined();
    expect(store.get('s')?.sweepAfterMs).toBeUndefined();
    expect(store.history('s').some((h) => h.reason === 'UiTPAS registered it after all: adopted ticket sale late found by the sweep')).toBe(
      true,
    );
    expect(port.argsOf('searchTicketSales')).toHaveLength(2);
  });
});

describe('Reconciler.candidates', () => {
  it('lists every record that could be the sale, with why not for sure and who holds it', async () => {
    const sale = await uncertain('s');
    await store.insert(newSale('holder', { cdbid: 'event-9' }), 'operator', 'sold');
    await store.transition('holder', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(T0) });
    await store.transition('holder', {
      from: 'sending',
      to: 'registered',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      patch: { ticketSaleId: 'held' },
    });
    port.searches.push({
      total: 4,
      items: [
        record('ok', T0 + 3_600_000),
        record('doubt', T0, { tariffCents: 1 }),
        record('no', T0, { userId: 'uid-2' }),
        record('held', T0),
      ],
    });
    const c = await rec.candidates(sale);
    expect(c).toStrictEqual({
      complete: true,
      records: [
        { record: record('ok', T0 + 3_600_000), fit: 'match' },
        { record: record('doubt', T0, { tariffCents: 1 }), fit: 'doubt: tariff 1 instead of 300' },
        { record: record('held', T0), fit: 'match', claimedBy: 'holder' },
      ],
    });
    // From the earliest of its windows and its creation (minus the clock margin), to now.
    expect(port.argsOf('searchTicketSales')[0]?.[0]).toMatchObject({
      startDate: brusselsDateTime(new Date(T0 - 1_000 - 5 * 60_000 - MIN5)),
    });
  });

  it('turns a failed search into the port error the operator sees', async () => {
    const sale = await uncertain('s');
    port.searches.push(new UitpasError('rejected', 'no', { code: 'ACCESS_DENIED' }));
    const err = (await rec.candidates(sale).catch((e: unknown) => e)) as UitpasError;
    expect(err).toBeInstanceOf(UitpasError);
    expect([err.kind, err.message, err.code]).toEqual(['rejected', 'no', 'ACCESS_DENIED']);
    port.searches.push(new Error('parser bug'));
    const bug = (await rec.candidates(sale).catch((e: unknown) => e)) as UitpasError;
    expect([bug.kind, bug.message, bug.code]).toEqual(['bad-response', 'parser bug', 'SEARCH_UNEXPECTED']);
  });
});
