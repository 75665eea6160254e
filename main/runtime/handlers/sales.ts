/** card.lookup, activities.list, passholder.search, sale.*, queue.*: thin adapters onto the SaleService. */
import type { SellOutcome } from '../../../contract/schemas/sales.js';
import type { SaleService } from '../../sales/sale-service.js';
import type { HandlersOf } from '../dispatcher.js';

export interface SalesHandlerOptions {
  /** Runs after every sale that got an outcome (the receipt); must not throw or block. */
  afterSell?: (outcome: SellOutcome) => void;
}

export function salesHandlers(
  sales: SaleService,
  opts: SalesHandlerOptions = {},
): Omit<HandlersOf<'card' | 'activities' | 'passholder' | 'sale' | 'queue'>, 'sale.reprint'> {
  return {
    'card.lookup': ({ identification }) => sales.lookupCard(identification),
    'activities.list': (query) => sales.listActivities(query),
    'passholder.search': (input) => sales.searchPassholders(input),
    'sale.sell': async (input) => {
      const outcome = await sales.sell(input);
      opts.afterSell?.(outcome);
      return outcome;
    },
    'sale.cancel': ({ id }) => sales.cancel(id),
    'sale.list': (filter) => ({ items: sales.list(filter) }),
    'sale.get': ({ id }) => sales.get(id),
    'sale.resolve': ({ id, reason }) => sales.resolve(id, reason),
    'sale.candidates': ({ id }) => sales.candidates(id),
    'sale.adopt': ({ id, ticketSaleId, reason }) => sales.adopt(id, ticketSaleId, reason),
    'sale.retry': ({ id, reason, notThisSale }) => sales.retry(id, reason, notThisSale ?? []),
    'sale.foreign': () => ({ items: sales.foreignRecords() }),
    'sale.foreignAcknowledge': ({ ticketSaleId, reason }) => sales.acknowledgeForeign(ticketSaleId, reason),
    'queue.status': () => sales.queueStatus(),
    'queue.syncNow': () => sales.syncNow(),
  };
}
