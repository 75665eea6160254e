/**
 * The simulator's business rules (docs/uitpas-xml-api.md §4–§10, assumptions §13): tariffs computed
 * by the server, buy constraints, coupons, group passes, cancel, searchTicketsales visibility. Pure
 * state + clock; no HTTP here, so the rules test without a server.
 */
import { checkCardNumber } from '../../../contract/card-number.js';
import { isCalendarDay } from '../../../contract/dates.js';
import type { PeriodConstraint } from '../../../contract/domain.js';
import { brusselsDateTime } from '../../uitpas/values.js';
import { brusselsDay, periodStartMs, RollingEventDays } from '../simulator-kit/brussels-days.js';
import type { SeedData, SimCoupon, SimCounter, SimEmployee, SimEvent, SimGroupPass, SimPassholder, SimPriceClass } from './seed.js';

export interface SaleRecord {
  id: string;
  cdbid: string;
  title: string;
  counterKey: string;
  uitpasNumber: string;
  /** Passholder uid; undefined for a group pass. */
  uid?: string;
  groupPass: boolean;
  priceClass: string;
  couponId?: string;
  amountOfTickets: number;
  priceCents: number;
  tariffCents: number;
  creationDate: string;
  cancelled: boolean;
  cancelledAt?: string;
}

export interface Failure {
  ok: false;
  status: number;
  code: string;
  message: string;
  requiredPermission?: string;
}
export type Outcome<T> = { ok: true; value: T } | Failure;

/** A UiTPAS name pattern: `*` is any run of characters, the rest literal, case-insensitive. */
function wildcard(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'iu');
}

const fail = (code: string, message: string, status = 400, requiredPermission?: string): Failure => ({
  ok: false,
  status,
  code,
  message,
  ...(requiredPermission ? { requiredPermission } : {}),
});

export type Holder = { kind: 'person'; p: SimPassholder } | { kind: 'group'; g: SimGroupPass };

export interface Opportunity {
  type: 'DEFAULT' | 'COUPON';
  coupon?: SimCoupon;
  reason?: string;
  priceClasses: { name: string; priceCents: number; tariffCents: number }[];
  remainingForEvent?: PeriodConstraint;
}

export interface PricedEvent {
  event: SimEvent;
  priceCents: number;
  tariffCents: number;
  opportunities: Opportunity[];
  reason?: string;
}

export class SimulatorRules {
  readonly data: SeedData;
  readonly sales: SaleRecord[] = [];
  private nextSaleId = 30001;

  private readonly eventDays: RollingEventDays;

  constructor(
    seed: SeedData,
    private readonly now: () => Date,
  ) {
    this.data = structuredClone(seed);
    this.eventDays = new RollingEventDays(now);
  }

  private rollDates(): void {
    this.eventDays.roll(this.data.events);
  }

  // ---- lookups -------------------------------------------------------------------------------

  counter(key: string): SimCounter | undefined {
    return this.data.counters.find((c) => c.consumerKey === key);
  }

  /** balieConsumerKey rules for an employee call (docs/uitpas-xml-api.md §3.4). */
  checkCounter(userId: string | undefined, key: string | undefined, required = true): Outcome<SimCounter | undefined> {
    if (!key) return required ? fail('MISSING_REQUIRED_FIELDS', 'balieConsumerKey is required') : { ok: true, value: undefined };
    const counter = this.counter(key);
    if (!counter) return fail('UNKNOWN_BALIE_CONSUMERKEY', `unknown balieConsumerKey ${key}`);
    const employee = this.data.employees.find((e) => e.userId === userId);
    if (userId !== undefined && !employee?.counterKeys.includes(key)) {
      return fail('ACCESS_DENIED', `user is not a member of counter ${counter.name}`, 400, 'PERMISSION_BALIE - ACTION_MEMBER');
    }
    return { ok: true, value: counter };
  }

  parseNumber(n: string): Outcome<string> {
    const check = checkCardNumber(n);
    if (!/^\d{13}$/.test(n) || !check.ok) return fail('PARSE_INVALID_UITPASNUMBER', `invalid uitpas number ${n}`);
    return { ok: true, value: n };
  }

