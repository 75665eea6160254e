/**
 * UiTPAS API 4.0 (JSON) client: the second implementation of the UitpasPort, beside the XML API
 * 3.0 client (../client.ts). Same transport (../http.ts: timeouts, body limit, whether the request
 * left), same failure classes, same Loket codes (problems.ts), so the sales core, the outbox and
 * the screens cannot tell the two apart. What it relies on from UiTPAS and UiTdatabank, with
 * sources: docs/uitpas-json-api.md.
 *
 * Authentication is a bearer token from an injected provider (a user or client access token from
 * UiTiD); obtaining and refreshing it is not this file's business. A provider that cannot give
 * one, and every 401, is an `unauthorized` failure: the sales core pauses its queue.
 */
import { isUitpasUrl } from '../../../contract/settings-form.js';
import type {
  ActivityPage,
  ActivityQuery,
  Counter,
  CounterEmployee,
  Identification,
  PassholderHit,
  TicketSale as DomainTicketSale,
} from '../../../contract/domain.js';
import { redactLogLine, redactPersonal } from '../../core/log.js';
import { defaultTransportOptions, HttpTransport, TransportError, type HttpResponse, type TransportOptions } from '../http.js';
import { brusselsLocalToIso } from '../mappers.js';
import { sampleFrom, ServerClock, type ClockOffset } from '../server-clock.js';
import { brusselsDateTime, ValueError } from '../values.js';
import {
  UitpasError,
  type BuyRequest,
  type BuyResult,
  type PassholderQuery,
  type RawExchange,
  type Result,
  type TicketSaleQuery,
  type UitpasPort,
} from '../port.js';
import {
  activity,
  centsToEuro,
  counterEmployees,
  counters,
  eventIdOf,
  groupPass,
  passholder,
  passholderHit,
  priceClasses,
  ticketSale,
  type ClassTariffs,
  type PriceClassV4,
} from './mappers.js';
import { failureKind, problemCode } from './problems.js';
import {
  EventsPage,
  GrouppassesPage,
  OrganizerAdminsPage,
  PassholdersPage,
  PermissionsResponse,
  Problem,
  TariffsResponse,
  TicketSalesPage,
  TicketSalesResponse,
  type AvailableTariff,
  type FoundTicketSale,
  type SearchEvent,
  type TicketSaleRequest,
} from './schemas.js';

export interface UitpasV4ClientOptions {
  /** The API 4 root: https://api-test.uitpas.be or https://api.uitpas.be (the simulator: loopback http). */
  apiBase: string;
  /** The UiTdatabank Search API root: https://search-test.uitdatabank.be or https://search.uitdatabank.be. */
  searchBase: string;
  /** A valid access token on every call; rejecting (or an empty string) means "no login". */
  token: () => Promise<string>;
  /**
   * The client id for the Search API (client identification, `x-client-id`), as publiq advises
   * for it; without one the bearer token is sent there too (also accepted by the Search API).
   */
  searchClientId?: string | undefined;
  transport?: Partial<TransportOptions>;
  now?: () => Date;
  /** How many GET /tariffs may run at once when a page of activities is priced for a card. */
  tariffConcurrency?: number;
}

type Api = 'uitpas' | 'search';
type Method = 'GET' | 'POST' | 'DELETE';
type Query = [string, string | number | undefined][];

