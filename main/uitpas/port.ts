/**
 * The UiTPAS port: what the sale logic needs from UiTPAS, in domain terms. The XML API 3.0 client
 * (main/uitpas/client.ts) is the first implementation, the API 4 (JSON) client (main/uitpas/v4/)
 * the second; both fit behind this interface without touching the sales core, the outbox or the UI.
 */
import type {
  ActivityPage,
  ActivityQuery,
  Counter,
  CounterEmployee,
  EndUserMessage,
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

export type { EndUserMessage };

export class UitpasError extends Error {
  readonly kind: FailureKind;
  /** UiTPAS error code (e.g. MAXIMUM_REACHED) when the server sent one. */
  readonly code: string | undefined;
  readonly httpStatus: number | undefined;
  readonly requiredPermission: string | undefined;
  /** API 4 only: UiTPAS's own explanation for the end user, when it gave one. */
  readonly endUserMessage: EndUserMessage | undefined;
  readonly raw: RawExchange | undefined;
  constructor(
    kind: FailureKind,
    message: string,
    opts: {
      code?: string | undefined;
      httpStatus?: number | undefined;
      requiredPermission?: string | undefined;
      endUserMessage?: EndUserMessage | undefined;
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
    this.endUserMessage = opts.endUserMessage;
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

/**
 * A registered buy. API 4 registers one ticket sale per ticket (a group of n is n ids, all or
 * nothing); `value` describes the first with `amountOfTickets` n, and `ticketSaleIds` lists every
 * id in the order UiTPAS answered (value.id first). The XML API 3.0 gives one id and leaves it out.
 */
export interface BuyResult extends Result<TicketSale> {
  ticketSaleIds?: string[];
}

export interface UitpasPort {
  /** Card number, chip number or INSZ -> passholder or group pass (`uitpas/retrieve`). */
  identify(counterKey: string, identification: string): Promise<Identification>;
  /** The counter's activities, priced for a passholder when `uitpasNumber` is given. */
  searchActivities(counterKey: string, query: ActivityQuery): Promise<ActivityPage>;
  /** Passholders of the counter's card systems by name (+ date of birth) (`passholder/search`). */
  searchPassholders(counterKey: string, query: PassholderQuery): Promise<{ total: number; items: PassholderHit[] }>;
  buy(request: BuyRequest): Promise<BuyResult>;
  cancel(counterKey: string, ticketSaleId: string): Promise<Result<void>>;
  searchTicketSales(query: TicketSaleQuery): Promise<{ total: number; items: TicketSale[] }>;
  /** Counters the logged-in employee may act for (`balie/list`). */
  listCounters(): Promise<Counter[]>;
  /** The counter's admins and members with their UiTiD nick (`balie/listEmployees`). */
  listEmployees(counterKey: string): Promise<CounterEmployee[]>;
  /** UiTPAS's clock minus this PC's, as far as the replies so far tell; undefined before any. */
  clockOffset(): ClockOffset | undefined;
}
