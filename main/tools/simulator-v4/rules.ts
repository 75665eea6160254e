/**
 * The API 4 simulator's business rules (docs/uitpas-json-api.md): tariffs per passholder and event,
 * the all-or-nothing registration of one ticket per item, cancel, the ticket-sale search and its
 * paging, organizer permissions, passholder and group-pass lookups, and the UiTdatabank event
 * search. Answers are plain JSON values or problems (RFC 7807, with endUserMessage in nl/fr/en).
 * Pure state + clock; no HTTP here, so the rules test without a server.
 */
import { checkCardNumber } from '../../../contract/card-number.js';
import { isCalendarDay } from '../../../contract/dates.js';
import { brusselsLocalToIso } from '../../uitpas/mappers.js';
import { brusselsDateTime } from '../../uitpas/values.js';
import { periodStartMs, RollingEventDays } from '../simulator-kit/brussels-days.js';
import type { SimCoupon, SimEvent, SimGroupPass, SimPassholder } from '../simulator/seed.js';
import { couponTariffId, LOOKUP_PERMISSIONS, PERMISSION_LABELS, SELLING_PERMISSIONS, type SeedV4 } from './seed.js';

export const PROBLEM_BASE = 'https://api.publiq.be/probs/';

export interface EndUserMessage {
  nl: string;
  fr: string;
  en: string;
}

