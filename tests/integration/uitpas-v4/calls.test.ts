/** The API 4 client against the API 4 simulator over real HTTP on loopback: every call Loket makes. */
import { describe, expect, it } from 'vitest';
import { BAD_LUHN, rigPerTest, UNKNOWN_CARD } from '../../support/uitpas-rig.js';
import { failure, rig, type RigV4 } from './helpers.js';
import { UitpasError } from '../../../main/uitpas/port.js';

let r: RigV4;
rigPerTest(rig, (x) => (r = x));

const cards = () => r.sim.seedInfo.cards;
const acts = () => r.sim.seedInfo.activities;
const today = { range: 'today', start: 0, max: 50 } as const;
/** The second group pass of the seed: two tickets left. */
const smallGroup = () => r.sim.seed.data.groupPasses[1]!.uitpasNumber;

describe('identify: GET /passholders, then GET /grouppasses', () => {
  it('finds a passholder by card number: the person, the card, the kansenstatuut', async () => {
    const id = await r.client.identify(r.counter, cards().kansenstatuut);
    expect(id).toMatchObject({
      kind: 'passholder',
      uitpasNumber: cards().kansenstatuut,
      uid: r.sim.seed.data.passholders[0]!.uid,
      firstName: 'Fatma',
      lastName: 'Yılmaz',
      card: { status: 'ACTIVE', kansenpas: true },
      kansenstatuut: [{ status: 'active' }],
    });
  });

  it('tells the kansenstatuut states and warns like the XML API', async () => {
    expect(await r.client.identify(r.counter, cards().expired)).toMatchObject({
      notice: 'KANSENSTATUUT_EXPIRED',
      kansenstatuut: [{ status: 'expired' }],
    });
    expect(await r.client.identify(r.counter, cards().blocked)).toMatchObject({
      notice: 'INVALID_CARD_STATUS_BLOCKED',
      card: { status: 'BLOCKED' },
    });
    expect(await r.client.identify(r.counter, cards().regular)).toMatchObject({ kansenstatuut: [], card: { kansenpas: false } });
    const grace = await r.client.identify(r.counter, r.sim.seed.data.passholders[3]!.uitpasNumber);
    expect(grace).toMatchObject({ kansenstatuut: [{ status: 'grace' }] });
  });

  it('identifies a group pass with its budget', async () => {
    expect(await r.client.identify(r.counter, cards().group)).toMatchObject({
      kind: 'group',
      name: 'Vzw Buurtwerk Noordwijk',
      availableTickets: 12,
      ticketsPerYear: 40,
      kansenstatuut: true,
    });
  });

  it('by INSZ and by chip number too', async () => {
    const insz = r.sim.seed.insz[cards().kansenstatuut]!;
    expect(await r.client.identify(r.counter, insz)).toMatchObject({ uitpasNumber: cards().kansenstatuut });
    const chip = r.sim.seed.chips[cards().group]!;
    expect(await r.client.identify(r.counter, chip.toLowerCase())).toMatchObject({ kind: 'group', uitpasNumber: cards().group });
  });

  it('refuses unknown and invalid numbers with the XML codes', async () => {
    expect(await failure(() => r.client.identify(r.counter, UNKNOWN_CARD))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_IDENTIFICATION',
    });
    const bad = await failure(() => r.client.identify(r.counter, BAD_LUHN));
    expect(bad).toMatchObject({ kind: 'rejected', code: 'PARSE_INVALID_UITPASNUMBER', httpStatus: 400 });
    expect(bad.endUserMessage).toMatchObject({ nl: expect.stringContaining('UiTPAS') as unknown, fr: expect.any(String) as unknown });
  });
});

