/**
 * The UiTPAS API 4.0 (JSON) and UiTdatabank Search API shapes Loket reads and writes, as zod
 * schemas: exactly the parts Loket uses, nothing more (docs/uitpas-json-api.md lists them with their
 * sources). Response objects strip what they do not name, so a field UiTPAS adds later is ignored
 * rather than refused; a field Loket relies on that is missing or of the wrong type is refused
 * (the client turns that into a `bad-response`). Where the spec leaves a field optional that
 * Loket cannot do without (a tariff's price, a ticket sale's creation date in a search), the
 * schema requires it and says so.
 */
import { z } from 'zod';
import { EndUserMessage } from '../../../contract/domain.js';

// ---- errors (RFC 7807, publiq's Error model: cultuurnet/apidocs projects/errors/models/Error.json)

/** `endUserMessage`: `nl` always, the other languages when UiTPAS has them (the domain's shape). */
export { EndUserMessage };

export const Problem = z.object({
  type: z.string().min(1),
  title: z.string(),
  // The Error model says integer; publiq's own format page shows "404" as a string. Both are read.
  status: z.union([z.number().int(), z.string().regex(/^\d{3}$/)]),
  detail: z.string().optional(),
  endUserMessage: EndUserMessage.optional(),
  schemaErrors: z.array(z.object({ jsonPointer: z.string(), error: z.string() })).optional(),
  /** POST /ticket-sales: which item of the array was refused (e.g. "/2"). */
  jsonPointer: z.string().optional(),
  /** invalid-card-status: the card's actual status, when UiTPAS says it. */
  cardStatus: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

// ---- tariffs and ticket sales -----------------------------------------------------------------

/** Euro amounts are JSON numbers (10, 1.5); converted to cents by the mappers, never summed as floats. */
const Euro = z.number().nonnegative().finite();

/** `Tariff` as sent in a registration: only the id is needed. */
export const TariffRef = z.object({ id: z.string().min(1) });

/** `TariffAvailibility` (sic, the spec's name) of GET /tariffs; Loket needs price and type to show it. */
export const AvailableTariff = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  price: Euro,
  /** SOCIALTARIFF or COUPON in the spec; kept a string so a new kind is not a broken reply. */
  type: z.string(),
  remaining: z.number().int().nonnegative(),
});
export type AvailableTariff = z.infer<typeof AvailableTariff>;

export const TariffsResponse = z.object({
  available: z.array(AvailableTariff),
  endUserMessage: EndUserMessage.optional(),
});
export type TariffsResponse = z.infer<typeof TariffsResponse>;

/** One item of the POST /ticket-sales body: one ticket. Strict: Loket sends nothing else. */
export const TicketSaleRequest = z.strictObject({
  regularPrice: Euro,
  regularPriceLabel: z.string().min(1).optional(),
  tariff: z.strictObject({ id: z.string().min(1) }),
  eventId: z.string().min(1),
  uitpasNumber: z.string().min(1),
});
export type TicketSaleRequest = z.infer<typeof TicketSaleRequest>;

export const TicketSalesRequest = z.array(TicketSaleRequest).min(1);

/** The passholder embedded in a ticket sale (only with PASSHOLDERS_SEARCH permission). */
const EmbeddedPassholder = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  firstName: z.string().optional(),
});

const TicketSaleTariff = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  price: Euro.optional(),
  type: z.string().optional(),
});

/** A registered ticket sale as POST /ticket-sales answers it (the reply may leave out the price). */
export const TicketSale = z.object({
  id: z.string().min(1),
  creationDate: z.string().optional(),
  regularPrice: Euro.optional(),
  regularPriceLabel: z.string().optional(),
  tariff: TicketSaleTariff,
  eventId: z.string().min(1),
  eventTitle: z.string().optional(),
  uitpasNumber: z.string().min(1),
  passholder: EmbeddedPassholder.optional(),
});
export type TicketSale = z.infer<typeof TicketSale>;

export const TicketSalesResponse = z.array(TicketSale).min(1);

/**
 * A ticket sale found by GET /ticket-sales. Reconciliation compares creation dates and prices, so
 * here they are required (the spec: creationDate "always available in response").
 */
export const FoundTicketSale = TicketSale.extend({
  creationDate: z.string().min(1),
  regularPrice: Euro,
  tariff: TicketSaleTariff.extend({ price: Euro }),
});
export type FoundTicketSale = z.infer<typeof FoundTicketSale>;

export const TicketSalesPage = z.object({
  totalItems: z.number().int().nonnegative(),
  member: z.array(FoundTicketSale),
});
export type TicketSalesPage = z.infer<typeof TicketSalesPage>;

// ---- passholders and group passes ---------------------------------------------------------------

const CardSystem = z.object({ id: z.number().int(), name: z.string().optional() });

