/**
 * SaleService against a scripted UiTPAS and a real outbox (SQLite, inline writer), on a fake clock:
 * the checks before a sale is stored, the error each UiTPAS failure becomes, and the operator's
 * tools, each with exactly what it writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QueueStatus, SaleState, SaleView } from '../../../contract/schemas/sales.js';
import type { Activity, Connectivity, Identification, PassholderHit, TicketSale } from '../../../contract/domain.js';
import { luhnCheckDigit } from '../../../contract/card-number.js';
import { defaultSettings, type Settings } from '../../../contract/settings.js';
import { AppError } from '../../../main/core/errors.js';
import { SaleService, type SaleServiceOptions, type SaleSession } from '../../../main/sales/sale-service.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { SaleStore, StaleStateError, TicketSaleClaimedError, type NewSale, type SalePatch } from '../../../main/sales/store/sale-store.js';
import { UitpasError } from '../../../main/uitpas/port.js';
import { FakePort, raw } from './fake-port.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const CARD = '0930000150316';
const GROUP = '093000090010' + luhnCheckDigit('093000090010');
const HOUR = 3_600_000;

let dir: string;
let store: SaleStore;
let port: FakePort;
let clock: number;
let settings: Settings;
let session: SaleSession;
let events: { sales: SaleView[]; queue: QueueStatus[]; connectivity: Connectivity[] };
let service: SaleService;
let ids: number;

const person: Identification = {
  kind: 'passholder',
  uitpasNumber: CARD,
  uid: 'uid-1',
  firstName: 'An',
  lastName: 'Peeters',
  card: { uitpasNumber: CARD, status: 'ACTIVE', kansenpas: true },
  kansenstatuut: [],
  coupons: [],
};
const group: Identification = {
  kind: 'group',
  uitpasNumber: GROUP,
  name: 'Vzw De Kring',
  availableTickets: 10,
  kansenstatuut: true,
  expired: false,
  coupons: [],
};
const activity: Activity = {
  cdbid: 'ev-1',
  title: 'Concert',
  priceCents: 1500,
  tariffCents: 300,
  tariffs: [
    {
      type: 'DEFAULT',
      priceClasses: [
        { name: 'Basis', priceCents: 1500, tariffCents: 300 },
        { name: 'Balkon', priceCents: 1000, tariffCents: 200 },
      ],
    },
    { type: 'COUPON', coupon: { id: '7', name: 'Gratis' }, priceClasses: [{ name: 'Basis', priceCents: 1500, tariffCents: 0 }] },
  ],
};

function build(over: Partial<SaleServiceOptions> = {}): SaleService {
  return new SaleService({
    store,
    port,
    settings: () => settings,
    session: () => session,
    events: { sale: (v) => events.sales.push(v), queue: (q) => events.queue.push(q), connectivity: (c) => events.connectivity.push(c) },
    now: () => clock,
    random: () => 0,
    newId: () => `sale-${++ids}`,
    backoff: { baseMs: 100, maxMs: 1_000 },
    reconcilePolicy: { lateCommitHorizonMs: 1_000 },
    sellWaitMs: 5_000,
    queueEventIntervalMs: 1,
    ...over,
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loket-service-'));
  store = new SaleStore(openOutboxDatabase(join(dir, 'outbox.db')));
  port = new FakePort();
  clock = T0;
  settings = defaultSettings();
  session = { counterKey: 'counter-1', userId: 'user-1' };
  events = { sales: [], queue: [], connectivity: [] };
  ids = 0;
  service = build();
  await service.start();
});
afterEach(async () => {
  vi.useRealTimers();
  await service.stop();
  await store.close();
  store.db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function appError(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

async function prepare(id: Identification = person, items: Activity[] = [activity]) {
  port.identities.push(id);
  await service.lookupCard(id.uitpasNumber);
  port.activities.push({ total: items.length, items });
  await service.listActivities({ uitpasNumber: id.uitpasNumber, range: 'today', start: 0, max: 50 });
}

/** A sale put straight into the outbox (as another process or an older run would have left it). */
function stored(id: string, over: Partial<NewSale> = {}): NewSale {
  return {
    id,
    createdAt: new Date(over.createdMs ?? T0).toISOString(),
    createdMs: T0,
    counterKey: 'counter-1',
    uitpasNumber: CARD,
    groupPass: false,
    passholderUid: 'uid-1',
    cdbid: 'ev-1',
    activityTitle: 'Concert',
    amountOfTickets: 1,
    expectedPriceCents: 1500,
    expectedTariffCents: 300,
    provisional: false,
    ...over,
  };
}

function ticketSale(id: string, over: Partial<TicketSale> = {}): TicketSale {
  return {
    id,
    cdbid: 'ev-1',
    creationDate: new Date(clock).toISOString(),
    priceCents: 1500,
    tariffCents: 300,
    userId: 'uid-1',
    groupPass: false,
    ...over,
  };
}

/**
 * A sale walked through the outbox to the last state of `path`, as the worker, the reconciler or
 * an older run would have left it; `last` patches the final step.
 */
async function inState(id: string, path: readonly SaleState[], last: SalePatch = {}): Promise<string> {
  await store.insert(stored(id, { cdbid: `ev-${id}` }), 'operator', 'x');
  let from: SaleState = 'pending';
  for (const [i, to] of path.entries()) {
    const patch: SalePatch = { ...(to === 'registered' ? { ticketSaleId: `ts-${id}` } : {}), ...(i === path.length - 1 ? last : {}) };
    await store.transition(id, { from, to, actor: 'worker', reason: 'x', at: new Date(T0), patch });
    from = to;
  }
  return id;
}

/** An answer the test gives when it chooses: the port call hangs until then. */
function later<T>(): { answer: () => Promise<T | Error>; give: (v: T | Error) => void } {
  let give!: (v: T | Error) => void;
  const p = new Promise<T | Error>((resolve) => (give = resolve));
  return { answer: () => p, give };
}

function hit(i: number): PassholderHit {
  return { uid: `uid-${i}`, firstName: 'An', lastName: `Peeters ${i}`, kansenpas: false };
}

