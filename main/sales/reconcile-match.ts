/**
 * Deciding what a search of UiTPAS ticket sales says about one local sale whose buy may or may
 * not have been committed. Pure: the reconciler does the I/O. UiTPAS has no idempotency key, so
 * this is where "never registered twice, never lost" is decided; docs/exactly-once.md explains
 * each rule.
 *
 * - A record is a candidate only when its creation date lies in one of the sale's uncertain
 *   windows (in UiTPAS's clock) and nothing it carries contradicts what the sale sent.
 * - What Loket sent (activity, pass, coupon, number of tickets, price class) must agree exactly;
 *   what UiTPAS derives (price, tariff) may legitimately differ, so a difference there is doubt,
 *   not proof. A record that lacks what is needed to identify the sale is doubt too.
 * - Doubt, several candidates, or another local sale that could own the same record: ambiguous,
 *   never found. A record already held by another local sale is never a candidate.
 * - API 4 lists one record per ticket: a sale of n tickets is found only as exactly n one-ticket
 *   records made together (one request is all or nothing, committed at one moment).
 */
import type { TicketSale } from '../../contract/domain.js';
import type { ClockOffset } from '../uitpas/server-clock.js';

/** When an uncertain attempt could have been committed, in UiTPAS's clock (epoch ms). */
export interface CommitWindow {
  fromMs: number;
  toMs: number;
}

/** What reconciliation knows of a local sale. */
export interface SaleFacts {
  id: string;
  cdbid: string;
  groupPass: boolean;
  uitpasNumber: string;
  passholderUid?: string | undefined;
  couponId?: string | undefined;
  priceClass?: string | undefined;
  amountOfTickets: number;
  expectedPriceCents: number;
  expectedTariffCents: number;
  /** Sold offline on a cached tariff: UiTPAS may well register another tariff (an alert, not doubt). */
  provisional: boolean;
  /** The record this sale holds already, if any. */
  ticketSaleId?: string | undefined;
  windows: readonly CommitWindow[];
}

export type Fit = { fit: 'match' } | { fit: 'no'; why: string } | { fit: 'doubt'; why: string };

export type Verdict =
  /** `moreTickets`: the other records of a sale of n one-ticket records (API 4), in UiTPAS's order. */
  | { kind: 'found'; record: TicketSale; moreTickets?: TicketSale[] }
  | { kind: 'absent' }
  | { kind: 'ambiguous'; reason: 'doubt' | 'several-records' | 'shared'; candidates: string[]; detail: string };

/** How much a creation date (whole seconds) may precede the moment the request left. */
const CREATION_DATE_RESOLUTION_MS = 1_000;
/**
 * How far apart the creation dates of the tickets of one request may lie: UiTPAS commits them in
 * one go, so at most across one whole-second boundary.
 */
const ONE_REQUEST_SPREAD_MS = CREATION_DATE_RESOLUTION_MS;
/** Used while no reply has told us UiTPAS's clock yet: the old, generous margin. */
export const UNKNOWN_OFFSET: ClockOffset = { lowMs: -5 * 60_000, highMs: 5 * 60_000 };

/**
 * The window of one uncertain attempt: it left at `startedMs` and failed at `endedMs` (this PC's
 * clock), and UiTPAS may still commit it up to `horizonMs` after that (a slow backend).
 */
export function commitWindow(startedMs: number, endedMs: number, offset: ClockOffset | undefined, horizonMs: number): CommitWindow {
  const o = offset ?? UNKNOWN_OFFSET;
  return {
    fromMs: startedMs + o.lowMs - CREATION_DATE_RESOLUTION_MS,
    toMs: endedMs + o.highMs + horizonMs,
  };
}

export function inWindows(record: TicketSale, windows: readonly CommitWindow[]): boolean {
  const created = Date.parse(record.creationDate);
  if (Number.isNaN(created)) return false;
  return windows.some((w) => created >= w.fromMs && created <= w.toMs);
}

/** Does `record` look like the sale's own registration, judged on what the record carries? */
export function fit(sale: SaleFacts, record: TicketSale): Fit {
  if (record.cdbid !== sale.cdbid) return { fit: 'no', why: 'another activity' };
  if (record.groupPass !== sale.groupPass) return { fit: 'no', why: sale.groupPass ? 'not a group pass' : 'a group pass' };
  if ((record.coupon?.id ?? undefined) !== sale.couponId) return { fit: 'no', why: 'another coupon' };
  // API 4: a one-ticket record may be one of the sale's n; judge counts them.
  const oneOfMany = isOneOfMany(sale, record);
  if (!oneOfMany && record.amountOfTickets !== undefined && record.amountOfTickets !== sale.amountOfTickets) {
    return { fit: 'no', why: `${record.amountOfTickets} tickets instead of ${sale.amountOfTickets}` };
  }
  if (record.priceClass !== undefined && sale.priceClass !== undefined && record.priceClass !== sale.priceClass) {
    return { fit: 'no', why: `price class ${record.priceClass}` };
  }
  const holder = holderFit(sale, record);
  if (holder.fit !== 'match') return holder;
  // A group sale of n tickets is one record that (in the XML API) does not say n: a record of
  // another group sale on the same pass would look the same.
  if (sale.groupPass && record.amountOfTickets === undefined && record.singleTicket !== true) {
    return { fit: 'doubt', why: 'the record does not say how many tickets it holds' };
  }
  if (sale.priceClass !== undefined && record.priceClass === undefined && record.priceCents !== sale.expectedPriceCents) {
    return { fit: 'doubt', why: `regular price ${record.priceCents} instead of ${sale.expectedPriceCents}` };
  }
  // The tariff was fetched seconds before an online sale: another one is suspicious.
  if (!sale.provisional && record.tariffCents !== sale.expectedTariffCents) {
    return { fit: 'doubt', why: `tariff ${record.tariffCents} instead of ${sale.expectedTariffCents}` };
  }
  return { fit: 'match' };
}

