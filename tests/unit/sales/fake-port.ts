/**
 * A scripted UitpasPort for unit tests of the reconciler, the replay worker and the sale service:
 * every answer is queued by the test, every request is recorded. Unscripted calls fail loudly.
 */
import type {
  ActivityPage,
  ActivityQuery,
  Counter,
  CounterEmployee,
  Identification,
  PassholderHit,
  TicketSale,
} from '../../../contract/domain.js';
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
