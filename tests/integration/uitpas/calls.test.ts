/** The client against the simulator over real HTTP: every call, success and documented errors. */
import { describe, expect, it } from 'vitest';
import { authorizationHeader } from '../../../main/uitpas/oauth.js';
import { BAD_LUHN, rigPerTest, UNKNOWN_CARD } from '../../support/uitpas-rig.js';
import { failure, rig, type Rig } from './helpers.js';

let r: Rig;
rigPerTest(rig, (x) => (r = x));

const cards = () => r.sim.seedInfo.cards;
const acts = () => r.sim.seedInfo.activities;

describe('uitpas/retrieve (identify)', () => {
  it('finds a passholder with kansenstatuut, card and uid', async () => {
    const id = await r.client.identify(r.counter, cards().kansenstatuut);
    expect(id).toMatchObject({
      kind: 'passholder',
      uitpasNumber: cards().kansenstatuut,
      firstName: 'Fatma',
      lastName: 'Yılmaz',
      card: { status: 'ACTIVE', kansenpas: true },
    });
    if (id.kind !== 'passholder') throw new Error('not a passholder');
    expect(id.kansenstatuut[0]?.status).toBe('active');
    expect(id.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells each kansenstatuut state and the notices on a 200', async () => {
    const expired = await r.client.identify(r.counter, cards().expired);
    expect(expired).toMatchObject({ kind: 'passholder', notice: 'KANSENSTATUUT_EXPIRED', kansenstatuut: [{ status: 'expired' }] });
    const blocked = await r.client.identify(r.counter, cards().blocked);
    expect(blocked).toMatchObject({ notice: 'INVALID_CARD_STATUS_BLOCKED', card: { status: 'BLOCKED' } });
    const regular = await r.client.identify(r.counter, cards().regular);
    expect(regular).toMatchObject({ kansenstatuut: [], card: { kansenpas: false } });
    const coupon = await r.client.identify(r.counter, cards().coupon);
    if (coupon.kind !== 'passholder') throw new Error('not a passholder');
    expect(coupon.coupons.map((c) => c.name)).toEqual(['Cultuurbon', 'Filmbon']);
  });

  it('identifies a group pass', async () => {
    expect(await r.client.identify(r.counter, cards().group)).toMatchObject({
      kind: 'group',
      name: 'Vzw Buurtwerk Noordwijk',
      availableTickets: 12,
      kansenstatuut: true,
    });
  });

  it('refuses unknown identifications and unknown counters', async () => {
    expect(await failure(() => r.client.identify(r.counter, UNKNOWN_CARD))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_IDENTIFICATION',
      httpStatus: 400,
    });
    expect(await failure(() => r.client.identify('no-such-counter', cards().regular))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_BALIE_CONSUMERKEY',
    });
    expect(await failure(() => r.client.identify('', cards().regular))).toMatchObject({
      kind: 'rejected',
      code: 'MISSING_REQUIRED_FIELDS',
    });
  });
});

describe('passholder/{n} and grouppass/{n}', () => {
  it('gets a passholder by number, keeping leading zeros', async () => {
    const p = await r.client.passholder(r.counter, cards().regular);
    expect(p).toMatchObject({ uitpasNumber: cards().regular, firstName: 'Jan', lastName: 'Peeters', points: 3 });
  });
  it('refuses malformed and unknown numbers', async () => {
    expect(await failure(() => r.client.passholder(r.counter, BAD_LUHN))).toMatchObject({
      kind: 'rejected',
      code: 'PARSE_INVALID_UITPASNUMBER',
    });
    expect(await failure(() => r.client.passholder(r.counter, UNKNOWN_CARD))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_UITPASNUMBER',
    });
  });
  it('gets a group pass with a consumer request; unknown is a 404 with an XML body', async () => {
    expect(await r.client.groupPass(cards().group)).toMatchObject({ kind: 'group', availableTickets: 12, ticketsPerYear: 40 });
    expect(await failure(() => r.client.groupPass(UNKNOWN_CARD))).toMatchObject({
      kind: 'rejected',
      httpStatus: 404,
      code: 'UNKNOWN_UITPASNUMBER',
    });
    expect(await failure(() => r.client.groupPass(cards().regular))).toMatchObject({ kind: 'rejected', code: 'UNKNOWN_GROUPPASS' });
  });
});

