/**
 * The ReplayWorker over time, on fake timers (it sleeps on setTimeout; its clock is Date.now here):
 * when it sends, probes and looks again, when it answers whoever waits for an attempt, and that
 * it leaves the outbox alone while it waits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TicketSale } from '../../../contract/domain.js';
import { DEFAULT_RECONCILE_POLICY } from '../../../main/sales/reconcile-policy.js';
import type { ReplayWorker } from '../../../main/sales/replay-worker.js';
import type { SaleStore } from '../../../main/sales/store/sale-store.js';
import { UitpasError, type Result } from '../../../main/uitpas/port.js';
import { raw, WorkerRig, type FakePort } from './fake-port.js';
import { newSale } from './new-sale.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');

let dir: string;
let rig: WorkerRig;
let store: SaleStore;
let port: FakePort;
let worker: ReplayWorker;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: T0 });
  dir = mkdtempSync(join(tmpdir(), 'loket-timing-'));
  rig = new WorkerRig(dir, { now: () => Date.now(), policy: DEFAULT_RECONCILE_POLICY, backoff: { baseMs: 100, maxMs: 1_000 } });
  ({ store, port, worker } = rig);
});
afterEach(async () => {
  await rig.close();
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

/** Lets `ms` pass on the fake timers, with whatever the worker does meanwhile. */
const pass = (ms = 0) => vi.advanceTimersByTimeAsync(ms);
const state = (id: string) => store.get(id)?.state;
const ops = () => port.calls.map((c) => c.op);

function sold(id: string, cdbid = 'event-1'): Result<TicketSale> {
  return {
    value: { id, cdbid, creationDate: new Date().toISOString(), priceCents: 1200, tariffCents: 300, groupPass: false },
    raw: raw(),
  };
}

/** A buy UiTPAS answers only when the test calls `answer`. */
function heldBuy(id: string, cdbid: string): { reply: () => Promise<Result<TicketSale>>; answer: () => void } {
  let answer = (): void => undefined;
  const answered = new Promise<Result<TicketSale>>((resolve) => (answer = () => resolve(sold(id, cdbid))));
  return { reply: () => answered, answer: () => answer() };
}

/** Resolves `flag.answered` when the promise does. */
function watch(p: Promise<void> | undefined): { answered: boolean } {
  const flag = { answered: false };
  void p?.then(() => (flag.answered = true));
  return flag;
}

async function queue(id: string, cdbid = 'event-1', createdMs = Date.now()): Promise<void> {
  await store.insert(newSale(id, createdMs, { cdbid }), 'operator', 'sold');
}

/** Starts the worker on a queue whose first buy is not sent: it backs off (50 ms), offline. */
async function startOffline(): Promise<void> {
  port.buys.push(new UitpasError('not-sent', 'down'));
  worker.start();
  await pass();
  expect(worker.status).toStrictEqual({ state: 'offline', nextAttemptMs: T0 + 50 });
}