  holder(n: string): Holder | undefined {
    const p = this.data.passholders.find((x) => x.uitpasNumber === n);
    if (p) return { kind: 'person', p };
    const g = this.data.groupPasses.find((x) => x.uitpasNumber === n);
    return g ? { kind: 'group', g } : undefined;
  }

  passholderByNumber(n: string): Outcome<SimPassholder> {
    const parsed = this.parseNumber(n);
    if (!parsed.ok) return parsed;
    const p = this.data.passholders.find((x) => x.uitpasNumber === n);
    return p ? { ok: true, value: p } : fail('UNKNOWN_UITPASNUMBER', `unknown uitpas number ${n}`);
  }

  groupPass(n: string): Outcome<SimGroupPass> {
    const parsed = this.parseNumber(n);
    if (!parsed.ok) return parsed;
    const g = this.data.groupPasses.find((x) => x.uitpasNumber === n);
    if (g) return { ok: true, value: g };
    if (this.data.passholders.some((x) => x.uitpasNumber === n)) return fail('UNKNOWN_GROUPPASS', `${n} is not a group pass`);
    return fail('UNKNOWN_UITPASNUMBER', `unknown uitpas number ${n}`, 404);
  }

  /** `uitpas/retrieve`: a card number (with or without scanner noise) -> holder. */
  retrieve(identification: string | undefined): Outcome<{ holder: Holder; notice?: string }> {
    if (!identification) return fail('MISSING_REQUIRED_FIELDS', 'identification is required');
    const check = checkCardNumber(identification);
    const holder = check.ok ? this.holder(check.number) : undefined;
    if (!holder) return fail('UNKNOWN_IDENTIFICATION', `nothing found for ${identification}`);
    let notice: string | undefined;
    if (holder.kind === 'person') {
      if (holder.p.cardStatus === 'BLOCKED') notice = 'INVALID_CARD_STATUS_BLOCKED';
      else if (holder.p.kansenstatuut === 'expired') notice = 'KANSENSTATUUT_EXPIRED';
    } else if (this.groupExpired(holder.g)) notice = 'KANSENSTATUUT_EXPIRED';
    return { ok: true, value: { holder, ...(notice ? { notice } : {}) } };
  }

  // ---- pricing ----------------------------------------------------------------------------------

  private groupExpired(g: SimGroupPass): boolean {
    return Date.parse(g.endDate) < this.now().getTime();
  }

  private liveSales(): SaleRecord[] {
    return this.sales.filter((s) => !s.cancelled);
  }

  private usedForEvent(number: string, cdbid: string, couponId?: string): number {
    return this.liveSales()
      .filter((s) => s.uitpasNumber === number && s.cdbid === cdbid && s.couponId === couponId)
      .reduce((n, s) => n + (s.groupPass ? 0 : 1), 0);
  }

  private couponUsesInPeriod(number: string, c: SimCoupon): number {
    const from = periodStartMs(c.exchangeConstraint.periodType, this.now());
    return this.liveSales().filter((s) => s.uitpasNumber === number && s.couponId === c.id && Date.parse(s.creationDate) >= from).length;
  }

  private isFree(e: SimEvent): boolean {
    return e.priceClasses.every((pc) => pc.priceCents === 0);
  }

  /** Why the kansentarief (DEFAULT) is not available, or undefined when it is. */
  private defaultReason(h: Holder, e: SimEvent): string | undefined {
    if (h.kind === 'group') {
      if (!h.g.kansenStatuut) return 'INVALID_CARD';
      if (this.groupExpired(h.g)) return 'KANSENSTATUUT_EXPIRED';
      if (h.g.availableTickets <= 0) return 'MAXIMUM_REACHED';
      return undefined;
    }
    const p = h.p;
    if (p.cardStatus !== 'ACTIVE') return 'INVALID_CARD_STATUS';
    if (p.kansenstatuut === 'none' || p.kansenstatuut === 'suspended') return 'INVALID_CARD';
    if (p.kansenstatuut === 'expired') return 'KANSENSTATUUT_EXPIRED';
    if (this.usedForEvent(p.uitpasNumber, e.cdbid) >= e.perPassholderLimit) return 'MAXIMUM_REACHED';
    return undefined;
  }