describe('cultureevent/search', () => {
  it("lists the counter's activities of today with price classes and tariffs for a passholder", async () => {
    const page = await r.client.searchActivities(r.counter, { uitpasNumber: cards().kansenstatuut, range: 'today', start: 0, max: 50 });
    expect(page.items.length).toBeGreaterThanOrEqual(5);
    expect(page.items.map((a) => a.cdbid)).not.toContain(acts().otherCounter);
    const concert = page.items.find((a) => a.cdbid === acts().priced)!;
    expect(concert).toMatchObject({ priceCents: 2200, tariffCents: 550, title: 'Concert: Brussels Philharmonic speelt Debussy & Ravel' });
    expect(concert.tariffs[0]).toMatchObject({
      type: 'DEFAULT',
      priceClasses: [
        { name: 'Categorie 1', priceCents: 2200, tariffCents: 550 },
        { name: 'Categorie 2', priceCents: 1500, tariffCents: 375 },
      ],
    });
    expect(concert.startDate).toMatch(/T20:00:00\+0[12]:00$/);
    const free = page.items.find((a) => a.cdbid === acts().free)!;
    expect(free).toMatchObject({ priceCents: 0, tariffCents: 0, tariffs: [] });
  });

  it('explains why there is no discount (buyConstraintReason) and offers coupons', async () => {
    const regular = await r.client.searchActivities(r.counter, { uitpasNumber: cards().regular, range: 'today', start: 0, max: 50 });
    const concert = regular.items.find((a) => a.cdbid === acts().priced)!;
    expect(concert).toMatchObject({ tariffCents: 2200, buyConstraintReason: 'INVALID_CARD' });
    const expired = await r.client.searchActivities(r.counter, { uitpasNumber: cards().expired, range: 'today', start: 0, max: 50 });
    expect(expired.items.find((a) => a.cdbid === acts().priced)).toMatchObject({ buyConstraintReason: 'KANSENSTATUUT_EXPIRED' });
    const coupon = await r.client.searchActivities(r.counter, { uitpasNumber: cards().coupon, range: 'today', start: 0, max: 50 });
    const film = coupon.items.find((a) => a.cdbid === acts().coupon)!;
    expect(film.tariffs.map((t) => [t.type, t.coupon?.id])).toEqual([
      ['DEFAULT', undefined],
      ['COUPON', '27'],
      ['COUPON', '31'],
    ]);
  });

  it('searches by text, pages, and takes a date range', async () => {
    const text = await r.client.searchActivities(r.counter, { text: 'écriture', range: 'next7days', start: 0, max: 50 });
    expect(text.items.map((a) => a.title)).toEqual(["Atelier d'écriture : Écrire la ville"]);
    const all = await r.client.searchActivities(r.counter, { range: 'next30days', start: 0, max: 50 });
    expect(all.total).toBe(8);
    const page2 = await r.client.searchActivities(r.counter, { range: 'next30days', start: 3, max: 3 });
    expect(page2.total).toBe(8);
    expect(page2.items.map((a) => a.cdbid)).toEqual(all.items.slice(3, 6).map((a) => a.cdbid));
    const day = all.items[0]!.startDate!.slice(0, 10);
    const onDay = await r.client.searchActivities(r.counter, { range: 'date', date: day, start: 0, max: 50 });
    expect(onDay.items.every((a) => a.startDate?.startsWith(day))).toBe(true);
  });

  it('refuses malformed and unknown passholder numbers and unknown counters', async () => {
    const q = { range: 'today' as const, start: 0, max: 50 };
    expect(await failure(() => r.client.searchActivities(r.counter, { ...q, uitpasNumber: BAD_LUHN }))).toMatchObject({
      code: 'PARSE_INVALID_UITPASNUMBER',
    });
    expect(await failure(() => r.client.searchActivities(r.counter, { ...q, uitpasNumber: UNKNOWN_CARD }))).toMatchObject({
      code: 'UNKNOWN_UITPASNUMBER',
    });
    expect(await failure(() => r.client.searchActivities('nope', q))).toMatchObject({ kind: 'rejected', code: 'BALIE_NOT_ACTOR' });
  });

  it('refuses a date window that ends before it starts (INVALID_DATE_CONSTRAINTS)', async () => {
    // The client never builds such a window; a signed request by hand does.
    const url = `${r.sim.prefix}/uitpas/cultureevent/search?balieConsumerKey=${r.counter}&startDate=2026-12-02T00%3A00%3A00%2B01%3A00&endDate=2026-12-01T00%3A00%3A00%2B01%3A00`;
    const { consumerKey, consumerSecret } = r.sim.credentials;
    const res = await fetch(url, {
      headers: { authorization: authorizationHeader({ consumerKey, consumerSecret }, { method: 'GET', url }) },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<code>INVALID_DATE_CONSTRAINTS</code>');
  });
});

describe('cultureevent/{cdbid}/buy/{n}', () => {
  const buy = (over: Partial<Parameters<Rig['client']['buy']>[0]> = {}) =>
    r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut, ...over });

  it('registers a sale at the kansentarief and records it in the simulator', async () => {
    const { value, raw } = await buy({ priceClass: 'Categorie 2' });
    expect(value).toMatchObject({
      cdbid: acts().priced,
      priceCents: 1500,
      tariffCents: 375,
      groupPass: false,
      createdVia: 'Cultuurcentrum De Kruisboog',
    });
    expect(value.id).toMatch(/^\d+$/);
    expect(value.creationDate).toMatch(/[+-]\d{2}:\d{2}$/);
    expect(raw).toMatchObject({ method: 'POST', status: 200 });
    expect(raw.requestBody).toBe(`balieConsumerKey=${r.counter}&priceClass=Categorie%202`);
    expect(r.sim.sales()).toMatchObject([
      { id: value.id, priceClass: 'Categorie 2', counterKey: r.counter, cancelled: false, amountOfTickets: 1 },
    ]);
  });

  it('enforces the per-passholder limit; cancel gives the budget back', async () => {
    const first = await buy();
    expect(await failure(() => buy())).toMatchObject({ kind: 'rejected', code: 'MAXIMUM_REACHED' });
    await r.client.cancel(r.counter, first.value.id);
    expect(r.sim.sales()[0]).toMatchObject({ cancelled: true });
    await expect(buy()).resolves.toBeDefined();
  });

  it('uses a coupon with its constraints', async () => {
    const sale = await buy({ uitpasNumber: cards().coupon, cdbid: acts().coupon, couponId: '31' });
    expect(sale.value).toMatchObject({ tariffCents: 100, coupon: { id: '31', name: 'Filmbon' } });
    expect(await failure(() => buy({ uitpasNumber: cards().coupon, cdbid: acts().coupon, couponId: '31' }))).toMatchObject({
      code: 'MAXIMUM_REACHED',
    });
    expect(await failure(() => buy({ uitpasNumber: cards().coupon, cdbid: acts().coupon, couponId: 'x1' }))).toMatchObject({
      code: 'PARSE_INVALID_LONG',
    });
    expect(await failure(() => buy({ uitpasNumber: cards().coupon, cdbid: acts().coupon, couponId: '999' }))).toMatchObject({
      code: 'TICKET_SALE_COUPON_NOT_GRANTED',
    });
  });

  it('sells several tickets on a group pass, using up availableTickets', async () => {
    const sale = await buy({ uitpasNumber: cards().group, amountOfTickets: 10 });
    expect(sale.value).toMatchObject({ groupPass: true, tariffCents: 550 });
    expect(sale.raw.requestBody).toContain('amountOfTickets=10');
    expect(await r.client.groupPass(cards().group)).toMatchObject({ availableTickets: 2 });
    expect(await failure(() => buy({ uitpasNumber: cards().group, amountOfTickets: 3, cdbid: acts().coupon }))).toMatchObject({
      code: 'MAXIMUM_REACHED',
    });
    expect(await failure(() => buy({ uitpasNumber: cards().group }))).toMatchObject({ code: 'MISSING_REQUIRED_FIELDS' });
  });

  it('answers every documented error code', async () => {
    const cases: [Partial<Parameters<Rig['client']['buy']>[0]>, string][] = [
      [{ counterKey: '' }, 'MISSING_REQUIRED_FIELDS'],
      [{ counterKey: 'unknown-counter' }, 'UNKNOWN_BALIE_CONSUMERKEY'],
      [{ cdbid: 'no-such-event' }, 'UNKNOWN_EVENT_CDBID'],
      [{ uitpasNumber: BAD_LUHN }, 'PARSE_INVALID_UITPASNUMBER'],
      [{ uitpasNumber: UNKNOWN_CARD }, 'UNKNOWN_UITPASNUMBER'],
      [{ cdbid: acts().otherCounter }, 'ACTION_NOT_ALLOWED'],
      [{ amountOfTickets: 2 }, 'INVALID_PARAMETERS'],
      [{ cdbid: acts().free }, 'TICKETSALE_NOT_ALLOWED_FREE_EVENT'],
      [{ priceClass: 'Loge' }, 'UNKNOWN_PRICE_CLASS'],
      [{ uitpasNumber: cards().blocked }, 'INVALID_CARD_STATUS'],
      [{ uitpasNumber: cards().expired }, 'KANSENSTATUUT_EXPIRED'],
      [{ uitpasNumber: cards().regular }, 'INVALID_CARD'],
    ];
    for (const [over, code] of cases) {
      const e = await failure(() => buy(over));
      expect({ code: e.code, kind: e.kind, status: e.httpStatus }).toEqual({ code, kind: 'rejected', status: 400 });
      expect(e.message).toContain(code);
    }
    expect(r.sim.sales()).toEqual([]);
  });

  it('refuses a counter the employee does not belong to as unauthorized (ACCESS_DENIED)', async () => {
    const e = await failure(() => buy({ counterKey: 'b0a1e5ee-d000-4c00-8000-00000000b002' }));
    expect(e).toMatchObject({ kind: 'unauthorized', code: 'ACCESS_DENIED' });
    expect(e.requiredPermission).toBeTruthy();
  });
});

