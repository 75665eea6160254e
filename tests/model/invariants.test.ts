import { describe, expect, it } from 'vitest';
import { violations, type LocalSale, type SimRecord } from './invariants.js';

const rec = (id: string, over: Partial<SimRecord> = {}): SimRecord => ({
  ids: [id],
  id,
  cdbid: 'ev',
  uitpasNumber: 'p1',
  amountOfTickets: 1,
  cancelled: false,
  ...over,
});
const sale = (id: string, over: Partial<LocalSale> = {}): LocalSale => ({
  counter: 'A',
  id,
  state: 'registered',
  uitpasNumber: 'p1',
  cdbid: 'ev',
  amountOfTickets: 1,
  createdMs: 1,
  needsOperator: false,
  history: [],
  ...over,
});

describe('the exactly-once invariant', () => {
  it('holds when records and registered sales are one-to-one and the rest is settled', () => {
    expect(
      violations(
        [rec('1'), rec('2', { cancelled: true })],
        [sale('a', { ticketSaleId: '1' }), sale('b', { state: 'cancelled', ticketSaleId: '2' }), sale('c', { state: 'rejected' })],
        [],
      ),
    ).toEqual([]);
  });

  it('catches a duplicate registration nobody was shown', () => {
    expect(violations([rec('1'), rec('2')], [sale('a', { ticketSaleId: '1' })], [])).toEqual([
      expect.stringMatching(/UiTPAS holds ticket sale 2 .* that no local sale accounts for/),
    ]);
  });

  it('accepts a duplicate that was flagged, or that a sale waiting for the operator points at', () => {
    expect(
      violations([rec('1'), rec('2')], [sale('a', { ticketSaleId: '1' })], [{ ticketSaleId: '2', status: 'flagged', reason: 'x' }]),
    ).toEqual([]);
    expect(
      violations(
        [rec('1'), rec('2')],
        [sale('a', { ticketSaleId: '1' }), sale('b', { state: 'unknown', needsOperator: true, reason: 'ambiguous' })],
        [],
      ),
    ).toEqual([]);
  });

  it('catches a record held twice, a wrong ticket count, and a sale holding what UiTPAS never registered', () => {
    const found = violations(
      [rec('1', { amountOfTickets: 2 })],
      [sale('a', { ticketSaleId: '1' }), sale('b', { ticketSaleId: '1', counter: 'B' }), sale('c', { ticketSaleId: '9' })],
      [],
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ticket sale 1 is held by 2 local sales/),
        expect.stringMatching(/holds ticket sale 1 for 2 ticket\(s\).*but sold 1/),
        expect.stringMatching(/holds ticket sale 9, which UiTPAS never registered/),
      ]),
    );
  });

  it('catches cancels the two sides disagree on', () => {
    expect(violations([rec('1', { cancelled: true })], [sale('a', { ticketSaleId: '1' })], [])).toEqual([
      expect.stringMatching(/UiTPAS cancelled ticket sale 1, Loket still counts it/),
    ]);
    expect(violations([rec('1')], [sale('a', { state: 'cancelled', ticketSaleId: '1' })], [])).toEqual(
      expect.arrayContaining([expect.stringMatching(/cancelled here, but ticket sale 1 is still registered/)]),
    );
  });

  it('accepts a later sale held behind one on the same pass and activity that waits for the operator, and only that', () => {
    const waiting = sale('x', { state: 'unknown', needsOperator: true, reason: 'ambiguous', createdMs: 1 });
    const later = sale('y', { state: 'pending', createdMs: 2 });
    expect(violations([], [waiting, later], [])).toEqual([]);
    // Not held back by a sale of another activity, another counter, or a later one.
    for (const other of [{ cdbid: 'other' }, { counter: 'B' }, { createdMs: 3 }]) {
      expect(violations([], [{ ...waiting, ...other }, later], []), JSON.stringify(other)).toEqual([
        expect.stringMatching(/A\/y \(pending\) is not settled/),
      ]);
    }
  });

  it('catches a sale left pending or silently uncertain', () => {
    expect(violations([], [sale('a', { state: 'pending' }), sale('b', { state: 'unknown' })], [])).toEqual([
      expect.stringMatching(/A\/a \(pending\) is not settled/),
      expect.stringMatching(/A\/b \(unknown\) is not settled/),
    ]);
  });

  it('API 4: a group sale holds every ticket of its registration, or the mismatch is named', () => {
    const group = rec('1', { ids: ['1', '2', '3'], amountOfTickets: 3 });
    expect(violations([group], [sale('a', { ticketSaleId: '1', ticketSaleIds: ['1', '2', '3'], amountOfTickets: 3 })], [])).toEqual([]);
    expect(violations([group], [sale('a', { ticketSaleId: '1', ticketSaleIds: ['1', '2'], amountOfTickets: 3 })], [])).toEqual([
      expect.stringMatching(/holds ticket sales 1, 2, but UiTPAS registered 1, 2, 3 together/),
    ]);
  });
});
