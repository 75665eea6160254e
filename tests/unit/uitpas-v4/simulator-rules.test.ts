/** The API 4 simulator's rules without a server: all or nothing, budgets, problems, paging, search. */
import { beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES, RulesV4, type Caller, type Outcome } from '../../../main/tools/simulator-v4/rules.js';
import { buildSeedV4, type SeedV4 } from '../../../main/tools/simulator-v4/seed.js';

const NOW = new Date('2026-03-10T10:00:00+01:00');
let seed: SeedV4;
let rules: RulesV4;
let me: Caller;

beforeEach(() => {
  seed = buildSeedV4(NOW);
  rules = new RulesV4(seed, () => NOW);
  me = rules.callerFor(seed.data.employees[0]!.userId)!;
});

const cards = () => seed.data.roles.cards;
const acts = () => seed.data.roles.activities;
const item = (over: Record<string, unknown> = {}) => ({
  regularPrice: 22,
  tariff: { id: seed.socialTariffId },
  eventId: acts().priced,
  uitpasNumber: cards().kansenstatuut,
  ...over,
});
const post = (items: unknown) => rules.prepareSales(me, JSON.stringify(items));
const problem = <T>(o: Outcome<T>) => {
  if (o.ok) throw new Error('expected a problem');
  return o.problem;
};
const value = <T>(o: Outcome<T>): T => {
  if (!o.ok) throw new Error(`${o.problem.type}: ${o.problem.title}`);
  return o.value;
};

describe('POST /ticket-sales: all or nothing', () => {
  it('registers every item, one sale per ticket, in one batch', () => {
    const sales = value(post([item(), item({ uitpasNumber: cards().group, regularPrice: 15 })]))();
    expect(sales.map((s) => [s.tariffCents, s.groupPass, s.batch])).toEqual([
      [550, false, 1],
      [375, true, 1],
    ]);
  });

  it('one bad item refuses the whole request, pointing at it', () => {
    const p = problem(post([item(), item({ uitpasNumber: cards().group }), item({ eventId: 'e5ee0000-0000-4000-8000-999999999999' })]));
    expect(p).toMatchObject({ status: 400, type: 'uitpas/event-not-found', jsonPointer: '/2' });
    expect(rules.sales).toEqual([]);
  });

  it('counts the items before it: a second kansentarief for the same person is maximum-reached', () => {
    expect(problem(post([item(), item()]))).toMatchObject({
      type: 'uitpas/maximum-reached',
      jsonPointer: '/1',
      endUserMessage: MESSAGES.maximum,
    });
    expect(rules.sales).toEqual([]);
  });

  it('a group pass buys up to its budget, not beyond', () => {
    const small = seed.data.groupPasses[1]!.uitpasNumber;
    expect(problem(post([1, 2, 3].map(() => item({ uitpasNumber: small }))))).toMatchObject({
      type: 'uitpas/maximum-reached',
      jsonPointer: '/2',
    });
    value(post([1, 2].map(() => item({ uitpasNumber: small }))))();
    expect(rules.data.groupPasses[1]!.availableTickets).toBe(0);
  });

  it('refuses bodies that are not a list of ticket sales', () => {
    expect(problem(rules.prepareSales(me, ''))).toMatchObject({ type: 'body/missing' });
    expect(problem(rules.prepareSales(me, '[{'))).toMatchObject({ type: 'body/invalid-syntax' });
    expect(problem(post({}))).toMatchObject({ type: 'body/invalid-data' });
    expect(problem(post([]))).toMatchObject({ type: 'uitpas/invalid-number-of-tickets' });
    expect(problem(post([item({ tariff: {} })]))).toMatchObject({ schemaErrors: [{ jsonPointer: '/0/tariff/id' }] });
  });

  it('says why a pass cannot buy, with the card status and texts in three languages', () => {
    expect(problem(post([item({ uitpasNumber: cards().blocked })]))).toMatchObject({
      type: 'uitpas/invalid-card-status',
      cardStatus: 'BLOCKED',
    });
    expect(problem(post([item({ uitpasNumber: cards().expired })]))).toMatchObject({
      type: 'uitpas/social-tariff-expired',
      endUserMessage: { nl: expect.any(String) as unknown, fr: expect.any(String) as unknown, en: expect.any(String) as unknown },
    });
    expect(problem(post([item({ uitpasNumber: seed.data.passholders[4]!.uitpasNumber })]))).toMatchObject({
      type: 'uitpas/social-tariff-suspended',
    });
    expect(problem(post([item({ uitpasNumber: cards().regular })]))).toMatchObject({ type: 'uitpas/invalid-card' });
    expect(problem(post([item({ uitpasNumber: '0940000000115' })]))).toMatchObject({ type: 'uitpas/invalid-uitpasnumber' });
    expect(problem(post([item({ uitpasNumber: '0940000099918' })]))).toMatchObject({ type: 'uitpas/passholder-not-found' });
    expect(problem(post([item({ tariff: { id: 'COUPON_999' } })]))).toMatchObject({ type: 'uitpas/invalid-coupon' });
    expect(problem(post([item({ eventId: acts().otherCounter })]))).toMatchObject({ status: 403, type: 'auth/forbidden' });
  });

  it('a coupon once per event: the second use is maximum-reached', () => {
    const c = item({ uitpasNumber: cards().coupon, eventId: acts().coupon, regularPrice: 8.5, tariff: { id: 'COUPON_31' } });
    value(post([c]))();
    expect(problem(post([c]))).toMatchObject({ type: 'uitpas/maximum-reached' });
  });
});