export interface Problem {
  status: number;
  /** Short type, e.g. 'uitpas/maximum-reached' (the server writes the full URI). */
  type: string;
  title: string;
  detail?: string;
  endUserMessage?: EndUserMessage;
  jsonPointer?: string;
  cardStatus?: string;
  schemaErrors?: { jsonPointer: string; error: string }[];
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const refuse = (
  status: number,
  type: string,
  title: string,
  extra: Omit<Problem, 'status' | 'type' | 'title'> = {},
): { ok: false; problem: Problem } => ({ ok: false, problem: { status, type, title, ...extra } });

/** UiTPAS's texts for the person at the counter (Loket shows them as given). */
export const MESSAGES = {
  socialExpired: {
    nl: 'Je kansenstatuut is verlopen: je hebt nu geen recht op kansentarief. Vraag aan je UiTPAS-balie of je het kan verlengen.',
    fr: "Ton statut social a expiré : tu n'as pas droit au tarif réduit pour l'instant. Demande à ton point UiTPAS s'il peut être prolongé.",
    en: 'Your social tariff status has expired, so no reduced rate applies now. Ask your UiTPAS counter whether it can be renewed.',
  },
  socialSuspended: {
    nl: 'Je recht op kansentarief is tijdelijk opgeschort.',
    fr: 'Ton droit au tarif réduit est temporairement suspendu.',
    en: 'Your right to the reduced rate is temporarily suspended.',
  },
  maximum: {
    nl: 'Je hebt geen recht meer op kansentarief voor deze activiteit: het maximum aantal tickets is bereikt.',
    fr: "Tu n'as plus droit au tarif réduit pour cette activité : le nombre maximum de tickets est atteint.",
    en: 'No more reduced-rate tickets for this activity: the maximum has been reached.',
  },
  noSocial: {
    nl: 'Deze pas geeft geen recht op kansentarief.',
    fr: 'Cette carte ne donne pas droit au tarif réduit.',
    en: 'This pass gives no right to the reduced rate.',
  },
  cardStatus: {
    nl: 'Deze UiTPAS kan niet gebruikt worden: de kaart is niet actief.',
    fr: "Cette UiTPAS ne peut pas être utilisée : la carte n'est pas active.",
    en: 'This UiTPAS cannot be used: the card is not active.',
  },
  unknownPass: {
    nl: 'Dit UiTPAS-nummer is niet gekend.',
    fr: "Ce numéro UiTPAS n'est pas connu.",
    en: 'This UiTPAS number is not known.',
  },
  invalidNumber: {
    nl: 'Dit UiTPAS-nummer is niet geldig (13 cijfers).',
    fr: "Ce numéro UiTPAS n'est pas valable (13 chiffres).",
    en: 'This UiTPAS number is not valid (13 digits).',
  },
  coupon: {
    nl: 'Deze bon kan niet gebruikt worden voor deze activiteit.',
    fr: 'Ce bon ne peut pas être utilisé pour cette activité.',
    en: 'This voucher cannot be used for this activity.',
  },
} satisfies Record<string, EndUserMessage>;

export interface Caller {
  userId: string;
  /** Organizer id -> permissions there. */
  organizers: Map<string, ReadonlySet<string>>;
}

/** One registered ticket (API 4 registers one ticket sale per ticket). */
export interface SaleV4 {
  id: string;
  eventId: string;
  eventTitle: string;
  /** The organizer and location counters of the event (who may see and cancel it). */
  organizerId: string;
  locationId: string;
  uitpasNumber: string;
  /** Passholder id; absent for a group pass. */
  passholderId?: string;
  groupPass: boolean;
  tariffId: string;
  tariffType: 'SOCIALTARIFF' | 'COUPON';
  tariffName: string;
  /** The seed coupon behind a COUPON tariff. */
  couponId?: string;
  regularPriceCents: number;
  regularPriceLabel?: string;
  tariffCents: number;
  creationDate: string;
  /** Sales registered by the same POST share it. */
  batch: number;
  cancelled: boolean;
  cancelledAt?: string;
}

type Holder = { kind: 'person'; p: SimPassholder } | { kind: 'group'; g: SimGroupPass };

interface Offer {
  id: string;
  name: string;
  type: 'SOCIALTARIFF' | 'COUPON';
  priceCents: number;
  remaining: number;
  coupon?: SimCoupon;
}

/** Why the kansentarief is not offered, and how UiTPAS says it. */
type SocialRefusal = 'expired' | 'suspended' | 'none' | 'maximum' | 'card';

const MAX_LIMIT = 500;
const SEARCH_MAX_LIMIT = 2000;
const SEARCH_MAX_START = 10_000;

const euro = (cents: number): number => Number((cents / 100).toFixed(2));
const cents = (value: number): number => Math.round(value * 100);

/** A non-negative integer query value, its default, or undefined when it is not one. */
function intParam(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

function contains(haystack: string, needle: string): boolean {
  return haystack.toLocaleLowerCase('nl').includes(needle.toLocaleLowerCase('nl'));
}

export class RulesV4 {
  readonly sales: SaleV4[] = [];
  private nextSaleId = 70001;
  private nextBatch = 1;
  private readonly seed: SeedV4;
  private readonly eventDays: RollingEventDays;

  constructor(
    seed: SeedV4,
    private readonly now: () => Date,
  ) {
    this.seed = structuredClone(seed);
    this.eventDays = new RollingEventDays(now);
  }

  get data() {
    return this.seed.data;
  }

  // ---- callers and permissions ---------------------------------------------------------------

  /** The caller behind a seeded employee's access token. */
  callerFor(userId: string): Caller | undefined {
    const e = this.data.employees.find((x) => x.userId === userId);
    if (!e) return undefined;
    const organizers = new Map<string, ReadonlySet<string>>();
    for (const key of e.counterKeys) {
      const counter = this.data.counters.find((c) => c.consumerKey === key);
      if (counter) organizers.set(key, new Set<string>(counter.ticketGroup ? SELLING_PERMISSIONS : LOOKUP_PERMISSIONS));
    }
    return { userId, organizers };
  }

  private may(caller: Caller, organizerId: string, permission: string): boolean {
    return caller.organizers.get(organizerId)?.has(permission) === true;
  }

  private mayAnywhere(caller: Caller, permission: string): boolean {
    return [...caller.organizers.values()].some((p) => p.has(permission));
  }

  /** May the caller do `permission` for this event (as its organizer or its location)? */
  private mayForEvent(caller: Caller, e: SimEvent, permission: string): boolean {
    return this.may(caller, e.organiserCounter, permission) || this.may(caller, e.locationCounter, permission);
  }

  private forbidden(detail: string) {
    return refuse(403, 'auth/forbidden', 'Forbidden', { detail });
  }

  /** GET /permissions */
  permissions(caller: Caller): unknown[] {
    return [...caller.organizers].map(([id, perms]) => {
      const counter = this.data.counters.find((c) => c.consumerKey === id)!;
      return {
        organizer: { id, name: counter.name, address: { postalCode: '1000', city: 'Brussel' } },
        permissions: [...perms],
        permissionDetails: [...perms].map((p) => ({ id: p, label: { nl: PERMISSION_LABELS[p] ?? p }, cardSystemIds: [1] })),
      };
    });
  }

  /** GET /organizers/{id}/admins */
  admins(caller: Caller, organizerId: string): Outcome<unknown> {
    if (!this.data.counters.some((c) => c.consumerKey === organizerId)) {
      return refuse(404, 'uitpas/organizer-not-found', 'Organizer not found');
    }
    if (!this.may(caller, organizerId, 'ORGANIZERS_ADMINS_READ')) return this.forbidden(`no ORGANIZERS_ADMINS_READ for ${organizerId}`);
    const staff = this.data.employees.filter((e) => e.counterKeys.includes(organizerId));
    return ok({
      totalItems: staff.length,
      member: staff.map((e) => ({ userId: e.userId, email: `${e.nick}@loket.example`, type: e.admin ? 'ADMIN' : 'MEMBER' })),
    });
  }

  // ---- passes -----------------------------------------------------------------------------------

  private holder(n: string): Holder | undefined {
    const p = this.data.passholders.find((x) => x.uitpasNumber === n);
    if (p) return { kind: 'person', p };
    const g = this.data.groupPasses.find((x) => x.uitpasNumber === n);
    return g ? { kind: 'group', g } : undefined;
  }

  private validNumber(n: string | undefined): boolean {
    return n !== undefined && /^\d{13}$/.test(n) && checkCardNumber(n).ok;
  }

  private groupExpired(g: SimGroupPass): boolean {
    return Date.parse(g.endDate) < this.now().getTime();
  }

  private passholderJson(p: SimPassholder): Record<string, unknown> {
    const social =
      p.kansenstatuut === 'none'
        ? undefined
        : {
            status: p.kansenstatuut === 'expired' ? 'EXPIRED' : p.kansenstatuut === 'suspended' ? 'SUSPENDED' : 'ACTIVE',
            endDate: p.kansenstatuutEndDate,
            inGracePeriod: p.kansenstatuut === 'grace',
            ...(p.kansenstatuut === 'suspended' && p.suspendedUntil ? { suspendedUntilDate: p.suspendedUntil } : {}),
            expired: p.kansenstatuut === 'expired',
          };
    const active = p.cardStatus === 'ACTIVE';
    return {
      id: p.uid,
      name: p.name,
      firstName: p.firstName,
      ...(active ? { uitpasNumber: p.uitpasNumber } : {}),
      ...(this.seed.insz[p.uitpasNumber] ? { inszNumber: this.seed.insz[p.uitpasNumber] } : {}),
      dateOfBirth: p.dateOfBirth.slice(0, 10),
      gender: p.gender,
      address: { postalCode: p.postalCode, city: p.city },
      // The spec types points as an integer.
      points: Math.floor(p.points),
      uitidStatus: 'REGISTERED',
      cardSystemMemberships: [
        {
          cardSystem: { id: Number(this.data.cardSystem.id), name: this.data.cardSystem.name },
          ...(active ? { uitpasNumber: p.uitpasNumber } : {}),
          currentCard: { uitpasNumber: p.uitpasNumber, cardType: 'NFC_CARD', status: p.cardStatus },
          status: 'ACTIVE',
          ...(social ? { socialTariff: social } : {}),
        },
      ],
    };
  }

  private grouppassJson(g: SimGroupPass): Record<string, unknown> {
    return {
      id: g.uuid,
      uitpasNumber: g.uitpasNumber,
      name: g.name,
      cardStatus: 'ACTIVE',
      socialTariff: {
        status: g.kansenStatuut && !this.groupExpired(g) ? 'ACTIVE' : 'EXPIRED',
        endDate: g.endDate,
        totalTicketsPerYear: g.ticketsPerYear,
        availableTickets: g.availableTickets,
      },
      cardSystem: { id: Number(this.data.cardSystem.id), name: this.data.cardSystem.name },
      address: { postalCode: '1000', city: 'Brussel' },
    };
  }

  /** GET /passholders: by an id field (any card system) or by name (the caller's card systems). */
  passholders(caller: Caller, q: Record<string, string>): Outcome<{ byId: boolean; page: unknown }> {
    if (!this.mayAnywhere(caller, 'PASSHOLDERS_SEARCH')) return this.forbidden('no PASSHOLDERS_SEARCH permission');
    const start = intParam(q.start, 0);
    const limit = intParam(q.limit, 20);
    if (start === undefined || limit === undefined) return refuse(404, 'url/not-found', 'Not Found', { detail: 'start/limit' });
    if (limit > MAX_LIMIT) return refuse(400, 'url/query-limit-exceeded', 'Query limit exceeded', { detail: `limit > ${MAX_LIMIT}` });
    if (q.organizerId !== undefined && !this.data.counters.some((c) => c.consumerKey === q.organizerId)) {
      return refuse(400, 'uitpas/organizer-not-found', 'Organizer not found');
    }
    if (q.uitpasNumber !== undefined && !this.validNumber(q.uitpasNumber)) {
      return refuse(400, 'uitpas/invalid-uitpas-number', 'Invalid uitpas number', { endUserMessage: MESSAGES.invalidNumber });
    }
    for (const k of ['dateOfBirthFrom', 'dateOfBirthTo'] as const) {
      if (q[k] !== undefined && !isCalendarDay(q[k])) return refuse(404, 'url/not-found', 'Not Found', { detail: `${k} is not a date` });
    }
    const byId = q.uitpasNumber !== undefined || q.inszNumber !== undefined || q.chipNumber !== undefined;
    const chipOwner = Object.entries(this.seed.chips).find(([, chip]) => chip === q.chipNumber?.toUpperCase())?.[0];
    const inszOwner = Object.entries(this.seed.insz).find(([, insz]) => insz === q.inszNumber)?.[0];
    const matches = this.data.passholders
      .filter((p) => q.uitpasNumber === undefined || p.uitpasNumber === q.uitpasNumber)
      .filter((p) => q.inszNumber === undefined || p.uitpasNumber === inszOwner)
      .filter((p) => q.chipNumber === undefined || p.uitpasNumber === chipOwner)
      // "Complete or partial" names: a part anywhere in the name matches, case-insensitive.
      .filter((p) => q.name === undefined || contains(p.name, q.name))
      .filter((p) => q.firstName === undefined || contains(p.firstName, q.firstName))
      .filter((p) => q.dateOfBirthFrom === undefined || p.dateOfBirth.slice(0, 10) >= q.dateOfBirthFrom)
      .filter((p) => q.dateOfBirthTo === undefined || p.dateOfBirth.slice(0, 10) <= q.dateOfBirthTo)
      .sort((a, b) => a.name.localeCompare(b.name, 'nl') || a.firstName.localeCompare(b.firstName, 'nl'));
    return ok({
      byId,
      page: { totalItems: matches.length, member: matches.slice(start, start + limit).map((p) => this.passholderJson(p)) },
    });
  }

  /** GET /grouppasses: by uitpasNumber or chipNumber only (as the spec says for now). */
  grouppasses(caller: Caller, q: Record<string, string>): Outcome<unknown> {
    if (!this.mayAnywhere(caller, 'GROUPPASSES_SEARCH')) return this.forbidden('no GROUPPASSES_SEARCH permission');
    if (q.uitpasNumber === undefined && q.chipNumber === undefined) {
      return refuse(404, 'url/not-found', 'Not Found', { detail: 'uitpasNumber or chipNumber is required' });
    }
    if (q.uitpasNumber !== undefined && !this.validNumber(q.uitpasNumber)) {
      return refuse(400, 'uitpas/invalid-uitpas-number', 'Invalid uitpas number', { endUserMessage: MESSAGES.invalidNumber });
    }
    const chipOwner = Object.entries(this.seed.chips).find(([, chip]) => chip === q.chipNumber?.toUpperCase())?.[0];
    const found = this.data.groupPasses.filter(
      (g) =>
        (q.uitpasNumber === undefined || g.uitpasNumber === q.uitpasNumber) && (q.chipNumber === undefined || g.uitpasNumber === chipOwner),
    );
    return ok({ totalItems: found.length, member: found.map((g) => this.grouppassJson(g)) });
  }

  // ---- tariffs ----------------------------------------------------------------------------------

  private event(id: string | undefined): SimEvent | undefined {
    this.rollDates();
    return this.data.events.find((e) => e.cdbid === id?.toLowerCase());
  }

  private live(): SaleV4[] {
    return this.sales.filter((s) => !s.cancelled);
  }

  /** Kansentarief tickets a person already has for an event. */
  private socialUsed(number: string, eventId: string): number {
    return this.live().filter((s) => s.uitpasNumber === number && s.eventId === eventId && s.tariffType === 'SOCIALTARIFF').length;
  }

  private couponRemaining(number: string, c: SimCoupon, e: SimEvent): number {
    if (Date.parse(c.validTo) < this.now().getTime()) return 0;
    const forEvent = this.live().filter((s) => s.uitpasNumber === number && s.couponId === c.id && s.eventId === e.cdbid).length;
    const since = periodStartMs(c.exchangeConstraint.periodType, this.now());
    const inPeriod = this.live().filter(
      (s) => s.uitpasNumber === number && s.couponId === c.id && Date.parse(s.creationDate) >= since,
    ).length;
    return Math.max(0, Math.min(c.buyConstraint.periodVolume - forEvent, c.exchangeConstraint.periodVolume - inPeriod));
  }

  /** The kansentarief for a regular price: the seed's for that price class, else a quarter of it. */
  private socialPrice(e: SimEvent, regularCents: number): number {
    return e.priceClasses.find((pc) => pc.priceCents === regularCents)?.tariffCents ?? Math.round(regularCents / 4);
  }

  /** What a pass may buy for an event at a regular price: the offers, or why no kansentarief. */
  private offers(h: Holder, e: SimEvent, regularCents: number): { offers: Offer[]; social?: SocialRefusal } {
    const offers: Offer[] = [];
    let social: SocialRefusal | undefined;
    const number = h.kind === 'person' ? h.p.uitpasNumber : h.g.uitpasNumber;
    if (h.kind === 'person') {
      const p = h.p;
      if (p.cardStatus !== 'ACTIVE') social = 'card';
      else if (p.kansenstatuut === 'expired') social = 'expired';
      else if (p.kansenstatuut === 'suspended') social = 'suspended';
      else if (p.kansenstatuut === 'none') social = 'none';
      else {
        const remaining = e.perPassholderLimit - this.socialUsed(number, e.cdbid);
        if (remaining <= 0) social = 'maximum';
        else offers.push(this.socialOffer(e, regularCents, remaining));
      }
    } else {
      const g = h.g;
      if (!g.kansenStatuut) social = 'none';
      else if (this.groupExpired(g)) social = 'expired';
      else if (g.availableTickets <= 0) social = 'maximum';
      else offers.push(this.socialOffer(e, regularCents, g.availableTickets));
    }
    const couponIds = h.kind === 'person' ? h.p.couponIds : h.g.couponIds;
    if (social !== 'card') {
      for (const c of this.data.coupons.filter((x) => couponIds.includes(x.id) && x.cdbids.includes(e.cdbid))) {
        const remaining = this.couponRemaining(number, c, e);
        if (remaining <= 0) continue;
        offers.push({
          id: couponTariffId(c.id),
          name: c.name,
          type: 'COUPON',
          priceCents: Math.min(regularCents, c.tariffCents),
          remaining,
          coupon: c,
        });
      }
    }
    return { offers, ...(social ? { social } : {}) };
  }

  private socialOffer(e: SimEvent, regularCents: number, remaining: number): Offer {
    return {
      id: this.seed.socialTariffId,
      name: 'Kansentarief',
      type: 'SOCIALTARIFF',
      priceCents: this.socialPrice(e, regularCents),
      remaining,
    };
  }

  private socialProblem(why: SocialRefusal, h: Holder) {
    switch (why) {
      case 'expired':
        return refuse(400, 'uitpas/social-tariff-expired', 'Social tariff expired', { endUserMessage: MESSAGES.socialExpired });
      case 'suspended':
        return refuse(400, 'uitpas/social-tariff-suspended', 'Social tariff suspended', { endUserMessage: MESSAGES.socialSuspended });
      case 'maximum':
        return refuse(400, 'uitpas/maximum-reached', 'Maximum reached', { endUserMessage: MESSAGES.maximum });
      case 'card':
        return refuse(400, 'uitpas/invalid-card-status', 'Invalid card status', {
          endUserMessage: MESSAGES.cardStatus,
          cardStatus: h.kind === 'person' ? h.p.cardStatus : 'ACTIVE',
        });
      case 'none':
        return refuse(400, 'uitpas/invalid-card', 'Invalid card', { endUserMessage: MESSAGES.noSocial });
    }
  }

  /** Event, card and permission checks shared by GET /tariffs and each POST item. */
  private resolve(
    caller: Caller,
    eventId: string | undefined,
    uitpasNumber: string | undefined,
    permission: string,
  ): Outcome<{ e: SimEvent; h: Holder }> {
    const e = this.event(eventId);
    if (!e) return refuse(400, 'uitpas/event-not-found', `Event id ${eventId ?? ''} not found`);
    if (!this.mayForEvent(caller, e, permission)) return this.forbidden(`no ${permission} for the organizer of event ${e.cdbid}`);
    if (!this.validNumber(uitpasNumber)) {
      return refuse(400, 'uitpas/invalid-uitpasnumber', 'UiTPAS number invalid', { endUserMessage: MESSAGES.invalidNumber });
    }
    const h = this.holder(uitpasNumber!);
    if (!h) return refuse(400, 'uitpas/passholder-not-found', 'Passholder not found', { endUserMessage: MESSAGES.unknownPass });
    return ok({ e, h });
  }

  /** GET /tariffs?eventId&uitpasNumber&regularPrice[&type] */
  tariffs(caller: Caller, q: Record<string, string>): Outcome<unknown> {
    if (q.eventId === undefined || q.uitpasNumber === undefined || q.regularPrice === undefined) {
      return refuse(404, 'url/not-found', 'Not Found', { detail: 'eventId, uitpasNumber and regularPrice are required' });
    }
    const regular = Number(q.regularPrice);
    if (!/^\d{1,7}(\.\d{1,2})?$/.test(q.regularPrice) || !Number.isFinite(regular)) {
      return refuse(404, 'url/not-found', 'Not Found', { detail: 'regularPrice is not a price' });
    }
    const type = q.type ?? 'ANY';
    if (!['ANY', 'SOCIALTARIFF', 'COUPON'].includes(type)) return refuse(404, 'url/not-found', 'Not Found', { detail: 'type' });
    const r = this.resolve(caller, q.eventId, q.uitpasNumber, 'TARIFFS_READ');
    if (!r.ok) return r;
    const { e, h } = r.value;
    const regularCents = cents(regular);
    if (regularCents === 0) return ok({ available: [] });
    const { offers, social } = this.offers(h, e, regularCents);
    const shown = offers.filter((o) => type === 'ANY' || o.type === type);
    const wantsSocial = type !== 'COUPON';
    // A card that cannot be used, or a kansenstatuut that has run out with nothing else on offer,
    // is an error; what merely is not available is a 200 with a message (the spec's examples).
    if (social === 'card') return this.socialProblem('card', h);
    if (wantsSocial && (social === 'expired' || social === 'suspended') && shown.length === 0) return this.socialProblem(social, h);
    const message =
      wantsSocial && social !== undefined
        ? social === 'maximum'
          ? MESSAGES.maximum
          : social === 'expired'
            ? MESSAGES.socialExpired
            : social === 'suspended'
              ? MESSAGES.socialSuspended
              : shown.length === 0
                ? MESSAGES.noSocial
                : undefined
        : undefined;
    return ok({
      available: shown.map((o) => ({ id: o.id, name: o.name, price: euro(o.priceCents), type: o.type, remaining: o.remaining })),
      ...(message ? { endUserMessage: message } : {}),
    });
  }

  // ---- ticket sales -----------------------------------------------------------------------------

  /**
   * POST /ticket-sales: every item is checked in order against what the items before it would
   * use, and only when all pass is anything registered (all or nothing). The returned function
   * commits; split so faults can strike between checking and committing.
   */
  prepareSales(caller: Caller, body: string): Outcome<() => SaleV4[]> {
    if (body.trim() === '') return refuse(400, 'body/missing', 'Body missing');
    let items: unknown;
    try {
      items = JSON.parse(body);
    } catch (e) {
      return refuse(400, 'body/invalid-syntax', 'Invalid body syntax', { detail: (e as Error).message });
    }
    if (!Array.isArray(items)) {
      return refuse(400, 'body/invalid-data', 'Invalid body data', { schemaErrors: [{ jsonPointer: '/', error: 'must be an array' }] });
    }
    if (items.length === 0)
      return refuse(400, 'uitpas/invalid-number-of-tickets', 'Invalid number of tickets', { detail: 'no ticket sales' });
    const planned: Omit<SaleV4, 'id' | 'creationDate' | 'batch' | 'cancelled'>[] = [];
    for (const [i, raw] of items.entries()) {
      const pointer = `/${i}`;
      const bad = this.itemShapeError(raw);
      if (bad)
        return refuse(400, 'body/invalid-data', 'Invalid body data', {
          schemaErrors: [{ jsonPointer: `${pointer}${bad.at}`, error: bad.error }],
        });
      const item = raw as {
        regularPrice: number;
        regularPriceLabel?: string;
        tariff: { id: string };
        eventId: string;
        uitpasNumber: string;
      };
      const r = this.resolve(caller, item.eventId, item.uitpasNumber, 'TICKETSALES_REGISTER');
      if (!r.ok) return { ok: false, problem: { ...r.problem, jsonPointer: pointer } };
      const { e, h } = r.value;
      const regularCents = cents(item.regularPrice);
      if (regularCents === 0) {
        return refuse(400, 'body/invalid-data', 'Invalid body data', {
          jsonPointer: pointer,
          schemaErrors: [{ jsonPointer: `${pointer}/regularPrice`, error: 'a discount needs a regular price above 0' }],
        });
      }
      // Offers as they would be after the items before this one.
      const { offers, social } = this.withPlanned(planned, () => this.offers(h, e, regularCents));
      const offer = offers.find((o) => o.id === item.tariff.id);
      if (!offer) {
        const fail =
          item.tariff.id === this.seed.socialTariffId
            ? this.socialProblem(social ?? 'maximum', h)
            : refuse(400, 'uitpas/invalid-coupon', 'Invalid coupon', { endUserMessage: MESSAGES.coupon });
        // Another coupon use after the last one is "maximum reached", like a second kansentarief.
        const known = this.data.coupons.find((c) => couponTariffId(c.id) === item.tariff.id);
        const exhausted =
          known && (h.kind === 'person' ? h.p.couponIds : h.g.couponIds).includes(known.id) && known.cdbids.includes(e.cdbid);
        const problem =
          exhausted && social !== 'card'
            ? refuse(400, 'uitpas/maximum-reached', 'Maximum reached', { endUserMessage: MESSAGES.maximum })
            : fail;
        return { ok: false, problem: { ...problem.problem, jsonPointer: pointer } };
      }
      planned.push({
        eventId: e.cdbid,
        eventTitle: e.title,
        organizerId: e.organiserCounter,
        locationId: e.locationCounter,
        uitpasNumber: item.uitpasNumber,
        ...(h.kind === 'person' ? { passholderId: h.p.uid } : {}),
        groupPass: h.kind === 'group',
        tariffId: offer.id,
        tariffType: offer.type,
        tariffName: offer.name,
        ...(offer.coupon ? { couponId: offer.coupon.id } : {}),
        regularPriceCents: regularCents,
        ...(item.regularPriceLabel !== undefined ? { regularPriceLabel: item.regularPriceLabel } : {}),
        tariffCents: offer.priceCents,
      });
    }
    return ok(() => {
      const batch = this.nextBatch++;
      const creationDate = brusselsDateTime(this.now());
      return planned.map((p) => {
        const sale: SaleV4 = { ...p, id: String(this.nextSaleId++), creationDate, batch, cancelled: false };
        if (sale.groupPass && sale.tariffType === 'SOCIALTARIFF') this.groupPass(sale.uitpasNumber)!.availableTickets -= 1;
        this.sales.push(sale);
        return sale;
      });
    });
  }

  /** Runs `fn` as if `planned` were registered already (then takes them back). */
  private withPlanned<T>(planned: readonly Omit<SaleV4, 'id' | 'creationDate' | 'batch' | 'cancelled'>[], fn: () => T): T {
    const temporary = planned.map((p, i) => ({
      ...p,
      id: `planned-${i}`,
      creationDate: brusselsDateTime(this.now()),
      batch: 0,
      cancelled: false,
    }));
    const groups = temporary.filter((s) => s.groupPass && s.tariffType === 'SOCIALTARIFF').map((s) => this.groupPass(s.uitpasNumber)!);
    this.sales.push(...temporary);
    for (const g of groups) g.availableTickets -= 1;
    try {
      return fn();
    } finally {
      this.sales.splice(this.sales.length - temporary.length, temporary.length);
      for (const g of groups) g.availableTickets += 1;
    }
  }

  private groupPass(n: string): SimGroupPass | undefined {
    return this.data.groupPasses.find((g) => g.uitpasNumber === n);
  }

  /** The spec's TicketSale request shape, checked by hand: where it is wrong, or undefined. */
  private itemShapeError(raw: unknown): { at: string; error: string } | undefined {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { at: '', error: 'must be an object' };
    const o = raw as Record<string, unknown>;
    if (typeof o.regularPrice !== 'number' || !Number.isFinite(o.regularPrice) || o.regularPrice < 0)
      return { at: '/regularPrice', error: 'must be a number >= 0' };
    if (o.regularPriceLabel !== undefined && typeof o.regularPriceLabel !== 'string')
      return { at: '/regularPriceLabel', error: 'must be a string' };
    const t = o.tariff as Record<string, unknown> | undefined;
    if (typeof t !== 'object' || t === null || typeof t.id !== 'string' || t.id === '') return { at: '/tariff/id', error: 'is required' };
    if (typeof o.eventId !== 'string' || o.eventId === '') return { at: '/eventId', error: 'is required' };
    if (typeof o.uitpasNumber !== 'string' || o.uitpasNumber === '') return { at: '/uitpasNumber', error: 'is required' };
    return undefined;
  }

  /** A registered ticket as the API shows it; the passholder only with PASSHOLDERS_SEARCH. */
  saleJson(caller: Caller, s: SaleV4, opts: { omitPassholder?: boolean } = {}): Record<string, unknown> {
    const p = s.passholderId ? this.data.passholders.find((x) => x.uid === s.passholderId) : undefined;
    const showPerson =
      p !== undefined &&
      !opts.omitPassholder &&
      (this.may(caller, s.organizerId, 'PASSHOLDERS_SEARCH') || this.may(caller, s.locationId, 'PASSHOLDERS_SEARCH'));
    return {
      id: s.id,
      creationDate: s.creationDate,
      tariff: { id: s.tariffId, name: s.tariffName, price: euro(s.tariffCents), type: s.tariffType },
      eventId: s.eventId,
      eventTitle: s.eventTitle,
      uitpasNumber: s.uitpasNumber,
      regularPrice: euro(s.regularPriceCents),
      ...(s.regularPriceLabel !== undefined ? { regularPriceLabel: s.regularPriceLabel } : {}),
      ...(showPerson ? { passholder: { id: p.uid, name: p.name, firstName: p.firstName } } : {}),
    };
  }

  /** DELETE /ticket-sales/{id}: one ticket; an unknown or cancelled id is ticket-sale-not-found. */
  cancel(caller: Caller, id: string): Outcome<SaleV4> {
    const sale = this.sales.find((s) => s.id === id && !s.cancelled);
    if (!sale) return refuse(404, 'uitpas/ticket-sale-not-found', 'Ticket sale not found');
    if (!this.may(caller, sale.organizerId, 'TICKETSALES_REGISTER') && !this.may(caller, sale.locationId, 'TICKETSALES_REGISTER')) {
      return this.forbidden('no TICKETSALES_REGISTER for the organizer of this ticket sale');
    }
    sale.cancelled = true;
    sale.cancelledAt = brusselsDateTime(this.now());
    // Cancelling gives the group pass its ticket back (as the XML simulator assumes).
    if (sale.groupPass && sale.tariffType === 'SOCIALTARIFF') this.groupPass(sale.uitpasNumber)!.availableTickets += 1;
    return ok(sale);
  }

  /**
   * GET /ticket-sales: eventId and/or passholderId (the latter with organizerId), repeated
   * organizerId, start/limit (limit at most 500). Cancelled sales are not listed. `lagMs`: sales
   * younger than that are not found yet (an index that lags).
   */
  searchSales(
    caller: Caller,
    q: { eventId?: string; passholderId?: string; organizerIds: string[]; eventTitle?: string; start?: string; limit?: string },
    opts: { lagMs?: number; omitPassholder?: boolean; pageCap?: number } = {},
  ): Outcome<unknown> {
    if (q.eventId === undefined && q.passholderId === undefined) {
      return refuse(404, 'url/not-found', 'Not Found', { detail: 'eventId or passholderId is required' });
    }
    if (q.passholderId !== undefined && q.organizerIds.length === 0) {
      return refuse(404, 'url/not-found', 'Not Found', { detail: 'organizerId is required with passholderId' });
    }
    const start = intParam(q.start, 0);
    const limit = intParam(q.limit, 20);
    if (start === undefined || limit === undefined) return refuse(404, 'url/not-found', 'Not Found', { detail: 'start/limit' });
    if (limit > MAX_LIMIT) return refuse(400, 'url/query-limit-exceeded', 'Query limit exceeded', { detail: `limit > ${MAX_LIMIT}` });
    for (const org of q.organizerIds) {
      if (!this.may(caller, org, 'TICKETSALES_SEARCH')) return this.forbidden(`no TICKETSALES_SEARCH for ${org}`);
    }
    const indexedUntil = this.now().getTime() - (opts.lagMs ?? 0);
    const visible = this.live()
      .filter((s) => (opts.lagMs ?? 0) === 0 || Date.parse(s.creationDate) <= indexedUntil)
      .filter((s) => this.may(caller, s.organizerId, 'TICKETSALES_SEARCH') || this.may(caller, s.locationId, 'TICKETSALES_SEARCH'))
      .filter((s) => q.organizerIds.length === 0 || q.organizerIds.includes(s.organizerId) || q.organizerIds.includes(s.locationId))
      .filter((s) => q.eventId === undefined || s.eventId === q.eventId.toLowerCase())
      .filter((s) => q.passholderId === undefined || s.passholderId === q.passholderId)
      .filter((s) => q.eventTitle === undefined || contains(s.eventTitle, q.eventTitle));
    const size = Math.min(limit, opts.pageCap ?? limit);
    return ok({
      totalItems: visible.length,
      member: visible.slice(start, start + size).map((s) => this.saleJson(caller, s, opts.omitPassholder ? { omitPassholder: true } : {})),
    });
  }

  // ---- UiTdatabank Search API -----------------------------------------------------------------

  /** A demo event as UiTdatabank's JSON-LD (the parts a counter reads). */
  private eventJson(e: SimEvent, uitpasPrices: boolean): Record<string, unknown> {
    const start = brusselsLocalToIso(e.date, e.time);
    const base = e.priceClasses[0]!;
    const priceInfo: Record<string, unknown>[] = e.priceClasses.map((pc, i) => ({
      category: i === 0 ? 'base' : 'tariff',
      name: { nl: pc.name },
      price: euro(pc.priceCents),
      priceCurrency: 'EUR',
    }));
    if (uitpasPrices && base.priceCents > 0) {
      priceInfo.push({
        category: 'uitpas',
        name: { nl: `Kansentarief met ${this.data.cardSystem.name}` },
        price: euro(base.tariffCents),
        priceCurrency: 'EUR',
      });
    }
    return {
      '@id': `https://io-test.uitdatabank.be/events/${e.cdbid}`,
      '@type': 'Event',
      mainLanguage: 'nl',
      name: { nl: e.title },
      location: {
        '@id': `https://io-test.uitdatabank.be/places/${e.locationCounter}`,
        name: { nl: e.locationName },
        address: { nl: { addressCountry: 'BE', addressLocality: e.city, postalCode: '1000', streetAddress: 'Grote Markt 1' } },
      },
      organizer: { '@id': `https://io-test.uitdatabank.be/organizers/${e.organiserCounter}`, name: { nl: e.organiserName } },
      calendarType: 'single',
      startDate: start,
      endDate: start,
      priceInfo,
      labels: [this.data.cardSystem.name],
    };
  }

  /** GET /events/ of the Search API (only events: every demo event is a UiTPAS event). */
  searchEvents(q: Record<string, string>): Outcome<unknown> {
    this.rollDates();
    const start = intParam(q.start, 0);
    const limit = intParam(q.limit, 30);
    if (start === undefined || start > SEARCH_MAX_START)
      return refuse(404, 'url/not-found', 'Not Found', { detail: `The "start" parameter should be between 0 and ${SEARCH_MAX_START}` });
    if (limit === undefined || limit > SEARCH_MAX_LIMIT)
      return refuse(404, 'url/not-found', 'Not Found', { detail: `The "limit" parameter should be between 0 and ${SEARCH_MAX_LIMIT}` });
    const bad = ['dateFrom', 'dateTo'].find((k) => q[k] !== undefined && Number.isNaN(Date.parse(q[k])));
    if (bad) return refuse(400, 'url/not-found', 'Not Found', { detail: `${bad} is not a date-time` });
    const from = q.dateFrom ? Date.parse(q.dateFrom) : -Infinity;
    const to = q.dateTo ? Date.parse(q.dateTo) : Infinity;
    const matches = this.data.events
      .filter(() => q.uitpas !== 'false')
      .filter((e) => q.organizerId === undefined || e.organiserCounter === q.organizerId)
      .filter((e) => q.id === undefined || e.cdbid === q.id.toLowerCase())
      .filter((e) => q.text === undefined || contains(`${e.title} ${e.locationName} ${e.organiserName}`, q.text))
      .filter((e) => {
        const t = Date.parse(brusselsLocalToIso(e.date, e.time));
        return t >= from && t <= to;
      })
      .sort((a, b) => (a.date + a.time).localeCompare(b.date + b.time));
    const page = matches.slice(start, start + limit);
    const embed = q.embed === 'true';
    return ok({
      '@context': 'http://www.w3.org/ns/hydra/context.jsonld',
      '@type': 'PagedCollection',
      itemsPerPage: limit,
      totalItems: matches.length,
      member: page.map((e) =>
        embed
          ? this.eventJson(e, q.embedUitpasPrices === 'true')
          : { '@id': `https://io-test.uitdatabank.be/events/${e.cdbid}`, '@type': 'Event' },
      ),
    });
  }

  private rollDates(): void {
    this.eventDays.roll(this.data.events);
  }
}
