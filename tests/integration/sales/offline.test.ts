import { afterEach, describe, expect, it } from 'vitest';
import { buildSeed } from '../../../main/tools/simulator/seed.js';
import { liveSalesAtSimulator, prepare, startSalesStack, startSim, until, type SalesStack } from './harness.js';

let stack: SalesStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function goOffline(s: SalesStack): Promise<void> {
  await s.sim.goOffline();
  // Let the client see its keep-alive sockets close.
  await new Promise((r) => setTimeout(r, 100));
}

describe('offline sales', () => {
  it('sells on cached tariffs while offline and drains the queue by itself when UiTPAS is back', async () => {
    stack = await startSalesStack();
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await prepare(stack, cards.coupon);
    await goOffline(stack);

    const a = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    const b = await stack.service.sell({ uitpasNumber: cards.coupon, cdbid: activities.priced });
    const c = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.coupon });
    for (const r of [a, b, c]) {
      expect(r.outcome).toBe('pending');
      expect(r.sale.provisional).toBe(true);
    }
    // The cached lookup still answers (without kansenstatuut details).
    const cached = await stack.service.lookupCard(cards.kansenstatuut);
    expect(cached.notice).toBe('OFFLINE_CACHED');
    expect(cached.kind === 'passholder' && cached.kansenstatuut).toEqual([]);
    const status = stack.service.queueStatus();
    expect(status).toMatchObject({ unregistered: 3, worker: 'offline' });
    expect(status.oldestUnregisteredAt).toBe(a.sale.createdAt);
    expect(stack.sim.sales()).toHaveLength(0);

    await stack.sim.goOnline();
    // No "sync now": the connectivity probe wakes the worker.
    await until(() => stack!.service.queueStatus().unregistered === 0, 'queue drained');
    expect(liveSalesAtSimulator(stack)).toBe(3);
    const registered = stack.service.list({ day: 'today', limit: 10 });
    expect(registered.every((s) => s.state === 'registered' && s.alert === undefined)).toBe(true);
    // FIFO: UiTPAS saw them in the order they were sold.
    const order = stack.sim.sales().map((s) => s.id);
    expect([a, b, c].map((r) => stack!.service.get(r.sale.id).ticketSaleId)).toEqual(order);
    expect(stack.service.connectivity.value.state).toBe('online');
    expect(stack.service.queueStatus().lastContact).toBeDefined();
    // Queue events are coalesced: the last one catches up with the drained queue.
    await until(() => stack!.events.queue.at(-1)?.unregistered === 0, 'a queue event with the drained queue');
  });

  it('alerts the operator when a provisional sale is rejected on replay', async () => {
    const seed = buildSeed(new Date());
    stack = await startSalesStack({ sim: { seed: structuredClone(seed) } });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await goOffline(stack);
    const sold = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    // A second unconfirmed sale for the same card and activity is refused at the counter: the
    // kansentarief is limited per activity, so it would very likely be rejected later.
    await expect(stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced })).rejects.toMatchObject({
      code: 'OFFLINE_SECOND_SALE',
    });
    // Meanwhile the card was blocked at UiTPAS: the replay is rejected.
    seed.passholders.find((p) => p.uitpasNumber === cards.kansenstatuut)!.cardStatus = 'BLOCKED';
    const port = stack.sim.port;
    await stack.sim.close();
    stack.sim = await startSim(stack.api, { port, seed });
    await until(() => stack!.service.queueStatus().unregistered === 0, 'queue drained');
    expect(stack.service.get(sold.sale.id)).toMatchObject({
      state: 'rejected',
      alert: 'rejected-after-offline',
      error: { code: 'INVALID_CARD_STATUS' },
    });
    expect(stack.events.sales.some((s) => s.id === sold.sale.id && s.alert === 'rejected-after-offline')).toBe(true);
    expect(liveSalesAtSimulator(stack)).toBe(0);
  });

  it('alerts the operator when UiTPAS registers a provisional sale at another tariff', async () => {
    const seed = buildSeed(new Date());
    stack = await startSalesStack({ sim: { seed: structuredClone(seed) } });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await goOffline(stack);
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(r.sale.expectedTariffCents).toBe(550);
    // UiTPAS changed the tariff while the counter was offline: it comes back on the same address
    // with the new tariff.
    const event = seed.events.find((e) => e.cdbid === activities.priced);
    event!.priceClasses[0]!.tariffCents = 600;
    const port = stack.sim.port;
    await stack.sim.close();
    stack.sim = await startSim(stack.api, { port, seed });
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
    expect(stack.service.get(r.sale.id)).toMatchObject({
      alert: 'tariff-changed',
      expectedTariffCents: 550,
      registeredTariffCents: 600,
    });
    expect(stack.service.queueStatus().needsAttention).toBe(1);
    const acknowledged = await stack.service.resolve(r.sale.id, 'verschil van 0,50 euro bijbetaald');
    expect(acknowledged.alert).toBeUndefined();
    expect(acknowledged.state).toBe('registered');
    expect(stack.service.get(r.sale.id).history.at(-1)?.reason).toMatch(/tariff-changed acknowledged/);
  });

  it('refuses offline sales beyond the maximum count of unregistered sales', async () => {
    stack = await startSalesStack({ settings: (s) => (s.offline.maxUnregisteredCount = 1) });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await prepare(stack, cards.regular);
    await goOffline(stack);
    expect((await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced })).outcome).toBe('pending');
    await expect(stack.service.sell({ uitpasNumber: cards.regular, cdbid: activities.priced })).rejects.toMatchObject({
      code: 'OFFLINE_LIMIT_REACHED',
      details: { reason: 'count' },
    });
    expect(stack.service.queueStatus().unregistered).toBe(1);
  });

  it('refuses offline sales when the oldest unregistered sale is too old', async () => {
    let now = Date.now();
    stack = await startSalesStack({ service: { now: () => now }, settings: (s) => (s.offline.tariffCacheHours = 100) });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await prepare(stack, cards.regular);
    await goOffline(stack);
    await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    now += 49 * 3_600_000; // default maxUnregisteredAgeHours is 48
    await expect(stack.service.sell({ uitpasNumber: cards.regular, cdbid: activities.priced })).rejects.toMatchObject({
      code: 'OFFLINE_LIMIT_REACHED',
      details: { reason: 'age' },
    });
  });

  it('refuses an offline sale without a recent tariff for that card', async () => {
    let now = Date.now();
    stack = await startSalesStack({ service: { now: () => now } });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await goOffline(stack);
    await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced }); // goes offline
    await expect(stack.service.sell({ uitpasNumber: cards.regular, cdbid: activities.priced })).rejects.toMatchObject({
      code: 'OFFLINE_NO_TARIFF',
    });
    now += 13 * 3_600_000; // default tariffCacheHours is 12
    await expect(stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.coupon })).rejects.toMatchObject({
      code: 'OFFLINE_NO_TARIFF',
    });
  });
});