describe('activities: UiTdatabank search + GET /tariffs', () => {
  it("lists the counter's events of today without a card, with the indicative kansentarief", async () => {
    const page = await r.client.searchActivities(r.counter, today);
    expect(page.total).toBe(5);
    expect(page.items.map((a) => a.cdbid)).not.toContain(acts().otherCounter);
    expect(page.items.find((a) => a.cdbid === acts().priced)).toMatchObject({ priceCents: 2200, tariffCents: 550, tariffs: [] });
    expect(page.items.find((a) => a.cdbid === acts().free)).toMatchObject({ priceCents: 0, tariffs: [] });
  });

  it('prices every price class for a card: the kansentarief with what remains', async () => {
    const page = await r.client.searchActivities(r.counter, { ...today, uitpasNumber: cards().kansenstatuut });
    expect(page.items.find((a) => a.cdbid === acts().priced)).toMatchObject({
      tariffCents: 550,
      tariffs: [
        {
          type: 'DEFAULT',
          priceClasses: [
            { name: 'Categorie 1', priceCents: 2200, tariffCents: 550 },
            { name: 'Categorie 2', priceCents: 1500, tariffCents: 375 },
          ],
          remainingForEvent: { periodType: 'ABSOLUTE', periodVolume: 1 },
        },
      ],
    });
  });

  it('offers coupons as options and says why there is no kansentarief', async () => {
    const coupon = await r.client.searchActivities(r.counter, { ...today, uitpasNumber: cards().coupon });
    const film = coupon.items.find((a) => a.cdbid === acts().coupon)!;
    expect(film.tariffs.map((t) => [t.type, t.coupon?.id])).toEqual([
      ['DEFAULT', undefined],
      ['COUPON', 'COUPON_27'],
      ['COUPON', 'COUPON_31'],
    ]);
    const expired = await r.client.searchActivities(r.counter, { ...today, uitpasNumber: cards().expired });
    expect(expired.items.find((a) => a.cdbid === acts().priced)).toMatchObject({
      buyConstraintReason: 'KANSENSTATUUT_EXPIRED',
      tariffCents: 2200,
    });
    const regular = await r.client.searchActivities(r.counter, { ...today, uitpasNumber: cards().regular });
    // No kansenstatuut at all: UiTPAS answers 200 with nothing on offer and a text, no code.
    expect(regular.items.find((a) => a.cdbid === acts().priced)).toMatchObject({ buyConstraintReason: 'NO_TARIFF' });
  });

  it('an event of an organizer this login may not sell for: ACTION_NOT_ALLOWED, the login is fine', async () => {
    const other = r.sim.seed.data.events.find((e) => e.cdbid === acts().otherCounter)!.organiserCounter;
    const page = await r.client.searchActivities(other, { ...today, uitpasNumber: cards().kansenstatuut });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ buyConstraintReason: 'ACTION_NOT_ALLOWED' });
  });

  it('a wrong card fails the search, as in XML', async () => {
    expect(await failure(() => r.client.searchActivities(r.counter, { ...today, uitpasNumber: UNKNOWN_CARD }))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_UITPASNUMBER',
    });
  });

  it('filters by text, by range and pages', async () => {
    expect((await r.client.searchActivities(r.counter, { ...today, text: 'kersentuin' })).items.map((a) => a.title)).toEqual([
      'Theater: De Kersentuin (Tsjechov)',
    ]);
    expect((await r.client.searchActivities(r.counter, { ...today, range: 'next7days' })).total).toBe(8);
    const second = await r.client.searchActivities(r.counter, { ...today, start: 2, max: 2 });
    expect([second.total, second.items.length]).toEqual([5, 2]);
  });
});