function holderFit(sale: SaleFacts, record: TicketSale): Fit {
  if (!sale.groupPass) {
    // A passholder's uid never changes; the card number can (a new card), so the uid decides.
    if (record.userId !== undefined && sale.passholderUid !== undefined) {
      return record.userId === sale.passholderUid ? { fit: 'match' } : { fit: 'no', why: 'another passholder' };
    }
    if (record.uitpasNumber !== undefined) {
      return record.uitpasNumber === sale.uitpasNumber ? { fit: 'match' } : { fit: 'no', why: 'another card' };
    }
    return { fit: 'doubt', why: 'the record names no passholder' };
  }
  // A group pass has no uid: only its number tells two groups apart.
  if (record.uitpasNumber === undefined) return { fit: 'doubt', why: 'the record does not name the group pass' };
  return record.uitpasNumber === sale.uitpasNumber ? { fit: 'match' } : { fit: 'no', why: 'another group pass' };
}

/**
 * The verdict for `sale` over the records of a complete search. `others` are the other local
 * sales that could own a record in the same windows (their own uncertain attempts), whatever
 * their state; `claimedBy` says which local sale holds a ticket sale id already.
 */
export function judge(
  sale: SaleFacts,
  records: readonly TicketSale[],
  others: readonly SaleFacts[],
  claimedBy: (ticketSaleId: string) => string | undefined,
): Verdict {
  const candidates: Array<{ record: TicketSale; fit: Fit }> = [];
  for (const record of records) {
    if (!inWindows(record, sale.windows)) continue;
    const owner = claimedBy(record.id);
    if (owner !== undefined && owner !== sale.id) continue;
    const f = fit(sale, record);
    if (f.fit !== 'no') candidates.push({ record, fit: f });
  }
  if (candidates.length === 0) return { kind: 'absent' };
  const ids = candidates.map((c) => c.record.id);
  const doubts = candidates.filter((c) => c.fit.fit === 'doubt');
  if (doubts.length > 0) {
    const detail = doubts.map((c) => `${c.record.id}: ${(c.fit as { why: string }).why}`).join('; ');
    return { kind: 'ambiguous', reason: 'doubt', candidates: ids, detail };
  }
  const fitting = candidates.map((c) => c.record);
  if (fitting.some((r) => isOneOfMany(sale, r))) return judgeTickets(sale, fitting, others);
  if (candidates.length > 1) {
    return { kind: 'ambiguous', reason: 'several-records', candidates: ids, detail: `${ids.length} matching ticket sales` };
  }
  const only = fitting[0]!;
  return sharedWith(sale, fitting, others) ?? { kind: 'found', record: only };
}

/**
 * A sale of n tickets over one-ticket records (API 4): found when exactly n fit and were made
 * together. Fewer, more, or spread out: some are another registration's, and which is not said.
 */
function judgeTickets(sale: SaleFacts, records: readonly TicketSale[], others: readonly SaleFacts[]): Verdict {
  const ids = records.map((r) => r.id);
  if (records.length !== sale.amountOfTickets) {
    const detail = `${records.length} one-ticket records for a sale of ${sale.amountOfTickets} tickets`;
    return { kind: 'ambiguous', reason: 'several-records', candidates: ids, detail };
  }
  if (!madeTogether(records)) {
    return { kind: 'ambiguous', reason: 'doubt', candidates: ids, detail: 'the one-ticket records were not made by one request' };
  }
  const [first, ...more] = records as [TicketSale, ...TicketSale[]];
  return sharedWith(sale, records, others) ?? { kind: 'found', record: first, moreTickets: more };
}

/**
 * The records of one registration of `amountOfTickets` one-ticket records that holds `chosen`,
 * from `records` (none held by another local sale): what an operator adopts by naming one of
 * them. Undefined when the records made together with `chosen` are not exactly that many.
 */
export function registrationOf(chosen: TicketSale, records: readonly TicketSale[], amountOfTickets: number): TicketSale[] | undefined {
  if (chosen.singleTicket !== true) return undefined;
  const together = records.filter((r) => r.singleTicket === true && madeTogether([chosen, r]));
  if (!together.some((r) => r.id === chosen.id) || together.length !== amountOfTickets) return undefined;
  return [chosen, ...together.filter((r) => r.id !== chosen.id)];
}

function isOneOfMany(sale: SaleFacts, record: TicketSale): boolean {
  return record.singleTicket === true && sale.amountOfTickets > 1;
}

function madeTogether(records: readonly TicketSale[]): boolean {
  const times = records.map((r) => Date.parse(r.creationDate));
  if (times.some(Number.isNaN)) return false;
  return Math.max(...times) - Math.min(...times) <= ONE_REQUEST_SPREAD_MS;
}

/** Ambiguous when another local sale could own one of the records (a late commit of its own). */
function sharedWith(sale: SaleFacts, records: readonly TicketSale[], others: readonly SaleFacts[]): Verdict | undefined {
  const rivals = others.filter(
    (o) => o.id !== sale.id && records.some((r) => o.ticketSaleId !== r.id && inWindows(r, o.windows) && fit(o, r).fit !== 'no'),
  );
  if (rivals.length === 0) return undefined;
  const ids = records.map((r) => r.id);
  return {
    kind: 'ambiguous',
    reason: 'shared',
    candidates: ids,
    detail: `ticket sale ${ids.join(', ')} could also be the late registration of local sale ${rivals.map((r) => r.id).join(', ')}`,
  };
}