interface Schema<T> {
  safeParse(x: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

interface CallSpec<T> {
  api: Api;
  method: Method;
  /** Path after the root, each variable segment already encoded. */
  path: string;
  query?: Query;
  body?: unknown;
  /** The reply's shape; absent for a call answered without a body (204). */
  schema?: Schema<T>;
  /** Statuses that mean success for this call. */
  success: readonly number[];
  /** The permission the spec names for this call: said in an ACCESS_DENIED failure. */
  permission?: string;
}

interface Answer<T> {
  value: T;
  raw: RawExchange;
  res: HttpResponse;
}

const RAW_BODY_LIMIT = 8 * 1024;
/** GET /ticket-sales refuses a larger limit (spec: components/parameters/limit). */
const MAX_LIMIT = 500;
/** Filtering by date is done here (the API has no date filter): at most this many pages are read. */
const MAX_FILTER_PAGES = 20;
/** Remembered price classes and pass kinds; a counter sees far fewer in a day. */
const MEMO_SIZE = 2_000;

const enc = encodeURIComponent;

/** A server's refusal text as it may reach the screen and the log: redacted, then cut. */
function excerpt(text: string): string {
  return redactLogLine(text).slice(0, 300);
}

function safeOrigin(base: string): string {
  try {
    return new URL(base).origin;
  } catch {
    return 'an invalid address';
  }
}

/** Fields of a person in API 4 JSON that the outbox keeps no copy of (ids and card numbers stay). */
const PERSONAL_KEYS = new Set([
  'firstName',
  'inszNumber',
  'dateOfBirth',
  'address',
  'email',
  'phoneNumber',
  'postalCode',
  'city',
  'nationality',
  'gender',
]);

function withoutPersonal(value: unknown, inPerson = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutPersonal(v, inPerson));
  if (typeof value !== 'object' || value === null) return value;
  const person = inPerson || 'firstName' in value || 'inszNumber' in value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (PERSONAL_KEYS.has(k) || (person && k === 'name')) continue;
    out[k] = withoutPersonal(v, k === 'passholder');
  }
  return out;
}

/** What of a reply goes into the raw exchange (the outbox keeps it for disputes). */
function rawBody(body: string): string {
  let kept: string;
  try {
    kept = JSON.stringify(withoutPersonal(JSON.parse(body)));
  } catch {
    kept = redactPersonal(body);
  }
  return kept.length > RAW_BODY_LIMIT ? kept.slice(0, RAW_BODY_LIMIT) + '…' : kept;
}

/** A Brussels calendar day plus `days`, both YYYY-MM-DD. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Runs `jobs` with at most `limit` at once, results in order; the first failure wins. */
async function pooled<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MEMO_SIZE) map.delete(map.keys().next().value as string);
}

export class UitpasV4Client implements UitpasPort {
  private readonly transport: HttpTransport;
  private readonly apiBase: string;
  private readonly searchBase: string;
  private readonly now: () => Date;
  private readonly clock = new ServerClock();
  /** Price classes per event, from the last activity search (a buy needs the regular price). */
  private readonly classes = new Map<string, PriceClassV4[]>();
  /** Whether a card number is a group pass: ticket-sale records do not say. */
  private readonly groupPasses = new Map<string, boolean>();

  constructor(private readonly options: UitpasV4ClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.searchBase = options.searchBase.replace(/\/+$/, '');
    this.transport = new HttpTransport({ ...defaultTransportOptions, ...options.transport });
    this.now = options.now ?? (() => new Date());
  }

  close(): void {
    this.transport.close();
  }

  clockOffset(): ClockOffset | undefined {
    return this.clock.offset();
  }

  // ---- identification -----------------------------------------------------------------------