describe('buy: POST /ticket-sales', () => {
  it('registers one ticket at the kansentarief and answers in domain terms', async () => {
    await r.client.searchActivities(r.counter, { ...today, uitpasNumber: cards().kansenstatuut });
    const res = await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut });
    expect(res.value).toMatchObject({
      cdbid: acts().priced,
      priceCents: 2200,
      tariffCents: 550,
      groupPass: false,
      uitpasNumber: cards().kansenstatuut,
      userId: r.sim.seed.data.passholders[0]!.uid,
      priceClass: 'Categorie 1',
    });
    expect(res.ticketSaleIds).toEqual([res.value.id]);
    expect(r.sim.sales()).toMatchObject([{ id: res.value.id, tariffId: 'SOCIALTARIFF-1', regularPriceCents: 2200 }]);
    expect(JSON.parse(res.raw.requestBody!)).toEqual([
      {
        regularPrice: 22,
        regularPriceLabel: 'Categorie 1',
        tariff: { id: 'SOCIALTARIFF-1' },
        eventId: acts().priced,
        uitpasNumber: cards().kansenstatuut,
      },
    ]);
    // The outbox keeps the raw reply: no names in it.
    expect(res.raw.responseBody).not.toMatch(/Fatma|Yılmaz/);
  });

  it('registers a price class, and finds its regular price without a prior activity search', async () => {
    const res = await r
      .freshClient()
      .buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut, priceClass: 'Categorie 2' });
    expect(res.value).toMatchObject({ priceCents: 1500, tariffCents: 375, priceClass: 'Categorie 2' });
  });

  it('a group of 3 is three items in one POST, three ids, one budget', async () => {
    const res = await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().group, amountOfTickets: 3 });
    expect(res.value).toMatchObject({ groupPass: true, amountOfTickets: 3, tariffCents: 550 });
    expect(res.ticketSaleIds).toHaveLength(3);
    expect(res.ticketSaleIds![0]).toBe(res.value.id);
    const sales = r.sim.sales();
    expect(sales.map((s) => s.id)).toEqual(res.ticketSaleIds);
    expect(new Set(sales.map((s) => s.batch)).size).toBe(1);
    expect(await r.client.identify(r.counter, cards().group)).toMatchObject({ availableTickets: 9 });
  });

  it('all or nothing: 3 tickets on a pass with 2 left is MAXIMUM_REACHED and registers none', async () => {
    const e = await failure(() =>
      r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: smallGroup(), amountOfTickets: 3 }),
    );
    expect(e).toMatchObject({ kind: 'rejected', code: 'MAXIMUM_REACHED', httpStatus: 400 });
    expect(e.endUserMessage).toMatchObject({
      nl: expect.any(String) as unknown,
      fr: expect.any(String) as unknown,
      en: expect.any(String) as unknown,
    });
    expect(r.sim.sales()).toEqual([]);
    await expect(
      r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: smallGroup(), amountOfTickets: 2 }),
    ).resolves.toBeDefined();
  });

  it('MAXIMUM_REACHED from UiTPAS when another sale got there first', async () => {
    r.sim.faults.add({ call: 'buy', kind: 'rival-sale' });
    const e = await failure(() => r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut }));
    expect(e).toMatchObject({ kind: 'rejected', code: 'MAXIMUM_REACHED' });
    expect(r.sim.sales()).toHaveLength(1);
  });

  it("no kansentarief left: NO_TARIFF with UiTPAS's own explanation, nothing sent", async () => {
    await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut });
    const e = await failure(() => r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut }));
    expect(e).toMatchObject({ kind: 'rejected', code: 'NO_TARIFF' });
    expect(e.endUserMessage?.nl).toMatch(/maximum/);
    expect(r.sim.sales()).toHaveLength(1);
  });

  it('refusals before anything is registered keep their codes', async () => {
    const buy = (over: Record<string, unknown>) =>
      failure(() => r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut, ...over }));
    expect(await buy({ uitpasNumber: cards().expired })).toMatchObject({ kind: 'rejected', code: 'KANSENSTATUUT_EXPIRED' });
    expect(await buy({ priceClass: 'Loge' })).toMatchObject({ kind: 'rejected', code: 'UNKNOWN_PRICE_CLASS' });
    expect(await buy({ cdbid: acts().free })).toMatchObject({ kind: 'rejected', code: 'TICKETSALE_NOT_ALLOWED_FREE_EVENT' });
    expect(await buy({ couponId: 'COUPON_27' })).toMatchObject({ kind: 'rejected', code: 'TICKET_SALE_COUPON_NOT_GRANTED' });
    expect(await buy({ cdbid: acts().otherCounter })).toMatchObject({
      kind: 'unauthorized',
      code: 'ACCESS_DENIED',
      requiredPermission: 'TARIFFS_READ',
      httpStatus: 403,
    });
    expect(r.sim.sales()).toEqual([]);
  });

  it('a coupon is registered as its tariff', async () => {
    const res = await r.client.buy({ counterKey: r.counter, cdbid: acts().coupon, uitpasNumber: cards().coupon, couponId: 'COUPON_31' });
    expect(res.value).toMatchObject({ tariffCents: 100, coupon: { id: 'COUPON_31', name: 'Filmbon' } });
  });
});

