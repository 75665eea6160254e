/**
 * API 4 (and UiTdatabank) JSON -> the contract's domain objects, the same ones the XML client
 * produces, each checked with the contract's zod schema so a reply that parses but makes no sense
 * is refused. Pure: the client does the calls. docs/uitpas-json-api.md §6 explains each choice.
 */
import {
  Activity,
  Counter,
  CounterEmployee,
  GroupPass,
  Passholder as DomainPassholder,
  PassholderHit,
  TicketSale as DomainTicketSale,
  type Kansenstatuut,
  type TariffOption,
} from '../../../contract/domain.js';
import { ValueError } from '../values.js';
import {
  EVENT_ID_PATTERN,
  type AvailableTariff,
  type Grouppass,
  type OrganizerAdminsPage,
  type OrganizerPermissions,
  type Passholder,
  type PriceInfo,
  type SearchEvent,
  type TicketSale,
} from './schemas.js';

function validated<T>(
  schema: { safeParse(x: unknown): { success: true; data: T } | { success: false; error: { message: string } } },
  value: unknown,
  where: string,
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValueError(`${where}: ${r.error.message}`);
  return r.data;
}

/**
 * Euro as a JSON number -> integer cents. 10.5 * 100 is 1050.0000000000002 in floating point, so
 * the product is rounded, but only when it is within a hair of whole cents: 1.234 is refused.
 */
export function euroToCents(value: number, field: string): number {
  if (!Number.isFinite(value) || value < 0) throw new ValueError(`${field}: not an amount: ${value}`);
  const cents = Math.round(value * 100);
  if (Math.abs(value * 100 - cents) > 1e-6) throw new ValueError(`${field}: more precise than a cent: ${value}`);
  return cents;
}

/** Cents -> the euro number API 4 expects (1050 -> 10.5); exact for every whole number of cents. */
export function centsToEuro(cents: number): number {
  return Number((cents / 100).toFixed(2));
}

/** A date-time that names its offset (or Z); one without would be read in this PC's time zone. */
export function isoWithOffset(value: string, field: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValueError(`${field}: not a date-time with offset: "${value}"`);
  }
  return value;
}

/** The 12th digit of a card number: issued as a kansenpas (docs/uitpas-xml-api.md §11). */
function kansenpasFlag(uitpasNumber: string): boolean {
  return uitpasNumber.length === 13 && uitpasNumber[11] === '1';
}

// ---- passholders ------------------------------------------------------------------------------

type Membership = NonNullable<Passholder['cardSystemMemberships']>[number];

/** The membership whose current card is `number`, else the first with a current card. */
function membershipFor(p: Passholder, number: string | undefined): Membership | undefined {
  const all = p.cardSystemMemberships ?? [];
  return (number === undefined ? undefined : all.find((m) => m.currentCard?.uitpasNumber === number)) ?? all.find((m) => m.currentCard);
}

function kansenstatuut(m: Membership): Kansenstatuut | undefined {
  const st = m.socialTariff;
  if (!st) return undefined;
  const status =
    st.status === 'SUSPENDED'
      ? 'suspended'
      : st.status === 'EXPIRED'
        ? 'expired'
        : st.status === 'ACTIVE'
          ? st.inGracePeriod === true
            ? 'grace'
            : 'active'
          : undefined;
  if (!status) throw new ValueError(`socialTariff.status: unknown "${st.status}"`);
  return {
    cardSystem: m.cardSystem.name ?? '',
    status,
    ...(st.endDate ? { endDate: st.endDate } : {}),
    ...(st.suspendedUntilDate ? { suspendedUntil: st.suspendedUntilDate } : {}),
  };
}

/**
 * A passholder of GET /passholders as the counter sees it. `number` is the card that was scanned
 * (when it was a card number): that card is the one shown and sold on.
 */
