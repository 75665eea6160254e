/**
 * Receipts for sales: the one place that turns a sale into a print job. `sale.sell` prints the
 * receipt of every sale that has an outcome a customer walks away with (registered; pending,
 * provisional and unknown receipts say so on paper; a rejected sale prints nothing), and
 * `sale.reprint` prints it again marked DUPLICAAT.
 *
 * Printing never blocks or undoes a sale: the job goes on the printer's queue, which retries a
 * printer that is down and reports it through the `printer` event; a printing problem is logged,
 * never thrown into the sale's answer. The mapping itself is the printer's `receiptFromSale`.
 */
import type { SaleView, SellOutcome } from '../../../contract/schemas/sales.js';
import type { Settings } from '../../../contract/settings.js';
import type { PrintJobInfo } from '../../hardware/printer/print-queue.js';
import type { PrinterService } from '../../hardware/printer/printer-service.js';
import { NoReceiptError, receiptFromSale, type ReceiptContext } from '../../hardware/printer/receipt-from-sale.js';
import type { ReceiptData } from '../../hardware/printer/receipt.js';
import type { SaleService } from '../../sales/sale-service.js';
import { AppError } from '../../core/errors.js';
import { type Handlers } from '../dispatcher.js';
import type { Logger } from '../../core/log.js';

/** What the receipt handlers need from the runtime context (LoketContext fits). */
export interface ReceiptDeps {
  readonly config: { readonly settings: Settings };
  readonly log: Pick<Logger, 'warn'>;
  /** Names as UiTPAS knows them (main/auth/staff-names.ts); without it receipts name no seller. */
  readonly names?: ReceiptNames | undefined;
}

export interface ReceiptNames {
  counterName(counterKey: string): string | undefined;
  /** The nick of a user id, or undefined when UiTPAS has not named them. */
  nick(uid: string): string | undefined;
}

/**
 * Venue on top: the configured venue name, else the counter's name. Without a seller the counter
 * is printed once, not twice; with one, the line "Balie: … · Medewerker: …" names both.
 */
export function receiptContext(
  settings: Settings,
  who: { counterName?: string | undefined; employee?: string | undefined } = {},
): ReceiptContext {
  const counter = who.counterName?.trim() || settings.uitpas.counterName?.trim() || undefined;
  const venue = settings.printer.venueName?.trim() || undefined;
  const employee = who.employee?.trim() || undefined;
  return { language: settings.language, venueName: venue ?? counter, counterName: venue || employee ? counter : undefined, employee };
}

/** The receipt of a sale in the operator's language; throws NoReceiptError for rejected, cancelled or resolved sales. */
export function saleReceipt(sale: SaleView, settings: Settings, names?: ReceiptNames): ReceiptData {
  return receiptFromSale(sale, receiptContext(settings, sellerOf(sale, settings, names)));
}

/** The sale's counter and seller by name; a lookup that fails leaves the receipt as it would be without. */
function sellerOf(sale: SaleView, settings: Settings, names: ReceiptNames | undefined): { counterName?: string; employee?: string } {
  const who: { counterName?: string; employee?: string } = {};
  try {
    const counter =
      names?.counterName(sale.counterKey) ?? (sale.counterKey === settings.uitpas.counterKey ? settings.uitpas.counterName : undefined);
    if (counter) who.counterName = counter;
    if (names && sale.userId) who.employee = names.nick(sale.userId) ?? sale.userId;
  } catch {
    // A name is never worth a missing receipt.
  }
  return who;
}

/**
 * Queues the receipt of a sale that just got its outcome. Returns the job, or undefined when the
 * sale gets no receipt (rejected) or printing is off. Never throws: the sale is already stored.
 */
export function printSaleReceipt(
  printer: PrinterService,
  sale: SaleView,
  settings: Settings,
  log: (msg: string, err?: unknown) => void,
  names?: ReceiptNames,
): PrintJobInfo | undefined {
  try {
    if (printer.status().state === 'disabled') return undefined;
    return printer.print(saleReceipt(sale, settings, names)).job;
  } catch (err) {
    if (!(err instanceof NoReceiptError)) log(`receipt of sale ${sale.id} could not be queued`, err);
    return undefined;
  }
}

/**
 * The hook salesHandlers calls after every `sale.sell`: laying out and encoding the receipt and
 * opening the printer connection take a few ms, so it runs right after the answer has gone to the
 * operator (the receipt comes from the stored sale).
 */
export function printReceiptAfterSell(ctx: ReceiptDeps, printer: PrinterService): (outcome: SellOutcome) => void {
  const log = (msg: string, err?: unknown) => ctx.log.warn(msg, err === undefined ? undefined : { err });
  return (outcome) => void setImmediate(() => printSaleReceipt(printer, outcome.sale, ctx.config.settings, log, ctx.names));
}

export function receiptHandlers(ctx: ReceiptDeps, sales: SaleService, printer: PrinterService): Pick<Handlers, 'sale.reprint'> {
  return {
    'sale.reprint': ({ id }) => {
      const sale = sales.get(id);
      let data: ReceiptData;
      try {
        data = saleReceipt(sale, ctx.config.settings, ctx.names);
      } catch (err) {
        if (err instanceof NoReceiptError) {
          throw new AppError('SALE_NO_RECEIPT', `A ${sale.state} sale has no receipt`, { state: sale.state });
        }
        throw err;
      }
      if (printer.status().state === 'disabled') return { queued: false };
      printer.reprint(data);
      return { queued: true };
    },
  };
}