  /**
   * A card number, INSZ or chip number -> passholder or group pass. GET /passholders by the id
   * field (as the official counter app does: it names the person, the card status and the
   * kansenstatuut per card system), then GET /grouppasses when no person has that card.
   */
  async identify(_counterKey: string, identification: string): Promise<Identification> {
    const id = identification.trim();
    // What the sale service passes on: 13 digits (a card, checked there), 11 digits (an INSZ) or
    // what a chip reader gives, hexadecimal that may happen to be all digits.
    const field = /^\d{13}$/.test(id)
      ? 'uitpasNumber'
      : /^\d{11}$/.test(id)
        ? 'inszNumber'
        : /^[0-9A-Fa-f]{8,20}$/.test(id)
          ? 'chipNumber'
          : 'uitpasNumber';
    const value = field === 'chipNumber' ? id.toUpperCase() : id;
    const people = await this.call({
      api: 'uitpas',
      method: 'GET',
      path: '/passholders',
      query: [
        [field, value],
        ['limit', 1],
      ],
      schema: PassholdersPage,
      success: [200],
      permission: 'PASSHOLDERS_SEARCH',
    });
    const person = people.value.member[0];
    if (person) {
      const found = this.mapped(people.raw, () => passholder(person, field === 'uitpasNumber' ? value : undefined));
      remember(this.groupPasses, found.uitpasNumber, false);
      return found;
    }
    if (field !== 'inszNumber') {
      const groups = await this.call({
        api: 'uitpas',
        method: 'GET',
        path: '/grouppasses',
        query: [
          [field, value],
          ['limit', 1],
        ],
        schema: GrouppassesPage,
        success: [200],
        permission: 'GROUPPASSES_SEARCH',
      });
      const group = groups.value.member[0];
      if (group) {
        const found = this.mapped(groups.raw, () => groupPass(group, this.now()));
        remember(this.groupPasses, found.uitpasNumber, true);
        return found;
      }
    }
    throw new UitpasError('rejected', `UNKNOWN_IDENTIFICATION: no pass found for this ${field}`, { code: 'UNKNOWN_IDENTIFICATION' });
  }

  /** Passholders by name (partial, as the API matches) and date of birth, in the counter's card systems. */
  async searchPassholders(counterKey: string, query: PassholderQuery): Promise<{ total: number; items: PassholderHit[] }> {
    // API 4 matches a partial name by itself and documents no wildcard for it.
    const plain = (s: string | undefined) => (s === undefined ? undefined : s.replace(/\*/g, '').trim() || undefined);
    const { value, raw } = await this.call({
      api: 'uitpas',
      method: 'GET',
      path: '/passholders',
      query: [
        ['name', plain(query.name)],
        ['firstName', plain(query.firstName)],
        ['dateOfBirthFrom', query.dateOfBirth],
        ['dateOfBirthTo', query.dateOfBirth],
        ['organizerId', counterKey],
        ['start', query.start],
        ['limit', Math.min(query.max, MAX_LIMIT)],
      ],
      schema: PassholdersPage,
      success: [200],
      permission: 'PASSHOLDERS_SEARCH',
    });
    return { total: value.totalItems, items: this.mapped(raw, () => value.member.map(passholderHit)) };
  }

  // ---- activities -----------------------------------------------------------------------------

  /**
   * The counter's UiTPAS events from the UiTdatabank Search API (the organizer = the counter),
   * priced for a card with GET /tariffs per event and regular price when `uitpasNumber` is given.
   */
  async searchActivities(counterKey: string, query: ActivityQuery): Promise<ActivityPage> {
    const today = brusselsDateTime(this.now()).slice(0, 10);
    let from = today;
    let to = today;
    if (query.range === 'date') {
      if (!query.date) throw new UitpasError('rejected', 'range "date" needs a date (YYYY-MM-DD)', { code: 'INVALID_PARAMETERS' });
      from = to = query.date;
    } else if (query.range === 'next7days') to = addDays(today, 7);
    else if (query.range === 'next30days') to = addDays(today, 30);
    const { value: page, raw } = await this.call({
      api: 'search',
      method: 'GET',
      path: '/events/',
      query: [
        ['organizerId', counterKey],
        ['uitpas', 'true'],
        ['embed', 'true'],
        ['embedUitpasPrices', 'true'],
        ['dateFrom', brusselsLocalToIso(from, '00:00:00')],
        ['dateTo', brusselsLocalToIso(to, '23:59:59')],
        // Not only what online calendars show now: a counter sells for today's events too.
        ['availableFrom', '*'],
        ['availableTo', '*'],
        ['text', query.text],
        ['start', query.start],
        ['limit', query.max],
      ],
      schema: EventsPage,
      success: [200],
    });
    for (const e of page.member) this.mapped(raw, () => remember(this.classes, eventIdOf(e), priceClasses(e)));
    if (!query.uitpasNumber) {
      return { total: page.totalItems, items: this.mapped(raw, () => page.member.map((e) => activity(e))) };
    }
    const card = query.uitpasNumber;
    const jobs = page.member.map((e) => async () => {
      const classes = this.mapped(raw, () => priceClasses(e));
      const tariffs = await Promise.all(classes.map((c) => this.classTariffs(e, card, c)));
      return this.mapped(raw, () => activity(e, tariffs));
    });
    const items = await pooled(jobs, this.options.tariffConcurrency ?? 4);
    return { total: page.totalItems, items };
  }

