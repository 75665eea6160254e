/**
 * Sales calls and events: identification and activities (through the sales layer so tariffs can
 * be cached for offline sales), selling, cancelling, today's list, operator resolution and the
 * outbox queue. Money is integer cents. A sale is committed locally before any network attempt,
 * so `sale.sell` answers with an outcome, not an error, once the sale exists: `registered`,
 * `rejected` (UiTPAS code + message on `sale.error`), `pending` (queued, will be replayed) or
 * `unknown` (may have been registered; reconciliation runs by itself).
 *
 * Error codes (AppError) thrown by these calls:
 * CARD_INVALID / CARD_INVALID_CHECKSUM (bad card number, nothing sent), SALE_NO_COUNTER (no active
 * counter chosen), SALE_ACTIVITY_UNKNOWN (activity not fetched for this card), SALE_PRICE_CLASS_UNKNOWN,
 * SALE_COUPON_UNKNOWN, SALE_AMOUNT_GROUP_ONLY / SALE_AMOUNT_REQUIRED, OFFLINE_NO_TARIFF (offline and
 * no recent tariff for this card + activity), OFFLINE_LIMIT_REACHED (details.reason 'count' | 'age'),
 * SALE_NOT_FOUND, SALE_STATE (action not allowed in the sale's state; details.state),
 * UITPAS_REJECTED (details.code = UiTPAS code, details.message = server message), UITPAS_OFFLINE,
 * UITPAS_LOGIN_REQUIRED, OFFLINE_SECOND_SALE (offline: this card already has an unregistered sale
 * for this activity), SALE_CANDIDATES_EXIST (send again refused: UiTPAS holds records that could
 * be this sale; details.candidates), SALE_RECORD_NOT_FOUND / SALE_RECORD_CLAIMED /
 * SALE_RECORD_TICKETS (API 4: not exactly n tickets made together) /
 * SALE_RECORD_MISMATCH (adopt refused), FOREIGN_NOT_FOUND, SEARCH_NAME_TOO_SHORT / SEARCH_DATE_INVALID /
 * SEARCH_DATE_FUTURE (passholder.search input refused, nothing sent).
 *
 * `sale.cancel` never fails for lack of a network: a registered sale's cancel is queued
 * (`cancel-pending`) and sent, reconciled and confirmed like a sale; a pending sale is not sent;
 * a sale whose registration is still uncertain gets `cancelRequested` and is cancelled wherever
 * it lands.
 */
import { z } from 'zod';
import { EndUserMessage, PassholderHit } from '../domain.js';

/**
 * The outbox states (docs/exactly-once.md) plus the local end states `cancelled` and `resolved`
 * (operator closed it with a reason).
 */
export const SaleState = z.enum([
  'pending',
  'sending',
  'registered',
  'rejected',
  'unknown',
  'reconciling',
  'cancelled',
  'resolved',
  // A registered sale whose cancel is queued, in flight, or whose answer was lost.
  'cancel-pending',
  'cancel-sending',
  'cancel-unknown',
]);
export type SaleState = z.infer<typeof SaleState>;

/**
 * Why the operator must look at a sale:
 * - tariff-changed: a provisional (offline) sale was registered at another tariff than shown.
 * - rejected-after-offline: a provisional sale was rejected when it was replayed.
 * - needs-operator: reconciliation could not decide (several candidates, doubt, a search that
 *   keeps failing); no automatic retry.
 * - cancel-refused: UiTPAS refused to cancel a registered sale; it stays registered.
 */
export const SaleAlert = z.enum(['tariff-changed', 'rejected-after-offline', 'needs-operator', 'cancel-refused']);
export type SaleAlert = z.infer<typeof SaleAlert>;

export const SaleError = z.object({ code: z.string(), message: z.string(), endUserMessage: EndUserMessage.optional() });