describe('cancel, searchTicketsales, balie/list', () => {
  it('cancel: unknown id is UNKNOWN_TICKET_SALE', async () => {
    expect(await failure(() => r.client.cancel(r.counter, '424242'))).toMatchObject({ kind: 'rejected', code: 'UNKNOWN_TICKET_SALE' });
  });

  it('searchTicketsales filters by uid, cdbid and date window and pages', async () => {
    const ph = await r.client.identify(r.counter, cards().kansenstatuut);
    if (ph.kind !== 'passholder') throw new Error('not a passholder');
    const t0 = new Date(Date.now() - 60_000).toISOString();
    const a = await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().kansenstatuut });
    await r.client.buy({ counterKey: r.counter, cdbid: acts().coupon, uitpasNumber: cards().kansenstatuut });
    await r.client.buy({ counterKey: r.counter, cdbid: acts().priced, uitpasNumber: cards().group, amountOfTickets: 2 });
    const byUid = await r.client.searchTicketSales({ counterKey: r.counter, uid: ph.uid, startDate: t0 });
    expect(byUid.total).toBe(2);
    const byBoth = await r.client.searchTicketSales({ counterKey: r.counter, uid: ph.uid, cdbid: acts().priced });
    expect(byBoth.items.map((s) => s.id)).toEqual([a.value.id]);
    const future = await r.client.searchTicketSales({ counterKey: r.counter, startDate: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.total).toBe(0);
    const page = await r.client.searchTicketSales({ counterKey: r.counter, start: 1, max: 1 });
    expect(page).toMatchObject({ total: 3 });
    expect(page.items).toHaveLength(1);
    expect(await failure(() => r.client.searchTicketSales({ counterKey: r.counter, startDate: 'gisteren' }))).toMatchObject({
      code: 'PARSE_INVALID_DATE',
    });
    expect(await failure(() => r.client.searchTicketSales({ counterKey: 'x' }))).toMatchObject({ code: 'UNKNOWN_BALIE_CONSUMERKEY' });
    expect(await failure(() => r.client.searchTicketSales({ counterKey: r.counter, start: -1 }))).toMatchObject({ code: 'ACTION_FAILED' });
  });

  it("balie/list gives the employee's counters and which may sell", async () => {
    const list = await r.client.listCounters();
    expect(list.map((c) => [c.name, c.canSell])).toEqual([
      ['Cultuurcentrum De Kruisboog', true],
      ['Sociaal Huis — onthaal', false],
    ]);
    expect(list[0]?.consumerKey).toBe(r.counter);
  });

  it('balie/list refuses an unknown user and another user than the logged-in one', async () => {
    r.creds.userId = 'ffffffff-0000-4000-8000-000000000000';
    expect(await failure(() => r.client.listCounters())).toMatchObject({ kind: 'rejected', code: 'UNKNOWN_USER' });
    delete r.creds.userId;
    expect(await failure(() => r.client.listCounters())).toMatchObject({ kind: 'unauthorized' });
  });

  it("balie/listEmployees names the counter's staff by nick (ns2/ns3 prefixes over the wire)", async () => {
    const res = await r.client.listEmployees(r.counter);
    expect(res).toEqual([
      { uid: 'a1b2c3d4-0000-4000-8000-0000000e0002', nick: 'anwouters', role: 'admin' },
      { uid: r.creds.userId, nick: 'baliemedewerker', role: 'member' },
    ]);
    expect(await failure(() => r.client.listEmployees('x'))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_BALIE_CONSUMERKEY',
      httpStatus: 400,
    });
  });

  it('balie/listEmployees: an HTML page or a broken body is a bad-response', async () => {
    r.sim.faults.add({ call: 'listEmployees', kind: 'html-page' });
    expect(await failure(() => r.client.listEmployees(r.counter))).toMatchObject({ kind: 'bad-response' });
    r.sim.faults.add({ call: 'listEmployees', kind: 'malformed-xml' });
    expect(await failure(() => r.client.listEmployees(r.counter))).toMatchObject({ kind: 'bad-response' });
  });
});
