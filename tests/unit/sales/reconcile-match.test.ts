import { describe, expect, it } from 'vitest';
import type { TicketSale } from '../../../contract/domain.js';
import {
  commitWindow,
  fit,
  inWindows,
  judge,
  registrationOf,
  UNKNOWN_OFFSET,
  type SaleFacts,
} from '../../../main/sales/reconcile-match.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const HORIZON = 60_000;
/** One uncertain attempt from T0 to T0 + 2 s, UiTPAS's clock known to be 0–1 s ahead. */
const window = commitWindow(T0, T0 + 2_000, { lowMs: 0, highMs: 1_000 }, HORIZON);

const person: SaleFacts = {
  id: 'sale-a',
  cdbid: 'ev-1',
  groupPass: false,
  uitpasNumber: '0930000000107',
  passholderUid: 'uid-1',
  amountOfTickets: 1,
  expectedPriceCents: 1000,
  expectedTariffCents: 300,
  provisional: false,
  windows: [window],
};
const group: SaleFacts = {
  ...person,
  id: 'sale-g',
  groupPass: true,
  uitpasNumber: '0930000900106',
  passholderUid: undefined,
  amountOfTickets: 2,
};

function ts(id: string, over: Partial<TicketSale> = {}): TicketSale {
  return {
    id,
    cdbid: 'ev-1',
    creationDate: new Date(T0 + 1_000).toISOString(),
    priceCents: 1000,
    tariffCents: 300,
    userId: 'uid-1',
    groupPass: false,
    ...over,
  };
}
const nobody = () => undefined;

describe('commitWindow', () => {
  it('spans from the request leaving (in UiTPAS time, minus the date resolution) to the horizon after it failed', () => {
    expect(window).toEqual({ fromMs: T0 - 1_000, toMs: T0 + 2_000 + 1_000 + HORIZON });
  });

  it('falls back on a generous margin while UiTPAS clock is unknown', () => {
    expect(commitWindow(T0, T0, undefined, 0)).toEqual({ fromMs: T0 + UNKNOWN_OFFSET.lowMs - 1_000, toMs: T0 + UNKNOWN_OFFSET.highMs });
  });

  it('follows a UiTPAS clock that runs minutes ahead', () => {
    const ahead = commitWindow(T0, T0 + 500, { lowMs: 180_000, highMs: 181_000 }, HORIZON);
    expect(inWindows(ts('1', { creationDate: new Date(T0 + 180_200).toISOString() }), [ahead])).toBe(true);
    // Seen from UiTPAS's clock, a record made "at T0" was made three minutes before this attempt.
    expect(inWindows(ts('1', { creationDate: new Date(T0).toISOString() }), [ahead])).toBe(false);
  });

  it('treats a record with an unreadable date as outside every window', () => {
    expect(inWindows(ts('1', { creationDate: 'yesterday' }), [window])).toBe(false);
  });
});

