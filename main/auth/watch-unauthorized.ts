/**
 * A UitpasPort that reports every `unauthorized` failure (401/403/ACCESS_DENIED, or no login at
 * all) to the login service and otherwise behaves exactly like the port it wraps: same results,
 * same errors, so the sales core still pauses its queue on its own.
 */
import type {
  ActivityPage,
  ActivityQuery,
  Counter,
  CounterEmployee,
  Identification,
  PassholderHit,
  TicketSale,
} from '../../contract/domain.js';
import {
  UitpasError,
  type BuyRequest,
  type BuyResult,
  type ClockOffset,
  type PassholderQuery,
  type Result,
  type TicketSaleQuery,
  type UitpasPort,
} from '../uitpas/port.js';

export class UnauthorizedWatch implements UitpasPort {
  constructor(
    private readonly port: UitpasPort,
    private readonly onUnauthorized: () => void,
  ) {}

  identify(counterKey: string, identification: string): Promise<Identification> {
    return this.watch(this.port.identify(counterKey, identification));
  }
  searchActivities(counterKey: string, query: ActivityQuery): Promise<ActivityPage> {
    return this.watch(this.port.searchActivities(counterKey, query));
  }
  /**
   * ACCESS_DENIED here means the counter lacks PERMISSION_PASSHOLDER, not that the login is gone:
   * only a real credentials refusal (401/403, no login) is reported.
   */
  searchPassholders(counterKey: string, query: PassholderQuery): Promise<{ total: number; items: PassholderHit[] }> {
    return this.watch(this.port.searchPassholders(counterKey, query), (err) => err.code !== 'ACCESS_DENIED');
  }
  buy(request: BuyRequest): Promise<BuyResult> {
    return this.watch(this.port.buy(request));
  }
  cancel(counterKey: string, ticketSaleId: string): Promise<Result<void>> {
    return this.watch(this.port.cancel(counterKey, ticketSaleId));
  }
  searchTicketSales(query: TicketSaleQuery): Promise<{ total: number; items: TicketSale[] }> {
    return this.watch(this.port.searchTicketSales(query));
  }
  listCounters(): Promise<Counter[]> {
    return this.watch(this.port.listCounters());
  }
  listEmployees(counterKey: string): Promise<CounterEmployee[]> {
    return this.watch(this.port.listEmployees(counterKey));
  }
  clockOffset(): ClockOffset | undefined {
    return this.port.clockOffset();
  }

  /**
   * By default every `unauthorized` is reported but API 4's 403 that names the permission it
   * lacks (`auth/forbidden` for this organizer): the login works, and a new one would not give
   * the permission (docs/uitpas-json-api.md §11); the sales core leaves that sale to the operator.
   */
  private async watch<T>(call: Promise<T>, reports: (err: UitpasError) => boolean = (err) => !lacksPermission(err)): Promise<T> {
    try {
      return await call;
    } catch (err) {
      if (err instanceof UitpasError && err.kind === 'unauthorized' && reports(err)) this.onUnauthorized();
      throw err;
    }
  }
}

function lacksPermission(err: UitpasError): boolean {
  return err.code === 'ACCESS_DENIED' && err.httpStatus === 403 && err.requiredPermission !== undefined;
}
