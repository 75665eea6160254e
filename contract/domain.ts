/**
 * Domain types shared by main and renderer: what UiTPAS tells us, in our own terms (not XML).
 * Money is always integer euro cents, never floats. Dates are ISO-8601 strings with an offset.
 */
import { z } from 'zod';

export const Cents = z.number().int().nonnegative();

/** A validated 13-digit UiTPAS number (the full check lives in main/uitpas/card-number.ts). */
export const UitpasNumber = z.string().regex(/^\d{13}$/, 'a UiTPAS number has 13 digits');

export const PeriodType = z.enum(['ABSOLUTE', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']);
export const PeriodConstraint = z.object({ periodType: PeriodType, periodVolume: z.number().int() });
export type PeriodConstraint = z.infer<typeof PeriodConstraint>;

export const CardStatus = z.enum(['ACTIVE', 'BLOCKED', 'DELETED', 'LOCAL_STOCK', 'STOCK', 'PROVISIONED', 'SENT_TO_BALIE']);
export type CardStatus = z.infer<typeof CardStatus>;

/**
 * A text UiTPAS wrote for the person at the counter, per language (API 4 `endUserMessage`): `nl`
 * always, the others when UiTPAS has them. Shown in the employee's language, else in Dutch.
 */
export const EndUserMessage = z.object({
  nl: z.string(),
  fr: z.string().optional(),
  en: z.string().optional(),
  de: z.string().optional(),
});
export type EndUserMessage = z.infer<typeof EndUserMessage>;

export const Coupon = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  validFrom: z.string().optional(),
  validTo: z.string().optional(),
  expired: z.boolean().optional(),
  buyConstraint: PeriodConstraint.optional(),
  exchangeConstraint: PeriodConstraint.optional(),
  remainingTotal: PeriodConstraint.optional(),
});
export type Coupon = z.infer<typeof Coupon>;

/** Kansenstatuut is shown, never stored locally (UiTPAS privacy rule). */
export const KansenstatuutStatus = z.enum(['active', 'grace', 'expired', 'suspended']);
export const Kansenstatuut = z.object({
  cardSystem: z.string(),
  status: KansenstatuutStatus,
  endDate: z.string().optional(),
  suspendedUntil: z.string().optional(),
});
export type Kansenstatuut = z.infer<typeof Kansenstatuut>;

export const Card = z.object({
  uitpasNumber: UitpasNumber,
  status: CardStatus,
  kansenpas: z.boolean(),
  cardSystem: z.string().optional(),
  cardType: z.string().optional(),
});

export const Passholder = z.object({
  kind: z.literal('passholder'),
  uitpasNumber: UitpasNumber,
  /** UiTiD uid: the key for searchTicketsales (reconciliation). */
  uid: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  dateOfBirth: z.string().optional(),
  city: z.string().optional(),
  points: z.number().optional(),
  card: Card,
  kansenstatuut: z.array(Kansenstatuut),
  coupons: z.array(Coupon),
  /** A warning code UiTPAS attached to a successful lookup (e.g. KANSENSTATUUT_EXPIRED). */
  notice: z.string().optional(),
});
export type Passholder = z.infer<typeof Passholder>;

/**
 * One passholder found by name and date of birth (`passholder/search`), enough to tell namesakes
 * apart at the counter. Without a current card there is nothing to load: `uitpasNumber` is absent.
 */
export const PassholderHit = z.object({
  uitpasNumber: UitpasNumber.optional(),
  uid: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  /** The day of birth, YYYY-MM-DD (as written in the reply, whatever its offset). */
  dateOfBirth: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  city: z.string().optional(),
  cardStatus: CardStatus.optional(),
  kansenpas: z.boolean(),
});
export type PassholderHit = z.infer<typeof PassholderHit>;

export const GroupPass = z.object({
  kind: z.literal('group'),
  uitpasNumber: UitpasNumber,
  name: z.string(),
  availableTickets: z.number().int().nonnegative(),
  ticketsPerYear: z.number().int().nonnegative().optional(),
  endDate: z.string().optional(),
  kansenstatuut: z.boolean(),
  expired: z.boolean(),
  card: Card.optional(),
  coupons: z.array(Coupon),
  notice: z.string().optional(),
});
export type GroupPass = z.infer<typeof GroupPass>;