describe('cancel: DELETE /ticket-sales/{id}', () => {
  it('204 once, then UNKNOWN_TICKET_SALE (404), as for an id that never existed', async () => {
    const { value } = await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut });
    const done = await r.client.cancel(r.counter, value.id);
    expect(done.raw).toMatchObject({ method: 'DELETE', status: 204 });
    expect(r.sim.sales()[0]).toMatchObject({ cancelled: true });
    expect(await failure(() => r.client.cancel(r.counter, value.id))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_TICKET_SALE',
      httpStatus: 404,
    });
    expect(await failure(() => r.client.cancel(r.counter, '999999'))).toMatchObject({ kind: 'rejected', code: 'UNKNOWN_TICKET_SALE' });
    // The budget is back: the kansentarief can be sold again.
    await expect(r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut })).resolves.toBeDefined();
  });

  it('refuses "." and ".." as an id before sending', async () => {
    expect(await failure(() => r.client.cancel(r.counter, '..'))).toMatchObject({ kind: 'rejected' });
  });
});

describe('ticket-sale search: GET /ticket-sales', () => {
  it('pages by start and limit with the total, one record per ticket, group passes told apart', async () => {
    await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut });
    await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().group, amountOfTickets: 3 });
    // A fresh client has identified nothing: it must find out which card is a group pass.
    const client = r.freshClient();
    const seen: string[] = [];
    let total = Infinity;
    while (seen.length < total) {
      const page = await client.searchTicketSales({ counterKey: r.counter, cdbid: acts().priced, start: seen.length, max: 3 });
      total = page.total;
      expect(page.items.length).toBeGreaterThan(0);
      seen.push(...page.items.map((s) => s.id));
    }
    expect(total).toBe(4);
    expect(new Set(seen).size).toBe(4);
    const all = await client.searchTicketSales({ counterKey: r.counter, cdbid: acts().priced, max: 10 });
    expect(all.items.map((s) => s.groupPass)).toEqual([false, true, true, true]);
    expect(all.items[0]).toMatchObject({
      userId: r.sim.seed.data.passholders[0]!.uid,
      firstName: 'Fatma',
      priceCents: 2200,
      tariffCents: 550,
    });
    expect(all.items.every((s) => s.amountOfTickets === undefined)).toBe(true);
  });

  it('by passholder, and by date on creationDate (the API has no date filter)', async () => {
    await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut });
    await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().group, amountOfTickets: 2 });
    const uid = r.sim.seed.data.passholders[0]!.uid;
    expect((await r.client.searchTicketSales({ counterKey: r.counter, cdbid: acts().priced, uid })).total).toBe(1);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    expect((await r.client.searchTicketSales({ counterKey: r.counter, cdbid: acts().priced, startDate: hourAgo })).total).toBe(3);
    expect((await r.client.searchTicketSales({ counterKey: r.counter, cdbid: acts().priced, startDate: inAnHour })).total).toBe(0);
    const paged = await r.client.searchTicketSales({ counterKey: r.counter, cdbid: acts().priced, startDate: hourAgo, start: 1, max: 1 });
    expect([paged.total, paged.items.length]).toEqual([3, 1]);
  });

  it('keeps paging right when UiTPAS returns fewer records than asked', async () => {
    await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().group, amountOfTickets: 3 });
    r.sim.faults.add({ call: 'searchTicketsales', kind: 'page-cap', pageSize: 1, count: 10 });
    const startDate = new Date(Date.now() - 3_600_000).toISOString();
    expect((await r.client.searchTicketSales({ counterKey: r.counter, cdbid: acts().priced, startDate })).total).toBe(3);
  });

  it('needs an activity or a passholder', async () => {
    expect(await failure(() => r.client.searchTicketSales({ counterKey: r.counter }))).toMatchObject({
      kind: 'rejected',
      code: 'INVALID_PARAMETERS',
    });
  });
});