export const SaleView = z.object({
  id: z.string(),
  createdAt: z.string(),
  counterKey: z.string(),
  userId: z.string().optional(),
  /** Masked to the last 4 digits once personal data is purged. */
  uitpasNumber: z.string(),
  groupPass: z.boolean(),
  /** Passholder or group name for the list; removed by the privacy purge. */
  holderName: z.string().optional(),
  cdbid: z.string(),
  activityTitle: z.string(),
  priceClass: z.string().optional(),
  couponId: z.string().optional(),
  couponName: z.string().optional(),
  amountOfTickets: z.number().int().positive(),
  /** What the counter showed when selling (from UiTPAS, possibly from the offline cache). */
  expectedPriceCents: z.number().int().nonnegative(),
  expectedTariffCents: z.number().int().nonnegative(),
  /** Sold while UiTPAS could not be reached, on a cached tariff; confirmed only once registered. */
  provisional: z.boolean(),
  state: SaleState,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().optional(),
  ticketSaleId: z.string().optional(),
  registeredPriceCents: z.number().int().nonnegative().optional(),
  registeredTariffCents: z.number().int().nonnegative().optional(),
  error: SaleError.optional(),
  alert: SaleAlert.optional(),
  /** The operator's reason when the sale was resolved or cancelled locally. */
  resolution: z.string().optional(),
  /** Cancelled by the operator while its registration was still open: honoured once UiTPAS answers. */
  cancelRequested: z.boolean().optional(),
  /** Waiting for the operator (reconciliation could not decide on its own). */
  needsOperator: z.boolean().optional(),
  /**
   * Not sent while an earlier sale of the same card and activity is unsettled (that sale's id):
   * it could otherwise be taken for the earlier one's registration (docs/exactly-once.md).
   */
  heldBehind: z.string().optional(),
});
export type SaleView = z.infer<typeof SaleView>;

export const SaleActor = z.enum(['operator', 'worker', 'reconciler', 'startup']);
export type SaleActor = z.infer<typeof SaleActor>;

export const SaleHistoryEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  from: SaleState.optional(),
  to: SaleState,
  actor: SaleActor,
  reason: z.string(),
  rawRequest: z.string().optional(),
  rawResponse: z.string().optional(),
});
export type SaleHistoryEntry = z.infer<typeof SaleHistoryEntry>;

export const SaleDetail = SaleView.extend({ history: z.array(SaleHistoryEntry) });
export type SaleDetail = z.infer<typeof SaleDetail>;

