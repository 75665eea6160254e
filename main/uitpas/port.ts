/**
 * The UiTPAS port: what the sale logic needs from UiTPAS, in domain terms. The XML API 3.0 client
 * (main/uitpas/xml/) is the first implementation; an API 4 (JSON) one must fit behind the same
 * interface without touching the sales core, the outbox or the UI.
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
import type { ClockOffset } from './server-clock.js';

export type { ClockOffset };

/**
 * How a failed call must be treated by the outbox:
 * - not-sent: nothing reached UiTPAS (refused, DNS, no route, connect timeout): safe to retry.
 * - ambiguous: the request may have been committed (timeout after writing, reset, 5xx).
 * - rejected: UiTPAS answered with a business error code: never retried automatically.
 * - unauthorized: 401/403/ACCESS_DENIED: pause and ask for login.
 * - bad-response: an answer we cannot understand (HTML page, malformed XML, oversized body).
 *   For a buy this is as ambiguous as a timeout; the outbox treats it so.
 */
export type FailureKind = 'not-sent' | 'ambiguous' | 'rejected' | 'unauthorized' | 'bad-response';

/** What went over the wire, for the outbox history and disputes. Never holds secrets. */
export interface RawExchange {
  method: string;
  /** Path and query without any oauth_* parameter. */
  url: string;
  requestBody?: string | undefined;
  status?: number | undefined;
  /** Truncated to a sane size. */
  responseBody?: string | undefined;
  startedAt: string;
  durationMs: number;
}

export class UitpasError extends Error {
  readonly kind: FailureKind;
  /** UiTPAS error code (e.g. MAXIMUM_REACHED) when the server sent one. */
  readonly code: string | undefined;
  readonly httpStatus: number | undefined;
  readonly requiredPermission: string | undefined;
  readonly raw: RawExchange | undefined;
  constructor(
    kind: FailureKind,
    message: string,
    opts: {
      code?: string | undefined;
      httpStatus?: number | undefined;
      requiredPermission?: string | undefined;
      raw?: RawExchange;
      cause?: unknown;
    } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'UitpasError';
    this.kind = kind;
    this.code = opts.code;
    this.httpStatus = opts.httpStatus;
    this.requiredPermission = opts.requiredPermission;
    this.raw = opts.raw;
  }
}

export interface BuyRequest {
  counterKey: string;
  cdbid: string;
  uitpasNumber: string;
  priceClass?: string;
  couponId?: string;
  /** Group passes only; must be absent for a person. */
  amountOfTickets?: number;
}

export interface TicketSaleQuery {
  counterKey: string;
  uid?: string;
  cdbid?: string;
  startDate?: string;
  endDate?: string;
  start?: number;
  max?: number;
}

/** `passholder/search` parameters Loket sends (blocked cards are never asked for). */
export interface PassholderQuery {
  /** Surname; `*` is a wildcard. */
  name: string;
  firstName?: string;
  /** YYYY-MM-DD: born on that day. */
  dateOfBirth?: string;
  start: number;
  max: number;
}

export interface Result<T> {
  value: T;
  raw: RawExchange;
}

export interface UitpasPort {
  /** Card number, chip number or INSZ -> passholder or group pass (`uitpas/retrieve`). */
  identify(counterKey: string, identification: string): Promise<Identification>;
  /** The counter's activities, priced for a passholder when `uitpasNumber` is given. */
  searchActivities(counterKey: string, query: ActivityQuery): Promise<ActivityPage>;
  /** Passholders of the counter's card systems by name (+ date of birth) (`passholder/search`). */
  searchPassholders(counterKey: string, query: PassholderQuery): Promise<{ total: number; items: PassholderHit[] }>;
  buy(request: BuyRequest): Promise<Result<TicketSale>>;
  cancel(counterKey: string, ticketSaleId: string): Promise<Result<void>>;
  searchTicketSales(query: TicketSaleQuery): Promise<{ total: number; items: TicketSale[] }>;
  /** Counters the logged-in employee may act for (`balie/list`). */
  listCounters(): Promise<Counter[]>;
  /** The counter's admins and members with their UiTiD nick (`balie/listEmployees`). */
  listEmployees(counterKey: string): Promise<CounterEmployee[]>;
  /** UiTPAS's clock minus this PC's, as far as the replies so far tell; undefined before any. */
  clockOffset(): ClockOffset | undefined;
}
