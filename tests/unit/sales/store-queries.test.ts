/**
 * SaleStore beyond the basics in store.test.ts: every query the worker, the reconciler and the
 * service rely on, on a real SQLite file (inline writer: fast and deterministic).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SaleState } from '../../../contract/schemas/sales.js';
import { UNKNOWN_OFFSET } from '../../../main/sales/reconcile-match.js';
import { IllegalTransitionError } from '../../../main/sales/state-machine.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import {
  SaleStore,
  StaleStateError,
  TicketSaleClaimedError,
  type ForeignRecord,
  type NewSale,
  type SalePatch,
  type TransitionInput,
} from '../../../main/sales/store/sale-store.js';
import { newSale } from './new-sale.js';

let dir: string;
let store: SaleStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-store-q-'));
  store = new SaleStore(openOutboxDatabase(join(dir, 'outbox.db')));
});
afterEach(async () => {
  await store.close();
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

const PATHS: Partial<Record<SaleState, SaleState[]>> = {
  sending: ['sending'],
  unknown: ['sending', 'unknown'],
  reconciling: ['sending', 'unknown', 'reconciling'],
  registered: ['sending', 'registered'],
  rejected: ['sending', 'rejected'],
  cancelled: ['cancelled'],
  resolved: ['sending', 'rejected', 'resolved'],
  'cancel-pending': ['sending', 'registered', 'cancel-pending'],
  'cancel-sending': ['sending', 'registered', 'cancel-pending', 'cancel-sending'],
  'cancel-unknown': ['sending', 'registered', 'cancel-pending', 'cancel-sending', 'cancel-unknown'],
};

async function move(id: string, from: SaleState, to: SaleState, extra: Partial<TransitionInput> = {}) {
  return store.transition(id, { from, to, actor: 'worker', reason: `${from}>${to}`, at: new Date(5_000), ...extra });
}

/** A sale walked to `state`, the last step carrying `patch`. */
async function saleIn(id: string, state: SaleState, createdMs = 1_000, over: Partial<NewSale> = {}, patch?: SalePatch) {
  await store.insert(newSale(id, createdMs, over), 'operator', 'sold');
  let from: SaleState = 'pending';
  const path = PATHS[state] ?? [];
  for (const [i, to] of path.entries()) {
    const last = i === path.length - 1;
    await move(
      id,
      from,
      to,
      to === 'registered' ? { patch: { ticketSaleId: `ts-${id}`, ...(last ? patch : {}) } } : last && patch ? { patch } : {},
    );
    from = to;
  }
  if (path.length === 0 && patch) await store.retryLater(id, 'pending', patch, 'patched', new Date(5_000));
  return store.get(id)!;
}

function foreign(id: string, over: Partial<ForeignRecord> = {}): ForeignRecord {
  return {
    ticketSaleId: id,
    foundAt: new Date(10_000).toISOString(),
    counterKey: 'counter-1',
    cdbid: 'event-1',
    creationDate: new Date(9_000).toISOString(),
    tariffCents: 300,
    groupPass: false,
    status: 'flagged',
    reason: 'found',
    attempts: 0,
    ...over,
  };
}

