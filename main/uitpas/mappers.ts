/**
 * UiTPAS XML elements -> domain objects (contract/domain.ts). Every result is validated with the
 * contract's zod schema, so a reply that parses but makes no sense is refused, not passed on.
 */
import {
  Activity,
  Counter,
  CounterEmployee,
  type Coupon,
  GroupPass,
  Passholder,
  PassholderHit,
  type PeriodConstraint,
  type TariffOption,
  TicketSale,
  type Kansenstatuut,
} from '../../contract/domain.js';
import { attr, child, children, text, type XmlNode } from './xml.js';
import { amountToCents, parseBool, parseDateTime, parseInteger, parsePoints, ValueError } from './values.js';

function required(node: XmlNode | undefined, name: string, where: string): string {
  const v = text(node, name);
  if (v === undefined || v === '') throw new ValueError(`${where}: <${name}> is missing`);
  return v;
}

function optional(node: XmlNode | undefined, name: string): string | undefined {
  const v = text(node, name);
  return v === undefined || v === '' ? undefined : v;
}

function validated<T>(
  schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { message: string } } },
  value: unknown,
  where: string,
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValueError(`${where}: ${r.error.message}`);
  return r.data;
}

/** A nested card number: `<uitpasNumber><uitpasNumber>…</uitpasNumber></uitpasNumber>` or flat. */
function cardNumberOf(node: XmlNode | undefined): string | undefined {
  const outer = child(node, 'uitpasNumber');
  if (!outer) return undefined;
  return optional(outer, 'uitpasNumber') ?? optional(node, 'uitpasNumber');
}

// Nested parts (period constraints, coupons, tariff options) are built as plain objects and
// checked once, by the schema of the entity that contains them.
type Unchecked<T> = { [K in keyof T]?: unknown };

function periodConstraint(node: XmlNode | undefined, where: string): Unchecked<PeriodConstraint> | undefined {
  if (!node || (text(node, 'periodType') ?? '') === '') return undefined;
  return {
    periodType: text(node, 'periodType'),
    periodVolume: parseInteger(text(node, 'periodVolume'), `${where}.periodVolume`) ?? 0,
  };
}

function coupon(node: XmlNode): Unchecked<Coupon> {
  return {
    id: required(node, 'id', 'ticketSaleCoupon'),
    name: text(node, 'name') ?? '',
    description: optional(node, 'description'),
    validFrom: parseDateTime(text(node, 'validFrom'), 'coupon.validFrom'),
    validTo: parseDateTime(text(node, 'validTo'), 'coupon.validTo'),
    expired: parseBool(text(node, 'expired'), 'coupon.expired'),
    buyConstraint: periodConstraint(child(node, 'buyConstraint'), 'coupon.buyConstraint'),
    exchangeConstraint: periodConstraint(child(node, 'exchangeConstraint'), 'coupon.exchangeConstraint'),
    remainingTotal: periodConstraint(child(node, 'remainingTotal'), 'coupon.remainingTotal'),
  };
}

function card(node: XmlNode | undefined, fallbackNumber: string | undefined) {
  if (!node) return undefined;
  return {
    uitpasNumber: cardNumberOf(node) ?? fallbackNumber,
    status: text(node, 'status'),
    kansenpas: parseBool(text(node, 'kansenpas'), 'card.kansenpas') ?? false,
    cardSystem: optional(child(node, 'cardSystem'), 'name'),
    cardType: optional(node, 'cardType'),
  };
}

function kansenstatuut(link: XmlNode, now: Date): Kansenstatuut | undefined {
  if (parseBool(text(link, 'kansenStatuut'), 'kansenStatuut') !== true) return undefined;
  const suspendedUntil = parseDateTime(text(link, 'kansenStatuutSuspendedUntil'), 'kansenStatuutSuspendedUntil');
  const grace = parseBool(text(link, 'kansenStatuutInGracePeriod'), 'kansenStatuutInGracePeriod') === true;
  const expired = parseBool(text(link, 'kansenStatuutExpired'), 'kansenStatuutExpired') === true;
  const status =
    suspendedUntil !== undefined && Date.parse(suspendedUntil) > now.getTime()
      ? 'suspended'
      : grace
        ? 'grace'
        : expired
          ? 'expired'
          : 'active';
  return {
    cardSystem: text(child(link, 'cardSystem'), 'name') ?? '',
    status,
    endDate: parseDateTime(text(link, 'kansenStatuutEndDate'), 'kansenStatuutEndDate'),
    suspendedUntil,
  };
}