describe('GET /tariffs', () => {
  const tariffs = (q: Record<string, string>) =>
    rules.tariffs(me, { eventId: acts().priced, uitpasNumber: cards().kansenstatuut, regularPrice: '22', ...q });

  it('offers the kansentarief for the regular price, then nothing with a message', () => {
    expect(value(tariffs({}))).toEqual({
      available: [{ id: seed.socialTariffId, name: 'Kansentarief', price: 5.5, type: 'SOCIALTARIFF', remaining: 1 }],
    });
    expect(value(tariffs({ regularPrice: '15' }))).toMatchObject({ available: [{ price: 3.75 }] });
    value(post([item()]))();
    expect(value(tariffs({}))).toEqual({ available: [], endUserMessage: MESSAGES.maximum });
  });

  it('a group pass has its budget as what remains; coupons beside the kansentarief; filters by type', () => {
    expect(value(tariffs({ uitpasNumber: cards().group }))).toMatchObject({ available: [{ remaining: 12 }] });
    const both = value(tariffs({ uitpasNumber: cards().coupon, eventId: acts().coupon, regularPrice: '8.5' })) as {
      available: { id: string }[];
    };
    expect(both.available.map((t) => t.id)).toEqual([seed.socialTariffId, 'COUPON_27', 'COUPON_31']);
    const coupons = value(tariffs({ uitpasNumber: cards().coupon, eventId: acts().coupon, regularPrice: '8.5', type: 'COUPON' })) as {
      available: { id: string }[];
    };
    expect(coupons.available.map((t) => t.id)).toEqual(['COUPON_27', 'COUPON_31']);
  });

  it('errors where the spec has them, 200 with a message where it shows one', () => {
    expect(problem(tariffs({ uitpasNumber: cards().expired }))).toMatchObject({ status: 400, type: 'uitpas/social-tariff-expired' });
    expect(problem(tariffs({ uitpasNumber: cards().blocked }))).toMatchObject({
      type: 'uitpas/invalid-card-status',
      cardStatus: 'BLOCKED',
    });
    expect(value(tariffs({ uitpasNumber: cards().regular }))).toEqual({ available: [], endUserMessage: MESSAGES.noSocial });
    expect(problem(tariffs({ eventId: 'nope' }))).toMatchObject({ type: 'uitpas/event-not-found' });
    expect(problem(tariffs({ eventId: acts().otherCounter }))).toMatchObject({ status: 403 });
    expect(problem(rules.tariffs(me, { eventId: acts().priced }))).toMatchObject({ status: 404, type: 'url/not-found' });
  });
});

