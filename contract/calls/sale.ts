/** Ticket sales: sell, cancel, list, the operator tools, reprint; the sale event. */
import { z } from 'zod';
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import {
  CandidateRecord,
  ForeignRecordView,
  SaleDetail,
  SaleId,
  SaleListInput,
  SaleView,
  SellInput,
  SellOutcome,
} from '../schemas/sales.js';

export const calls = {
  'sale.sell': defineCall(SellInput, SellOutcome),
  'sale.cancel': defineCall(SaleId, SaleView),
  'sale.list': defineCall(SaleListInput, z.object({ items: z.array(SaleView) })),
  'sale.get': defineCall(SaleId, SaleDetail),
  'sale.resolve': defineCall(z.object({ id: z.uuid(), reason: z.string().trim().min(3).max(500) }).strict(), SaleView),
  /** A fresh search of UiTPAS for the records that could be this sale's (operator check). */
  'sale.candidates': defineCall(SaleId, z.object({ items: z.array(CandidateRecord), complete: z.boolean() })),
  /** The operator adopts a record the fresh search shows: the sale becomes registered as that ticket sale. */
  'sale.adopt': defineCall(
    z.object({ id: z.uuid(), ticketSaleId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), reason: z.string().trim().min(3).max(500) }).strict(),
    SaleView,
  ),
  /**
   * The operator sends an uncertain or rejected sale again, after a fresh search found nothing of
   * it — or only records the operator checked and declares not to be this sale (`notThisSale`).
   */
  'sale.retry': defineCall(
    z
      .object({
        id: z.uuid(),
        reason: z.string().trim().min(3).max(500),
        notThisSale: z
          .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/))
          .max(100)
          .optional(),
      })
      .strict(),
    SaleView,
  ),
  /** Ticket sales UiTPAS holds that Loket did not register (found by the duplicate sweep). */
  'sale.foreign': defineCall(NoInput, z.object({ items: z.array(ForeignRecordView) })),
  'sale.foreignAcknowledge': defineCall(
    z.object({ ticketSaleId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), reason: z.string().trim().min(3).max(500) }).strict(),
    ForeignRecordView,
  ),
  /**
   * Prints the receipt of a sale again, marked as a duplicate (DUPLICAAT / DUPLICATA / DUPLICATE);
   * `queued` is false when no printer is configured. Errors: SALE_NOT_FOUND, SALE_NO_RECEIPT (a
   * rejected, cancelled or resolved sale has no receipt; details.state).
   */
  'sale.reprint': defineCall(z.object({ id: z.uuid() }).strict(), z.object({ queued: z.boolean() })),
} satisfies Record<`sale.${string}`, CallSpec>;

export const events = {
  sale: SaleView,
};