describe('fit', () => {
  it('matches a passholder record that agrees on everything it carries', () => {
    expect(fit(person, ts('1'))).toEqual({ fit: 'match' });
  });

  it('says no on what Loket sent: activity, pass kind, coupon, passholder, tickets, price class', () => {
    expect(fit(person, ts('1', { cdbid: 'ev-2' })).fit).toBe('no');
    expect(fit(person, ts('1', { groupPass: true })).fit).toBe('no');
    expect(fit(person, ts('1', { coupon: { id: '7', name: 'Gratis' } })).fit).toBe('no');
    expect(fit({ ...person, couponId: '7' }, ts('1')).fit).toBe('no');
    expect(fit(person, ts('1', { userId: 'uid-2' })).fit).toBe('no');
    expect(fit(person, ts('1', { amountOfTickets: 2 })).fit).toBe('no');
    expect(fit({ ...person, priceClass: 'Basis' }, ts('1', { priceClass: 'Balkon' })).fit).toBe('no');
  });

  it('identifies a passholder by card number when the record has no uid, and doubts a record that names nobody', () => {
    expect(fit(person, ts('1', { userId: undefined, uitpasNumber: '0930000000107' })).fit).toBe('match');
    expect(fit(person, ts('1', { userId: undefined, uitpasNumber: '0930000000115' })).fit).toBe('no');
    expect(fit(person, ts('1', { userId: undefined })).fit).toBe('doubt');
  });

  it('doubts what UiTPAS derives when it differs: regular price (with a price class) and tariff', () => {
    expect(fit({ ...person, priceClass: 'Basis' }, ts('1', { priceCents: 800 })).fit).toBe('doubt');
    expect(fit(person, ts('1', { tariffCents: 100 })).fit).toBe('doubt');
    // Sold offline on a cached tariff: another tariff is expected news (an alert), not doubt.
    expect(fit({ ...person, provisional: true }, ts('1', { tariffCents: 100 })).fit).toBe('match');
  });

  it('never identifies a group sale from a record that does not name the pass or the ticket count', () => {
    const base = { groupPass: true, userId: undefined, uitpasNumber: '0930000900106' };
    expect(fit(group, ts('1', { ...base, amountOfTickets: 2 })).fit).toBe('match');
    expect(fit(group, ts('1', { ...base, uitpasNumber: undefined, amountOfTickets: 2 })).fit).toBe('doubt');
    expect(fit(group, ts('1', base)).fit).toBe('doubt');
    expect(fit(group, ts('1', { ...base, uitpasNumber: '0930000900114', amountOfTickets: 2 })).fit).toBe('no');
    expect(fit(group, ts('1', { ...base, amountOfTickets: 1 })).fit).toBe('no');
  });
});

describe('judge', () => {
  it('finds the single record in the window that is provably this sale', () => {
    expect(judge(person, [ts('1')], [], nobody)).toEqual({ kind: 'found', record: ts('1') });
  });

  it('is absent when nothing in the windows could be this sale', () => {
    expect(judge(person, [], [], nobody)).toEqual({ kind: 'absent' });
    const records = [
      ts('other-event', { cdbid: 'ev-2' }),
      ts('other-person', { userId: 'uid-2' }),
      ts('before', { creationDate: new Date(T0 - 5_000).toISOString() }),
      ts('after-horizon', { creationDate: new Date(window.toMs + 1_000).toISOString() }),
    ];
    expect(judge(person, records, [], nobody)).toEqual({ kind: 'absent' });
  });

  it('never counts a record another local sale holds', () => {
    expect(judge(person, [ts('1')], [], (id) => (id === '1' ? 'sale-b' : undefined))).toEqual({ kind: 'absent' });
    expect(judge(person, [ts('1'), ts('2')], [], (id) => (id === '1' ? 'sale-b' : undefined))).toEqual({ kind: 'found', record: ts('2') });
  });

  it('does not guess between two records', () => {
    expect(judge(person, [ts('1'), ts('2')], [], nobody)).toMatchObject({
      kind: 'ambiguous',
      reason: 'several-records',
      candidates: ['1', '2'],
    });
  });

  it('hands doubt to the operator instead of adopting', () => {
    expect(judge(person, [ts('1', { userId: undefined })], [], nobody)).toMatchObject({
      kind: 'ambiguous',
      reason: 'doubt',
      candidates: ['1'],
    });
  });

  it('does not adopt a record that another local sale could own (a late commit of its earlier attempt)', () => {
    // Sale B (2 tickets) had an uncertain attempt in the same window and holds its re-sent record
    // '2'; record '1' could be B's late commit as well as A's.
    const b: SaleFacts = { ...person, id: 'sale-b', ticketSaleId: '2' };
    expect(judge(person, [ts('1')], [b], (id) => (id === '2' ? 'sale-b' : undefined))).toMatchObject({
      kind: 'ambiguous',
      reason: 'shared',
      candidates: ['1'],
    });
    // A rival whose window does not cover the record, or who could not have made it, is no rival.
    const elsewhere = { ...b, windows: [commitWindow(T0 + 600_000, T0 + 601_000, { lowMs: 0, highMs: 1_000 }, HORIZON)] };
    expect(judge(person, [ts('1')], [elsewhere], nobody)).toMatchObject({ kind: 'found' });
    expect(judge(person, [ts('1')], [{ ...b, passholderUid: 'uid-9' }], nobody)).toMatchObject({ kind: 'found' });
  });

  it('accepts a record in any of several windows (one per uncertain attempt)', () => {
    const later = commitWindow(T0 + 300_000, T0 + 301_000, { lowMs: 0, highMs: 1_000 }, HORIZON);
    const twoWindows = { ...person, windows: [window, later] };
    expect(judge(twoWindows, [ts('1', { creationDate: new Date(T0 + 300_500).toISOString() })], [], nobody).kind).toBe('found');
  });
});