describe('DELETE and GET /ticket-sales', () => {
  it('cancel gives the group ticket back; a second cancel is ticket-sale-not-found', () => {
    const [sale] = value(post([item({ uitpasNumber: cards().group })]))();
    expect(rules.data.groupPasses[0]!.availableTickets).toBe(11);
    value(rules.cancel(me, sale!.id));
    expect(rules.data.groupPasses[0]!.availableTickets).toBe(12);
    expect(problem(rules.cancel(me, sale!.id))).toMatchObject({ status: 404, type: 'uitpas/ticket-sale-not-found' });
  });

  it('pages with the total, hides cancelled sales, checks its parameters', () => {
    const sales = value(post([1, 2, 3, 4].map(() => item({ uitpasNumber: cards().group }))))();
    value(rules.cancel(me, sales[0]!.id));
    const page = value(rules.searchSales(me, { eventId: acts().priced, organizerIds: [], start: '1', limit: '2' })) as {
      totalItems: number;
      member: { id: string }[];
    };
    expect(page.totalItems).toBe(3);
    expect(page.member.map((s) => s.id)).toEqual([sales[2]!.id, sales[3]!.id]);
    expect(problem(rules.searchSales(me, { organizerIds: [] }))).toMatchObject({ status: 404 });
    expect(problem(rules.searchSales(me, { passholderId: 'x', organizerIds: [] }))).toMatchObject({ status: 404 });
    expect(problem(rules.searchSales(me, { eventId: acts().priced, organizerIds: [], limit: '501' }))).toMatchObject({
      status: 400,
      type: 'url/query-limit-exceeded',
    });
    expect(
      problem(rules.searchSales(me, { eventId: acts().priced, organizerIds: ['b0a1e5ee-d000-4c00-8000-00000000b002'] })),
    ).toMatchObject({
      status: 403,
    });
  });

  it('shows the passholder with PASSHOLDERS_SEARCH, not for a group pass', () => {
    value(post([item(), item({ uitpasNumber: cards().group })]))();
    const page = value(rules.searchSales(me, { eventId: acts().priced, organizerIds: [] })) as { member: Record<string, unknown>[] };
    expect(page.member[0]).toMatchObject({ passholder: { id: seed.data.passholders[0]!.uid, firstName: 'Fatma' } });
    expect(page.member[1]!.passholder).toBeUndefined();
  });
});

describe('passholders, permissions, events', () => {
  it('finds by id field whatever the card status, by name in part', () => {
    const blocked = value(rules.passholders(me, { uitpasNumber: cards().blocked }));
    expect(blocked).toMatchObject({ byId: true, page: { totalItems: 1 } });
    expect(value(rules.passholders(me, { name: 'eeter' })).page).toMatchObject({ totalItems: 3 });
    expect(problem(rules.passholders(me, { uitpasNumber: '123' }))).toMatchObject({ type: 'uitpas/invalid-uitpas-number' });
  });

  it('an office counter may look up, not sell', () => {
    const perms = rules.permissions(me) as { organizer: { id: string }; permissions: string[] }[];
    expect(perms.map((p) => p.permissions.includes('TICKETSALES_REGISTER'))).toEqual([true, false]);
  });

  it('the event search filters by organizer, id, text and dates, and pages', () => {
    const search = (q: Record<string, string>) =>
      value(rules.searchEvents({ embed: 'true', uitpas: 'true', ...q })) as {
        totalItems: number;
        member: { '@id': string; priceInfo: unknown[] }[];
      };
    expect(search({}).totalItems).toBe(9);
    expect(search({ organizerId: me.organizers.keys().next().value! }).totalItems).toBe(8);
    expect(search({ id: acts().priced }).member[0]!['@id']).toMatch(acts().priced);
    expect(search({ text: 'MAGRITTE' }).totalItems).toBe(1);
    expect(search({ dateFrom: '2026-03-10T00:00:00+01:00', dateTo: '2026-03-10T23:59:59+01:00' }).totalItems).toBe(6);
    expect(search({ id: acts().priced, embedUitpasPrices: 'true' }).member[0]!.priceInfo).toHaveLength(3);
    expect(problem(rules.searchEvents({ start: '10001' }))).toMatchObject({ status: 404 });
  });
});