describe('SaleStore writes', () => {
  it('commits a new sale already claimed for sending in one go, with both history rows', async () => {
    const claim: TransitionInput = {
      from: 'pending',
      to: 'sending',
      actor: 'worker',
      reason: 'attempt 1',
      at: new Date(2_000),
      patch: { attempts: 1 },
    };
    const both = await store.insertWithTransition(newSale('a', 1_000), 'operator', 'sold', claim);
    expect(both.inserted).toMatchObject({ state: 'pending', attempts: 0, searches: 0, needsOperator: false, cancelRequested: false });
    expect(both.moved).toMatchObject({ state: 'sending', attempts: 1 });
    expect(store.get('a')).toStrictEqual(both.moved);
    expect(store.history('a')).toStrictEqual([
      { seq: 1, at: new Date(1_000).toISOString(), to: 'pending', actor: 'operator', reason: 'sold' },
      { seq: 2, at: new Date(2_000).toISOString(), from: 'pending', to: 'sending', actor: 'worker', reason: 'attempt 1' },
    ]);
  });

  it('refuses a claim that does not start from pending, or that the state machine forbids, writing nothing', async () => {
    const base = { actor: 'worker' as const, reason: 'x', at: new Date(2_000) };
    await expect(
      store.insertWithTransition(newSale('a', 1_000), 'operator', 'sold', { ...base, from: 'sending', to: 'registered' }),
    ).rejects.toThrow(StaleStateError);
    await expect(
      store.insertWithTransition(newSale('a', 1_000), 'operator', 'sold', { ...base, from: 'pending', to: 'registered' }),
    ).rejects.toThrow(IllegalTransitionError);
    expect(store.get('a')).toBeUndefined();
  });

  it('a patch changes only progress fields; null clears one; the record returned is what is stored', async () => {
    await saleIn('a', 'sending');
    const moved = await move('a', 'sending', 'unknown', {
      patch: { lastErrorCode: 'AMBIGUOUS', needsOperator: true, nextAttemptMs: 9_000, cdbid: 'event-9' } as unknown as SalePatch,
    });
    expect(moved).toStrictEqual(store.get('a'));
    expect(moved).toMatchObject({
      state: 'unknown',
      lastErrorCode: 'AMBIGUOUS',
      needsOperator: true,
      nextAttemptMs: 9_000,
      cdbid: 'event-1',
    });
    const cleared = await move('a', 'unknown', 'pending', { patch: { lastErrorCode: null, needsOperator: false, nextAttemptMs: null } });
    expect(cleared).toEqual(store.get('a'));
    expect(store.get('a')?.lastErrorCode).toBeUndefined();
    expect(cleared.lastErrorCode).toBeUndefined();
    expect(cleared.nextAttemptMs).toBeUndefined();
    expect(cleared.needsOperator).toBe(false);
  });

  it('moves again on a fresh read when another writer changed a patched column, at most three tries', async () => {
    await saleIn('a', 'sending');
    const stale = store.get('a')!;
    store.db.prepare("UPDATE sales SET last_error_code = 'OTHER' WHERE id = 'a'").run();
    const realGet = store.get.bind(store);
    let reads = 0;
    store.get = (id: string) => (++reads === 1 ? stale : realGet(id));
    const moved = await move('a', 'sending', 'unknown', { patch: { lastErrorCode: 'MINE' } });
    expect(reads).toBe(2);
    expect(moved.lastErrorCode).toBe('MINE');
    expect(realGet('a')?.lastErrorCode).toBe('MINE');

    const staleUnknown = realGet('a')!;
    store.db.prepare("UPDATE sales SET last_error_code = 'OTHER' WHERE id = 'a'").run();
    reads = 0;
    store.get = () => (++reads, staleUnknown);
    await expect(move('a', 'unknown', 'pending', { patch: { lastErrorCode: 'AGAIN' } })).rejects.toThrow(StaleStateError);
    expect(reads).toBe(3);
    store.get = realGet;
    expect(store.get('a')).toMatchObject({ state: 'unknown', lastErrorCode: 'OTHER' });
  });

  it('throws the store error as is when it is neither stale nor a claimed ticket sale', async () => {
    await saleIn('a', 'sending');
    store.db.exec("CREATE TRIGGER refuse BEFORE UPDATE ON sales BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    await expect(move('a', 'sending', 'unknown')).rejects.toThrow('disk says no');
    await expect(move('a', 'sending', 'registered', { patch: { ticketSaleId: 't' } })).rejects.toThrow('disk says no');
    await expect(store.retryLater('a', 'sending', { searches: 1 }, 'r', new Date())).rejects.toThrow('disk says no');
    await expect(store.requestCancel('a', 'sending', new Date())).rejects.toThrow('disk says no');
  });

  it('names the ticket sale another local sale holds', async () => {
    await saleIn('a', 'registered');
    await saleIn('b', 'sending');
    const err = await move('b', 'sending', 'registered', { patch: { ticketSaleId: 'ts-a' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TicketSaleClaimedError);
    expect((err as TicketSaleClaimedError).ticketSaleId).toBe('ts-a');
    expect(store.claimedBy('ts-a')).toBe('a');
    expect(store.claimedBy('ts-x')).toBeUndefined();
    expect(store.claimedBy('ts-x')).toBeUndefined();
  });

  it('a registration of several tickets (API 4) holds every id, each claimed across both places', async () => {
    await saleIn('a', 'sending');
    const moved = await move('a', 'sending', 'registered', { patch: { ticketSaleId: 't1' }, moreTicketSaleIds: ['t2', 't3'] });
    expect(moved.ticketSaleId).toBe('t1');
    expect(store.ticketSaleIds(moved)).toEqual(['t1', 't2', 't3']);
    for (const t of ['t1', 't2', 't3']) expect(store.claimedBy(t)).toBe('a');
    // Another sale can hold none of them, as its first id or as one of its others; nothing of it is written.
    await saleIn('b', 'sending');
    const first = await move('b', 'sending', 'registered', { patch: { ticketSaleId: 't3' } }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TicketSaleClaimedError);
    expect((first as TicketSaleClaimedError).ticketSaleId).toBe('t3');
    const other = await move('b', 'sending', 'registered', { patch: { ticketSaleId: 't9' }, moreTicketSaleIds: ['t2'] }).catch(
      (e: unknown) => e,
    );
    expect(other).toBeInstanceOf(TicketSaleClaimedError);
    expect((other as TicketSaleClaimedError).ticketSaleId).toBe('t2');
    expect(store.get('b')).toMatchObject({ state: 'sending' });
    expect(store.claimedBy('t9')).toBeUndefined();
    expect(store.ticketSaleIds(store.get('b')!)).toEqual([]);
    // A first id that is the sale's own other id is no conflict with itself.
    await move('b', 'sending', 'registered', { patch: { ticketSaleId: 't9' }, moreTicketSaleIds: ['t10'] });
    expect(store.ticketSaleIds(store.get('b')!)).toEqual(['t9', 't10']);
  });

  it('retryLater changes progress without a state change, with a history row, compare-and-set', async () => {
    await saleIn('a', 'cancel-unknown');
    const done = await store.retryLater(
      'a',
      'cancel-unknown',
      { searches: 2, lastErrorCode: 'SEARCH_AMBIGUOUS' },
      'search failed',
      new Date(7_000),
    );
    expect(done).toStrictEqual(store.get('a'));
    expect(done).toMatchObject({ state: 'cancel-unknown', searches: 2, lastErrorCode: 'SEARCH_AMBIGUOUS' });
    expect(store.history('a').at(-1)).toStrictEqual({
      seq: 7,
      at: new Date(7_000).toISOString(),
      from: 'cancel-unknown',
      to: 'cancel-unknown',
      actor: 'reconciler',
      reason: 'search failed',
    });
    await expect(store.retryLater('a', 'unknown', { searches: 3 }, 'x', new Date())).rejects.toThrow(StaleStateError);
    await expect(store.retryLater('nope', 'unknown', { searches: 3 }, 'x', new Date())).rejects.toThrow(StaleStateError);

    const stale = store.get('a')!;
    store.db.prepare("UPDATE sales SET searches = 5 WHERE id = 'a'").run();
    const realGet = store.get.bind(store);
    let reads = 0;
    store.get = (id: string) => (++reads === 1 ? stale : realGet(id));
    expect(await store.retryLater('a', 'cancel-unknown', { searches: 6 }, 'again', new Date())).toMatchObject({ searches: 6 });
    expect(reads).toBe(2);
    reads = 0;
    store.get = () => (++reads, stale);
    await expect(store.retryLater('a', 'cancel-unknown', { searches: 7 }, 'again', new Date())).rejects.toThrow(StaleStateError);
    expect(reads).toBe(3);
    store.get = realGet;
  });

  it('marks a cancel request once, only in the state it was read in', async () => {
    await saleIn('a', 'unknown');
    expect(await store.requestCancel('a', 'sending', new Date(8_000))).toBe(false);
    expect(store.get('a')?.cancelRequested).toBe(false);
    expect(await store.requestCancel('a', 'unknown', new Date(8_000))).toBe(true);
    expect(store.get('a')?.cancelRequested).toBe(true);
    expect(store.history('a').at(-1)).toMatchObject({
      at: new Date(8_000).toISOString(),
      from: 'unknown',
      to: 'unknown',
      actor: 'operator',
      reason: 'cancel requested: it is honoured once UiTPAS has answered',
    });
    const rows = store.history('a').length;
    expect(await store.requestCancel('a', 'unknown', new Date(9_000))).toBe(false);
    expect(store.history('a')).toHaveLength(rows);
  });

  it('acknowledges an alert: cleared, with the reason kept and a history row', async () => {
    await saleIn('a', 'registered', 1_000, {}, { alert: 'tariff-changed' });
    await store.acknowledge('a', 'klant verwittigd', new Date(9_000));
    expect(store.get('a')).toMatchObject({ state: 'registered', resolution: 'klant verwittigd' });
    expect(store.get('a')?.alert).toBeUndefined();
    expect(store.history('a').at(-1)).toMatchObject({
      from: 'registered',
      to: 'registered',
      actor: 'operator',
      reason: 'alert tariff-changed acknowledged: klant verwittigd',
    });
    await expect(store.acknowledge('nope', 'x', new Date())).rejects.toThrow('no sale nope');
  });

  it('marks provisional once', async () => {
    await saleIn('a', 'pending');
    await store.markProvisional('a');
    expect(store.get('a')?.provisional).toBe(true);
  });

  it('keeps key-value meta, overwriting', async () => {
    expect(store.getMeta('lastContact')).toBeUndefined();
    await store.setMeta('lastContact', 'a');
    await store.setMeta('lastContact', 'b');
    expect(store.getMeta('lastContact')).toBe('b');
  });
});

describe('SaleStore queue queries', () => {
  it('what is due: queued buys, searches and cancels, and a registered sale with a cancel request', async () => {
    await saleIn('pending', 'pending', 1_000, { cdbid: 'e1' });
    await saleIn('unknown', 'unknown', 1_001, { cdbid: 'e2' });
    await saleIn('cancel-pending', 'cancel-pending', 1_002, { cdbid: 'e3' });
    await saleIn('cancel-unknown', 'cancel-unknown', 1_003, { cdbid: 'e4' });
    await saleIn('registered-cancel', 'registered', 1_004, { cdbid: 'e5' });
    store.db.prepare("UPDATE sales SET cancel_requested = 1 WHERE id = 'registered-cancel'").run();
    for (const [i, s] of (
      ['sending', 'reconciling', 'registered', 'rejected', 'cancelled', 'resolved', 'cancel-sending'] as const
    ).entries()) {
      await saleIn(`not-${s}`, s, 500 + i, { cdbid: `n${i}` });
    }
    const due: string[] = [];
    for (let s = store.nextDue(10_000); s; s = store.nextDue(10_000)) {
      due.push(s.id);
      store.db.prepare('UPDATE sales SET needs_operator = 1 WHERE id = ?').run(s.id);
    }
    expect(due).toEqual(['pending', 'unknown', 'cancel-pending', 'cancel-unknown', 'registered-cancel']);
  });

  it('waits for next_attempt_ms; anyDueNow also sees work without a time', async () => {
    expect(store.anyDueNow(0)).toBe(false);
    await saleIn('a', 'pending', 1_000, {}, { nextAttemptMs: 5_000 });
    expect(store.nextDue(4_999)).toBeUndefined();
    expect(store.anyDueNow(4_999)).toBe(false);
    expect(store.nextDue(5_000)?.id).toBe('a');
    expect(store.anyDueNow(5_000)).toBe(true);
    await saleIn('b', 'pending', 2_000, { cdbid: 'event-2' });
    expect(store.anyDueNow(0)).toBe(true);
  });

  it('keeps order per card and activity for buys only, by creation then insertion order', async () => {
    await saleIn('first', 'unknown', 1_000, {}, { nextAttemptMs: 60_000 });
    await saleIn('same-ms-a', 'pending', 2_000);
    await saleIn('other-card', 'pending', 3_000, { uitpasNumber: '0930000000107' });
    expect(store.nextDue(10_000)?.id).toBe('other-card');
    await move('first', 'unknown', 'resolved');
    expect(store.nextDue(10_000)?.id).toBe('same-ms-a');
    // Two sales of the same pair made in the same millisecond: the one inserted first goes first.
    await saleIn('same-ms-b', 'pending', 2_000);
    await move('other-card', 'pending', 'cancelled');
    expect(store.nextDue(10_000)?.id).toBe('same-ms-a');
    await move('same-ms-a', 'pending', 'sending');
    expect(store.nextDue(10_000)).toBeUndefined();
    // A cancel of the same pair is not held back by an unsettled buy.
    await saleIn('cancel', 'cancel-pending', 500);
    expect(store.nextDue(10_000)?.id).toBe('cancel');
  });

  it('wakes for the earliest of a backoff, a sweep and a foreign cancel', async () => {
    expect(store.nextWakeMs()).toBeUndefined();
    await saleIn('a', 'unknown', 1_000, {}, { nextAttemptMs: 50_000 });
    expect(store.nextWakeMs()).toBe(50_000);
    await saleIn('b', 'registered', 1_000, { cdbid: 'e2' }, { sweepAfterMs: 40_000 });
    expect(store.nextWakeMs()).toBe(40_000);
    await store.finishSweep('b', 40_000, [foreign('f1', { status: 'cancel-pending', nextAttemptMs: 30_000 })], new Date(1));
    expect(store.nextWakeMs()).toBe(30_000);
    await store.finishSweep('b', 0, [foreign('f2', { status: 'cancel-unknown' })], new Date(1));
    // A foreign cancel without a time is due at once.
    expect(store.nextWakeMs()).toBe(0);
  });

  it('lists in-flight sales oldest first', async () => {
    await saleIn('c', 'cancel-sending', 3_000, { cdbid: 'e3' });
    await saleIn('s', 'sending', 2_000, { cdbid: 'e2' });
    await saleIn('r', 'reconciling', 1_000, { cdbid: 'e1' });
    await saleIn('u', 'unknown', 500, { cdbid: 'e4' });
    expect(store.inFlight().map((s) => s.id)).toEqual(['r', 's', 'c']);
  });

  it('counts every state, zero included', async () => {
    await saleIn('a', 'pending');
    await saleIn('b', 'cancel-unknown', 1_000, { cdbid: 'e2' });
    expect(store.counts()).toStrictEqual({
      pending: 1,
      sending: 0,
      unknown: 0,
      reconciling: 0,
      'cancel-pending': 0,
      'cancel-sending': 0,
      'cancel-unknown': 1,
      registered: 0,
      rejected: 0,
      cancelled: 0,
      resolved: 0,
    });
  });

  it('needs attention: rejected, waiting for the operator, an open alert, a flagged foreign record', async () => {
    expect(store.needsAttention()).toBe(0);
    await saleIn('rejected', 'rejected', 1_000, { cdbid: 'e1' });
    expect(store.needsAttention()).toBe(1);
    await saleIn('operator', 'unknown', 1_000, { cdbid: 'e2' }, { needsOperator: true });
    expect(store.needsAttention()).toBe(2);
    await saleIn('alert', 'registered', 1_000, { cdbid: 'e3' }, { alert: 'tariff-changed' });
    expect(store.needsAttention()).toBe(3);
    // An alert on a closed sale is history, not work.
    await saleIn('closed', 'resolved', 1_000, { cdbid: 'e4' }, { alert: 'needs-operator' });
    await saleIn('gone', 'cancel-sending', 1_000, { cdbid: 'e5' });
    await move('gone', 'cancel-sending', 'cancelled', { patch: { alert: 'cancel-refused' } });
    expect(store.needsAttention()).toBe(3);
    await store.finishSweep('alert', 0, [foreign('f1'), foreign('f2', { status: 'cancel-pending' })], new Date(1));
    expect(store.needsAttention()).toBe(4);
  });

  it('totals unregistered sales by tariff times tickets, with the oldest', async () => {
    expect(store.unregistered()).toStrictEqual({ count: 0, amountCents: 0 });
    await saleIn('g', 'unknown', 2_000, { groupPass: true, amountOfTickets: 3, expectedTariffCents: 200, cdbid: 'e1' });
    await saleIn('p', 'pending', 3_000, { cdbid: 'e2' });
    await saleIn('r', 'registered', 1_000, { cdbid: 'e3' });
    expect(store.unregistered()).toStrictEqual({ count: 2, amountCents: 900, oldestAt: new Date(2_000).toISOString(), oldestMs: 2_000 });
    expect(store.openSaleFor('0930000150316', 'e1')).toBe('g');
    expect(store.openSaleFor('0930000150316', 'e3')).toBeUndefined();
  });

  it('lists by state and day, newest first, limited', async () => {
    await saleIn('old', 'registered', 1_000, { cdbid: 'e1' });
    await saleIn('a', 'pending', 2_000, { cdbid: 'e2' });
    await saleIn('b', 'pending', 2_000, { cdbid: 'e3' });
    await saleIn('c', 'rejected', 3_000, { cdbid: 'e4' });
    expect(store.list({ limit: 10 }).map((s) => s.id)).toEqual(['c', 'b', 'a', 'old']);
    expect(store.list({ limit: 2 }).map((s) => s.id)).toEqual(['c', 'b']);
    expect(store.list({ limit: 10, sinceMs: 2_000 }).map((s) => s.id)).toEqual(['c', 'b', 'a']);
    expect(store.list({ limit: 10, states: ['pending', 'registered'] }).map((s) => s.id)).toEqual(['b', 'a', 'old']);
    expect(store.list({ limit: 10, states: ['pending'], sinceMs: 2_001 })).toEqual([]);
  });

  it('reads the history with raw texts only where they were kept', async () => {
    await saleIn('a', 'pending');
    await move('a', 'pending', 'sending', { rawRequest: 'REQ' });
    await move('a', 'sending', 'unknown', { rawResponse: 'RES' });
    const h = store.history('a');
    expect(h[0]).toStrictEqual({ seq: 1, at: new Date(1_000).toISOString(), to: 'pending', actor: 'operator', reason: 'sold' });
    expect(h[1]).toStrictEqual({
      seq: 2,
      at: new Date(5_000).toISOString(),
      from: 'pending',
      to: 'sending',
      actor: 'worker',
      reason: 'pending>sending',
      rawRequest: 'REQ',
    });
    expect(h[2]).toStrictEqual({
      seq: 3,
      at: new Date(5_000).toISOString(),
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'sending>unknown',
      rawResponse: 'RES',
    });
    expect(store.lastEnteredMs('a', 'sending')).toBe(5_000);
    expect(store.lastEnteredMs('a', 'registered')).toBeUndefined();
  });

  it('remembers when a sale last entered a state', async () => {
    await saleIn('a', 'unknown');
    await move('a', 'unknown', 'pending', { at: new Date(6_000) });
    await move('a', 'pending', 'sending', { at: new Date(7_000) });
    expect(store.lastEnteredMs('a', 'sending')).toBe(7_000);
    expect(store.lastEnteredMs('a', 'pending')).toBe(6_000);
  });
});

describe('SaleStore uncertain attempts and sweeps', () => {
  it('keeps the window of each uncertain attempt, by kind, with the offset then and now', async () => {
    await saleIn('a', 'sending');
    await move('a', 'sending', 'unknown', {
      uncertain: { kind: 'buy', startedMs: 10_000, endedMs: 11_000, offset: { lowMs: -100, highMs: 200 } },
    });
    await move('a', 'unknown', 'pending');
    await move('a', 'pending', 'sending');
    await move('a', 'sending', 'unknown', { uncertain: { kind: 'buy', startedMs: 20_000, endedMs: 21_000, offset: undefined } });
    expect(store.uncertainAttempts('a', 'buy')).toBe(2);
    expect(store.uncertainAttempts('a', 'cancel')).toBe(0);
    const H = 1_000;
    // Then only: the first attempt's own offset; the second had none (the generous default).
    expect(store.windows('a', 'buy', H)).toStrictEqual([
      { fromMs: 10_000 - 100 - 1_000, toMs: 11_000 + 200 + H },
      { fromMs: 20_000 + UNKNOWN_OFFSET.lowMs - 1_000, toMs: 21_000 + UNKNOWN_OFFSET.highMs + H },
    ]);
    // Then and now: the union of both estimates; now alone where there was none.
    expect(store.windows('a', 'buy', H, { lowMs: 50, highMs: 300 })).toStrictEqual([
      { fromMs: 10_000 - 100 - 1_000, toMs: 11_000 + 300 + H },
      { fromMs: 20_000 + 50 - 1_000, toMs: 21_000 + 300 + H },
    ]);
    expect(store.windows('a', 'buy', H, { lowMs: -500, highMs: 100 })[0]).toStrictEqual({
      fromMs: 10_000 - 500 - 1_000,
      toMs: 11_000 + 200 + H,
    });
    expect(store.windows('a', 'cancel', H)).toEqual([]);
  });

  it('lists the sales of an activity that ever had an uncertain buy, oldest first', async () => {
    for (const [id, ms, cdbid] of [
      ['b', 2_000, 'event-1'],
      ['a', 1_000, 'event-1'],
      ['other', 500, 'event-2'],
    ] as const) {
      await saleIn(id, 'sending', ms, { cdbid, uitpasNumber: id === 'b' ? '0930000000107' : '0930000150316' });
      await move(id, 'sending', 'unknown', { uncertain: { kind: 'buy', startedMs: 1, endedMs: 2 } });
    }
    // Two uncertain attempts are still one sale.
    await move('a', 'unknown', 'pending');
    await move('a', 'pending', 'sending');
    await move('a', 'sending', 'unknown', { uncertain: { kind: 'buy', startedMs: 3, endedMs: 4 } });
    await saleIn('cancel-only', 'cancel-sending', 100, { uitpasNumber: '0930000000115' });
    await move('cancel-only', 'cancel-sending', 'cancel-unknown', { uncertain: { kind: 'cancel', startedMs: 1, endedMs: 2 } });
    expect(store.uncertainSalesOf('event-1').map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('serves due sweeps earliest first, postpones one only if unchanged, and finishes it with what it found', async () => {
    await saleIn('a', 'registered', 1_000, { cdbid: 'e1' }, { sweepAfterMs: 20_000 });
    await saleIn('b', 'registered', 1_000, { cdbid: 'e2' }, { sweepAfterMs: 10_000 });
    expect(store.nextSweep(9_999)).toBeUndefined();
    expect(store.nextSweep(10_000)?.id).toBe('b');
    expect(store.nextSweep(30_000)?.id).toBe('b');
    await store.postponeSweep('b', 999, 50_000);
    expect(store.get('b')?.sweepAfterMs).toBe(10_000);
    await store.postponeSweep('b', 10_000, 50_000);
    expect(store.get('b')?.sweepAfterMs).toBe(50_000);
    expect(store.nextSweep(30_000)?.id).toBe('a');

    const rows = store.history('a').length;
    await store.finishSweep('a', 20_000, [], new Date(30_000));
    expect(store.get('a')?.sweepAfterMs).toBeUndefined();
    expect(store.history('a')).toHaveLength(rows);

    await store.finishSweep('b', 50_000, [foreign('f1'), foreign('f2', { status: 'cancel-pending' })], new Date(60_000));
    expect(store.get('b')?.sweepAfterMs).toBeUndefined();
    expect(store.history('b').at(-1)).toMatchObject({
      at: new Date(60_000).toISOString(),
      from: 'registered',
      to: 'registered',
      actor: 'reconciler',
      reason: 'UiTPAS holds 2 more ticket sale(s) like this one: f1 (flagged), f2 (cancel-pending)',
    });
  });

  it('keeps foreign records: read back as written, listed newest first, cancels served oldest first', async () => {
    await saleIn('a', 'registered');
    const f1 = foreign('f1', { likeSaleId: 'a', foundAt: new Date(1_000).toISOString(), status: 'cancel-pending', groupPass: true });
    const f2 = foreign('f2', { foundAt: new Date(2_000).toISOString(), status: 'cancel-unknown', nextAttemptMs: 8_000 });
    const f3 = foreign('f3', { foundAt: new Date(3_000).toISOString(), resolution: 'seen' });
    await store.finishSweep('a', 0, [f1, f2, f3], new Date(1));
    expect(store.foreignRecord('f1')).toStrictEqual(f1);
    expect(store.foreignRecord('f2')).toStrictEqual(f2);
    expect(store.foreignRecord('nope')).toBeUndefined();
    expect(store.foreignRecords(10).map((f) => f.ticketSaleId)).toEqual(['f3', 'f2', 'f1']);
    expect(store.foreignRecords(1).map((f) => f.ticketSaleId)).toEqual(['f3']);
    expect(store.nextForeignCancel(0)?.ticketSaleId).toBe('f1');
    // Found again by a later sweep: the first finding stays.
    await store.finishSweep('a', 0, [{ ...f1, reason: 'again' }], new Date(2));
    expect(store.foreignRecord('f1')?.reason).toBe('found');

    expect(await store.updateForeign({ ...f1, status: 'cancelled', resolution: 'done', attempts: 1 }, 'flagged')).toBe(false);
    expect(await store.updateForeign({ ...f1, status: 'cancelled', resolution: 'done', attempts: 1 }, 'cancel-pending')).toBe(true);
    expect(store.foreignRecord('f1')).toStrictEqual({ ...f1, status: 'cancelled', resolution: 'done', attempts: 1 });
    expect(store.nextForeignCancel(7_999)).toBeUndefined();
    expect(store.nextForeignCancel(8_000)?.ticketSaleId).toBe('f2');
  });
});

describe('SaleStore privacy purge', () => {
  it('purges sales with a final outcome created strictly before the cutoff: registered, cancelled, resolved, rejected', async () => {
    for (const [i, s] of (['registered', 'cancelled', 'resolved', 'rejected', 'unknown', 'cancel-pending'] as const).entries()) {
      await saleIn(s, s, 1_000, { cdbid: `e${i}` });
    }
    await saleIn('at-cutoff', 'registered', 2_000, { cdbid: 'e9' });
    // An unknown sale waits UNRESOLVED_GRACE_DAYS longer; one being cancelled still needs its data.
    expect(await store.purgePersonalData(2_000, new Date(3_000))).toBe(4);
    const purged = ['registered', 'cancelled', 'resolved', 'rejected'];
    for (const s of ['registered', 'cancelled', 'resolved', 'rejected', 'unknown', 'cancel-pending', 'at-cutoff']) {
      expect(store.get(s)?.purgedAt !== undefined, s).toBe(purged.includes(s));
    }
  });
});
