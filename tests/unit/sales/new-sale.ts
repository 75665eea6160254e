/** A sale as the counter commits it, for store tests: one passholder, one activity, overridable. */
import type { NewSale } from '../../../main/sales/store/sale-store.js';

export function newSale(id: string, createdMs: number, over: Partial<NewSale> = {}): NewSale {
  return {
    id,
    createdAt: new Date(createdMs).toISOString(),
    createdMs,
    counterKey: 'counter-1',
    userId: 'user-1',
    uitpasNumber: '0930000150316',
    groupPass: false,
    passholderUid: 'uid-1',
    holderName: 'An Peeters',
    cdbid: 'event-1',
    activityTitle: 'Concert',
    amountOfTickets: 1,
    expectedPriceCents: 1200,
    expectedTariffCents: 300,
    provisional: false,
    ...over,
  };
}
