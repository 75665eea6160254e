/**
 * Pure mapping from a stored sale (contract SaleView) to what a receipt shows. The sales flow
 * calls `printer.print(receiptFromSale(sale, …))` after the sale is committed, and
 * `printer.reprint(…)` for duplicates.
 */
import type { SaleView } from '../../../contract/schemas/sales.js';
import type { ReceiptData, ReceiptLanguage } from './receipt.js';

export interface ReceiptContext {
  language: ReceiptLanguage;
  venueName?: string | undefined;
  counterName?: string | undefined;
  /** The seller's name (UiTiD nick), when known. */
  employee?: string | undefined;
  /** e.g. the activity's calendar summary, when the caller has it. */
  activityWhen?: string | undefined;
}

export class NoReceiptError extends Error {
  constructor(state: string) {
    super(`a ${state} sale has no receipt`);
    this.name = 'NoReceiptError';
  }
}

function receiptState(sale: SaleView): ReceiptData['state'] {
  switch (sale.state) {
    case 'registered':
      return 'registered';
    case 'pending':
    case 'sending':
      return sale.provisional ? 'provisional' : 'pending';
    case 'unknown':
    case 'reconciling':
      return 'unknown';
    default:
      // rejected, cancelled, resolved: nothing was sold that a receipt could stand for.
      throw new NoReceiptError(sale.state);
  }
}

export function receiptFromSale(sale: SaleView, ctx: ReceiptContext): ReceiptData {
  return {
    language: ctx.language,
    venueName: ctx.venueName,
    counterName: ctx.counterName,
    employee: ctx.employee,
    soldAt: sale.createdAt,
    activityTitle: sale.activityTitle,
    activityWhen: ctx.activityWhen,
    priceClass: sale.priceClass,
    // What UiTPAS registered wins over what the counter showed (they differ only after an offline sale).
    regularPriceCents: sale.registeredPriceCents ?? sale.expectedPriceCents,
    paidPerTicketCents: sale.registeredTariffCents ?? sale.expectedTariffCents,
    tickets: sale.amountOfTickets,
    couponName: sale.couponName,
    groupName: sale.groupPass ? sale.holderName : undefined,
    ticketSaleId: sale.ticketSaleId,
    localSaleId: sale.id,
    state: receiptState(sale),
    cardNumber: sale.uitpasNumber,
  };
}
