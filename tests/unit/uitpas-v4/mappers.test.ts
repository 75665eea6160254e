/** API 4 JSON -> domain: amounts, kansenstatuut states, notices, activities with tariffs, fallbacks. */
import { describe, expect, it } from 'vitest';
import {
  activity,
  centsToEuro,
  counters,
  euroToCents,
  groupPass,
  isoWithOffset,
  passholder,
  passholderHit,
  priceClasses,
  ticketSale,
} from '../../../main/uitpas/v4/mappers.js';
import type { Grouppass, Passholder, SearchEvent, TicketSale } from '../../../main/uitpas/v4/schemas.js';

describe('amounts', () => {
  it.each([
    [10, 1000],
    [10.5, 1050],
    [1.15, 115],
    [0.1 + 0.2, 30],
    [0, 0],
    [19.99, 1999],
  ])('%d euro -> %i cents', (euro, cents) => {
    expect(euroToCents(euro, 'x')).toBe(cents);
  });
  it('refuses sub-cent, negative and non-finite amounts', () => {
    expect(() => euroToCents(1.234, 'x')).toThrow(/more precise than a cent/);
    expect(() => euroToCents(-1, 'x')).toThrow(/not an amount/);
    expect(() => euroToCents(Number.NaN, 'x')).toThrow(/not an amount/);
  });
  it('cents -> euro round-trips for every cent value', () => {
    const wrong: number[] = [];
    for (let c = 0; c < 100_000; c++) if (euroToCents(centsToEuro(c), 'x') !== c) wrong.push(c);
    expect(wrong).toEqual([]);
  });
  it('a date-time must name its offset', () => {
    expect(isoWithOffset('2026-08-24T12:57:02Z', 'd')).toBe('2026-08-24T12:57:02Z');
    expect(isoWithOffset('2026-08-24T12:57:02+02:00', 'd')).toBe('2026-08-24T12:57:02+02:00');
    expect(() => isoWithOffset('2024-04-30T21:59:00', 'd')).toThrow(/offset/);
  });
});

const person = (
  over: Partial<Passholder> = {},
  social?: Record<string, unknown>,
  card = { uitpasNumber: '0940000000114', status: 'ACTIVE' },
): Passholder => ({
  id: 'p-1',
  name: 'Yılmaz',
  firstName: 'Fatma',
  dateOfBirth: '1984-03-12',
  address: { postalCode: '1030', city: 'Schaarbeek' },
  points: 12,
  cardSystemMemberships: [
    {
      cardSystem: { id: 1, name: 'UiTPAS Regio Brussel' },
      currentCard: card,
      status: 'ACTIVE',
      ...(social ? { socialTariff: social as never } : {}),
    },
  ],
  ...over,
});

describe('passholders', () => {
  it('maps the person, the scanned card and an active kansenstatuut', () => {
    expect(passholder(person({}, { status: 'ACTIVE', endDate: '2027-01-01T00:00:00+01:00' }), '0940000000114')).toMatchObject({
      kind: 'passholder',
      uid: 'p-1',
      uitpasNumber: '0940000000114',
      lastName: 'Yılmaz',
      card: { status: 'ACTIVE', kansenpas: true, cardSystem: 'UiTPAS Regio Brussel' },
      kansenstatuut: [{ status: 'active', cardSystem: 'UiTPAS Regio Brussel' }],
    });
  });
  it('tells grace, suspended and expired apart, with the XML notices', () => {
    expect(
      passholder(person({}, { status: 'ACTIVE', endDate: '2020-01-01T00:00:00Z', inGracePeriod: true }), undefined).kansenstatuut[0]!
        .status,
    ).toBe('grace');
    const suspended = passholder(person({}, { status: 'SUSPENDED', endDate: 'x', suspendedUntilDate: '2030-01-01T00:00:00Z' }), undefined);
    expect(suspended.kansenstatuut[0]).toMatchObject({ status: 'suspended', suspendedUntil: '2030-01-01T00:00:00Z' });
    expect(passholder(person({}, { status: 'EXPIRED', endDate: 'x' }), undefined).notice).toBe('KANSENSTATUUT_EXPIRED');
    const blocked = passholder(person({}, undefined, { uitpasNumber: '0940000006118', status: 'BLOCKED' }), '0940000006118');
    expect(blocked).toMatchObject({ notice: 'INVALID_CARD_STATUS_BLOCKED', card: { status: 'BLOCKED' } });
    expect(() => passholder(person({}, { status: 'ODD' }), undefined)).toThrow(/unknown/);
  });
  it('a name search hit has no card number without an active card', () => {
    expect(passholderHit(person({}, undefined, { uitpasNumber: '0940000006118', status: 'BLOCKED' }))).toMatchObject({
      uid: 'p-1',
      cardStatus: 'BLOCKED',
    });
    expect(passholderHit(person({}, undefined, { uitpasNumber: '0940000006118', status: 'BLOCKED' })).uitpasNumber).toBeUndefined();
    expect(passholderHit(person()).uitpasNumber).toBe('0940000000114');
  });
});