describe('counters, staff and passholder search', () => {
  it('lists the organizers of GET /permissions as counters', async () => {
    expect((await r.client.listCounters()).map((c) => [c.name, c.canSell])).toEqual([
      ['Cultuurcentrum De Kruisboog', true],
      ['Sociaal Huis — onthaal', false],
    ]);
  });

  it("lists the organizer's admins and members", async () => {
    expect((await r.client.listEmployees(r.counter)).map((e) => e.role).sort()).toEqual(['admin', 'member']);
    expect(await failure(() => r.client.listEmployees('b0a1e5ee-d000-4c00-8000-00000000b002'))).toMatchObject({
      kind: 'unauthorized',
      code: 'ACCESS_DENIED',
    });
  });

  it('finds passholders by (partial) name and date of birth', async () => {
    const all = await r.client.searchPassholders(r.counter, { name: 'peet*', start: 0, max: 10 });
    expect(all.total).toBe(3);
    const jan = await r.client.searchPassholders(r.counter, {
      name: 'Peeters',
      firstName: 'Jan',
      dateOfBirth: '2001-10-05',
      start: 0,
      max: 10,
    });
    expect(jan.items).toMatchObject([{ firstName: 'Jan', dateOfBirth: '2001-10-05', city: 'Laken', kansenpas: true }]);
  });
});

describe('authentication', () => {
  it('a revoked token is unauthorized (401) without a code: pause and log in again', async () => {
    r.sim.revokeTokens();
    const e = await failure(() => r.client.identify(r.counter, cards().regular));
    expect(e).toMatchObject({ kind: 'unauthorized', httpStatus: 401, code: undefined });
  });

  it('no token from the provider is unauthorized before anything is sent', async () => {
    const none = r.freshClient({ token: () => Promise.reject(new Error('no refresh token')) });
    expect(
      await failure(() => none.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut })),
    ).toMatchObject({
      kind: 'unauthorized',
    });
    const empty = r.freshClient({ token: () => Promise.resolve('') });
    expect(await failure(() => empty.listCounters())).toMatchObject({ kind: 'unauthorized' });
    expect(r.sim.sales()).toEqual([]);
  });

  it('a provider that cannot reach UiTiD says so: the buy is not sent, and nobody is asked to log in again', async () => {
    const offline = r.freshClient({ token: () => Promise.reject(new UitpasError('not-sent', 'UiTiD unreachable: ECONNREFUSED')) });
    const e = await failure(() => offline.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut }));
    expect(e).toMatchObject({ kind: 'not-sent', message: 'UiTiD unreachable: ECONNREFUSED' });
    expect(r.sim.sales()).toEqual([]);
  });

  it('a permission refusal (403) is ACCESS_DENIED with the permission the call needs', async () => {
    r.sim.faults.add({ call: 'buy', kind: 'access-denied' });
    const e = await failure(() => r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut }));
    expect(e).toMatchObject({ kind: 'unauthorized', code: 'ACCESS_DENIED', httpStatus: 403, requiredPermission: 'TICKETSALES_REGISTER' });
    expect(r.sim.sales()).toEqual([]);
  });

  it('the Search API takes the client id instead of the token; a wrong one is refused', async () => {
    const byId = r.freshClient({ searchClientId: r.sim.credentials.searchClientId });
    expect((await byId.searchActivities(r.counter, today)).total).toBe(5);
    const wrong = r.freshClient({ searchClientId: 'not-ours' });
    expect(await failure(() => wrong.searchActivities(r.counter, today))).toMatchObject({ kind: 'unauthorized', httpStatus: 401 });
  });

  it('never sends the token where it could be read, nor writes it in the exchange', async () => {
    const plain = r.freshClient({ apiBase: 'http://uitpas.example.org' });
    expect(await failure(() => plain.listCounters())).toMatchObject({
      kind: 'not-sent',
      message: expect.stringContaining('https') as unknown,
    });
    const { raw } = await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut });
    expect(JSON.stringify(raw)).not.toContain(r.sim.credentials.token);
  });
});

describe('clock', () => {
  it("learns UiTPAS's clock from the Date header", async () => {
    r.sim.setClockOffset(120_000);
    expect(r.client.clockOffset()).toBeUndefined();
    await r.client.listCounters();
    const o = r.client.clockOffset()!;
    expect(o.lowMs).toBeGreaterThan(115_000);
    expect(o.highMs).toBeLessThan(125_000);
  });
});
