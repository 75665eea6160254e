import { describe, expect, it } from 'vitest';
import type { TicketSale } from '../../../contract/domain.js';
import { matchTicketSale } from '../../../main/sales/reconcile-match.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const sale = { cdbid: 'ev-1', groupPass: false, passholderUid: 'uid-1', firstAttemptMs: T0 };

function ts(id: string, over: Partial<TicketSale> = {}): TicketSale {
  return {
    id,
    cdbid: 'ev-1',
    creationDate: new Date(T0 + 1000).toISOString(),
    priceCents: 1000,
    tariffCents: 300,
    userId: 'uid-1',
    groupPass: false,
    ...over,
  };
}
const none = () => false;

describe('matchTicketSale', () => {
  it('adopts the single matching ticket sale', () => {
    expect(matchTicketSale(sale, [ts('1')], none)).toEqual({ kind: 'found', ticketSale: ts('1') });
  });

  it('proves absence when nothing matches', () => {
    expect(matchTicketSale(sale, [], none)).toEqual({ kind: 'absent' });
    expect(
      matchTicketSale(
        sale,
        [
          ts('other-event', { cdbid: 'ev-2' }),
          ts('other-person', { userId: 'uid-2' }),
          ts('group', { groupPass: true }),
          ts('with-coupon', { coupon: { id: '7', name: 'Gratis' } }),
          ts('yesterday', { creationDate: new Date(T0 - 86_400_000).toISOString() }),
          ts('garbled-date', { creationDate: 'not a date' }),
        ],
        none,
      ),
    ).toEqual({ kind: 'absent' });
  });

  it('tolerates a clock skew within the margin', () => {
    const early = ts('1', { creationDate: new Date(T0 - 60_000).toISOString() });
    expect(matchTicketSale(sale, [early], none).kind).toBe('found');
  });

  it('skips ticket sales another local sale already holds', () => {
    expect(matchTicketSale(sale, [ts('1'), ts('2')], (id) => id === '1')).toEqual({ kind: 'found', ticketSale: ts('2') });
    expect(matchTicketSale(sale, [ts('1')], (id) => id === '1')).toEqual({ kind: 'absent' });
  });

  it('does not guess between two candidates', () => {
    expect(matchTicketSale(sale, [ts('1'), ts('2')], none)).toEqual({ kind: 'ambiguous', candidates: ['1', '2'] });
  });

  it('matches group passes on cdbid, window and groupPass only', () => {
    const group = { cdbid: 'ev-1', groupPass: true, firstAttemptMs: T0 };
    expect(matchTicketSale(group, [ts('g', { groupPass: true, userId: undefined }), ts('p')], none)).toMatchObject({
      kind: 'found',
      ticketSale: { id: 'g' },
    });
  });

  it('tells two group passes apart by number when UiTPAS gives it', () => {
    const group = { cdbid: 'ev-1', groupPass: true, uitpasNumber: '0940000501106', firstAttemptMs: T0 };
    const ours = ts('ours', { groupPass: true, userId: undefined, uitpasNumber: '0940000501106' });
    const theirs = ts('theirs', { groupPass: true, userId: undefined, uitpasNumber: '0940000502104' });
    expect(matchTicketSale(group, [theirs, ours], none)).toMatchObject({ kind: 'found', ticketSale: { id: 'ours' } });
    // Without numbers in the reply, two group sales stay ambiguous.
    const a = ts('a', { groupPass: true, userId: undefined });
    const b = ts('b', { groupPass: true, userId: undefined });
    expect(matchTicketSale(group, [a, b], none)).toEqual({ kind: 'ambiguous', candidates: ['a', 'b'] });
  });

  it('matches the coupon the sale used', () => {
    const withCoupon = { ...sale, couponId: '7' };
    expect(
      matchTicketSale(withCoupon, [ts('plain'), ts('c', { coupon: { id: '7', name: 'Gratis' } })], none),
    ).toMatchObject({ kind: 'found', ticketSale: { id: 'c' } });
  });
});