export const SellInput = z
  .object({
    /** Card number as scanned or typed (prefix characters are stripped, checksum verified). */
    uitpasNumber: z.string().min(1).max(64),
    /** Goes into the UiTPAS request path: "." or ".." would move the signed buy to another endpoint. */
    cdbid: z
      .string()
      .min(1)
      .max(200)
      .refine((s) => s.trim() !== '.' && s.trim() !== '..', 'not an activity id'), // mutation-check: dot-segment-cdbid
    priceClass: z.string().min(1).max(200).optional(),
    /**
     * XML: the coupon's number; API 4: the coupon's tariff id (spec examples: "SOCIALTARIFF-1",
     * UUIDs), which travels in the JSON body, never in a path. Letters, digits, - and _ only.
     */
    couponId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'a coupon id is a number or a tariff id')
      .optional(),
    /** Group passes only. */
    amountOfTickets: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type SellInput = z.infer<typeof SellInput>;

export const SellOutcome = z.object({
  outcome: z.enum(['registered', 'rejected', 'pending', 'unknown']),
  sale: SaleView,
});
export type SellOutcome = z.infer<typeof SellOutcome>;

/**
 * What a sale in `state` means for the sell result on screen, the same in main (the answer to
 * `sale.sell`) and in the renderer (a later `sale` event): undefined once the sale is past its
 * outcome (a cancel under way or done, or closed by the operator).
 */
export function outcomeOfState(state: SaleState): SellOutcome['outcome'] | undefined {
  switch (state) {
    case 'registered':
    case 'rejected':
      return state;
    case 'pending':
    case 'sending':
      return 'pending';
    case 'unknown':
    case 'reconciling':
      return 'unknown';
    default:
      return undefined;
  }
}

export const SaleId = z.object({ id: z.uuid() }).strict();

export const SaleListInput = z
  .object({
    /** 'open' = everything not yet settled (pending, sending, unknown, reconciling, rejected). */
    state: z.union([SaleState, z.literal('open')]).optional(),
    /** Default: today's sales (local day of the counter PC). 'all' also lists older open sales. */
    day: z.enum(['today', 'all']).default('today'),
    limit: z.number().int().min(1).max(1000).default(500),
  })
  .strict()
  .prefault({});

/** A UiTPAS ticket sale found by a fresh search, as the operator sees it when checking a sale. */
export const CandidateRecord = z.object({
  ticketSaleId: z.string(),
  creationDate: z.string(),
  priceCents: z.number().int().nonnegative(),
  tariffCents: z.number().int().nonnegative(),
  groupPass: z.boolean(),
  couponId: z.string().optional(),
  /** 'match', or why it might not be this sale ('doubt: …'). */
  fit: z.string(),
  /** The local sale that already holds it. */
  claimedBy: z.string().optional(),
});
export type CandidateRecord = z.infer<typeof CandidateRecord>;

/** A ticket sale UiTPAS holds that no local sale registered, and what Loket did about it. */
export const ForeignRecordView = z.object({
  ticketSaleId: z.string(),
  foundAt: z.string(),
  cdbid: z.string(),
  creationDate: z.string(),
  tariffCents: z.number().int().nonnegative(),
  groupPass: z.boolean(),
  likeSaleId: z.string().optional(),
  status: z.enum(['flagged', 'cancel-pending', 'cancel-unknown', 'cancelled', 'acknowledged']),
  reason: z.string(),
  resolution: z.string().optional(),
});
export type ForeignRecordView = z.infer<typeof ForeignRecordView>;

export const WorkerState = z.enum(['idle', 'busy', 'offline', 'paused-login', 'stopped']);
export type WorkerState = z.infer<typeof WorkerState>;

export const QueueStatus = z.object({
  counts: z.record(SaleState, z.number().int().nonnegative()),
  /** pending + sending + unknown + reconciling: not yet registered at UiTPAS. */
  unregistered: z.number().int().nonnegative(),
  /** Sales with an alert or rejected and not resolved. */
  needsAttention: z.number().int().nonnegative(),
  oldestUnregisteredAt: z.string().optional(),
  lastContact: z.string().optional(),
  worker: WorkerState,
  nextAttemptAt: z.string().optional(),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

/**
 * A name part as the operator may type it: letters (any script), spaces, ' - ’ . and the UiTPAS
 * wildcard *. Main checks the rest (a real surname, a real past date) before UiTPAS sees it.
 */
const SearchName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{M} '\-’.*]+$/u, "letters, spaces, ' - ’ . and * only");

/** "Geen kaart? Zoek een pashouder": surname (wildcards allowed), optional first name and date of birth. */
export const PassholderSearchInput = z
  .object({
    name: SearchName,
    firstName: SearchName.optional(),
    /** YYYY-MM-DD: a real calendar day, not in the future (checked in main). */
    dateOfBirth: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
      .optional(),
  })
  .strict();
export type PassholderSearchInput = z.infer<typeof PassholderSearchInput>;

/** At most PASSHOLDER_SEARCH_MAX hits; `more` when UiTPAS found more (refine the search). */
export const PASSHOLDER_SEARCH_MAX = 20;
export const PassholderSearchResult = z.object({
  items: z.array(PassholderHit).max(PASSHOLDER_SEARCH_MAX),
  total: z.number().int().nonnegative(),
  more: z.boolean(),
});
export type PassholderSearchResult = z.infer<typeof PassholderSearchResult>;