describe('a sale of n tickets over one-ticket records (API 4)', () => {
  const ticket = (id: string, atMs = T0 + 1_000, over: Partial<TicketSale> = {}) =>
    ts(id, {
      groupPass: true,
      userId: undefined,
      uitpasNumber: group.uitpasNumber,
      singleTicket: true,
      creationDate: new Date(atMs).toISOString(),
      ...over,
    });

  it('fits a one-ticket record of the right card as one of the n, and a group of one as a whole', () => {
    expect(fit(group, ticket('1')).fit).toBe('match');
    expect(fit({ ...group, amountOfTickets: 1 }, ticket('1')).fit).toBe('match');
    expect(fit(group, ticket('1', T0 + 1_000, { uitpasNumber: '0930000900114' })).fit).toBe('no');
    // Without the marker a record of one ticket is another sale, as before.
    expect(fit(group, { ...ticket('1'), singleTicket: undefined, amountOfTickets: 1 }).fit).toBe('no');
  });

  it('finds exactly n records made together, first in the order UiTPAS listed them', () => {
    expect(judge(group, [ticket('7'), ticket('8')], [], nobody)).toEqual({
      kind: 'found',
      record: ticket('7'),
      moreTickets: [ticket('8')],
    });
    // Across a whole-second boundary still counts as one request.
    expect(judge(group, [ticket('7', T0 + 900), ticket('8', T0 + 1_900)], [], nobody).kind).toBe('found');
  });

  it('does not take fewer or more than n, nor n made at different moments', () => {
    expect(judge(group, [ticket('7')], [], nobody)).toMatchObject({ kind: 'ambiguous', reason: 'several-records', candidates: ['7'] });
    expect(judge(group, [ticket('7'), ticket('8'), ticket('9')], [], nobody)).toMatchObject({
      kind: 'ambiguous',
      reason: 'several-records',
      detail: '3 one-ticket records for a sale of 2 tickets',
    });
    expect(judge(group, [ticket('7', T0), ticket('8', T0 + 1_500)], [], nobody)).toMatchObject({ kind: 'ambiguous', reason: 'doubt' });
  });

  it('counts only the tickets nobody else holds, and yields to a rival who could own one', () => {
    const held = (id: string) => (id === '6' ? 'sale-b' : undefined);
    expect(judge(group, [ticket('6'), ticket('7'), ticket('8')], [], held)).toMatchObject({ kind: 'found', record: ticket('7') });
    const rival: SaleFacts = { ...group, id: 'sale-r' };
    expect(judge(group, [ticket('7'), ticket('8')], [rival], nobody)).toMatchObject({ kind: 'ambiguous', reason: 'shared' });
  });

  it('registrationOf: the chosen ticket and the others made with it, only when they are exactly n', () => {
    const records = [ticket('7'), ticket('8'), ticket('9', T0 + 60_000)];
    expect(registrationOf(ticket('8'), records, 2)?.map((r) => r.id)).toEqual(['8', '7']);
    expect(registrationOf(ticket('9', T0 + 60_000), records, 2)).toBeUndefined();
    expect(registrationOf(ticket('8'), records, 3)).toBeUndefined();
    expect(registrationOf(ticket('8'), [ticket('7')], 2)).toBeUndefined();
    expect(registrationOf({ ...ticket('8'), singleTicket: undefined }, records, 2)).toBeUndefined();
  });
});
