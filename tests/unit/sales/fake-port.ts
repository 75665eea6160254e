/**
 * A scripted UitpasPort for unit tests of the reconciler, the replay worker and the sale service:
 * every answer is queued by the test, every request is recorded. Unscripted calls fail loudly.
 * Also the one way these tests set up a replay worker around it (`WorkerRig`).
 */
import { join } from 'node:path';
import type {
  ActivityPage,
  ActivityQuery,
  Counter,
  CounterEmployee,
  Identification,
  PassholderHit,
  TicketSale,
} from '../../../contract/domain.js';
import type { BackoffOptions } from '../../../main/sales/backoff.js';
import { ConnectivityMonitor } from '../../../main/sales/connectivity.js';
import type { ReconcilePolicy } from '../../../main/sales/reconcile-policy.js';
import { Reconciler } from '../../../main/sales/reconciler.js';
import { ReplayWorker } from '../../../main/sales/replay-worker.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { SaleStore, type SaleRecord } from '../../../main/sales/store/sale-store.js';
import type {
  BuyRequest,
  ClockOffset,
  PassholderQuery,
  RawExchange,
  Result,
  TicketSaleQuery,
  UitpasPort,
} from '../../../main/uitpas/port.js';

type Answer<T> = T | Error | (() => T | Error | Promise<T | Error>);

export class FakePort implements UitpasPort {
  offset: ClockOffset | undefined;
  readonly calls: Array<{ op: string; args: unknown[] }> = [];
  readonly buys: Answer<Result<TicketSale>>[] = [];
  readonly cancels: Answer<Result<void>>[] = [];
  readonly searches: Answer<{ total: number; items: TicketSale[] }>[] = [];
  readonly counters: Answer<Counter[]>[] = [];
  readonly employees: Answer<CounterEmployee[]>[] = [];
  readonly identities: Answer<Identification>[] = [];
  readonly activities: Answer<ActivityPage>[] = [];
  readonly passholderSearches: Answer<{ total: number; items: PassholderHit[] }>[] = [];

  identify(counterKey: string, identification: string): Promise<Identification> {
    return this.next('identify', this.identities, counterKey, identification);
  }
  searchActivities(counterKey: string, query: ActivityQuery): Promise<ActivityPage> {
    return this.next('searchActivities', this.activities, counterKey, query);
  }
  searchPassholders(counterKey: string, query: PassholderQuery): Promise<{ total: number; items: PassholderHit[] }> {
    return this.next('searchPassholders', this.passholderSearches, counterKey, query);
  }
  buy(request: BuyRequest): Promise<Result<TicketSale>> {
    return this.next('buy', this.buys, request);
  }
  cancel(counterKey: string, ticketSaleId: string): Promise<Result<void>> {
    return this.next('cancel', this.cancels, counterKey, ticketSaleId);
  }
  searchTicketSales(query: TicketSaleQuery): Promise<{ total: number; items: TicketSale[] }> {
    return this.next('searchTicketSales', this.searches, query);
  }
  listCounters(): Promise<Counter[]> {
    return this.next('listCounters', this.counters);
  }
  listEmployees(counterKey: string): Promise<CounterEmployee[]> {
    return this.next('listEmployees', this.employees, counterKey);
  }
  clockOffset(): ClockOffset | undefined {
    return this.offset;
  }

  /** The recorded arguments of every call of `op`. */
  argsOf(op: string): unknown[][] {
    return this.calls.filter((c) => c.op === op).map((c) => c.args);
  }

  private async next<T>(op: string, queue: Answer<T>[], ...args: unknown[]): Promise<T> {
    this.calls.push({ op, args });
    if (queue.length === 0) throw new Error(`unscripted ${op}`);
    const a = queue.shift()!;
    const v = typeof a === 'function' ? await (a as () => T | Error | Promise<T | Error>)() : a;
    if (v instanceof Error) throw v;
    return v;
  }
}

export function raw(over: Partial<RawExchange> = {}): RawExchange {
  return { method: 'POST', url: '/x', status: 200, responseBody: '<ok/>', startedAt: '2026-11-27T10:00:00.000Z', durationMs: 5, ...over };
}

/** Polls `check` (every 2 ms, for at most 5 s) until it holds: for work the worker does on real timers. */
export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/**
 * A ticket sale as searchTicketSales lists it: one of event-1 at 12 euro for a 3 euro tariff,
 * sold by uid-1, created at `creationMs`.
 */
export function ticketSaleRecord(id: string, creationMs: number, over: Partial<TicketSale> = {}): TicketSale {
  return {
    id,
    cdbid: 'event-1',
    creationDate: new Date(creationMs).toISOString(),
    priceCents: 1200,
    tariffCents: 300,
    userId: 'uid-1',
    groupPass: false,
    ...over,
  };
}

export interface WorkerRigOptions {
  now: () => number;
  policy: ReconcilePolicy;
  backoff: BackoffOptions;
  /** Leave out the (optional) listener for changes of the foreign list. */
  withoutForeignListener?: boolean;
}

/**
 * A ReplayWorker and its Reconciler against a FakePort and a real outbox (SQLite in `dir`, inline
 * writer), with `random` fixed at 0 (backoffs without jitter), recording what the worker reports.
 */
export class WorkerRig {
  readonly store: SaleStore;
  readonly port = new FakePort();
  readonly connectivity = new ConnectivityMonitor();
  readonly reconciler: Reconciler;
  readonly worker: ReplayWorker;
  /** Every sale reported changed, by the worker or the reconciler, in order. */
  readonly changed: SaleRecord[] = [];
  /** Every hook point passed, as `point saleId: state` (the sale's durable state at that point). */
  readonly hooks: string[] = [];
  statusChanges = 0;
  foreignChanges = 0;

  constructor(dir: string, opts: WorkerRigOptions) {
    const { now, policy, backoff } = opts;
    const store = (this.store = new SaleStore(openOutboxDatabase(join(dir, 'outbox.db'))));
    const port = this.port;
    const onSaleChanged = (s: SaleRecord) => void this.changed.push(s);
    this.reconciler = new Reconciler({ store, port, now, random: () => 0, onSaleChanged, policy, backoff });
    this.worker = new ReplayWorker({
      store,
      port,
      connectivity: this.connectivity,
      reconciler: this.reconciler,
      now,
      random: () => 0,
      backoff,
      hooks: { at: (point, saleId) => void this.hooks.push(`${point} ${saleId}: ${store.get(saleId)?.state ?? 'absent'}`) },
      onSaleChanged,
      onStatusChanged: () => this.statusChanges++,
      ...(opts.withoutForeignListener ? {} : { onForeignChanged: () => this.foreignChanges++ }),
    });
  }

  /** Stops the worker and closes the outbox. */
  async close(): Promise<void> {
    await this.worker.stop();
    await this.store.close();
    this.store.db.close();
  }
}