  /** GET /tariffs for one event and regular price; a refusal about this event becomes its reason. */
  private async classTariffs(e: SearchEvent, uitpasNumber: string, c: PriceClassV4): Promise<ClassTariffs> {
    try {
      const { value } = await this.tariffs(eventIdOf(e), uitpasNumber, c.priceCents);
      return { ok: true, available: value.available, endUserMessage: value.endUserMessage };
    } catch (err) {
      if (!(err instanceof UitpasError)) throw err;
      // The card itself is wrong: no event can be priced for it, the search fails as in XML.
      if (err.kind === 'rejected' && err.code !== 'PARSE_INVALID_UITPASNUMBER' && err.code !== 'UNKNOWN_UITPASNUMBER') {
        return { ok: false, code: err.code ?? 'NO_TARIFF' };
      }
      // No permission for this event's organizer: this counter may not sell it, the login is fine.
      if (err.kind === 'unauthorized' && err.code === 'ACCESS_DENIED') return { ok: false, code: 'ACTION_NOT_ALLOWED' };
      throw err;
    }
  }

  private tariffs(eventId: string, uitpasNumber: string, regularPriceCents: number) {
    return this.call({
      api: 'uitpas',
      method: 'GET',
      path: '/tariffs',
      query: [
        ['eventId', eventId],
        ['uitpasNumber', uitpasNumber],
        ['regularPrice', centsToEuro(regularPriceCents)],
      ],
      schema: TariffsResponse,
      success: [200],
      permission: 'TARIFFS_READ',
    });
  }

  // ---- buy and cancel -------------------------------------------------------------------------

  /**
   * One registration: n items of the same ticket in one POST /ticket-sales (all or nothing). The
   * regular price comes from the price class (the last activity search, else UiTdatabank) and the
   * tariff id from a fresh GET /tariffs: the kansentarief's id is not a constant in the spec. When
   * no kansentarief is offered the answer has no code, only UiTPAS's text: NO_TARIFF with that
   * endUserMessage. Nothing before the POST can register anything,
   * so a failure there is `not-sent` whatever its cause, never `ambiguous`.
   */
  async buy(request: BuyRequest): Promise<BuyResult> {
    const amount = request.amountOfTickets ?? 1;
    if (!Number.isInteger(amount) || amount < 1 || amount > 1000) {
      throw new UitpasError('rejected', 'INVALID_PARAMETERS: the number of tickets must be 1..1000', { code: 'INVALID_PARAMETERS' });
    }
    const { priceClass, tariff } = await this.beforeSending(async () => {
      const classes = await this.classesOf(request.cdbid);
      if (classes.length === 0) {
        throw new UitpasError('rejected', 'TICKETSALE_NOT_ALLOWED_FREE_EVENT: this activity has no regular price to discount', {
          code: 'TICKETSALE_NOT_ALLOWED_FREE_EVENT',
        });
      }
      const pc = request.priceClass === undefined ? classes[0]! : classes.find((c) => c.name === request.priceClass);
      if (!pc) {
        throw new UitpasError('rejected', `UNKNOWN_PRICE_CLASS: no price class "${request.priceClass}" for this activity`, {
          code: 'UNKNOWN_PRICE_CLASS',
        });
      }
      const { value } = await this.tariffs(request.cdbid, request.uitpasNumber, pc.priceCents);
      return { priceClass: pc, tariff: this.chooseTariff(value.available, request, value.endUserMessage) };
    });
    const item: TicketSaleRequest = {
      regularPrice: centsToEuro(priceClass.priceCents),
      regularPriceLabel: priceClass.name,
      tariff: { id: tariff.id },
      eventId: request.cdbid,
      uitpasNumber: request.uitpasNumber,
    };
    const {
      value: sales,
      raw,
      res,
    } = await this.call({
      api: 'uitpas',
      method: 'POST',
      path: '/ticket-sales',
      body: Array.from({ length: amount }, () => item),
      schema: TicketSalesResponse,
      success: [200, 201],
      permission: 'TICKETSALES_REGISTER',
    });
    const value = this.mapped(raw, () => {
      if (sales.length !== amount) throw new ValueError(`asked to register ${amount} tickets, UiTPAS answered ${sales.length}`);
      return ticketSale(sales[0]!, {
        groupPass: request.amountOfTickets !== undefined,
        regularPrice: item.regularPrice,
        tariffPrice: tariff.price,
        ...(res.date && !Number.isNaN(Date.parse(res.date)) ? { creationDate: new Date(res.date).toISOString() } : {}),
        ...(request.amountOfTickets !== undefined ? { amountOfTickets: amount } : {}),
      });
    });
    return { value, raw, ticketSaleIds: sales.map((s) => s.id) };
  }

