/**
 * Paths the first mutation runs found no test for: races the outbox resolves with StaleStateError,
 * failed writes around a sale handed over at the counter, a database that cannot be opened or
 * migrated, and a few reasons and fields the operator sees.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectivityMonitor } from '../../../main/sales/connectivity.js';
import { choosePrice } from '../../../main/sales/pricing.js';
import { fit, type SaleFacts } from '../../../main/sales/reconcile-match.js';
import { Reconciler } from '../../../main/sales/reconciler.js';
import { DEFAULT_RECONCILE_POLICY } from '../../../main/sales/reconcile-policy.js';
import type { ReplayWorker } from '../../../main/sales/replay-worker.js';
import { MIGRATIONS } from '../../../main/sales/store/migrations.js';
import { openOutboxDatabase, OutboxOpenError } from '../../../main/sales/store/open-database.js';
import { SaleStore, type NewSale } from '../../../main/sales/store/sale-store.js';
import { FakePort, raw, ticketSaleRecord, until, WorkerRig } from './fake-port.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-edge-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function newSale(id: string, over: Partial<NewSale> = {}): NewSale {
  return {
    id,
    createdAt: new Date(T0).toISOString(),
    createdMs: T0,
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

describe('opening the outbox', () => {
  it('refuses a path it cannot open as a database, saying which', () => {
    const file = join(dir, 'a-folder');
    mkdirSync(file);
    const err = (() => {
      try {
        openOutboxDatabase(file);
      } catch (e) {
        return e;
      }
    })() as OutboxOpenError;
    expect(err).toBeInstanceOf(OutboxOpenError);
    expect(err.kind).toBe('unreadable');
    expect(err.message).toMatch(new RegExp(`^Cannot open the sales database ${file}: `));
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('refuses a migration that leaves broken references, naming it', () => {
    const broken = [
      ...MIGRATIONS,
      `CREATE TABLE child (id INTEGER PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id));
       INSERT INTO child (sale_id) VALUES ('nobody'), ('nobody either');`,
    ];
    expect(() => openOutboxDatabase(join(dir, 'outbox.db'), { migrations: broken })).toThrow(
      new RegExp(`migration ${broken.length} left 2 broken references`),
    );
  });
});

describe('small things the operator sees', () => {
  it('says which way the pass kind differs', () => {
    const base: SaleFacts = {
      id: 's',
      cdbid: 'e',
      groupPass: true,
      uitpasNumber: '1',
      amountOfTickets: 2,
      expectedPriceCents: 1,
      expectedTariffCents: 1,
      provisional: false,
      windows: [],
    };
    const rec = { id: 'r', cdbid: 'e', creationDate: new Date(T0).toISOString(), priceCents: 1, tariffCents: 1 };
    expect(fit(base, { ...rec, groupPass: false })).toEqual({ fit: 'no', why: 'not a group pass' });
    expect(fit({ ...base, groupPass: false }, { ...rec, groupPass: true })).toEqual({ fit: 'no', why: 'a group pass' });
  });

  it('a coupon option that names no coupon is never the chosen coupon', () => {
    const activity = {
      cdbid: 'e',
      title: 'Concert',
      priceCents: 1,
      tariffs: [{ type: 'COUPON' as const, priceClasses: [] }],
      tariffCents: 1,
    };
    expect(choosePrice(activity, undefined, '7')).toMatchObject({ ok: false, code: 'SALE_COUPON_UNKNOWN' });
  });

  it('a request that never left takes a degraded link offline, whatever the detail', () => {
    const m = new ConnectivityMonitor();
    m.searchFailed(new Date(T0), 'x');
    m.failure('not-sent', 'ticket-sale search fails: x');
    expect(m.value.state).toBe('offline');
  });

  it('a link monitor without persistence still flushes', () => {
    const m = new ConnectivityMonitor();
    m.contact(new Date(T0));
    expect(() => m.flush()).not.toThrow();
  });
});

describe('the worker when the outbox write fails around a sale handed over at the counter', () => {
  let rig: WorkerRig;
  let store: SaleStore;
  let port: FakePort;
  let worker: ReplayWorker;
  let connectivity: ConnectivityMonitor;
  beforeEach(() => {
    // No listener for the foreign list: it is optional.
    rig = new WorkerRig(dir, {
      now: () => T0,
      policy: DEFAULT_RECONCILE_POLICY,
      backoff: { baseMs: 100, maxMs: 1_000 },
      withoutForeignListener: true,
    });
    ({ store, port, worker, connectivity } = rig);
  });
  afterEach(() => rig.close());

  it('a failed write after the buy: the sale is recovered as uncertain and the queue backs off', async () => {
    worker.start();
    await until(() => worker.status.state === 'idle', 'idle');
    port.buys.push(() => {
      store.db.exec(
        "CREATE TRIGGER refuse BEFORE UPDATE OF state ON sales WHEN NEW.state = 'registered' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
      );
      return {
        value: { id: 'ts-1', cdbid: 'event-1', creationDate: new Date(T0).toISOString(), priceCents: 1, tariffCents: 1, groupPass: false },
        raw: raw(),
      };
    });
    await worker.sendAtOnce(newSale('a'), 'sold', 5_000);
    await until(() => store.get('a')?.state === 'unknown', 'recovered');
    expect(store.history('a').at(-1)).toMatchObject({ from: 'sending', to: 'unknown', actor: 'startup' });
    expect(worker.status.nextAttemptMs).toBe(T0 + 50);
  });

  it('a sale handed over as the worker stops, whose commit fails: refused, nothing stored', async () => {
    worker.start();
    await until(() => worker.status.state === 'idle', 'idle');
    store.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON sales BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const handed = worker.sendAtOnce(newSale('a'), 'sold', 5_000);
    const stopping = worker.stop();
    await expect(handed).rejects.toThrow('disk full');
    await stopping;
    expect(store.get('a')).toBeUndefined();
  });

  it('a cancel that fails with a bug is uncertain, with its code', async () => {
    await store.insert(newSale('a'), 'operator', 'sold');
    for (const [from, to] of [
      ['pending', 'sending'],
      ['sending', 'registered'],
      ['registered', 'cancel-pending'],
    ] as const) {
      await store.transition('a', {
        from,
        to,
        actor: 'worker',
        reason: 'x',
        at: new Date(T0),
        ...(to === 'registered' ? { patch: { ticketSaleId: 't' } } : {}),
      });
    }
    port.cancels.push(new Error('boom'));
    worker.start();
    await until(() => store.get('a')?.state === 'cancel-unknown', 'cancel-unknown');
    expect(store.get('a')).toMatchObject({ lastErrorCode: 'UNEXPECTED', lastErrorMessage: 'boom' });
    expect(store.history('a').at(-1)?.reason).toBe('cancel outcome unknown (unexpected): boom');
    // A bug proves nothing about the link.
    expect(connectivity.value.state).toBe('unknown');
  });

  it('with nobody listening for the foreign list, a duplicate found by a sweep is still cancelled', async () => {
    port.offset = { lowMs: 0, highMs: 0 };
    await store.insert(newSale('a'), 'operator', 'sold');
    await store.transition('a', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(T0) });
    await store.transition('a', {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      uncertain: { kind: 'buy', startedMs: T0 - 10, endedMs: T0, offset: { lowMs: 0, highMs: 0 } },
    });
    for (const [from, to] of [
      ['unknown', 'pending'],
      ['pending', 'sending'],
    ] as const)
      await store.transition('a', { from, to, actor: 'worker', reason: 'x', at: new Date(T0) });
    await store.transition('a', {
      from: 'sending',
      to: 'registered',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      patch: { ticketSaleId: 'own', sweepAfterMs: T0 },
    });
    port.searches.push({ total: 2, items: [ticketSaleRecord('own', T0 - 5), ticketSaleRecord('dup', T0 - 5)] });
    port.cancels.push({ value: undefined, raw: raw() });
    worker.start();
    await until(() => store.foreignRecord('dup')?.status === 'cancelled' && worker.status.state !== 'busy', 'duplicate cancelled');
    expect(worker.status).toStrictEqual({ state: 'idle' });
  });
});

describe('reconciling a sale from before attempts were recorded', () => {
  it('searches from its creation, generously, until now, and adopts what it finds there', async () => {
    const store = new SaleStore(openOutboxDatabase(join(dir, 'outbox.db')));
    const port = new FakePort();
    const clock = T0 + 120_000;
    const rec = new Reconciler({
      store,
      port,
      now: () => clock,
      random: () => 0,
      onSaleChanged: () => {},
      policy: { ...DEFAULT_RECONCILE_POLICY, lateCommitHorizonMs: 1_000 },
    });
    await store.insert(newSale('old'), 'operator', 'sold');
    await store.transition('old', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(T0) });
    // No attempt row: written by a Loket that did not record windows yet.
    await store.transition('old', { from: 'sending', to: 'unknown', actor: 'worker', reason: 'x', at: new Date(T0) });
    port.searches.push({
      total: 1,
      items: [ticketSaleRecord('ts-old', T0 + 100_000)],
    });
    const r = await rec.reconcile(store.get('old')!);
    expect(r.sale).toMatchObject({ state: 'registered', ticketSaleId: 'ts-old' });
    await store.close();
    store.db.close();
  });
});
