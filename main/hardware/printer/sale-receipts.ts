/**
 * Receipts for sales: the one place that turns a sale into a print job. Every sale that has an
 * outcome a customer walks away with gets its receipt (registered; pending, provisional and unknown
 * receipts say so on paper; a rejected sale prints nothing), and a reprint prints it again marked
 * DUPLICAAT.
 *
 * Printing never blocks or undoes a sale: the job goes on the printer's queue, which retries a
 * printer that is down and reports it through the `printer` event; a printing problem is logged,
 * never thrown into the sale's answer. The mapping itself is `receiptFromSale`.
 */
import type { SaleView, SellOutcome } from '../../../contract/schemas/sales.js';
import type { Settings } from '../../../contract/settings.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { PrintJobInfo } from './print-queue.js';
import type { PrinterService } from './printer-service.js';
import { NoReceiptError, receiptFromSale, type ReceiptContext } from './receipt-from-sale.js';
import type { ReceiptData } from './receipt.js';

/** What sale receipts need from the runtime context (LoketContext fits). */
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

export interface SaleReceipts {
  /**
   * After every `sale.sell`: laying out and encoding the receipt and opening the printer connection
   * take a few ms, so it runs right after the answer has gone to the operator (the receipt comes
   * from the stored sale).
   */
  readonly afterSell: (outcome: SellOutcome) => void;
  /** `sale.reprint`: the receipt again, marked DUPLICAAT; queued: false when printing is off. */
  reprint(sale: SaleView): { queued: boolean };
}

export function createSaleReceipts(deps: ReceiptDeps, printer: PrinterService): SaleReceipts {
  const log = (msg: string, err?: unknown) => deps.log.warn(msg, err === undefined ? undefined : { err });
  return {
    afterSell: (outcome) => void setImmediate(() => printSaleReceipt(printer, outcome.sale, deps.config.settings, log, deps.names)),
    reprint(sale) {
      let data: ReceiptData;
      try {
        data = saleReceipt(sale, deps.config.settings, deps.names);
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