  /**
   * The tariff to register: the coupon asked for, else the kansentarief. Whether n tickets remain
   * is left to the registration itself (all or nothing), so UiTPAS's own refusal and text decide.
   */
  private chooseTariff(available: AvailableTariff[], request: BuyRequest, endUserMessage: { nl: string } | undefined): AvailableTariff {
    const chosen = request.couponId ? available.find((t) => t.id === request.couponId) : available.find((t) => t.type === 'SOCIALTARIFF');
    if (!chosen) {
      const code = request.couponId ? 'TICKET_SALE_COUPON_NOT_GRANTED' : 'NO_TARIFF';
      throw new UitpasError('rejected', `${code}: ${endUserMessage?.nl ?? 'UiTPAS offers no such tariff for this card and activity'}`, {
        code,
        endUserMessage,
      });
    }
    return chosen;
  }

  /** The price classes of an event: remembered from the activity search, else asked of UiTdatabank. */
  private async classesOf(cdbid: string): Promise<PriceClassV4[]> {
    const known = this.classes.get(cdbid.toLowerCase());
    if (known) return known;
    const { value, raw } = await this.call({
      api: 'search',
      method: 'GET',
      path: '/events/',
      query: [
        ['id', cdbid],
        ['embed', 'true'],
        ['availableFrom', '*'],
        ['availableTo', '*'],
        ['limit', 1],
      ],
      schema: EventsPage,
      success: [200],
    });
    const event = value.member[0];
    if (!event)
      throw new UitpasError('rejected', 'UNKNOWN_EVENT_CDBID: UiTdatabank does not know this activity', { code: 'UNKNOWN_EVENT_CDBID' });
    const classes = this.mapped(raw, () => priceClasses(event));
    remember(this.classes, cdbid.toLowerCase(), classes);
    return classes;
  }

