/** `sale.reprint`: the stored sale's receipt again, through the printer capability. */
import type { SaleReceipts } from '../../hardware/printer/sale-receipts.js';
import type { SaleService } from '../../sales/sale-service.js';
import { type Handlers } from '../dispatcher.js';

export function receiptHandlers(sales: SaleService, receipts: SaleReceipts): Pick<Handlers, 'sale.reprint'> {
  return { 'sale.reprint': ({ id }) => receipts.reprint(sales.get(id)) };
}