export function passholder(p: Passholder, number: string | undefined): DomainPassholder {
  const m = membershipFor(p, number);
  const cardNumber = m?.currentCard?.uitpasNumber ?? number ?? p.uitpasNumber;
  const states = (p.cardSystemMemberships ?? []).map(kansenstatuut).filter((k) => k !== undefined);
  const cardStatus = m?.currentCard?.status;
  // The XML API's notices on a successful lookup, so the screen warns the same way.
  const notice =
    cardStatus !== undefined && cardStatus !== 'ACTIVE'
      ? `INVALID_CARD_STATUS_${cardStatus}`
      : states.some((k) => k.status === 'expired') && !states.some((k) => k.status === 'active' || k.status === 'grace')
        ? 'KANSENSTATUUT_EXPIRED'
        : undefined;
  return validated(
    DomainPassholder,
    {
      kind: 'passholder',
      uitpasNumber: cardNumber,
      uid: p.id,
      firstName: p.firstName,
      lastName: p.name,
      dateOfBirth: p.dateOfBirth,
      city: p.address?.city,
      points: p.points,
      card: cardNumber
        ? {
            uitpasNumber: cardNumber,
            status: cardStatus ?? 'ACTIVE',
            kansenpas: kansenpasFlag(cardNumber),
            cardSystem: m?.cardSystem.name,
            cardType: m?.currentCard?.cardType,
          }
        : undefined,
      kansenstatuut: states,
      // Coupons come per activity with GET /tariffs in API 4.
      coupons: [],
      notice,
    },
    'passholder',
  );
}

/** One passholder of a name search, enough to tell namesakes apart. */
export function passholderHit(p: Passholder): PassholderHit {
  const m = membershipFor(p, undefined);
  const number = m?.currentCard?.status === 'ACTIVE' ? m.currentCard.uitpasNumber : p.uitpasNumber;
  return validated(
    PassholderHit,
    {
      uitpasNumber: number,
      uid: p.id,
      firstName: p.firstName,
      lastName: p.name,
      dateOfBirth: p.dateOfBirth?.slice(0, 10),
      city: p.address?.city,
      cardStatus: m?.currentCard?.status,
      kansenpas: number !== undefined && kansenpasFlag(number),
    },
    'passholder',
  );
}

export function groupPass(g: Grouppass, now: Date): GroupPass {
  const st = g.socialTariff;
  const endDate = st?.endDate;
  const expired = st?.status === 'EXPIRED' || (endDate !== undefined && Date.parse(endDate) < now.getTime());
  const notice = g.cardStatus !== 'ACTIVE' ? `INVALID_CARD_STATUS_${g.cardStatus}` : st && expired ? 'KANSENSTATUUT_EXPIRED' : undefined;
  return validated(
    GroupPass,
    {
      kind: 'group',
      uitpasNumber: g.uitpasNumber,
      name: g.name ?? '',
      availableTickets: st?.availableTickets ?? 0,
      ticketsPerYear: st?.totalTicketsPerYear,
      endDate,
      kansenstatuut: st?.status === 'ACTIVE',
      expired,
      card: { uitpasNumber: g.uitpasNumber, status: g.cardStatus, kansenpas: kansenpasFlag(g.uitpasNumber), cardSystem: g.cardSystem.name },
      coupons: [],
      notice,
    },
    'grouppass',
  );
}

// ---- activities ---------------------------------------------------------------------------------

/** The text in the document's own language, else Dutch, else whatever language there is. */
export function localized(value: Record<string, string> | string | undefined, mainLanguage?: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  return (mainLanguage ? value[mainLanguage] : undefined) ?? value.nl ?? Object.values(value)[0];
}

export function eventIdOf(e: SearchEvent): string {
  const m = EVENT_ID_PATTERN.exec(e['@id']);
  if (!m) throw new ValueError(`event @id is not an event URI: ${e['@id']}`);
  return m[1]!.toLowerCase();
}

/** A price class of an event: a regular price with its label (UiTdatabank priceInfo). */
export interface PriceClassV4 {
  name: string;
  priceCents: number;
}

/**
 * The regular prices a ticket can be sold at: `base` and `tariff` entries of priceInfo. `uitpas`
 * entries are UiTdatabank's indicative kansentarief (not a regular price), and a zero price has no
 * discount to register (the official counter app leaves those out too).
 */
export function priceClasses(e: SearchEvent): PriceClassV4[] {
  const out: PriceClassV4[] = [];
  for (const p of e.priceInfo ?? []) {
    if (p.category !== 'base' && p.category !== 'tariff') continue;
    const priceCents = euroToCents(p.price, 'priceInfo.price');
    if (priceCents === 0) continue;
    const name = localized(p.name, e.mainLanguage) ?? (p.category === 'base' ? 'Basistarief' : `Tarief ${out.length + 1}`);
    if (out.some((c) => c.name === name)) continue;
    out.push({ name, priceCents });
  }
  // The base price first: it is the one sold when no class is chosen.
  const base = localized(e.priceInfo?.find((p) => p.category === 'base')?.name, e.mainLanguage) ?? 'Basistarief';
  return out.sort((a, b) => Number(b.name === base) - Number(a.name === base));
}