/** `passHolder` element; `cardNode` is the retrieve reply's separate `card` when present. */
export function passholder(node: XmlNode, now: Date, cardNode?: XmlNode, notice?: string): Passholder {
  const links = children(node, 'cardSystemSpecific');
  const current = links.map((l) => child(l, 'currentCard')).find((c) => c !== undefined);
  const c = card(cardNode ?? current, undefined);
  const number = c?.uitpasNumber;
  const city = optional(node, 'city');
  return validated(
    Passholder,
    {
      kind: 'passholder',
      uitpasNumber: number,
      uid: required(child(node, 'uitIdUser'), 'id', 'passHolder.uitIdUser'),
      firstName: text(node, 'firstName') ?? '',
      lastName: text(node, 'name') ?? '',
      dateOfBirth: parseDateTime(text(node, 'dateOfBirth'), 'passHolder.dateOfBirth'),
      city,
      points: parsePoints(text(node, 'points'), 'passHolder.points'),
      card: c,
      kansenstatuut: links.map((l) => kansenstatuut(l, now)).filter((k) => k !== undefined),
      coupons: children(child(node, 'ticketSaleCoupons'), 'ticketSaleCoupon').map(coupon),
      notice,
    },
    'passHolder',
  );
}

/**
 * One `passholder` of a `passholder/search` reply. The uid is `uitIdUser/rdf:id` on the wire; the
 * parser drops namespace prefixes, so it reads as `id` like everywhere else. A passholder without a
 * current card is kept (shown, not loadable).
 */
export function passholderHit(node: XmlNode): PassholderHit {
  const current = children(node, 'cardSystemSpecific')
    .map((l) => child(l, 'currentCard'))
    .find((c) => c !== undefined);
  const born = parseDateTime(text(node, 'dateOfBirth'), 'passholder.dateOfBirth');
  return validated(
    PassholderHit,
    {
      uitpasNumber: cardNumberOf(current),
      uid: required(child(node, 'uitIdUser'), 'id', 'passholder.uitIdUser'),
      firstName: text(node, 'firstName') ?? '',
      lastName: text(node, 'name') ?? '',
      dateOfBirth: born?.slice(0, 10),
      city: optional(node, 'city'),
      cardStatus: optional(current, 'status'),
      kansenpas: parseBool(text(current, 'kansenpas'), 'currentCard.kansenpas') ?? false,
    },
    'passholder',
  );
}

export function groupPass(node: XmlNode, now: Date, cardNode?: XmlNode, notice?: string): GroupPass {
  const endDate = parseDateTime(text(node, 'endDate'), 'groupPass.endDate');
  const c = card(cardNode ?? child(node, 'card'), undefined);
  return validated(
    GroupPass,
    {
      kind: 'group',
      uitpasNumber: c?.uitpasNumber ?? optional(node, 'uitpasNumber'),
      name: text(node, 'name') ?? '',
      availableTickets: parseInteger(text(node, 'availableTickets'), 'groupPass.availableTickets') ?? 0,
      ticketsPerYear: parseInteger(text(node, 'ticketsPerYear'), 'groupPass.ticketsPerYear'),
      endDate,
      kansenstatuut: parseBool(text(node, 'kansenStatuut'), 'groupPass.kansenStatuut') ?? false,
      expired: endDate !== undefined && Date.parse(endDate) < now.getTime(),
      card: c,
      coupons: children(child(node, 'ticketSaleCoupons'), 'ticketSaleCoupon').map(coupon),
      notice,
    },
    'groupPass',
  );
}

function tariffOption(node: XmlNode): Unchecked<TariffOption> {
  const couponNode = child(node, 'ticketSaleCoupon');
  return {
    type: attr(node, 'type') ?? 'DEFAULT',
    coupon: couponNode ? coupon(couponNode) : undefined,
    priceClasses: children(child(node, 'priceClasses'), 'priceClass').map((pc) => ({
      name: text(pc, 'name') ?? '',
      priceCents: amountToCents(text(pc, 'price'), 'priceClass.price'),
      tariffCents: amountToCents(text(pc, 'tariff'), 'priceClass.tariff'),
    })),
    buyConstraintReason: optional(node, 'buyConstraintReason'),
    remainingForEvent: periodConstraint(child(node, 'remainingForEvent'), 'remainingForEvent'),
    remainingTotal: periodConstraint(child(node, 'remainingTotal'), 'remainingTotal'),
  };
}

/** First timestamp of a cdb calendar, as an ISO date-time with the Brussels offset. */
function calendarStart(node: XmlNode | undefined): string | undefined {
  const ts = child(child(node, 'timestamps'), 'timestamp');
  const date = optional(ts, 'date');
  if (!date) return undefined;
  const time = (optional(ts, 'timestart') ?? '00:00:00').slice(0, 8).padEnd(8, ':00');
  return brusselsLocalToIso(date.slice(0, 10), time);
}