  private couponReason(h: Holder, c: SimCoupon, e: SimEvent): string | undefined {
    if (h.kind === 'person' && h.p.cardStatus !== 'ACTIVE') return 'INVALID_CARD_STATUS';
    if (Date.parse(c.validTo) < this.now().getTime()) return 'INVALID_DATE_CONSTRAINTS';
    const number = h.kind === 'person' ? h.p.uitpasNumber : h.g.uitpasNumber;
    if (this.usedForEvent(number, e.cdbid, c.id) >= c.buyConstraint.periodVolume) return 'MAXIMUM_REACHED';
    if (this.couponUsesInPeriod(number, c) >= c.exchangeConstraint.periodVolume) return 'MAXIMUM_REACHED';
    return undefined;
  }

  private couponsFor(h: Holder, e: SimEvent): SimCoupon[] {
    const ids = h.kind === 'person' ? h.p.couponIds : h.g.couponIds;
    return this.data.coupons.filter((c) => ids.includes(c.id) && c.cdbids.includes(e.cdbid));
  }

  price(e: SimEvent, h: Holder | undefined): PricedEvent {
    const first = e.priceClasses[0] as SimPriceClass;
    if (this.isFree(e)) return { event: e, priceCents: 0, tariffCents: 0, opportunities: [] };
    if (!h) {
      // Without a passholder UiTPAS shows the kansentarief as the static tariff.
      return {
        event: e,
        priceCents: first.priceCents,
        tariffCents: first.tariffCents,
        opportunities: [{ type: 'DEFAULT', priceClasses: e.priceClasses.map((pc) => ({ ...pc })) }],
      };
    }
    const reason = this.defaultReason(h, e);
    const number = h.kind === 'person' ? h.p.uitpasNumber : h.g.uitpasNumber;
    const opportunities: Opportunity[] = [
      {
        type: 'DEFAULT',
        ...(reason ? { reason } : {}),
        priceClasses: e.priceClasses.map((pc) => ({
          name: pc.name,
          priceCents: pc.priceCents,
          tariffCents: reason ? pc.priceCents : pc.tariffCents,
        })),
        remainingForEvent: {
          periodType: 'ABSOLUTE',
          periodVolume: h.kind === 'group' ? h.g.availableTickets : Math.max(0, e.perPassholderLimit - this.usedForEvent(number, e.cdbid)),
        },
      },
    ];
    for (const c of this.couponsFor(h, e)) {
      const cr = this.couponReason(h, c, e);
      opportunities.push({
        type: 'COUPON',
        coupon: c,
        ...(cr ? { reason: cr } : {}),
        priceClasses: e.priceClasses.map((pc) => ({
          name: pc.name,
          priceCents: pc.priceCents,
          tariffCents: cr ? pc.priceCents : Math.min(pc.priceCents, c.tariffCents),
        })),
      });
    }
    const allowed = opportunities.filter((o) => !o.reason);
    const best = allowed.length ? Math.min(...allowed.map((o) => o.priceClasses[0]!.tariffCents)) : first.priceCents;
    return {
      event: e,
      priceCents: first.priceCents,
      tariffCents: best,
      opportunities,
      ...(allowed.length ? {} : { reason: reason ?? 'MAXIMUM_REACHED' }),
    };
  }

  // ---- passholder search -----------------------------------------------------------------------