export const Identification = z.discriminatedUnion('kind', [Passholder, GroupPass]);
export type Identification = z.infer<typeof Identification>;

/** Why UiTPAS grants no discount (event search `buyConstraintReason`). */
export const BuyConstraintReason = z.string();

export const PriceClass = z.object({ name: z.string(), priceCents: Cents, tariffCents: Cents });
export type PriceClass = z.infer<typeof PriceClass>;

/** One way to buy (event search `ticketSale` opportunity): the kansentarief (DEFAULT) or a coupon. */
export const TariffOption = z.object({
  type: z.enum(['DEFAULT', 'COUPON']),
  coupon: Coupon.optional(),
  priceClasses: z.array(PriceClass),
  buyConstraintReason: BuyConstraintReason.optional(),
  remainingForEvent: PeriodConstraint.optional(),
  remainingTotal: PeriodConstraint.optional(),
});
export type TariffOption = z.infer<typeof TariffOption>;

export const Activity = z.object({
  cdbid: z.string(),
  title: z.string(),
  locationName: z.string().optional(),
  city: z.string().optional(),
  organiserName: z.string().optional(),
  /** Human summary from UiTPAS (e.g. "za 28/11/26 om 20:00"). */
  calendarSummary: z.string().optional(),
  startDate: z.string().optional(),
  priceCents: Cents,
  tariffCents: Cents,
  tariffs: z.array(TariffOption),
  buyConstraintReason: BuyConstraintReason.optional(),
});
export type Activity = z.infer<typeof Activity>;

export const DateRange = z.enum(['today', 'next7days', 'next30days', 'date']);
export const ActivityQuery = z.object({
  uitpasNumber: UitpasNumber.optional(),
  range: DateRange.default('today'),
  /** YYYY-MM-DD, with range 'date'. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  text: z.string().max(200).optional(),
  start: z.number().int().nonnegative().default(0),
  max: z.number().int().positive().max(100).default(50),
});
export type ActivityQuery = z.infer<typeof ActivityQuery>;

export const ActivityPage = z.object({ total: z.number().int(), items: z.array(Activity) });
export type ActivityPage = z.infer<typeof ActivityPage>;

/** A sale as UiTPAS registered it (buy reply, searchTicketsales item). */
export const TicketSale = z.object({
  id: z.string(),
  cdbid: z.string(),
  title: z.string().optional(),
  creationDate: z.string(),
  /** Regular price of the event (docs/uitpas-xml-api.md §7.3: price = regular, tariff = paid). */
  priceCents: Cents,
  tariffCents: Cents,
  userId: z.string().optional(),
  uitpasNumber: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  createdVia: z.string().optional(),
  location: z.string().optional(),
  organiser: z.string().optional(),
  groupPass: z.boolean(),
  coupon: Coupon.optional(),
  /** Only where the API says so (not in the XML API 3.0 reply): reconciliation compares them. */
  amountOfTickets: z.number().int().positive().optional(),
  priceClass: z.string().optional(),
  /**
   * A search record that is one ticket of a registration that may hold more: API 4 lists one
   * record per ticket and does not say which belong together (the XML API never sets this).
   */
  singleTicket: z.literal(true).optional(),
});
export type TicketSale = z.infer<typeof TicketSale>;

export const Counter = z.object({
  id: z.string(),
  consumerKey: z.string(),
  name: z.string(),
  role: z.string().optional(),
  actorId: z.string().optional(),
  /** In the "Checkin- en ticketbalies" group: allowed to sell tickets. */
  canSell: z.boolean(),
});
export type Counter = z.infer<typeof Counter>;

/** A UiTiD user working at a counter (`balie/listEmployees`): uid and nick, admin or member. */
export const CounterEmployee = z.object({
  uid: z.string().min(1),
  nick: z.string().min(1),
  role: z.enum(['admin', 'member']),
});
export type CounterEmployee = z.infer<typeof CounterEmployee>;

export const Connectivity = z.object({
  /** degraded: UiTPAS answers, but its ticket-sale search fails (uncertain sales cannot settle). */
  state: z.enum(['online', 'degraded', 'offline', 'unknown']),
  /** ISO time of the last successful exchange with UiTPAS. */
  lastContact: z.string().optional(),
  detail: z.string().optional(),
});
export type Connectivity = z.infer<typeof Connectivity>;