function basePriceCents(e: SearchEvent): number {
  const base = e.priceInfo?.find((p) => p.category === 'base');
  return base ? euroToCents(base.price, 'priceInfo.price') : 0;
}

/** Lowest indicative kansentarief UiTdatabank embedded (embedUitpasPrices), if any. */
function indicativeTariffCents(info: PriceInfo[] | undefined): number | undefined {
  const uitpas = (info ?? []).filter((p) => p.category === 'uitpas').map((p) => euroToCents(p.price, 'priceInfo.price'));
  return uitpas.length ? Math.min(...uitpas) : undefined;
}

function cityOf(e: SearchEvent): string | undefined {
  const a = e.location?.address;
  if (!a) return undefined;
  if ('addressLocality' in a && typeof a.addressLocality === 'string') return a.addressLocality;
  const byLang = a as Record<string, { addressLocality?: string | undefined }>;
  return (byLang[e.mainLanguage ?? 'nl'] ?? byLang.nl ?? Object.values(byLang)[0])?.addressLocality;
}

/** What GET /tariffs said for one price class: the offer, or the refusal's Loket code. */
export type ClassTariffs =
  { ok: true; available: AvailableTariff[]; endUserMessage?: { nl: string } | undefined } | { ok: false; code: string };

const SOCIAL = 'SOCIALTARIFF';

/**
 * An event as an Activity. Without `tariffs` (no passholder) it carries no way to buy, like the
 * XML search without a card; with them (one entry per price class, same order) the options are
 * built per tariff: the kansentarief (DEFAULT) and each coupon, with what remains.
 */
export function activity(e: SearchEvent, tariffs?: readonly ClassTariffs[]): Activity {
  const classes = priceClasses(e);
  const priceCents = classes[0]?.priceCents ?? basePriceCents(e);
  const options: TariffOption[] = [];
  let reason: string | undefined;
  if (tariffs && classes.length > 0) {
    const social = classes.map((c, i) => {
      const t = tariffs[i];
      return t?.ok ? t.available.find((a) => a.type === SOCIAL) : undefined;
    });
    const refusal = tariffs.find((t) => !t.ok);
    const socialReason = social.some((s) => s !== undefined) ? undefined : refusal && !refusal.ok ? refusal.code : 'NO_TARIFF';
    const remaining = social.filter((s) => s !== undefined).map((s) => s.remaining);
    options.push({
      type: 'DEFAULT',
      priceClasses: classes.map((c, i) => ({
        name: c.name,
        priceCents: c.priceCents,
        tariffCents: social[i] ? euroToCents(social[i].price, 'tariff.price') : c.priceCents,
      })),
      ...(socialReason ? { buyConstraintReason: socialReason } : {}),
      ...(remaining.length ? { remainingForEvent: { periodType: 'ABSOLUTE', periodVolume: Math.min(...remaining) } } : {}),
    });
    const coupons = new Map<string, { name: string; prices: TariffOption['priceClasses']; remaining: number }>();
    classes.forEach((c, i) => {
      const t = tariffs[i];
      if (!t?.ok) return;
      for (const a of t.available) {
        if (a.type !== 'COUPON') continue;
        const entry = coupons.get(a.id) ?? { name: a.name ?? a.id, prices: [], remaining: a.remaining };
        entry.prices.push({ name: c.name, priceCents: c.priceCents, tariffCents: euroToCents(a.price, 'tariff.price') });
        entry.remaining = Math.min(entry.remaining, a.remaining);
        coupons.set(a.id, entry);
      }
    });
    for (const [id, c] of coupons) {
      options.push({
        type: 'COUPON',
        coupon: { id, name: c.name },
        priceClasses: c.prices,
        remainingForEvent: { periodType: 'ABSOLUTE', periodVolume: c.remaining },
      });
    }
    if (socialReason && coupons.size === 0) reason = socialReason;
  }
  const allowed = options.filter((o) => !o.buyConstraintReason && o.priceClasses.length > 0);
  const best = allowed.length ? Math.min(...allowed.map((o) => o.priceClasses[0]!.tariffCents)) : undefined;
  return validated(
    Activity,
    {
      cdbid: eventIdOf(e),
      title: localized(e.name, e.mainLanguage) ?? '',
      locationName: localized(e.location?.name, e.mainLanguage),
      city: cityOf(e),
      organiserName: localized(e.organizer?.name, e.mainLanguage),
      startDate: e.startDate,
      priceCents,
      tariffCents: best ?? (tariffs ? priceCents : (indicativeTariffCents(e.priceInfo) ?? priceCents)),
      tariffs: options,
      buyConstraintReason: reason,
    },
    'event',
  );
}