  /** Runs what precedes a registration: whatever fails there, the registration was not sent. */
  private async beforeSending<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof UitpasError) || (err.kind !== 'ambiguous' && err.kind !== 'bad-response')) throw err;
      throw new UitpasError('not-sent', `registration not sent: ${err.message}`, {
        code: err.code,
        httpStatus: err.httpStatus,
        ...(err.raw ? { raw: err.raw } : {}),
        cause: err,
      });
    }
  }

  /** DELETE /ticket-sales/{id}: 204; an unknown (or already cancelled) id is UNKNOWN_TICKET_SALE. */
  async cancel(_counterKey: string, ticketSaleId: string): Promise<Result<void>> {
    const { raw } = await this.call({
      api: 'uitpas',
      method: 'DELETE',
      path: `/ticket-sales/${enc(ticketSaleId)}`,
      success: [204, 200],
      permission: 'TICKETSALES_REGISTER',
    });
    return { value: undefined, raw };
  }

  // ---- ticket-sale search (reconciliation) ----------------------------------------------------

  /**
   * GET /ticket-sales for the counter (organizerId) by event and/or passholder. The API has no date
   * filter: with startDate/endDate every page is read (up to MAX_FILTER_PAGES) and filtered here on
   * creationDate, then paged with start/max, so `total` counts what the dates let through.
   */
  async searchTicketSales(query: TicketSaleQuery): Promise<{ total: number; items: DomainTicketSale[] }> {
    if (!query.cdbid && !query.uid) {
      throw new UitpasError('rejected', 'INVALID_PARAMETERS: a ticket-sale search needs an activity or a passholder', {
        code: 'INVALID_PARAMETERS',
      });
    }
    const base: Query = [
      ['eventId', query.cdbid],
      ['passholderId', query.uid],
      ['organizerId', query.counterKey],
    ];
    const start = query.start ?? 0;
    const max = Math.min(query.max ?? 20, MAX_LIMIT);
    if (query.startDate === undefined && query.endDate === undefined) {
      const { value, raw } = await this.salesPage(base, start, max);
      return { total: value.totalItems, items: await this.foundSales(value.member, raw) };
    }
    const from = query.startDate ? Date.parse(query.startDate) : -Infinity;
    const to = query.endDate ? Date.parse(query.endDate) : Infinity;
    if (Number.isNaN(from) || Number.isNaN(to)) {
      throw new UitpasError('rejected', 'INVALID_PARAMETERS: startDate/endDate are not date-times', { code: 'INVALID_PARAMETERS' });
    }
    const kept: FoundTicketSale[] = [];
    let lastRaw: RawExchange | undefined;
    for (let page = 0, offset = 0; ; page++) {
      if (page === MAX_FILTER_PAGES) {
        throw new UitpasError('bad-response', `more than ${MAX_FILTER_PAGES * MAX_LIMIT} ticket sales to filter by date`, {
          ...(lastRaw ? { raw: lastRaw } : {}),
        });
      }
      const { value, raw } = await this.salesPage(base, offset, MAX_LIMIT);
      lastRaw = raw;
      for (const s of value.member) {
        const t = Date.parse(s.creationDate);
        if (Number.isNaN(t) || (t >= from && t <= to)) kept.push(s);
      }
      offset += value.member.length;
      if (value.member.length === 0 || offset >= value.totalItems) break;
    }
    return { total: kept.length, items: await this.foundSales(kept.slice(start, start + max), lastRaw) };
  }

  private salesPage(base: Query, start: number, limit: number) {
    return this.call({
      api: 'uitpas',
      method: 'GET',
      path: '/ticket-sales',
      query: [...base, ['start', start], ['limit', limit]],
      schema: TicketSalesPage,
      success: [200],
      permission: 'TICKETSALES_SEARCH',
    });
  }

  private async foundSales(found: FoundTicketSale[], raw: RawExchange | undefined): Promise<DomainTicketSale[]> {
    const out: DomainTicketSale[] = [];
    for (const s of found) {
      // A record with a passholder is a person's; without one it may be a group pass or a caller
      // without PASSHOLDERS_SEARCH: then the card tells (reconciliation must never guess this).
      const group = s.passholder ? false : await this.isGroupPass(s.uitpasNumber);
      out.push(this.mapped(raw, () => ticketSale(s, { groupPass: group, searched: true })));
    }
    return out;
  }

  private async isGroupPass(uitpasNumber: string): Promise<boolean> {
    const known = this.groupPasses.get(uitpasNumber);
    if (known !== undefined) return known;
    const { value } = await this.call({
      api: 'uitpas',
      method: 'GET',
      path: '/grouppasses',
      query: [
        ['uitpasNumber', uitpasNumber],
        ['limit', 1],
      ],
      schema: GrouppassesPage,
      success: [200],
      permission: 'GROUPPASSES_SEARCH',
    });
    const group = value.member.length > 0;
    remember(this.groupPasses, uitpasNumber, group);
    return group;
  }

  // ---- counters and staff -------------------------------------------------------------------

  /** GET /permissions: the organizers (Loket's counters) this login may act for. */
  async listCounters(): Promise<Counter[]> {
    const { value, raw } = await this.call({
      api: 'uitpas',
      method: 'GET',
      path: '/permissions',
      schema: PermissionsResponse,
      success: [200],
    });
    return this.mapped(raw, () => counters(value));
  }

  /** GET /organizers/{id}/admins: the organizer's admins and members. */
  async listEmployees(counterKey: string): Promise<CounterEmployee[]> {
    const { value, raw } = await this.call({
      api: 'uitpas',
      method: 'GET',
      path: `/organizers/${enc(counterKey)}/admins`,
      query: [['limit', MAX_LIMIT]],
      schema: OrganizerAdminsPage,
      success: [200],
      permission: 'ORGANIZERS_ADMINS_READ',
    });
    return this.mapped(raw, () => counterEmployees(value));
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private async call<T = undefined>(spec: CallSpec<T>): Promise<Answer<T>> {
    const root = spec.api === 'uitpas' ? this.apiBase : this.searchBase;
    // Checked before the token is asked for: a plain-http host would carry it readable.
    if (!isUitpasUrl(root)) {
      throw new UitpasError(
        'not-sent',
        `refused to send to ${safeOrigin(root)}: UiTPAS needs https (plain http only for 127.0.0.1, the simulator)`,
      );
    }
    // encodeURIComponent leaves "." and "..": as a segment they would move the call elsewhere.
    if (spec.path.split('/').some((segment) => segment === '.' || segment === '..')) {
      throw new UitpasError('rejected', 'refused: an identifier in the request path is "." or ".."');
    }
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    if (spec.api === 'search' && this.options.searchClientId) headers['x-client-id'] = this.options.searchClientId;
    else headers.authorization = `Bearer ${await this.bearer()}`;
    const params = new URLSearchParams();
    for (const [k, v] of spec.query ?? []) if (v !== undefined && v !== '') params.append(k, String(v));
    const encoded = params.toString();
    const search = encoded ? `?${encoded}` : '';
    const url = new URL(`${root}${spec.path}${search}`);
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const raw: RawExchange = {
      method: spec.method,
      url: url.pathname + url.search,
      requestBody: body,
      startedAt: this.now().toISOString(),
      durationMs: 0,
    };
    const started = performance.now();
    let res: HttpResponse;
    try {
      try {
        res = await this.transport.send({ method: spec.method, url, headers, body });
      } catch (e) {
        // A kept-alive socket the server had just closed: a GET changes nothing, send it again.
        if (!(spec.method === 'GET' && e instanceof TransportError && e.reusedSocket && e.errno === 'ECONNRESET')) throw e;
        res = await this.transport.send({ method: spec.method, url, headers });
      }
    } catch (e) {
      raw.durationMs = performance.now() - started;
      if (e instanceof TransportError) throw new UitpasError(e.kind, e.message, { raw, cause: e, code: e.errno });
      throw new UitpasError('ambiguous', `unexpected transport failure: ${String(e)}`, { raw, cause: e });
    }
    raw.durationMs = performance.now() - started;
    raw.status = res.status;
    raw.responseBody = rawBody(res.body);
    this.clock.observe(sampleFrom(res.date, res.sentMs, res.receivedMs));
    const what = `${spec.method} ${spec.path.split('?')[0]}`;
    if (!spec.success.includes(res.status)) throw this.refusal(spec, res, raw, what);
    if (!spec.schema) return { value: undefined as T, raw, res };
    const json = this.json(res, raw, what);
    const parsed = spec.schema.safeParse(json);
    if (!parsed.success) {
      throw new UitpasError('bad-response', `${what}: the answer has an unexpected shape: ${parsed.error.message.slice(0, 300)}`, {
        httpStatus: res.status,
        raw,
      });
    }
    return { value: parsed.data, raw, res };
  }

  private async bearer(): Promise<string> {
    let token: string;
    try {
      token = await this.options.token();
    } catch (e) {
      // A provider that knows what went wrong says so (UiTiD unreachable is `not-sent`: nothing was
      // sent, the login still stands); anything else means there is no login to use.
      if (e instanceof UitpasError) throw e;
      throw new UitpasError('unauthorized', `no access token: ${excerpt((e as Error).message ?? String(e))}`, { cause: e });
    }
    if (!token) throw new UitpasError('unauthorized', 'no access token (not logged in)');
    return token;
  }

  private isHtml(res: HttpResponse): boolean {
    return /html/i.test(res.contentType) || /^\s*<(!doctype\s+html|html)[\s>]/i.test(res.body);
  }

  /** The body of a success: JSON, or a `bad-response` that says what came instead. */
  private json(res: HttpResponse, raw: RawExchange, what: string): unknown {
    if (this.isHtml(res)) {
      // A captive portal, proxy or error page: whatever it says, it is no UiTPAS answer.
      throw new UitpasError('bad-response', `${what}: UiTPAS answer is not JSON (HTTP ${res.status}): an HTML page`, {
        httpStatus: res.status,
        raw,
      });
    }
    if (!/json/i.test(res.contentType)) {
      throw new UitpasError(
        'bad-response',
        `${what}: UiTPAS answer is not JSON (HTTP ${res.status}, ${res.contentType || 'no content type'})`,
        {
          httpStatus: res.status,
          raw,
        },
      );
    }
    try {
      return JSON.parse(res.body) as unknown;
    } catch (e) {
      throw new UitpasError('bad-response', `${what}: UiTPAS answer is not usable JSON (HTTP ${res.status}): ${(e as Error).message}`, {
        httpStatus: res.status,
        raw,
        cause: e,
      });
    }
  }

  /** A status that is not this call's success, classified (problems.ts) with the problem's code. */
  private refusal(spec: CallSpec<unknown>, res: HttpResponse, raw: RawExchange, what: string): UitpasError {
    const status = res.status;
    let problem: Problem | undefined;
    if (!this.isHtml(res) && /json/i.test(res.contentType)) {
      try {
        const body = JSON.parse(res.body) as unknown;
        const strict = Problem.safeParse(body);
        // A body that has a type but not every field the model requires is still read.
        problem = strict.success
          ? strict.data
          : typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string'
            ? { type: (body as { type: string }).type, title: '', status }
            : undefined;
      } catch {
        problem = undefined;
      }
    }
    const kind = failureKind(status, problem !== undefined);
    const common = { httpStatus: status, raw, ...(problem?.endUserMessage ? { endUserMessage: problem.endUserMessage } : {}) };
    if (kind === 'unauthorized') {
      if (status === 401) return new UitpasError('unauthorized', `${what}: UiTPAS refused the access token (HTTP 401)`, common);
      return new UitpasError('unauthorized', `ACCESS_DENIED: ${what} needs ${spec.permission ?? 'a permission'} for this organizer`, {
        ...common,
        code: 'ACCESS_DENIED',
        ...(spec.permission ? { requiredPermission: spec.permission } : {}),
      });
    }
    if (kind === 'ambiguous') return new UitpasError('ambiguous', `${what}: UiTPAS server error HTTP ${status}`, common);
    if (!problem) {
      const shape = this.isHtml(res) ? 'an HTML page' : res.body.trim() === '' ? 'no body' : 'no problem type';
      return new UitpasError('bad-response', `${what}: unexpected HTTP ${status} with ${shape}`, common);
    }
    const code = problemCode(problem.type, problem.cardStatus);
    const text = problem.endUserMessage?.nl ?? problem.detail ?? problem.title;
    return new UitpasError(kind, `${code}: ${excerpt(text || problem.type)}`, { ...common, code });
  }

  private mapped<T>(raw: RawExchange | undefined, map: () => T): T {
    try {
      return map();
    } catch (e) {
      if (e instanceof UitpasError) throw e;
      throw new UitpasError('bad-response', `UiTPAS answer has an unexpected shape: ${(e as Error).message}`, {
        httpStatus: raw?.status,
        ...(raw ? { raw } : {}),
        cause: e,
      });
    }
  }
}