describe('SaleService: looking up a card', () => {
  it('needs an active counter', async () => {
    session = {};
    expect(await appError(service.lookupCard(CARD))).toMatchObject({
      code: 'SALE_NO_COUNTER',
      message: 'Choose the active counter (balie) first',
    });
    expect((await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' }))).code).toBe('SALE_NO_COUNTER');
    expect((await appError(service.listActivities({ range: 'today', start: 0, max: 5 }))).code).toBe('SALE_NO_COUNTER');
  });

  it('checks a card number locally and sends it normalised; other identifications go as typed', async () => {
    port.identities.push(person, person, person);
    await service.lookupCard(' 0930 000 150 316 ');
    await service.lookupCard('AB0930000150316');
    await service.lookupCard('  93051822361 ');
    expect(port.argsOf('identify')).toEqual([
      ['counter-1', CARD],
      ['counter-1', CARD],
      ['counter-1', '93051822361'],
    ]);
    const bad = await appError(service.lookupCard('0930000150317'));
    expect(bad.code).toBe('CARD_INVALID_CHECKSUM');
    expect(bad.details).toEqual({ problem: 'bad-check-digit' });
    expect(bad.message).toMatch(/check digit is wrong/);
    expect((await appError(service.lookupCard('0930000150326'))).code).toBe('CARD_INVALID');
    // Three letters around 13 digits: not a card number, sent as typed.
    port.identities.push(person);
    await service.lookupCard('ABC0930000150316');
    expect(port.argsOf('identify').at(-1)).toEqual(['counter-1', 'ABC0930000150316']);
    expect(service.connectivity.value.state).toBe('online');
  });

  it('answers from the cache while UiTPAS cannot be reached, only for a recent lookup', async () => {
    port.identities.push(person);
    await service.lookupCard(CARD);
    port.identities.push(new UitpasError('not-sent', 'ECONNREFUSED'));
    clock = T0 + 12 * HOUR;
    const cached = await service.lookupCard(CARD);
    expect(cached).toMatchObject({ kind: 'passholder', uid: 'uid-1', notice: 'OFFLINE_CACHED' });
    expect(service.connectivity.value).toMatchObject({ state: 'offline', detail: 'ECONNREFUSED' });
    port.identities.push(new UitpasError('not-sent', 'ECONNREFUSED'));
    clock = T0 + 12 * HOUR + 1;
    expect((await appError(service.lookupCard(CARD))).code).toBe('UITPAS_OFFLINE');
    // Only a network failure falls back on the cache.
    clock = T0;
    port.identities.push(new UitpasError('ambiguous', 'HTTP 500'));
    expect(await appError(service.lookupCard(CARD))).toMatchObject({
      code: 'UITPAS_UNAVAILABLE',
      message: 'UiTPAS did not answer properly: HTTP 500',
    });
  });

  it('turns each UiTPAS failure into the error the counter shows', async () => {
    port.identities.push(new UitpasError('rejected', 'unknown card', { code: 'UNKNOWN_CARD' }));
    expect(await appError(service.lookupCard(CARD))).toMatchObject({
      code: 'UITPAS_REJECTED',
      details: { code: 'UNKNOWN_CARD', message: 'unknown card' },
    });
    expect(service.connectivity.value.state).toBe('online');
    port.identities.push(new UitpasError('rejected', 'no code'));
    expect((await appError(service.lookupCard(CARD))).details).toEqual({ code: 'UNKNOWN', message: 'no code' });
    port.identities.push(new UitpasError('unauthorized', 'login', { requiredPermission: 'TICKETSALE' }));
    expect(await appError(service.lookupCard(CARD))).toMatchObject({
      code: 'UITPAS_LOGIN_REQUIRED',
      message: 'Log in again to UiTPAS',
      details: { requiredPermission: 'TICKETSALE' },
    });
    port.identities.push(new UitpasError('unauthorized', 'login'));
    expect((await appError(service.lookupCard(CARD))).details).toEqual({});
    port.activities.push(new UitpasError('not-sent', 'down'));
    expect(await appError(service.listActivities({ range: 'today', start: 0, max: 5 }))).toMatchObject({
      code: 'UITPAS_OFFLINE',
      message: 'UiTPAS cannot be reached: down',
    });
    expect(service.connectivity.value.state).toBe('offline');
    port.identities.push(new TypeError('bug'));
    await expect(service.lookupCard(CARD)).rejects.toThrow(TypeError);
    port.identities.push(() => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a port that throws a non-Error does
      throw 'weird';
    });
    await expect(service.lookupCard(CARD)).rejects.toThrow('weird');
  });
});

describe('SaleService: checks before a sale is stored', () => {
  it('refuses a ticket count for a person and requires one for a group pass', async () => {
    await prepare();
    expect(await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-1', amountOfTickets: 2 }))).toMatchObject({
      code: 'SALE_AMOUNT_GROUP_ONLY',
      message: 'The number of tickets can only be chosen for a group pass',
    });
    await prepare(group);
    expect(await appError(service.sell({ uitpasNumber: GROUP, cdbid: 'ev-1' }))).toMatchObject({
      code: 'SALE_AMOUNT_REQUIRED',
      message: 'A group pass sale needs the number of tickets',
    });
    expect(store.list({ limit: 10 })).toEqual([]);
  });

  it('looks the card up itself when it was not, and needs the activity fetched for it', async () => {
    port.identities.push(person);
    const e = await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' }));
    expect(e).toMatchObject({
      code: 'SALE_ACTIVITY_UNKNOWN',
      message: 'Fetch the activities for this card first (activities.list)',
      details: { cdbid: 'ev-1' },
    });
    expect(port.argsOf('identify')).toHaveLength(1);
  });

  it('refuses an unknown price class or coupon', async () => {
    await prepare();
    expect(await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-1', priceClass: 'Loge' }))).toMatchObject({
      code: 'SALE_PRICE_CLASS_UNKNOWN',
      message: 'Price class "Loge" does not exist for Concert',
    });
    expect((await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-1', couponId: '8' }))).code).toBe('SALE_COUPON_UNKNOWN');
  });

  it('offline: only on a recent cached tariff of a card looked up before', async () => {
    await prepare();
    service.connectivity.failure('not-sent', 'down');
    const notLooked = await appError(service.sell({ uitpasNumber: '0930000000107', cdbid: 'ev-1' }));
    expect(notLooked).toMatchObject({
      code: 'OFFLINE_NO_TARIFF',
      message: 'UiTPAS cannot be reached and this card was not looked up before the connection was lost; this sale cannot be made offline',
    });
    expect((await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-2' }))).message).toMatch(
      /the tariffs of this activity were not fetched for this card/,
    );
    clock = T0 + 12 * HOUR + 1;
    expect((await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' }))).message).toMatch(
      /the tariffs were fetched more than 12 hours ago/,
    );
    clock = T0 + 12 * HOUR;
    const r = await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    expect(r.outcome).toBe('pending');
  });

  it('offline limits: one unconfirmed sale per card and activity, and the amount of all of them', async () => {
    settings.offline.maxUnregisteredAmountEuro = 5.5;
    await prepare();
    await prepare(group);
    service.connectivity.failure('not-sent', 'down');
    const first = await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    expect(first.sale).toMatchObject({ state: 'pending', provisional: true });
    const second = await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' }));
    expect(second).toMatchObject({ code: 'OFFLINE_SECOND_SALE', details: { reason: 'same-card-activity' } });
    // 3 + 1 tickets at 3 euro = 12 euro over 5.50: refused, counted per ticket.
    const amount = await appError(service.sell({ uitpasNumber: GROUP, cdbid: 'ev-1', amountOfTickets: 1 }));
    expect(amount).toMatchObject({ code: 'OFFLINE_LIMIT_REACHED', details: { reason: 'amount' } });
    expect(amount.message).toContain('€ 6.00');
    expect(amount.message).toContain('€ 5.50');
    settings.offline.maxUnregisteredAmountEuro = 6;
    expect((await appError(service.sell({ uitpasNumber: GROUP, cdbid: 'ev-1', amountOfTickets: 2 }))).message).toContain('€ 9.00');
    expect((await service.sell({ uitpasNumber: GROUP, cdbid: 'ev-1', amountOfTickets: 1 })).sale.amountOfTickets).toBe(1);
  });

  it('a degraded link (searches fail) applies the offline limits to online sales too', async () => {
    settings.offline.maxUnregisteredCount = 0;
    await prepare();
    service.connectivity.searchFailed(new Date(clock), 'HTTP 500');
    expect((await appError(service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' }))).code).toBe('OFFLINE_LIMIT_REACHED');
  });
});

describe('SaleService: selling', () => {
  it('stores what was sold, sends it at once and answers with the registration', async () => {
    await prepare();
    port.buys.push({ value: ticketSale('ts-1', { priceCents: 1000, tariffCents: 200 }), raw: raw() });
    const r = await service.sell({ uitpasNumber: ' 0930-000-150-316 ', cdbid: 'ev-1', priceClass: 'Balkon' });
    expect(r.outcome).toBe('registered');
    expect(r.sale).toMatchObject({
      id: 'sale-1',
      createdAt: new Date(T0).toISOString(),
      counterKey: 'counter-1',
      userId: 'user-1',
      uitpasNumber: CARD,
      groupPass: false,
      holderName: 'An Peeters',
      activityTitle: 'Concert',
      priceClass: 'Balkon',
      amountOfTickets: 1,
      expectedPriceCents: 1000,
      expectedTariffCents: 200,
      provisional: false,
      state: 'registered',
      ticketSaleId: 'ts-1',
    });
    expect(store.get('sale-1')).toMatchObject({ passholderUid: 'uid-1', createdMs: T0 });
    expect(store.history('sale-1')[0]?.reason).toBe('sold at the counter');
    expect(port.argsOf('buy')[0]?.[0]).toStrictEqual({ counterKey: 'counter-1', cdbid: 'ev-1', uitpasNumber: CARD, priceClass: 'Balkon' });
  });

  it('with a coupon, and without a user id in the session', async () => {
    session = { counterKey: 'counter-1' };
    await prepare();
    port.buys.push({ value: ticketSale('ts-1', { tariffCents: 0 }), raw: raw() });
    const r = await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1', couponId: '7' });
    expect(r.sale).toMatchObject({ couponId: '7', couponName: 'Gratis', expectedTariffCents: 0 });
    expect(r.sale.userId).toBeUndefined();
    expect(store.get('sale-1')?.priceClass).toBeUndefined();
  });

  it('a group sale keeps its number of tickets and has no passholder', async () => {
    await prepare(group);
    port.buys.push({ value: ticketSale('ts-g', { groupPass: true }), raw: raw() });
    const r = await service.sell({ uitpasNumber: GROUP, cdbid: 'ev-1', amountOfTickets: 4 });
    expect(r.sale).toMatchObject({ groupPass: true, amountOfTickets: 4, holderName: 'Vzw De Kring' });
    expect(store.get('sale-1')?.passholderUid).toBeUndefined();
  });

  it('a sale UiTPAS has not confirmed when the customer leaves is shown provisional', async () => {
    await prepare();
    port.buys.push(new UitpasError('ambiguous', 'timeout'));
    const r = await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    expect(r.outcome).toBe('unknown');
    expect(r.sale).toMatchObject({ state: 'unknown', provisional: true });
    expect(events.sales.at(-1)).toMatchObject({ id: 'sale-1', provisional: true });
    // A rejected one is not: nothing is pending.
    await prepare({ ...person, uitpasNumber: '0930000000107', uid: 'uid-2' });
    port.buys.push(new UitpasError('rejected', 'no', { code: 'MAXIMUM_REACHED' }));
    const rj = await service.sell({ uitpasNumber: '0930000000107', cdbid: 'ev-1' });
    expect(rj).toMatchObject({ outcome: 'rejected', sale: { provisional: false } });
  });

  it('while the worker cannot send, stores the sale as pending and answers at once', async () => {
    await prepare();
    await prepare({ ...person, uitpasNumber: '0930000000107', uid: 'uid-2' });
    port.buys.push(new UitpasError('unauthorized', 'login', { httpStatus: 401 }));
    const first = await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    expect(first).toMatchObject({ outcome: 'pending', sale: { provisional: true } });
    await until(() => service.queueStatus().worker === 'paused-login', 'paused');
    const second = await service.sell({ uitpasNumber: '0930000000107', cdbid: 'ev-1' });
    expect(second).toMatchObject({ outcome: 'pending', sale: { state: 'pending', provisional: true } });
    expect(store.history('sale-2').map((h) => [h.to, h.reason])).toEqual([['pending', 'sold at the counter']]);
    expect(port.argsOf('buy')).toHaveLength(1);
  });

  it('offline: stored provisional as pending, and UiTPAS is probed at once', async () => {
    await prepare();
    service.connectivity.failure('not-sent', 'down');
    port.counters.push(new UitpasError('not-sent', 'still down'));
    const r = await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    expect(r).toMatchObject({ outcome: 'pending', sale: { provisional: true, state: 'pending' } });
    expect(store.history('sale-1')[0]?.reason).toBe('sold offline on the cached tariff');
  });
});

describe('SaleService: after the sale', () => {
  async function registeredSale(): Promise<string> {
    await prepare();
    port.buys.push({ value: ticketSale('ts-1'), raw: raw() });
    return (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
  }

  it('cancels a registered sale through the outbox and answers after the attempt', async () => {
    const id = await registeredSale();
    port.cancels.push({ value: undefined, raw: raw() });
    const v = await service.cancel(id);
    expect(v.state).toBe('cancelled');
    expect(store.history(id).map((h) => [h.to, h.actor])).toEqual([
      ['pending', 'operator'],
      ['sending', 'worker'],
      ['registered', 'worker'],
      ['cancel-pending', 'operator'],
      ['cancel-sending', 'worker'],
      ['cancelled', 'worker'],
    ]);
    expect(store.history(id)[3]?.reason).toBe('cancel of ticket sale ts-1 queued');
    expect(await appError(service.cancel(id))).toMatchObject({
      code: 'SALE_STATE',
      message: 'Cannot cancel a sale in state cancelled',
      details: { state: 'cancelled' },
    });
    expect(await appError(service.cancel('nope'))).toMatchObject({ code: 'SALE_NOT_FOUND', message: 'No sale nope' });
  });

  it('removes a queued sale, and marks an uncertain one to be cancelled wherever it lands', async () => {
    await prepare();
    port.buys.push(new UitpasError('not-sent', 'down'));
    const queued = (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
    expect(store.get(queued)?.state).toBe('pending');
    const v = await service.cancel(queued);
    expect(v).toMatchObject({ state: 'cancelled', resolution: 'cancelled before registration' });
    expect(store.history(queued).at(-1)).toMatchObject({
      from: 'pending',
      to: 'cancelled',
      actor: 'operator',
      reason: 'removed from the queue before it was registered',
    });

    await store.insert(stored('u', { cdbid: 'ev-9' }), 'operator', 'x');
    await store.transition('u', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(T0) });
    await store.transition('u', {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      patch: { needsOperator: true },
    });
    const marked = await service.cancel('u');
    expect(marked).toMatchObject({ state: 'unknown', cancelRequested: true });
    expect(events.sales.at(-1)).toMatchObject({ id: 'u', cancelRequested: true });
    expect((await appError(service.cancel('u'))).code).toBe('SALE_STATE');
  });

  it('the operator closes a rejected or undecidable sale, or acknowledges an alert', async () => {
    await prepare();
    port.buys.push(new UitpasError('rejected', 'no', { code: 'MAXIMUM_REACHED' }));
    const id = (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
    const v = await service.resolve(id, 'klant betaalde volle prijs');
    expect(v).toMatchObject({ state: 'resolved', resolution: 'klant betaalde volle prijs' });
    expect(store.get(id)?.needsOperator).toBe(false);
    expect(store.history(id).at(-1)).toMatchObject({ actor: 'operator', reason: 'klant betaalde volle prijs' });
    expect(await appError(service.resolve(id, 'again'))).toMatchObject({
      code: 'SALE_STATE',
      message: 'Cannot resolve a sale in state resolved',
      details: { state: 'resolved' },
    });

    await prepare({ ...person, uitpasNumber: '0930000000107', uid: 'uid-2' });
    port.buys.push({ value: ticketSale('ts-2', { tariffCents: 100, userId: 'uid-2' }), raw: raw() });
    service.connectivity.failure('not-sent', 'down');
    port.counters.push([]);
    const prov = (await service.sell({ uitpasNumber: '0930000000107', cdbid: 'ev-1' })).sale.id;
    await until(() => store.get(prov)?.alert === 'tariff-changed', 'alert');
    const ack = await service.resolve(prov, 'verschil terugbetaald');
    expect(ack).toMatchObject({ state: 'registered', resolution: 'verschil terugbetaald' });
    expect(ack.alert).toBeUndefined();
    expect((await appError(service.resolve(prov, 'again'))).code).toBe('SALE_STATE');
  });

  it("lists today's sales, the open ones and by state, newest first", async () => {
    const id = await registeredSale();
    await store.insert(stored('yesterday', { createdMs: T0 - 24 * HOUR, cdbid: 'ev-8' }), 'operator', 'x');
    await store.insert(stored('rejected', { cdbid: 'ev-9', createdMs: T0 + 1 }), 'operator', 'x');
    await store.transition('rejected', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(T0) });
    await store.transition('rejected', { from: 'sending', to: 'rejected', actor: 'worker', reason: 'x', at: new Date(T0) });
    expect(service.list({ day: 'all', limit: 10 }).map((s) => s.id)).toEqual(['rejected', id, 'yesterday']);
    expect(service.list({ day: 'today', limit: 10 }).map((s) => s.id)).toEqual(['rejected', id]);
    expect(service.list({ day: 'all', state: 'open', limit: 10 }).map((s) => s.id)).toEqual(['rejected', 'yesterday']);
    expect(service.list({ day: 'all', state: 'registered', limit: 10 }).map((s) => s.id)).toEqual([id]);
    expect(service.get(id).history.map((h) => h.to)).toEqual(['pending', 'sending', 'registered']);
    expect((await appError(() => service.get('nope'))).code).toBe('SALE_NOT_FOUND');
  });

  it("tells the queue's state, the last contact and when the worker tries again", async () => {
    await prepare();
    port.buys.push(new UitpasError('not-sent', 'down'));
    await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    await until(() => service.queueStatus().worker === 'offline', 'offline');
    const q = service.queueStatus();
    expect(q).toMatchObject({
      unregistered: 1,
      needsAttention: 0,
      oldestUnregisteredAt: new Date(T0).toISOString(),
      lastContact: new Date(T0).toISOString(),
      worker: 'offline',
      nextAttemptAt: new Date(T0 + 50).toISOString(),
    });
    expect(q.counts.pending).toBe(1);
    port.counters.push(new UitpasError('not-sent', 'down'));
    expect(service.syncNow()).toMatchObject({ unregistered: 1 });
    await until(() => port.argsOf('listCounters').length === 1, 'probed at once');
    await until(() => events.queue.some((e) => e.worker === 'offline'), 'queue event');
    expect(events.connectivity.map((c) => c.state)).toEqual(['unknown', 'online', 'offline']);
  });

  it('purges personal data of settled sales after the configured days', async () => {
    const id = await registeredSale();
    settings.privacy.purgeAfterDays = 2;
    clock = T0 + 2 * 24 * HOUR;
    expect(await service.purge()).toBe(0);
    clock = T0 + 2 * 24 * HOUR + 1;
    expect(await service.purge()).toBe(1);
    expect(store.get(id)).toMatchObject({ uitpasNumber: '*********0316', purgedAt: new Date(clock).toISOString() });
  });

  it('keeps the last contact across a restart', async () => {
    await prepare();
    await service.stop();
    service = build();
    expect(service.connectivity.value).toStrictEqual({ state: 'unknown', lastContact: new Date(T0).toISOString() });
    await service.start();
  });
});

describe("SaleService: the operator's tools for an undecided sale", () => {
  async function undecided(): Promise<string> {
    await prepare();
    port.buys.push(new UitpasError('ambiguous', 'timeout'));
    return (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
  }

  it('a later sale of the same card and activity waits behind an undecided one, and says so', async () => {
    const id = await undecided();
    await prepare();
    const later = await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    expect(later).toMatchObject({ outcome: 'pending', sale: { state: 'pending', heldBehind: id } });
    expect(service.list({ day: 'all', limit: 10 }).find((v) => v.id === later.sale.id)?.heldBehind).toBe(id);
    expect(service.get(id).heldBehind).toBeUndefined();
    expect(port.argsOf('buy')).toHaveLength(1);
  });

  it('shows the candidates of a fresh search and adopts one of them', async () => {
    const id = await undecided();
    await service.stop();
    service = build();
    port.searches.push({
      total: 2,
      items: [ticketSale('ts-1', { coupon: { id: '7', name: 'Gratis' }, tariffCents: 0 }), ticketSale('ts-2')],
    });
    const c = await service.candidates(id);
    expect(c).toStrictEqual({
      complete: true,
      items: [
        {
          ticketSaleId: 'ts-2',
          creationDate: new Date(T0).toISOString(),
          priceCents: 1500,
          tariffCents: 300,
          groupPass: false,
          fit: 'match',
        },
      ],
    });
    port.searches.push({ total: 1, items: [ticketSale('ts-2', { priceCents: 1400, tariffCents: 250 })] });
    const v = await service.adopt(id, 'ts-2', 'gezien in UiTPAS');
    expect(v).toMatchObject({
      state: 'registered',
      ticketSaleId: 'ts-2',
      registeredPriceCents: 1400,
      registeredTariffCents: 250,
      resolution: 'gezien in UiTPAS',
    });
    expect(v.needsOperator).toBeUndefined();
    expect(store.history(id).at(-1)).toMatchObject({
      actor: 'operator',
      reason: 'adopted ticket sale ts-2 after a fresh search: gezien in UiTPAS',
    });
    expect(await appError(service.adopt(id, 'ts-2', 'x'))).toMatchObject({
      code: 'SALE_STATE',
      message: 'Cannot adopt a sale in state registered',
    });
  });

  it('adopts only a record the search shows and nobody holds', async () => {
    const id = await undecided();
    await service.stop();
    service = build();
    port.searches.push({ total: 0, items: [] });
    expect(await appError(service.adopt(id, 'ts-9', 'x'))).toMatchObject({
      code: 'SALE_RECORD_NOT_FOUND',
      message: 'UiTPAS shows no ticket sale ts-9 that could be this sale',
    });
    await store.insert(stored('holder', { cdbid: 'ev-7' }), 'operator', 'x');
    await store.transition('holder', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(T0) });
    await store.transition('holder', {
      from: 'sending',
      to: 'registered',
      actor: 'worker',
      reason: 'x',
      at: new Date(T0),
      patch: { ticketSaleId: 'ts-held' },
    });
    port.searches.push({ total: 1, items: [ticketSale('ts-held')] });
    expect(await appError(service.adopt(id, 'ts-held', 'x'))).toMatchObject({
      code: 'SALE_RECORD_CLAIMED',
      message: 'Ticket sale ts-held already belongs to sale holder',
      details: { saleId: 'holder' },
    });
    port.searches.push(new UitpasError('not-sent', 'down'));
    expect((await appError(service.candidates(id))).code).toBe('UITPAS_OFFLINE');
  });

  it('sends again only after a complete search shows nothing the operator did not rule out', async () => {
    const id = await undecided();
    await service.stop();
    service = build();
    port.searches.push({ total: 1, items: [ticketSale('ts-1')] });
    expect(await appError(service.retry(id, 'x'))).toMatchObject({
      code: 'SALE_CANDIDATES_EXIST',
      message: 'UiTPAS holds 1 ticket sale(s) that could be this sale: adopt one, or close the sale with a reason',
      details: { candidates: ['ts-1'] },
    });
    port.searches.push({ total: 2, items: [ticketSale('zz', { cdbid: 'ev-2' })] }, { total: 2, items: [] });
    expect((await appError(service.retry(id, 'x'))).message).toBe('The search did not return every ticket sale: try again later');
    port.searches.push({ total: 1, items: [ticketSale('ts-1')] });
    const v = await service.retry(id, 'kaart gecontroleerd', ['ts-1']);
    expect(v).toMatchObject({ state: 'pending' });
    expect(store.get(id)).toMatchObject({ needsOperator: false, searches: 0 });
    expect(store.history(id).at(-1)?.reason).toBe(
      'send again after a fresh search found nothing but ts-1, which the operator says are not this sale: kaart gecontroleerd',
    );
    expect(await appError(service.retry(id, 'x'))).toMatchObject({
      code: 'SALE_STATE',
      message: 'Cannot send again a sale in state pending',
    });
  });

  it('sends again with a plain reason when the search found nothing', async () => {
    const id = await undecided();
    await service.stop();
    service = build();
    port.searches.push({ total: 0, items: [] });
    await service.retry(id, 'niets gevonden');
    expect(store.history(id).at(-1)?.reason).toBe('send again after a fresh search found nothing: niets gevonden');
  });

  it('adopts the record the operator chose among several, at its price', async () => {
    const id = await undecided();
    await service.stop();
    service = build();
    port.searches.push({ total: 2, items: [ticketSale('ts-a'), ticketSale('ts-b', { priceCents: 1400, tariffCents: 250 })] });
    expect(await service.adopt(id, 'ts-b', 'gekozen')).toMatchObject({
      ticketSaleId: 'ts-b',
      registeredPriceCents: 1400,
      registeredTariffCents: 250,
    });
  });

  it('adopting one ticket of an API 4 group sale holds every ticket of its request, or none', async () => {
    await prepare(group);
    port.buys.push(new UitpasError('ambiguous', 'timeout'));
    const id = (await service.sell({ uitpasNumber: GROUP, cdbid: 'ev-1', amountOfTickets: 2 })).sale.id;
    await service.stop();
    service = build();
    const ticket = (tid: string, atMs: number) =>
      ticketSale(tid, {
        groupPass: true,
        userId: undefined,
        uitpasNumber: GROUP,
        singleTicket: true,
        creationDate: new Date(atMs).toISOString(),
      });
    // Two tickets made together, and one of another moment.
    const records = [ticket('t-1', T0), ticket('t-2', T0 + 400), ticket('t-3', T0 + 30_000)];
    port.searches.push({ total: 3, items: records });
    expect(await appError(service.adopt(id, 't-3', 'x'))).toMatchObject({ code: 'SALE_RECORD_TICKETS', details: { amountOfTickets: 2 } });
    expect(store.get(id)?.state).toBe('unknown');
    port.searches.push({ total: 3, items: records });
    expect(await service.adopt(id, 't-2', 'groepsleider')).toMatchObject({ state: 'registered', ticketSaleId: 't-2' });
    expect(store.ticketSaleIds(store.get(id)!)).toEqual(['t-2', 't-1']);
    expect(store.history(id).at(-1)?.reason).toBe('adopted ticket sales t-2, t-1 after a fresh search: groepsleider');
  });

  it('names every record the operator ruled out when sending again', async () => {
    const id = await undecided();
    await service.stop();
    service = build();
    port.searches.push({ total: 2, items: [ticketSale('ts-1'), ticketSale('ts-2')] });
    await service.retry(id, 'andere klant', ['ts-1', 'ts-2']);
    expect(store.history(id).at(-1)?.reason).toBe(
      'send again after a fresh search found nothing but ts-1, ts-2, which the operator says are not this sale: andere klant',
    );
  });

  it('acknowledges a foreign ticket sale once it is flagged', async () => {
    await prepare();
    await store.insert(stored('x'), 'operator', 'x');
    await store.transition('x', { from: 'pending', to: 'cancelled', actor: 'operator', reason: 'x', at: new Date(T0) });
    const f = {
      ticketSaleId: 'f1',
      foundAt: new Date(T0).toISOString(),
      counterKey: 'c',
      cdbid: 'ev-1',
      creationDate: 'd',
      tariffCents: 1,
      groupPass: false,
      likeSaleId: 'x',
      status: 'flagged' as const,
      reason: 'r',
      attempts: 0,
    };
    await store.finishSweep('x', 0, [f, { ...f, ticketSaleId: 'f2', status: 'cancel-pending', likeSaleId: undefined }], new Date(T0));
    expect(
      service
        .foreignRecords()
        .map((r) => r.ticketSaleId)
        .sort(),
    ).toEqual(['f1', 'f2']);
    const v = await service.acknowledgeForeign('f1', 'andere balie');
    expect(v).toStrictEqual({
      ticketSaleId: 'f1',
      foundAt: new Date(T0).toISOString(),
      cdbid: 'ev-1',
      creationDate: 'd',
      tariffCents: 1,
      groupPass: false,
      status: 'acknowledged',
      reason: 'r',
      likeSaleId: 'x',
      resolution: 'andere balie',
    });
    expect(store.foreignRecord('f1')?.status).toBe('acknowledged');
    expect(await appError(service.acknowledgeForeign('f1', 'x'))).toMatchObject({
      code: 'SALE_STATE',
      message: 'Ticket sale f1 is acknowledged',
      details: { state: 'acknowledged' },
    });
    expect(await appError(service.acknowledgeForeign('nope', 'x'))).toMatchObject({
      code: 'FOREIGN_NOT_FOUND',
      message: 'No foreign ticket sale nope',
    });
  });
});

describe('SaleService: when another path moved the sale first', () => {
  async function rejectedSale(): Promise<string> {
    await prepare();
    port.buys.push(new UitpasError('rejected', 'no', { code: 'MAXIMUM_REACHED' }));
    return (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
  }
  /** The next write fails as `err`, as if another writer had moved the sale in between. */
  function failNextTransition(err: Error) {
    const real = store.transition.bind(store);
    store.transition = () => {
      store.transition = real;
      return Promise.reject(err);
    };
  }

  it("resolve, send again and adopt answer with the sale's state; other errors pass through", async () => {
    const id = await rejectedSale();
    failNextTransition(new StaleStateError(id, 'rejected'));
    expect(await appError(service.resolve(id, 'x'))).toMatchObject({
      code: 'SALE_STATE',
      message: 'Cannot resolve a sale in state rejected',
    });
    failNextTransition(new Error('disk full'));
    await expect(service.resolve(id, 'x')).rejects.toThrow('disk full');

    port.searches.push({ total: 0, items: [] });
    failNextTransition(new StaleStateError(id, 'rejected'));
    expect((await appError(service.retry(id, 'x'))).message).toBe('Cannot send again a sale in state rejected');
    port.searches.push({ total: 0, items: [] });
    failNextTransition(new Error('disk full'));
    await expect(service.retry(id, 'x')).rejects.toThrow('disk full');

    const record = ticketSale('ts-1', { creationDate: new Date(T0).toISOString() });
    port.searches.push({ total: 1, items: [record] });
    failNextTransition(new StaleStateError(id, 'rejected'));
    expect((await appError(service.adopt(id, 'ts-1', 'x'))).message).toBe('Cannot adopt a sale in state rejected');
    port.searches.push({ total: 1, items: [record] });
    failNextTransition(new TicketSaleClaimedError('ts-1'));
    expect(await appError(service.adopt(id, 'ts-1', 'x'))).toMatchObject({
      code: 'SALE_RECORD_CLAIMED',
      message: 'ticket sale ts-1 already belongs to another local sale',
    });
    port.searches.push({ total: 1, items: [record] });
    failNextTransition(new Error('disk full'));
    await expect(service.adopt(id, 'ts-1', 'x')).rejects.toThrow('disk full');
  });

  it("cancel and acknowledge answer with the sale's state too", async () => {
    await prepare();
    port.buys.push({ value: ticketSale('ts-1'), raw: raw() });
    const id = (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
    failNextTransition(new StaleStateError(id, 'registered'));
    expect((await appError(service.cancel(id))).message).toBe('Cannot cancel a sale in state registered');
    failNextTransition(new Error('disk full'));
    await expect(service.cancel(id)).rejects.toThrow('disk full');

    store.db.prepare("UPDATE sales SET alert = 'tariff-changed' WHERE id = ?").run(id);
    const real = store.acknowledge.bind(store);
    store.acknowledge = () => Promise.reject(new StaleStateError(id, 'registered'));
    expect((await appError(service.resolve(id, 'x'))).message).toBe('Cannot resolve a sale in state registered');
    store.acknowledge = () => Promise.reject(new Error('disk full'));
    await expect(service.resolve(id, 'x')).rejects.toThrow('disk full');
    store.acknowledge = real;
  });

  it('acknowledges an alert on a cancelled sale', async () => {
    await store.insert(stored('c'), 'operator', 'x');
    await store.transition('c', {
      from: 'pending',
      to: 'cancelled',
      actor: 'operator',
      reason: 'x',
      at: new Date(T0),
      patch: { alert: 'cancel-refused' },
    });
    expect(await service.resolve('c', 'gezien')).toMatchObject({ state: 'cancelled', resolution: 'gezien' });
  });

  it('a candidate with a coupon names it', async () => {
    await prepare();
    port.buys.push(new UitpasError('ambiguous', 'timeout'));
    const id = (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1', couponId: '7' })).sale.id;
    await service.stop();
    service = build();
    port.searches.push({ total: 1, items: [ticketSale('ts-c', { coupon: { id: '7', name: 'Gratis' }, tariffCents: 0 })] });
    expect((await service.candidates(id)).items[0]).toMatchObject({ ticketSaleId: 'ts-c', couponId: '7', fit: 'match' });
  });
});

describe('SaleService: searching a passholder without the card', () => {
  it('sends the checked query for the active counter and answers the hits', async () => {
    port.passholderSearches.push({ total: 2, items: [hit(1), hit(2)] });
    const r = await service.searchPassholders({ name: 'Peeters', firstName: 'An' });
    expect(r).toStrictEqual({ items: [hit(1), hit(2)], total: 2, more: false });
    expect(port.argsOf('searchPassholders')).toStrictEqual([['counter-1', { name: 'Peeters', firstName: 'An', start: 0, max: 20 }]]);
    expect(service.connectivity.value.state).toBe('online');
  });

  it('shows at most 20 hits, and says when UiTPAS found more', async () => {
    const many = Array.from({ length: 25 }, (_, i) => hit(i));
    port.passholderSearches.push({ total: 40, items: many });
    expect(await service.searchPassholders({ name: 'Pe*' })).toStrictEqual({ items: many.slice(0, 20), total: 40, more: true });
    port.passholderSearches.push({ total: 20, items: many.slice(0, 20) });
    expect(await service.searchPassholders({ name: 'Pe*' })).toMatchObject({ total: 20, more: false });
  });

  it('never answers a total below the hits it shows', async () => {
    port.passholderSearches.push({ total: 0, items: [hit(1), hit(2), hit(3)] });
    expect(await service.searchPassholders({ name: 'Peeters' })).toMatchObject({ total: 3, more: false });
  });

  it('a counter without the passholder permission is refused, not sent to log in again', async () => {
    port.passholderSearches.push(
      new UitpasError('unauthorized', 'Access denied', { code: 'ACCESS_DENIED', requiredPermission: 'PERMISSION_PASSHOLDER' }),
    );
    const e = await appError(service.searchPassholders({ name: 'Peeters' }));
    expect({ code: e.code, message: e.message, details: e.details }).toStrictEqual({
      code: 'UITPAS_REJECTED',
      message: 'Access denied',
      details: { code: 'ACCESS_DENIED', message: 'Access denied', requiredPermission: 'PERMISSION_PASSHOLDER' },
    });
    // UiTPAS answered: the link works.
    expect(service.connectivity.value.state).toBe('online');
    port.passholderSearches.push(new UitpasError('rejected', 'Access denied', { code: 'ACCESS_DENIED' }));
    expect((await appError(service.searchPassholders({ name: 'Peeters' }))).details).toStrictEqual({
      code: 'ACCESS_DENIED',
      message: 'Access denied',
    });
  });

  it('any other failure is the error every UiTPAS call gives', async () => {
    port.passholderSearches.push(new UitpasError('unauthorized', 'login', { httpStatus: 401 }));
    expect((await appError(service.searchPassholders({ name: 'Peeters' }))).code).toBe('UITPAS_LOGIN_REQUIRED');
    port.passholderSearches.push(new UitpasError('rejected', 'bad name', { code: 'INVALID_PARAMETERS' }));
    expect(await appError(service.searchPassholders({ name: 'Peeters' }))).toMatchObject({
      code: 'UITPAS_REJECTED',
      details: { code: 'INVALID_PARAMETERS', message: 'bad name' },
    });
    port.passholderSearches.push(new UitpasError('not-sent', 'down'));
    expect((await appError(service.searchPassholders({ name: 'Peeters' }))).code).toBe('UITPAS_OFFLINE');
    expect(service.connectivity.value.state).toBe('offline');
  });

  it('asks UiTPAS nothing for a search that narrows nothing, or without a counter', async () => {
    expect((await appError(service.searchPassholders({ name: '*' }))).code).toBe('SEARCH_NAME_TOO_SHORT');
    session = {};
    expect((await appError(service.searchPassholders({ name: 'Peeters' }))).code).toBe('SALE_NO_COUNTER');
    expect(port.argsOf('searchPassholders')).toEqual([]);
  });
});

describe('SaleService: selling and cancelling while the worker is busy', () => {
  it('online, the offline limits do not apply', async () => {
    settings.offline.maxUnregisteredCount = 0;
    await prepare();
    port.buys.push({ value: ticketSale('ts-1'), raw: raw() });
    expect((await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).outcome).toBe('registered');
  });

  it('a sale made while another is being sent waits its turn, then answers with its registration', async () => {
    const points: string[] = [];
    await service.stop();
    service = build({ hooks: { at: (point, id) => void points.push(`${point} ${id}`) } });
    await service.start();
    await prepare();
    const first = later<{ value: TicketSale; raw: ReturnType<typeof raw> }>();
    port.buys.push(first.answer);
    const selling = service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    await until(() => port.argsOf('buy').length === 1, 'the first buy sent');
    port.buys.push({ value: ticketSale('ts-2'), raw: raw() });
    const second = service.sell({ uitpasNumber: CARD, cdbid: 'ev-1', priceClass: 'Balkon' });
    await until(() => store.get('sale-2') !== undefined, 'the second sale stored');
    expect(store.history('sale-2')).toMatchObject([{ to: 'pending', actor: 'operator', reason: 'sold at the counter' }]);
    first.give({ value: ticketSale('ts-1'), raw: raw() });
    expect(await second).toMatchObject({ outcome: 'registered', sale: { state: 'registered', ticketSaleId: 'ts-2', provisional: false } });
    expect((await selling).outcome).toBe('registered');
    expect(points.filter((p) => p.endsWith('sale-2'))).toEqual([
      'before-commit sale-2',
      'after-commit sale-2',
      'before-send sale-2',
      'after-response sale-2',
    ]);
  });

  it('a cancel answers after the wait for the worker while it is busy with another sale', async () => {
    await prepare();
    port.buys.push({ value: ticketSale('ts-1'), raw: raw() });
    const id = (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
    const hanging = later<{ value: TicketSale; raw: ReturnType<typeof raw> }>();
    port.buys.push(hanging.answer);
    const selling = service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' });
    await until(() => port.argsOf('buy').length === 2, 'the second buy sent');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let answer: SaleView | undefined;
    const cancelling = service.cancel(id).then((v) => (answer = v));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toMatchObject({ id, state: 'cancel-pending' });
    vi.useRealTimers();
    port.cancels.push({ value: undefined, raw: raw() });
    hanging.give({ value: ticketSale('ts-2'), raw: raw() });
    await cancelling;
    await selling;
    await until(() => store.get(id)?.state === 'cancelled', 'the cancel sent');
  });
});

describe('SaleService: cancelling and closing, state by state', () => {
  it("a refused cancel's alert and error go once the operator cancels again", async () => {
    await prepare();
    port.buys.push({ value: ticketSale('ts-1'), raw: raw() });
    const id = (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
    port.cancels.push(new UitpasError('rejected', 'too late', { code: 'CANCEL_PERIOD_PASSED' }));
    expect(await service.cancel(id)).toMatchObject({
      state: 'registered',
      alert: 'cancel-refused',
      error: { code: 'CANCEL_PERIOD_PASSED', message: 'too late' },
    });
    port.cancels.push({ value: undefined, raw: raw() });
    const v = await service.cancel(id);
    expect(v.state).toBe('cancelled');
    expect(v.alert).toBeUndefined();
    expect(v.error).toBeUndefined();
  });

  it('refuses to cancel a registered sale that holds no UiTPAS ticket sale', async () => {
    await inState('r', ['sending', 'registered'], { ticketSaleId: null });
    expect(await appError(service.cancel('r'))).toMatchObject({
      code: 'SALE_STATE',
      message: 'Cannot cancel a sale in state registered',
    });
    expect(store.get('r')?.state).toBe('registered');
  });

  it('the operator closes an undecidable sale and an undecidable cancel', async () => {
    await inState('u', ['sending', 'unknown'], { needsOperator: true, alert: 'needs-operator' });
    const closed = await service.resolve('u', 'niet gevonden');
    expect(closed).toMatchObject({ state: 'resolved', resolution: 'niet gevonden' });
    // It needs the operator no more: the screen shows no such alert on it.
    expect(closed.alert).toBeUndefined();
    expect(service.queueStatus().needsAttention).toBe(0);
    expect(await appError(service.resolve('u', 'again'))).toMatchObject({
      code: 'SALE_STATE',
      message: 'Cannot resolve a sale in state resolved',
    });
    expect(store.history('u').map((h) => h.to)).toEqual(['pending', 'sending', 'unknown', 'resolved']);

    await inState('cu', ['sending', 'registered', 'cancel-pending', 'cancel-sending', 'cancel-unknown']);
    expect(await service.resolve('cu', 'geannuleerd aan de balie')).toMatchObject({ state: 'resolved' });
    expect(store.history('cu').at(-1)).toMatchObject({ from: 'cancel-unknown', to: 'resolved', actor: 'operator' });
  });

  it("'open' lists every sale not settled yet, and only those", async () => {
    const open: Array<[string, SaleState[]]> = [
      ['p', []],
      ['s', ['sending']],
      ['u', ['sending', 'unknown']],
      ['rc', ['sending', 'unknown', 'reconciling']],
      ['rj', ['sending', 'rejected']],
      ['cp', ['sending', 'registered', 'cancel-pending']],
      ['cs', ['sending', 'registered', 'cancel-pending', 'cancel-sending']],
      ['cu', ['sending', 'registered', 'cancel-pending', 'cancel-sending', 'cancel-unknown']],
    ];
    const settled: Array<[string, SaleState[]]> = [
      ['r', ['sending', 'registered']],
      ['c', ['cancelled']],
      ['x', ['sending', 'rejected', 'resolved']],
    ];
    for (const [id, path] of [...open, ...settled]) await inState(id, path);
    const listed = service.list({ day: 'all', state: 'open', limit: 50 }).map((v) => v.id);
    expect(listed.sort()).toEqual(open.map(([id]) => id).sort());
  });

  it("'today' starts at local midnight", async () => {
    await store.insert(stored('early', { createdMs: T0 - 2 * HOUR }), 'operator', 'x');
    expect(service.list({ day: 'today', limit: 10 }).map((v) => v.id)).toEqual(['early']);
  });

  it('shows the last contact an earlier run left in the outbox', async () => {
    await service.stop();
    await store.setMeta('lastContact', '2026-11-26T17:00:00.000Z');
    service = build();
    expect(service.connectivity.value).toStrictEqual({ state: 'unknown', lastContact: '2026-11-26T17:00:00.000Z' });
    await service.start();
  });

  it('a card never looked up cannot be shown while UiTPAS cannot be reached', async () => {
    port.identities.push(new UitpasError('not-sent', 'ECONNREFUSED'));
    expect(await appError(service.lookupCard(CARD))).toMatchObject({
      code: 'UITPAS_OFFLINE',
      message: 'UiTPAS cannot be reached: ECONNREFUSED',
    });
  });
});

describe('SaleService: queue events and its timers', () => {
  /** A service started on fake timers (the injected clock stays the test's). */
  async function onFakeTimers(over: Partial<SaleServiceOptions> = {}): Promise<void> {
    await service.stop();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    events = { sales: [], queue: [], connectivity: [] };
    service = build(over);
    await service.start();
    await vi.advanceTimersByTimeAsync(0);
  }

  it('reports a change of the worker alone, as when a paused queue resumes with nothing to do', async () => {
    await prepare();
    port.buys.push(new UitpasError('unauthorized', 'login', { httpStatus: 401 }));
    const id = (await service.sell({ uitpasNumber: CARD, cdbid: 'ev-1' })).sale.id;
    await service.cancel(id);
    await until(() => events.queue.at(-1)?.worker === 'paused-login', 'paused in a queue event');
    service.syncNow();
    await until(() => events.queue.at(-1)?.worker === 'idle', 'resumed in a queue event');
  });

  it('reports a foreign ticket sale flagged while the worker goes on with the next one', async () => {
    await store.insert(stored('x'), 'operator', 'x');
    await store.transition('x', { from: 'pending', to: 'cancelled', actor: 'operator', reason: 'x', at: new Date(T0) });
    const f = {
      ticketSaleId: 'f1',
      foundAt: new Date(T0).toISOString(),
      counterKey: 'counter-1',
      cdbid: 'ev-1',
      creationDate: new Date(T0).toISOString(),
      tariffCents: 300,
      groupPass: false,
      status: 'cancel-pending' as const,
      reason: 'registered twice',
      attempts: 0,
    };
    await store.finishSweep('x', 0, [f, { ...f, ticketSaleId: 'f2', foundAt: new Date(T0 + 1).toISOString() }], new Date(T0));
    const refused = later<{ value: undefined; raw: ReturnType<typeof raw> }>();
    const second = later<{ value: undefined; raw: ReturnType<typeof raw> }>();
    port.cancels.push(refused.answer, second.answer);
    service.syncNow();
    await until(() => events.queue.at(-1)?.worker === 'busy', 'busy in a queue event');
    refused.give(new UitpasError('rejected', 'no', { code: 'CANCEL_PERIOD_PASSED' }));
    await until(() => events.queue.at(-1)?.needsAttention === 1, 'the flagged record in a queue event');
    expect(port.argsOf('cancel')).toEqual([
      ['counter-1', 'f1'],
      ['counter-1', 'f2'],
    ]);
    expect(events.queue.at(-1)?.worker).toBe('busy');
    second.give({ value: undefined, raw: raw() });
    await until(() => store.foreignRecord('f2')?.status === 'cancelled', 'the second cancelled');
  });

  it('spaces queue events by the configured interval, counted from the last one', async () => {
    await onFakeTimers({ queueEventIntervalMs: 1_000 });
    const before = events.queue.length;
    clock = T0 + 400;
    port.identities.push(person);
    await service.lookupCard(CARD);
    expect(events.connectivity.at(-1)?.state).toBe('online');
    await vi.advanceTimersByTimeAsync(599);
    expect(events.queue).toHaveLength(before);
    await vi.advanceTimersByTimeAsync(1);
    expect(events.queue).toHaveLength(before + 1);
    expect(events.queue.at(-1)?.lastContact).toBe(new Date(T0 + 400).toISOString());
  });

  it('purges once a day while running, and no more once stopped', async () => {
    settings.privacy.purgeAfterDays = 1;
    await inState('old', ['sending', 'registered']);
    await onFakeTimers();
    expect(store.get('old')?.purgedAt).toBeUndefined();
    clock = T0 + 2 * 24 * HOUR;
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(store.get('old')?.purgedAt).toBe(new Date(clock).toISOString());

    await inState('later', ['sending', 'registered']);
    await service.stop();
    clock = T0 + 4 * 24 * HOUR;
    await vi.advanceTimersByTimeAsync(2 * 24 * HOUR);
    expect(store.get('later')?.purgedAt).toBeUndefined();
  });

  it('once stopped, schedules no more queue events', async () => {
    await inState('rj', ['sending', 'rejected']);
    await onFakeTimers();
    await service.stop();
    const before = events.queue.length;
    expect(await service.resolve('rj', 'afgesloten')).toMatchObject({ state: 'resolved' });
    expect(events.sales.at(-1)).toMatchObject({ id: 'rj', state: 'resolved' });
    expect(vi.getTimerCount()).toBe(0);
    await vi.runAllTimersAsync();
    expect(events.queue).toHaveLength(before);
  });
});