// ---- ticket sales -------------------------------------------------------------------------------

export interface TicketSaleContext {
  /** Whether the card is a group pass: API 4 records do not say, the client finds out. */
  groupPass: boolean;
  /** For a registration reply that leaves them out: what Loket sent and what it was offered. */
  regularPrice?: number;
  tariffPrice?: number;
  /** For a registration reply without creationDate: UiTPAS's Date header. */
  creationDate?: string;
  /** A registration of n tickets described by its first record. */
  amountOfTickets?: number;
  /** A search record: one ticket, whichever registration it belongs to. */
  searched?: boolean;
}

export function ticketSale(ts: TicketSale, ctx: TicketSaleContext): DomainTicketSale {
  const regular = ts.regularPrice ?? ctx.regularPrice;
  const paid = ts.tariff.price ?? ctx.tariffPrice;
  if (regular === undefined) throw new ValueError('ticket sale: regularPrice is missing');
  if (paid === undefined) throw new ValueError('ticket sale: tariff.price is missing');
  const created = ts.creationDate ?? ctx.creationDate;
  if (created === undefined) throw new ValueError('ticket sale: creationDate is missing');
  return validated(
    DomainTicketSale,
    {
      id: ts.id,
      cdbid: ts.eventId.toLowerCase(),
      title: ts.eventTitle,
      creationDate: isoWithOffset(created, 'ticketSale.creationDate'),
      priceCents: euroToCents(regular, 'ticketSale.regularPrice'),
      tariffCents: euroToCents(paid, 'ticketSale.tariff.price'),
      // The passholder's id (API 4's key for GET /ticket-sales), the domain's `uid`.
      userId: ts.passholder?.id,
      uitpasNumber: ts.uitpasNumber,
      firstName: ts.passholder?.firstName,
      lastName: ts.passholder?.name,
      groupPass: ctx.groupPass,
      coupon: ts.tariff.type === 'COUPON' ? { id: ts.tariff.id, name: ts.tariff.name ?? ts.tariff.id } : undefined,
      priceClass: ts.regularPriceLabel,
      // One record is one ticket; only a registration reply knows how many belong together.
      amountOfTickets: ctx.amountOfTickets,
      singleTicket: ctx.searched ? true : undefined,
    },
    'ticketSale',
  );
}

// ---- organizers ---------------------------------------------------------------------------------

/** The permission a counter needs to register ticket sales (spec: POST /ticket-sales). */
export const SELL_PERMISSION = 'TICKETSALES_REGISTER';

/**
 * GET /permissions -> the counters (organizers) the token may act for, linked ones included. An
 * organizer met more than once (itself and as another's linked organizer) is one counter with
 * every permission it was given.
 */
export function counters(list: readonly OrganizerPermissions[]): Counter[] {
  const seen = new Map<string, { name: string | undefined; perms: Set<string> }>();
  const add = (org: { id: string; name?: string | undefined }, perms: readonly string[]) => {
    const entry = seen.get(org.id) ?? { name: org.name, perms: new Set<string>() };
    entry.name ??= org.name;
    for (const p of perms) entry.perms.add(p);
    seen.set(org.id, entry);
  };
  for (const entry of list) {
    add(entry.organizer, entry.permissionDetails?.map((p) => p.id) ?? entry.permissions ?? []);
    for (const linked of entry.linkedOrganizers ?? []) add(linked.organizer, linked.permissionDetails?.map((p) => p.id) ?? []);
  }
  return [...seen].map(([id, { name, perms }]) =>
    validated(Counter, { id, consumerKey: id, name: name ?? id, actorId: id, canSell: perms.has(SELL_PERMISSION) }, 'organizer'),
  );
}

/** GET /organizers/{id}/admins -> the counter's staff, by UiTiD id with the e-mail as name. */
export function counterEmployees(page: OrganizerAdminsPage): CounterEmployee[] {
  const out = new Map<string, CounterEmployee>();
  for (const a of page.member) {
    if (!a.userId || out.has(a.userId)) continue;
    out.set(a.userId, validated(CounterEmployee, { uid: a.userId, nick: a.email, role: a.type === 'ADMIN' ? 'admin' : 'member' }, 'admin'));
  }
  return [...out.values()];
}
