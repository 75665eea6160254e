import { describe, expect, it } from 'vitest';
import type { SaleView } from '../../../contract/schemas/sales.js';
import { layoutReceipt } from '../../../main/hardware/printer/receipt.js';
import { NoReceiptError, receiptFromSale } from '../../../main/hardware/printer/receipt-from-sale.js';

const base: SaleView = {
  id: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
  createdAt: '2026-11-27T16:05:00.000Z',
  counterKey: 'balie-1',
  uitpasNumber: '0930000420206',
  groupPass: false,
  holderName: 'Jan Peeters',
  cdbid: 'evt-1',
  activityTitle: 'Concert',
  priceClass: 'Basistarief',
  amountOfTickets: 1,
  expectedPriceCents: 1200,
  expectedTariffCents: 300,
  provisional: false,
  state: 'registered',
  attempts: 1,
  ticketSaleId: '30788',
};

describe('receiptFromSale', () => {
  it('maps a registered sale, preferring what UiTPAS registered', () => {
    const r = receiptFromSale({ ...base, registeredTariffCents: 350 }, { language: 'nl', venueName: 'CC' });
    expect(r).toMatchObject({
      localSaleId: base.id,
      ticketSaleId: '30788',
      state: 'registered',
      paidPerTicketCents: 350,
      regularPriceCents: 1200,
      tickets: 1,
      cardNumber: '0930000420206',
      venueName: 'CC',
    });
    // A passholder's name never goes on the receipt; only a group's name does.
    expect(r.groupName).toBeUndefined();
    expect(
      layoutReceipt(r, 42)
        .lines.map((l) => l.text)
        .join('\n'),
    ).not.toContain('Peeters');
  });

  it('maps offline states to what the receipt must say', () => {
    expect(receiptFromSale({ ...base, state: 'pending', ticketSaleId: undefined }, { language: 'nl' }).state).toBe('pending');
    expect(receiptFromSale({ ...base, state: 'sending', provisional: true }, { language: 'nl' }).state).toBe('provisional');
    expect(receiptFromSale({ ...base, state: 'reconciling' }, { language: 'fr' }).state).toBe('unknown');
    const group = receiptFromSale({ ...base, groupPass: true, holderName: 'Vzw De Bende', amountOfTickets: 4 }, { language: 'en' });
    expect(group).toMatchObject({ groupName: 'Vzw De Bende', tickets: 4 });
  });

  it('refuses a receipt for rejected, cancelled or resolved sales', () => {
    for (const state of ['rejected', 'cancelled', 'resolved'] as const) {
      expect(() => receiptFromSale({ ...base, state }, { language: 'nl' })).toThrow(NoReceiptError);
    }
  });
});