const SocialTariff = z.object({
  /** ACTIVE, EXPIRED or SUSPENDED (memberships); ACTIVE or EXPIRED (group passes). */
  status: z.string(),
  endDate: z.string().optional(),
  inGracePeriod: z.boolean().optional(),
  suspendedUntilDate: z.string().optional(),
});

const CardSystemMembership = z.object({
  cardSystem: CardSystem,
  uitpasNumber: z.string().optional(),
  currentCard: z.object({ uitpasNumber: z.string(), status: z.string(), cardType: z.string().optional() }).optional(),
  status: z.string().optional(),
  socialTariff: SocialTariff.optional(),
});

/** `Passholder` of GET /passholders, the parts a counter shows. */
export const Passholder = z.object({
  id: z.string().min(1),
  name: z.string(),
  firstName: z.string(),
  uitpasNumber: z.string().optional(),
  dateOfBirth: z.string().optional(),
  address: z.object({ postalCode: z.string().optional(), city: z.string().optional() }).optional(),
  points: z.number().optional(),
  cardSystemMemberships: z.array(CardSystemMembership).optional(),
});
export type Passholder = z.infer<typeof Passholder>;

export const PassholdersPage = z.object({
  totalItems: z.number().int().nonnegative(),
  member: z.array(Passholder),
});
export type PassholdersPage = z.infer<typeof PassholdersPage>;

export const Grouppass = z.object({
  id: z.string().min(1),
  uitpasNumber: z.string().min(1),
  /** Absent when the caller is only identified by client id. */
  name: z.string().optional(),
  cardStatus: z.string(),
  socialTariff: SocialTariff.extend({
    totalTicketsPerYear: z.number().int().optional(),
    availableTickets: z.number().int().optional(),
  }).optional(),
  cardSystem: CardSystem,
});
export type Grouppass = z.infer<typeof Grouppass>;

export const GrouppassesPage = z.object({
  totalItems: z.number().int().nonnegative(),
  member: z.array(Grouppass),
});
export type GrouppassesPage = z.infer<typeof GrouppassesPage>;

// ---- organizers (Loket's counters) --------------------------------------------------------------

const Organizer = z.object({ id: z.string().min(1), name: z.string().optional() });
const PermissionDetail = z.object({ id: z.string() });

export const OrganizerPermissions = z.object({
  organizer: Organizer,
  /** Deprecated by the spec in favour of permissionDetails; read when that is missing. */
  permissions: z.array(z.string()).optional(),
  permissionDetails: z.array(PermissionDetail).optional(),
  linkedOrganizers: z.array(z.object({ organizer: Organizer, permissionDetails: z.array(PermissionDetail).optional() })).optional(),
});
export type OrganizerPermissions = z.infer<typeof OrganizerPermissions>;

export const PermissionsResponse = z.array(OrganizerPermissions);

export const OrganizerAdminsPage = z.object({
  totalItems: z.number().int().nonnegative().optional(),
  member: z.array(z.object({ userId: z.string().optional(), email: z.string(), type: z.string() })),
});
export type OrganizerAdminsPage = z.infer<typeof OrganizerAdminsPage>;

// ---- UiTdatabank Search API (cultuurnet/apidocs projects/uitdatabank) ---------------------------

/** `{ "nl": "…", "fr": "…" }`: at least one language. */
const Localized = z.record(z.string(), z.string());

/** An address is localized in newer documents and flat in older ones. */
const Address = z.object({ addressLocality: z.string().optional(), postalCode: z.string().optional() });

export const PriceInfo = z.object({
  /** base, tariff, or uitpas (the latter computed by UiTdatabank, indicative only). */
  category: z.string(),
  price: Euro,
  priceCurrency: z.string().optional(),
  name: Localized.optional(),
});
export type PriceInfo = z.infer<typeof PriceInfo>;

/** `@id` ends in the event's UUID, which UiTPAS calls eventId (the XML API's cdbid). */
export const EVENT_ID_PATTERN = /\/events?\/([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12})\/?$/;

export const SearchEvent = z.object({
  '@id': z.string().regex(EVENT_ID_PATTERN),
  mainLanguage: z.string().optional(),
  name: Localized,
  location: z
    .object({
      name: Localized.optional(),
      // Localized first: every field of the flat form is optional, so it would swallow a localized one.
      address: z.union([z.record(z.string(), Address), Address]).optional(),
    })
    .optional(),
  organizer: z.object({ '@id': z.string().optional(), name: z.union([z.string(), Localized]).optional() }).optional(),
  calendarType: z.string().optional(),
  startDate: z.string().optional(),
  priceInfo: z.array(PriceInfo).optional(),
});
export type SearchEvent = z.infer<typeof SearchEvent>;

export const EventsPage = z.object({
  itemsPerPage: z.number().int().nonnegative().optional(),
  totalItems: z.number().int().nonnegative(),
  member: z.array(SearchEvent),
});
export type EventsPage = z.infer<typeof EventsPage>;