/** 2026-11-27 + 20:00:00 in Brussels -> 2026-11-27T20:00:00+01:00. */
export function brusselsLocalToIso(date: string, time: string): string {
  const asUtc = Date.parse(`${date}T${time}Z`);
  const offsetMin = brusselsOffsetMinutes(new Date(asUtc));
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${date}T${time}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// Building an Intl formatter costs far more than using one: keep a single instance.
const offsetFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', timeZoneName: 'longOffset' });

function brusselsOffsetMinutes(d: Date): number {
  const name = offsetFormat.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export function activity(node: XmlNode): Activity {
  return validated(
    Activity,
    {
      cdbid: required(node, 'cdbid', 'event'),
      title: text(node, 'title') ?? '',
      locationName: optional(node, 'locationName'),
      city: optional(node, 'city'),
      organiserName: optional(node, 'organiserName'),
      calendarSummary: optional(node, 'calendarsummary'),
      startDate: calendarStart(child(node, 'calendar')),
      priceCents: amountToCents(text(node, 'price'), 'event.price'),
      tariffCents: amountToCents(text(node, 'tariff') ?? text(node, 'price'), 'event.tariff'),
      tariffs: children(child(node, 'ticketSales'), 'ticketSale').map(tariffOption),
      buyConstraintReason: optional(node, 'buyConstraintReason'),
    },
    'event',
  );
}

export function ticketSale(node: XmlNode): TicketSale {
  const couponNode = child(node, 'ticketSaleCoupon');
  return validated(
    TicketSale,
    {
      id: required(node, 'id', 'ticketSale'),
      cdbid: required(node, 'nodeId', 'ticketSale'),
      title: optional(node, 'nodeTitle'),
      creationDate: parseDateTime(required(node, 'creationDate', 'ticketSale'), 'ticketSale.creationDate'),
      priceCents: amountToCents(text(node, 'price'), 'ticketSale.price'),
      tariffCents: amountToCents(text(node, 'tariff'), 'ticketSale.tariff'),
      userId: optional(node, 'userId'),
      uitpasNumber: optional(node, 'uitpasNumber'),
      firstName: optional(node, 'firstName'),
      lastName: optional(node, 'lastName'),
      createdVia: optional(node, 'createdVia'),
      location: optional(node, 'location'),
      organiser: optional(node, 'organiser'),
      groupPass: parseBool(text(node, 'groupPass') ?? text(node, 'isGroupPass'), 'ticketSale.groupPass') ?? false,
      coupon: couponNode ? coupon(couponNode) : undefined,
    },
    'ticketSale',
  );
}

/** Only counters in the "Checkin- en ticketbalies" group may sell (docs/uitpas-xml-api.md §4). */
const TICKET_GROUP = /check.?in.*ticket/i;

export function counter(node: XmlNode): Counter {
  const groups = children(child(node, 'cardSystems'), 'cardSystem').flatMap((cs) =>
    children(child(cs, 'groups'), 'group').map((g) => (typeof g['#text'] === 'string' ? g['#text'] : '')),
  );
  return validated(
    Counter,
    {
      id: required(node, 'id', 'balie'),
      consumerKey: required(node, 'consumerKey', 'balie'),
      name: text(node, 'name') ?? '',
      role: optional(node, 'role'),
      actorId: optional(node, 'actorId'),
      canSell: groups.some((g) => TICKET_GROUP.test(g)),
    },
    'balie',
  );
}

/**
 * `<response><admins><admin><ns2:id/><ns3:nick/></admin></admins><members><member>…`: the prefixes
 * are generated (ns2/ns3 here, rdf/foaf elsewhere) and dropped like everywhere else, so the id and
 * nick are read by local name. An employee who is both admin and member is listed once, as admin.
 */
export function counterEmployees(node: XmlNode): CounterEmployee[] {
  const out = new Map<string, CounterEmployee>();
  const take = (el: XmlNode, role: 'admin' | 'member') => {
    const uid = optional(el, 'id');
    if (uid === undefined) throw new ValueError(`${role}: <id> is missing`);
    if (out.has(uid)) return;
    out.set(uid, validated(CounterEmployee, { uid, nick: optional(el, 'nick'), role }, role));
  };
  for (const a of children(child(node, 'admins'), 'admin')) take(a, 'admin');
  for (const m of children(child(node, 'members'), 'member')) take(m, 'member');
  return [...out.values()];
}

export interface ErrorEnvelope {
  code: string;
  message: string;
  requiredPermission?: string | undefined;
}

/** `<response><code/><message/>[<requiredPermission/>]</response>`, or undefined. */
export function errorEnvelope(root: string, node: XmlNode): ErrorEnvelope | undefined {
  if (root !== 'response') return undefined;
  const code = optional(node, 'code');
  if (!code) return undefined;
  return { code, message: text(node, 'message') ?? '', requiredPermission: optional(node, 'requiredPermission') };
}
