/**
 * Day close: X reports (interim, any time, nothing is stored) and Z reports (close the period for
 * the active counter: immutable, numbered consecutively per counter). Both cover what happened
 * since the previous Z of this counter: sales registered at UiTPAS and cancellations, per
 * activity × price class × tariff type. A sale belongs to the first Z made after its
 * registration; a sale registered after a close goes to the next report. Money is integer cents.
 *
 * Error codes (AppError): REPORT_NO_COUNTER (no active counter), REPORT_QUEUE_NOT_EMPTY (a Z while
 * sales are not registered yet and acceptUnregistered is false; details.unregistered = count),
 * REPORT_NOTHING_TO_CLOSE (no sale since the previous Z; details.lastNumber),
 * REPORT_NOT_FOUND (details.number), REPORT_FOLDER_REQUIRED / REPORT_FOLDER_INVALID (CSV export:
 * details.reason), REPORT_WRITE_FAILED (CSV export could not be written; nothing half-written stays).
 */
import { z } from 'zod';
import { Cents } from '../domain.js';
import { SaleState } from './sales.js';

/** UiTPAS tariff (the kansentarief, never named so on paper), a coupon, or a group pass sale. */
export const TariffType = z.enum(['uitpas', 'coupon', 'group']);
export type TariffType = z.infer<typeof TariffType>;

export const ReportAmounts = z.object({
  /** Number of sales (one per buy, a group sale counts once). */
  sales: z.number().int().nonnegative(),
  tickets: z.number().int().nonnegative(),
  /** Regular price × tickets. */
  regularCents: Cents,
  /** What the customers paid (UiTPAS tariff or coupon price × tickets). */
  collectedCents: Cents,
  /** regular − collected: the discount UiTPAS granted. */
  discountCents: Cents,
});
export type ReportAmounts = z.infer<typeof ReportAmounts>;

/** sold − cancelled: negative when a period has more cancellations (of earlier sales) than sales. */
export const NetAmounts = z.object({
  sales: z.number().int(),
  tickets: z.number().int(),
  regularCents: z.number().int(),
  collectedCents: z.number().int(),
  discountCents: z.number().int(),
});
export type NetAmounts = z.infer<typeof NetAmounts>;

export const ReportLine = ReportAmounts.extend({
  cdbid: z.string(),
  activityTitle: z.string(),
  priceClass: z.string().optional(),
  tariffType: TariffType,
  /** The coupon's name, for coupon lines. */
  couponName: z.string().optional(),
});
export type ReportLine = z.infer<typeof ReportLine>;

/** A sale not (yet) registered at UiTPAS when the report was made. */
export const UnregisteredSale = z.object({
  id: z.string(),
  createdAt: z.string(),
  activityTitle: z.string(),
  priceClass: z.string().optional(),
  tickets: z.number().int().positive(),
  /** What the counter showed (tariff × tickets); not final until UiTPAS registers it. */
  expectedCents: Cents,
  state: SaleState,
  provisional: z.boolean(),
});
export type UnregisteredSale = z.infer<typeof UnregisteredSale>;

/** Why what the counter took for a sale differs from what UiTPAS holds for it. */
export const DrawerReason = z.enum([
  /** UiTPAS refused it (a provisional sale): the cash is in the drawer, UiTPAS counts nothing. */
  'rejected',
  /** Not registered yet (queued, uncertain): UiTPAS counts nothing so far. */
  'unregistered',
  /** Registered at another tariff than the one the counter charged. */
  'tariff-changed',
  /** Refunded at the counter; UiTPAS has not confirmed the cancel yet. */
  'cancel-open',
  /** Closed by the operator with a reason (the money stays as it was). */
  'resolved',
]);
export type DrawerReason = z.infer<typeof DrawerReason>;

export const DrawerDifference = z.object({
  id: z.string(),
  createdAt: z.string(),
  activityTitle: z.string(),
  tickets: z.number().int().positive(),
  /** What the counter took for it (0 when refunded). */
  takenCents: Cents,
  /** What UiTPAS holds for it now. */
  registeredCents: Cents,
  reason: DrawerReason,
  /** The UiTPAS code (rejected) or the operator's words (resolved). */
  detail: z.string().optional(),
});
export type DrawerDifference = z.infer<typeof DrawerDifference>;

/**
 * The cash drawer against UiTPAS, over the sales made in the period: what the counter took
 * (the tariff it charged, refunds deducted) beside what UiTPAS holds for those same sales now,
 * and every sale where the two differ, with why. takenCents − registeredCents is the sum of
 * (taken − registered) over `differences` (all listed up to 500; `differencesTotal` counts all).
 */
export const Drawer = z.object({
  sales: z.number().int().nonnegative(),
  takenCents: z.number().int(),
  registeredCents: z.number().int(),
  differences: z.array(DrawerDifference),
  differencesTotal: z.number().int().nonnegative(),
});
export type Drawer = z.infer<typeof Drawer>;

export const DayReport = z.object({
  kind: z.enum(['X', 'Z']),
  /** Z only: 1, 2, 3… per counter. */
  number: z.number().int().positive().optional(),
  counterKey: z.string(),
  counterName: z.string().optional(),
  /**
   * The employee who made the report, by their UiTiD nick (balie/listEmployees); their user id
   * only while UiTPAS has not named them (offline since the login). Reports made before issue 13
   * hold the user id here.
   */
  employee: z.string().optional(),
  /** UiTiD user id of the employee who made the report. */
  employeeId: z.string().optional(),
  /** User ids that made the sales in this report. */
  sellers: z.array(z.string()),
  /** The sellers as `sellers`, each by nick when known (else the user id). */
  sellerNames: z.array(z.string()).optional(),
  /** When the report was made (for a Z: the close). */
  madeAt: z.string(),
  /** The previous Z's close, or the first event for the first Z of a counter; absent when nothing happened yet. */
  periodFrom: z.string().optional(),
  periodTo: z.string(),
  firstSaleAt: z.string().optional(),
  lastSaleAt: z.string().optional(),
  /** Sales registered in the period (including ones cancelled later). */
  lines: z.array(ReportLine),
  /** Registered sales cancelled in the period (possibly sold in an earlier period). */
  cancellations: z.array(ReportLine),
  totals: z.object({ sold: ReportAmounts, cancelled: ReportAmounts, net: NetAmounts }),
  counts: z.object({
    /** Sales made at the counter in the period, whatever became of them. */
    made: z.number().int().nonnegative(),
    /** Sales UiTPAS refused in the period. */
    rejectedInPeriod: z.number().int().nonnegative(),
    /** When the report was made: */
    pending: z.number().int().nonnegative(),
    unknown: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    provisional: z.number().int().nonnegative(),
  }),
  /** Sales still unregistered when the report was made ("nog niet geregistreerd"); at most 500 listed. */
  unregistered: z.array(UnregisteredSale),
  unregisteredTotal: z.number().int().nonnegative(),
  /** Absent in Z reports made before Loket kept it. */
  drawer: Drawer.optional(),
});
export type DayReport = z.infer<typeof DayReport>;

export const ZReportSummary = z.object({
  number: z.number().int().positive(),
  madeAt: z.string(),
  periodFrom: z.string().optional(),
  periodTo: z.string(),
  tickets: z.number().int(),
  collectedCents: z.number().int(),
  unregisteredTotal: z.number().int().nonnegative(),
});
export type ZReportSummary = z.infer<typeof ZReportSummary>;

/** A Z report number. */
export const ZNumber = z.number().int().positive().max(1_000_000_000);