describe('group passes', () => {
  const g: Grouppass = {
    id: 'g-1',
    uitpasNumber: '0940000050119',
    name: 'Vzw Buurtwerk',
    cardStatus: 'ACTIVE',
    socialTariff: { status: 'ACTIVE', endDate: '2030-01-01T00:00:00Z', totalTicketsPerYear: 40, availableTickets: 12 },
    cardSystem: { id: 1, name: 'UiTPAS Regio Brussel' },
  };
  it('maps the budget and the status', () => {
    expect(groupPass(g, new Date('2026-01-01T00:00:00Z'))).toMatchObject({
      kind: 'group',
      availableTickets: 12,
      kansenstatuut: true,
      expired: false,
    });
    expect(groupPass(g, new Date('2031-01-01T00:00:00Z'))).toMatchObject({ expired: true, notice: 'KANSENSTATUUT_EXPIRED' });
    expect(groupPass({ ...g, cardStatus: 'BLOCKED' }, new Date('2026-01-01T00:00:00Z')).notice).toBe('INVALID_CARD_STATUS_BLOCKED');
  });
});

const event = (priceInfo: SearchEvent['priceInfo']): SearchEvent => ({
  '@id': 'https://io-test.uitdatabank.be/events/E5EE0000-0000-4000-8000-000000000001',
  mainLanguage: 'nl',
  name: { nl: 'Concert', fr: 'Concert FR' },
  location: { name: { nl: 'CC' }, address: { nl: { addressLocality: 'Brussel' } } },
  organizer: { name: { nl: 'Org' } },
  startDate: '2026-12-05T20:00:00+01:00',
  priceInfo,
});

