/**
 * sale.reprint: the receipt of a sale again, marked as a duplicate. Maps the outbox's view of the
 * sale to the printer's ReceiptData. Printing never blocks: the job is queued and retried by the
 * printer service; `queued` is false when no printer is configured.
 */
import type { SaleView } from '../../../contract/calls/sales.js';
import type { PrinterService } from '../../printer/printer-service.js';
import type { ReceiptData } from '../../printer/receipt.js';
import type { SaleService } from '../../sales/sale-service.js';
import type { RuntimeContext } from '../context.js';
import type { Handlers } from '../dispatcher.js';

export function receiptFromSale(sale: SaleView, ctx: Pick<RuntimeContext, 'config'>): ReceiptData {
  const { settings } = ctx.config;
  const state = sale.state === 'registered' ? 'registered' : sale.state === 'unknown' || sale.state === 'reconciling' ? 'unknown' : sale.provisional ? 'provisional' : 'pending';
  return {
    language: settings.language,
    venueName: settings.printer.venueName,
    counterName: settings.uitpas.counterName,
    soldAt: sale.createdAt,
    activityTitle: sale.activityTitle,
    priceClass: sale.priceClass,
    regularPriceCents: sale.registeredPriceCents ?? sale.expectedPriceCents,
    paidPerTicketCents: sale.registeredTariffCents ?? sale.expectedTariffCents,
    tickets: sale.amountOfTickets,
    couponName: sale.couponName,
    groupName: sale.groupPass ? sale.holderName : undefined,
    ticketSaleId: sale.ticketSaleId,
    localSaleId: sale.id,
    state,
    cardNumber: sale.uitpasNumber,
  };
}

export function receiptHandlers(ctx: RuntimeContext, sales: SaleService, printer: PrinterService): Pick<Handlers, 'sale.reprint'> {
  return {
    'sale.reprint': ({ id }) => {
      const sale = sales.get(id);
      if (printer.status().state === 'disabled') return { queued: false };
      printer.reprint(receiptFromSale(sale, ctx));
      return { queued: true };
    },
  };
}
