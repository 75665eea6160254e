/** fit() and the window edges in the detail the operator's candidate list shows them. */
import { describe, expect, it } from 'vitest';
import type { TicketSale } from '../../../contract/domain.js';
import { fit, inWindows, type SaleFacts } from '../../../main/sales/reconcile-match.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const person: SaleFacts = {
  id: 's',
  cdbid: 'ev-1',
  groupPass: false,
  uitpasNumber: '0930000000107',
  passholderUid: 'uid-1',
  amountOfTickets: 1,
  expectedPriceCents: 1000,
  expectedTariffCents: 300,
  provisional: false,
  windows: [],
};
function ts(over: Partial<TicketSale> = {}): TicketSale {
  return {
    id: 'r',
    cdbid: 'ev-1',
    creationDate: new Date(T0).toISOString(),
    priceCents: 1000,
    tariffCents: 300,
    userId: 'uid-1',
    groupPass: false,
    ...over,
  };
}

describe('fit says why not', () => {
  it('for each thing Loket sent', () => {
    expect(fit(person, ts({ cdbid: 'ev-2' }))).toEqual({ fit: 'no', why: 'another activity' });
    expect(fit(person, ts({ coupon: { id: '7', name: 'Gratis' } }))).toEqual({ fit: 'no', why: 'another coupon' });
    expect(fit(person, ts({ amountOfTickets: 3 }))).toEqual({ fit: 'no', why: '3 tickets instead of 1' });
    expect(fit({ ...person, priceClass: 'Basis' }, ts({ priceClass: 'Balkon' }))).toEqual({ fit: 'no', why: 'price class Balkon' });
    expect(fit(person, ts({ userId: 'uid-2' }))).toEqual({ fit: 'no', why: 'another passholder' });
    expect(fit(person, ts({ userId: undefined, uitpasNumber: '0930000000115' }))).toEqual({ fit: 'no', why: 'another card' });
  });

  it('and why in doubt', () => {
    const group = { ...person, groupPass: true, passholderUid: undefined, amountOfTickets: 2 };
    expect(fit(group, ts({ groupPass: true, userId: undefined, uitpasNumber: '0930000000107' }))).toEqual({
      fit: 'doubt',
      why: 'the record does not say how many tickets it holds',
    });
    expect(fit(group, ts({ groupPass: true, userId: undefined, amountOfTickets: 2 }))).toEqual({
      fit: 'doubt',
      why: 'the record does not name the group pass',
    });
    expect(fit(group, ts({ groupPass: true, userId: undefined, uitpasNumber: '1', amountOfTickets: 2 }))).toEqual({
      fit: 'no',
      why: 'another group pass',
    });
    expect(fit({ ...person, priceClass: 'Basis' }, ts({ priceCents: 800 }))).toEqual({
      fit: 'doubt',
      why: 'regular price 800 instead of 1000',
    });
    expect(fit(person, ts({ userId: undefined }))).toEqual({ fit: 'doubt', why: 'the record names no passholder' });
    expect(fit(person, ts({ tariffCents: 100 }))).toEqual({ fit: 'doubt', why: 'tariff 100 instead of 300' });
  });

  it('judges a price class only where both name one, and the price only where the record names none', () => {
    expect(fit({ ...person, priceClass: 'Basis' }, ts()).fit).toBe('match');
    expect(fit(person, ts({ priceClass: 'Basis' })).fit).toBe('match');
    // Without a price class the regular price is UiTPAS's business.
    expect(fit(person, ts({ priceCents: 800 })).fit).toBe('match');
    // A matching price class settles it, whatever the regular price.
    expect(fit({ ...person, priceClass: 'Basis' }, ts({ priceClass: 'Basis', priceCents: 800 })).fit).toBe('match');
  });
});

describe('window edges', () => {
  it('include both ends', () => {
    const w = [{ fromMs: T0, toMs: T0 + 1_000 }];
    expect(inWindows(ts({ creationDate: new Date(T0).toISOString() }), w)).toBe(true);
    expect(inWindows(ts({ creationDate: new Date(T0 + 1_000).toISOString() }), w)).toBe(true);
    expect(inWindows(ts({ creationDate: new Date(T0 - 1).toISOString() }), w)).toBe(false);
    expect(inWindows(ts({ creationDate: new Date(T0 + 1_001).toISOString() }), w)).toBe(false);
  });
});