describe('activities', () => {
  const info: SearchEvent['priceInfo'] = [
    { category: 'tariff', name: { nl: 'Balkon' }, price: 18 },
    { category: 'base', name: { nl: 'Parterre' }, price: 25 },
    { category: 'uitpas', name: { nl: 'Kansentarief' }, price: 6.25 },
    { category: 'tariff', name: { nl: 'Gratis' }, price: 0 },
  ];
  it('price classes: base first, no uitpas or zero prices', () => {
    expect(priceClasses(event(info))).toEqual([
      { name: 'Parterre', priceCents: 2500 },
      { name: 'Balkon', priceCents: 1800 },
    ]);
  });
  it('without a card: the indicative kansentarief, no way to buy', () => {
    expect(activity(event(info))).toMatchObject({
      cdbid: 'e5ee0000-0000-4000-8000-000000000001',
      priceCents: 2500,
      tariffCents: 625,
      tariffs: [],
    });
  });
  it('with tariffs per class: the kansentarief and each coupon as options', () => {
    const social = (price: number) => ({ id: 'SOCIALTARIFF-1', name: 'Kansentarief', type: 'SOCIALTARIFF', price, remaining: 1 });
    const coupon = { id: 'COUPON_27', name: 'Cultuurbon', type: 'COUPON', price: 0, remaining: 1 };
    const a = activity(event(info), [
      { ok: true, available: [social(6.25), coupon] },
      { ok: true, available: [social(4.5)] },
    ]);
    expect(a.tariffCents).toBe(0);
    expect(a.tariffs).toEqual([
      {
        type: 'DEFAULT',
        priceClasses: [
          { name: 'Parterre', priceCents: 2500, tariffCents: 625 },
          { name: 'Balkon', priceCents: 1800, tariffCents: 450 },
        ],
        remainingForEvent: { periodType: 'ABSOLUTE', periodVolume: 1 },
      },
      {
        type: 'COUPON',
        coupon: { id: 'COUPON_27', name: 'Cultuurbon' },
        priceClasses: [{ name: 'Parterre', priceCents: 2500, tariffCents: 0 }],
        remainingForEvent: { periodType: 'ABSOLUTE', periodVolume: 1 },
      },
    ]);
  });
  it('no kansentarief: the refusal code, or NO_TARIFF when UiTPAS only explains', () => {
    const refused = activity(event(info), [
      { ok: false, code: 'KANSENSTATUUT_EXPIRED' },
      { ok: false, code: 'KANSENSTATUUT_EXPIRED' },
    ]);
    expect(refused).toMatchObject({ buyConstraintReason: 'KANSENSTATUUT_EXPIRED', tariffCents: 2500 });
    expect(refused.tariffs[0]).toMatchObject({ type: 'DEFAULT', buyConstraintReason: 'KANSENSTATUUT_EXPIRED' });
    const explained = activity(event(info), [
      { ok: true, available: [], endUserMessage: { nl: 'Maximum bereikt' } },
      { ok: true, available: [] },
    ]);
    expect(explained.buyConstraintReason).toBe('NO_TARIFF');
  });
});

describe('ticket sales', () => {
  const sale: TicketSale = {
    id: '21345',
    tariff: { id: 'SOCIALTARIFF', name: 'Kansentarief', type: 'SOCIALTARIFF' },
    eventId: '5a0967f9-cc06-4c3c-9206-30481a767434',
    uitpasNumber: '0900000672312',
  };
  it('a registration reply without prices or date takes what Loket sent and the Date header', () => {
    expect(
      ticketSale(sale, { groupPass: true, regularPrice: 10, tariffPrice: 2, creationDate: '2026-01-01T10:00:00.000Z', amountOfTickets: 3 }),
    ).toMatchObject({
      id: '21345',
      priceCents: 1000,
      tariffCents: 200,
      groupPass: true,
      amountOfTickets: 3,
      creationDate: '2026-01-01T10:00:00.000Z',
    });
  });
  it('refuses a record it cannot date or price', () => {
    expect(() => ticketSale(sale, { groupPass: false, regularPrice: 10, tariffPrice: 2 })).toThrow(/creationDate/);
    expect(() => ticketSale(sale, { groupPass: false, tariffPrice: 2, creationDate: '2026-01-01T10:00:00Z' })).toThrow(/regularPrice/);
    expect(() =>
      ticketSale({ ...sale, creationDate: '2026-01-01T10:00:00' }, { groupPass: false, regularPrice: 1, tariffPrice: 1 }),
    ).toThrow(/offset/);
  });
});

describe('counters', () => {
  it('organizers and linked organizers, once each with every permission, selling only with TICKETSALES_REGISTER', () => {
    const list = counters([
      {
        organizer: { id: 'a', name: 'A' },
        permissionDetails: [{ id: 'TICKETSALES_REGISTER' }],
        linkedOrganizers: [{ organizer: { id: 'b', name: 'B' }, permissionDetails: [{ id: 'CHECKINS_WRITE' }] }],
      },
      { organizer: { id: 'b', name: 'B again' }, permissions: ['TICKETSALES_REGISTER'] },
      { organizer: { id: 'c' }, permissions: ['TICKETSALES_REGISTER'] },
    ]);
    expect(list.map((c) => [c.consumerKey, c.name, c.canSell])).toEqual([
      ['a', 'A', true],
      ['b', 'B', true],
      ['c', 'c', true],
    ]);
  });
});