  /**
   * `passholder/search` (consumer request for a counter): case-insensitive `name` / `firstName`
   * with `*` wildcards, `dob` the exact day of birth, paging with the total. Blocked cards only
   * with includeBlocked=true. The seed has one card system, which every counter issues.
   */
  searchPassholders(q: {
    counterKey?: string | undefined;
    name?: string | undefined;
    firstName?: string | undefined;
    dob?: string | undefined;
    includeBlocked?: string | undefined;
    start?: string | undefined;
    max?: string | undefined;
  }): Outcome<{ total: number; items: SimPassholder[] }> {
    const k = this.checkCounter(undefined, q.counterKey, false);
    if (!k.ok) return k;
    if (q.dob !== undefined && !isCalendarDay(q.dob)) return fail('PARSE_INVALID_DATE', `could not parse date ${q.dob}`);
    const start = Number(q.start ?? 0);
    const max = Number(q.max ?? 20);
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(max) || max < 1)
      return fail('INVALID_PARAMETERS', 'start/max must be non-negative integers');
    const name = q.name ? wildcard(q.name) : undefined;
    const firstName = q.firstName ? wildcard(q.firstName) : undefined;
    const matches = this.data.passholders
      .filter((p) => q.includeBlocked === 'true' || p.cardStatus !== 'BLOCKED')
      .filter((p) => !name || name.test(p.name))
      .filter((p) => !firstName || firstName.test(p.firstName))
      .filter((p) => !q.dob || p.dateOfBirth.slice(0, 10) === q.dob)
      .sort(
        (a, b) =>
          a.name.localeCompare(b.name, 'nl') || a.firstName.localeCompare(b.firstName, 'nl') || a.dateOfBirth.localeCompare(b.dateOfBirth),
      );
    return { ok: true, value: { total: matches.length, items: matches.slice(start, start + max) } };
  }

  // ---- event search -----------------------------------------------------------------------------

  searchEvents(q: {
    counterKeys: string[];
    uitpasNumber?: string | undefined;
    datetype?: string | undefined;
    startDate?: string | undefined;
    endDate?: string | undefined;
    text?: string | undefined;
    cdbid?: string | undefined;
    start?: string | undefined;
    max?: string | undefined;
  }): Outcome<{ total: number; items: PricedEvent[] }> {
    this.rollDates();
    for (const k of q.counterKeys) if (!this.counter(k)) return fail('BALIE_NOT_ACTOR', `counter ${k} is not an actor in UiTPAS`);
    let holder: Holder | undefined;
    if (q.uitpasNumber) {
      const parsed = this.parseNumber(q.uitpasNumber);
      if (!parsed.ok) return parsed;
      holder = this.holder(q.uitpasNumber);
      if (!holder) return fail('UNKNOWN_UITPASNUMBER', `unknown uitpas number ${q.uitpasNumber}`);
    }
    const window = this.dateWindow(q.datetype, q.startDate, q.endDate);
    if (!window.ok) return window;
    const { from, to } = window.value;
    const needle = q.text?.toLocaleLowerCase('nl');
    const start = Number(q.start ?? 0);
    const max = Number(q.max ?? 20);
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(max) || max < 1)
      return fail('INVALID_PARAMETERS', 'start/max must be non-negative integers');
    const matches = this.data.events
      .filter((e) => q.counterKeys.length === 0 || q.counterKeys.includes(e.organiserCounter) || q.counterKeys.includes(e.locationCounter))
      .filter((e) => !q.cdbid || e.cdbid === q.cdbid)
      .filter((e) => !needle || `${e.title} ${e.locationName} ${e.organiserName}`.toLocaleLowerCase('nl').includes(needle))
      .filter((e) => e.date >= from && e.date <= to)
      .sort((a, b) => (a.date + a.time).localeCompare(b.date + b.time));
    return { ok: true, value: { total: matches.length, items: matches.slice(start, start + max).map((e) => this.price(e, holder)) } };
  }

  private brusselsDay(plusDays: number): string {
    return brusselsDay(this.now(), plusDays);
  }

  private dateWindow(datetype?: string, startDate?: string, endDate?: string): Outcome<{ from: string; to: string }> {
    const spans: Record<string, [number, number]> = {
      today: [0, 0],
      tomorrow: [1, 1],
      next7days: [0, 7],
      next14days: [0, 14],
      next30days: [0, 30],
      next3months: [0, 92],
      next6months: [0, 183],
      next12months: [0, 366],
    };
    if (datetype) {
      const span = spans[datetype];
      if (!span) return fail('INVALID_PARAMETERS', `unknown datetype ${datetype}`);
      return { ok: true, value: { from: this.brusselsDay(span[0]), to: this.brusselsDay(span[1]) } };
    }
    const toDay = (s: string) => brusselsDay(new Date(s));
    if ((startDate && Number.isNaN(Date.parse(startDate))) || (endDate && Number.isNaN(Date.parse(endDate)))) {
      return fail('INVALID_DATE_CONSTRAINTS', 'startDate/endDate are not W3C dates');
    }
    const from = startDate ? toDay(startDate) : this.brusselsDay(0);
    const to = endDate ? toDay(endDate) : '9999-12-31';
    if (from > to) return fail('INVALID_DATE_CONSTRAINTS', 'startDate is after endDate');
    return { ok: true, value: { from, to } };
  }

  // ---- buy / cancel -----------------------------------------------------------------------------

  /** Validates a buy completely; `commit` then records it. Split so faults can strike in between. */
  prepareBuy(userId: string | undefined, cdbid: string, number: string, form: Record<string, string>): Outcome<() => SaleRecord> {
    this.rollDates();
    const c = this.checkCounter(userId, form.balieConsumerKey);
    if (!c.ok) return c;
    const counter = c.value as SimCounter;
    const parsed = this.parseNumber(number);
    if (!parsed.ok) return parsed;
    const event = this.data.events.find((e) => e.cdbid === cdbid);
    if (!event) return fail('UNKNOWN_EVENT_CDBID', 'Could not find an event with the given cdbid.');
    if (!counter.ticketGroup || (event.organiserCounter !== counter.consumerKey && event.locationCounter !== counter.consumerKey)) {
      return fail('ACTION_NOT_ALLOWED', `counter ${counter.name} is neither organiser nor location of this event`);
    }
    const holder = this.holder(number);
    if (!holder) return fail('UNKNOWN_UITPASNUMBER', `unknown uitpas number ${number}`);
    const couponIdRaw = form.ticketSaleCouponId;
    if (couponIdRaw !== undefined && !/^\d{1,18}$/.test(couponIdRaw))
      return fail('PARSE_INVALID_LONG', `ticketSaleCouponId is not a number: ${couponIdRaw}`);
    let amount = 1;
    if (holder.kind === 'group') {
      if (form.amountOfTickets === undefined) return fail('MISSING_REQUIRED_FIELDS', 'amountOfTickets is required for a group pass');
      if (!/^\d{1,4}$/.test(form.amountOfTickets) || Number(form.amountOfTickets) < 1)
        return fail('INVALID_PARAMETERS', 'amountOfTickets must be a positive integer');
      amount = Number(form.amountOfTickets);
    } else if (form.amountOfTickets !== undefined) {
      return fail('INVALID_PARAMETERS', 'amountOfTickets may not be used for an individual passholder');
    }
    if (this.isFree(event)) return fail('TICKETSALE_NOT_ALLOWED_FREE_EVENT', 'this event is free: there is no discount to register');
    const pc = form.priceClass === undefined ? event.priceClasses[0] : event.priceClasses.find((x) => x.name === form.priceClass);
    if (!pc) return fail('UNKNOWN_PRICE_CLASS', `unknown price class ${form.priceClass}`);
    if (holder.kind === 'person' && holder.p.cardStatus !== 'ACTIVE')
      return fail('INVALID_CARD_STATUS', `card status is ${holder.p.cardStatus}`);

    let tariffCents: number;
    let coupon: SimCoupon | undefined;
    if (couponIdRaw !== undefined) {
      coupon = this.couponsFor(holder, event).find((x) => x.id === couponIdRaw);
      if (!coupon) return fail('TICKET_SALE_COUPON_NOT_GRANTED', `coupon ${couponIdRaw} is not available to this pass for this event`);
      const cr = this.couponReason(holder, coupon, event);
      if (cr) return fail(cr, `coupon ${coupon.name}: ${cr}`);
      tariffCents = Math.min(pc.priceCents, coupon.tariffCents);
    } else {
      const reason = this.defaultReason(holder, event);
      if (reason) return fail(reason, `no kansentarief: ${reason}`);
      if (holder.kind === 'group' && holder.g.availableTickets < amount) {
        return fail('MAXIMUM_REACHED', `only ${holder.g.availableTickets} tickets left on this group pass`);
      }
      tariffCents = pc.tariffCents;
    }
    return {
      ok: true,
      value: () => {
        if (holder.kind === 'group' && !coupon) holder.g.availableTickets -= amount;
        const sale: SaleRecord = {
          id: String(this.nextSaleId++),
          cdbid: event.cdbid,
          title: event.title,
          counterKey: counter.consumerKey,
          uitpasNumber: number,
          ...(holder.kind === 'person' ? { uid: holder.p.uid } : {}),
          groupPass: holder.kind === 'group',
          priceClass: pc.name,
          ...(coupon ? { couponId: coupon.id } : {}),
          amountOfTickets: amount,
          priceCents: pc.priceCents,
          tariffCents,
          creationDate: brusselsDateTime(this.now()),
          cancelled: false,
        };
        this.sales.push(sale);
        return sale;
      },
    };
  }

  cancel(userId: string | undefined, id: string, form: Record<string, string>): Outcome<SaleRecord> {
    const c = this.checkCounter(userId, form.balieConsumerKey);
    if (!c.ok) return c;
    const sale = this.sales.find((s) => s.id === id && !s.cancelled);
    if (!sale) return fail('UNKNOWN_TICKET_SALE', `unknown ticket sale ${id}`);
    const counter = c.value as SimCounter;
    const event = this.data.events.find((e) => e.cdbid === sale.cdbid);
    if (
      sale.counterKey !== counter.consumerKey &&
      event?.organiserCounter !== counter.consumerKey &&
      event?.locationCounter !== counter.consumerKey
    ) {
      return fail('ACTION_NOT_ALLOWED', 'this counter may not cancel that sale');
    }
    sale.cancelled = true;
    sale.cancelledAt = brusselsDateTime(this.now());
    // Cancelling gives the budget back (an assumption: docs/uitpas-xml-api.md §13).
    if (sale.groupPass && !sale.couponId) {
      const g = this.data.groupPasses.find((x) => x.uitpasNumber === sale.uitpasNumber);
      if (g) g.availableTickets += sale.amountOfTickets;
    }
    return { ok: true, value: sale };
  }

  /** `lagMs`: records younger than this are not found yet (a search index that lags behind). */
  searchTicketSales(userId: string | undefined, q: Record<string, string>, lagMs = 0): Outcome<{ total: number; items: SaleRecord[] }> {
    const c = this.checkCounter(userId, q.balieConsumerKey);
    if (!c.ok) return c;
    const key = (c.value as SimCounter).consumerKey;
    const bad = ['startDate', 'endDate'].find((k) => q[k] !== undefined && Number.isNaN(Date.parse(q[k])));
    if (bad) return fail('PARSE_INVALID_DATE', `${bad} is not a W3C date`);
    const from = q.startDate ? Date.parse(q.startDate) : -Infinity;
    const to = q.endDate ? Date.parse(q.endDate) : Infinity;
    const start = Number(q.start ?? 0);
    const max = Number(q.max ?? 20);
    if (!Number.isInteger(start) || start < 0 || !Number.isInteger(max) || max < 1)
      return fail('ACTION_FAILED', 'start/max must be non-negative integers');
    const indexedUntil = this.now().getTime() - lagMs;
    const visible = this.liveSales().filter((s) => {
      if (lagMs > 0 && Date.parse(s.creationDate) > indexedUntil) return false;
      const e = this.data.events.find((x) => x.cdbid === s.cdbid);
      return s.counterKey === key || e?.organiserCounter === key || e?.locationCounter === key;
    });
    const items = visible
      .filter((s) => !q.uid || s.uid === q.uid)
      .filter((s) => !q.cdbid || s.cdbid === q.cdbid)
      .filter((s) => {
        const t = Date.parse(s.creationDate);
        return t >= from && t <= to;
      });
    return { ok: true, value: { total: items.length, items: items.slice(start, start + max) } };
  }

  /** balie/listEmployees: the counter's admins and members; the caller must work there. */
  listEmployees(userId: string | undefined, key: string | undefined): Outcome<{ admins: SimEmployee[]; members: SimEmployee[] }> {
    const c = this.checkCounter(userId, key);
    if (!c.ok) return c;
    const counterKey = (c.value as SimCounter).consumerKey;
    const staff = this.data.employees.filter((e) => e.counterKeys.includes(counterKey));
    return { ok: true, value: { admins: staff.filter((e) => e.admin === true), members: staff.filter((e) => e.admin !== true) } };
  }

  balieList(userId: string | undefined, uid: string | undefined): Outcome<SimCounter[]> {
    if (!uid) return fail('MISSING_REQUIRED_FIELDS', 'uid is required');
    const employee = this.data.employees.find((e) => e.userId === uid);
    if (!employee) return fail('UNKNOWN_USER', `unknown user ${uid}`);
    if (userId !== uid) return fail('ACCESS_DENIED', 'uid must be the logged-in user', 400, 'PERMISSION_BALIE - ACTION_READ');
    return { ok: true, value: this.data.counters.filter((c) => employee.counterKeys.includes(c.consumerKey)) };
  }
}