describe('ReplayWorker over time', () => {
  it('reports stopped until it is started, then idle on an empty queue', async () => {
    expect(worker.status).toStrictEqual({ state: 'stopped' });
    worker.start();
    await pass();
    expect(worker.status).toStrictEqual({ state: 'idle' });
    expect(rig.statusChanges).toBe(1);
  });

  it('keeps one request in flight when started twice', async () => {
    await queue('a');
    await queue('b', 'event-2');
    const a = heldBuy('ts-a', 'event-1');
    port.buys.push(a.reply, sold('ts-b', 'event-2'));
    worker.start();
    worker.start();
    await pass();
    expect(ops()).toEqual(['buy']);
    a.answer();
    await pass();
    expect(ops()).toEqual(['buy', 'buy']);
    expect([state('a'), state('b')]).toEqual(['registered', 'registered']);
  });

  it('probes when the backoff ends, not before, even when woken; a wake reports no change', async () => {
    await queue('a');
    await startOffline();
    const changes = rig.statusChanges;
    worker.wake();
    await pass(49);
    expect(ops()).toEqual(['buy']);
    expect(rig.statusChanges).toBe(changes);
    port.counters.push([]);
    port.buys.push(sold('ts-a'));
    await pass(1);
    expect(ops()).toEqual(['buy', 'listCounters', 'buy']);
    expect(state('a')).toBe('registered');
    expect(worker.status).toStrictEqual({ state: 'idle' });
  });

  it('a probe UiTPAS refuses still proves the link: the queue is sent at once', async () => {
    await queue('a');
    await startOffline();
    port.counters.push(new UitpasError('rejected', 'unknown user', { code: 'UNKNOWN_USER' }));
    port.buys.push(sold('ts-a'));
    await pass(50);
    expect(ops()).toEqual(['buy', 'listCounters', 'buy']);
    expect(state('a')).toBe('registered');
    expect(worker.status).toStrictEqual({ state: 'idle' });
    expect(rig.connectivity.value.state).toBe('online');
  });

  it('does not take a sale over while it backs off: the caller commits it itself', async () => {
    await queue('a');
    await startOffline();
    expect(worker.sendAtOnce(newSale('b', Date.now(), { cdbid: 'event-2' }), 'sold', 1_000)).toBeUndefined();
    expect(state('b')).toBeUndefined();
  });

  it('idle with nothing scheduled, it leaves the outbox alone until woken', async () => {
    worker.start();
    await pass();
    const looks = vi.spyOn(store, 'nextDue');
    await pass(10_000);
    expect(looks).not.toHaveBeenCalled();
    await queue('a');
    port.buys.push(sold('ts-a'));
    worker.wake();
    await pass();
    expect(looks).toHaveBeenCalled();
    expect(state('a')).toBe('registered');
  });

  it('searches for an uncertain sale exactly when its search is due, leaving the outbox alone before', async () => {
    await queue('a', 'event-1', T0 - 1_000);
    await store.transition('a', { from: 'pending', to: 'sending', actor: 'worker', reason: 'attempt 1', at: new Date(T0 - 900) });
    await store.transition('a', {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'outcome unknown',
      at: new Date(T0 - 800),
      patch: { searches: 0, nextAttemptMs: T0 + 1_000 },
      uncertain: { kind: 'buy', startedMs: T0 - 900, endedMs: T0 - 800 },
    });
    worker.start();
    await pass();
    expect(worker.status).toStrictEqual({ state: 'idle' });
    const looks = vi.spyOn(store, 'nextDue');
    await pass(999);
    expect(looks).not.toHaveBeenCalled();
    port.searches.push(new UitpasError('ambiguous', 'HTTP 500'));
    await pass(1);
    expect(ops()).toEqual(['searchTicketSales']);
    expect(store.get('a')).toMatchObject({ state: 'unknown', searches: 1, lastErrorMessage: 'HTTP 500' });
  });
});

describe('ReplayWorker: answering whoever waits for an attempt', () => {
  it('answers a caller waiting on a sale behind a failed one as soon as the queue goes offline', async () => {
    worker.start();
    await pass();
    await queue('a', 'event-1', T0 - 2);
    await queue('b', 'event-1', T0 - 1);
    const b = watch(worker.waitForAttempt('b', 60_000));
    port.buys.push(new UitpasError('not-sent', 'down'));
    worker.wake();
    await pass();
    expect(worker.status.state).toBe('offline');
    expect(b.answered).toBe(true);
    expect(ops()).toEqual(['buy']);
    expect(state('b')).toBe('pending');
  });

  it('answers right after the attempt on its sale, while the worker goes on with the next', async () => {
    await queue('a');
    await queue('b', 'event-2');
    const held = heldBuy('ts-b', 'event-2');
    port.buys.push(sold('ts-a'), held.reply);
    worker.start();
    const a = watch(worker.waitForAttempt('a', 60_000));
    await pass();
    expect([state('a'), state('b')]).toEqual(['registered', 'sending']);
    expect(a.answered).toBe(true);
    held.answer();
    await pass();
    expect(state('b')).toBe('registered');
  });

  it('answers a sale handed over at the counter right after its attempt, while the worker goes on', async () => {
    worker.start();
    await pass();
    const held = heldBuy('ts-b', 'event-2');
    port.buys.push(async () => {
      // Meanwhile the next customer's sale is queued.
      await queue('b', 'event-2');
      return sold('ts-a');
    }, held.reply);
    const a = watch(worker.sendAtOnce(newSale('a', Date.now()), 'sold', 60_000));
    await pass();
    expect([state('a'), state('b')]).toEqual(['registered', 'sending']);
    expect(a.answered).toBe(true);
    held.answer();
    await pass();
    expect(state('b')).toBe('registered');
  });
});
