/**
 * The sales calls through the real dispatcher and the real event bus: inputs are validated by the
 * contract, errors arrive as envelopes with stable codes, and every event the service emits
 * passes the contract's schema (the bus parses each payload).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueStatus, SaleView, SellOutcome } from '../../../contract/schemas/sales.js';
import { createDispatcher, type Handlers } from '../../../main/runtime/dispatcher.js';
import { EventBus } from '../../../main/core/event-bus.js';
import { salesHandlers } from '../../../main/runtime/handlers/sales.js';
import { liveSalesAtSimulator, startSalesStack, type SalesStack } from './harness.js';

let stack: SalesStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('sales contract', () => {
  it('sells through the dispatcher and emits contract-valid events', async () => {
    const bus = new EventBus();
    const seen: Array<[string, unknown]> = [];
    bus.attach((name, payload) => seen.push([name, payload]));
    stack = await startSalesStack({
      service: {
        events: {
          sale: (v) => bus.emit('sale', v),
          queue: (v) => bus.emit('queue', v),
          connectivity: (v) => bus.emit('connectivity', v),
        },
      },
    });
    const d = createDispatcher(salesHandlers(stack.service) as Handlers, (m, e) => {
      throw new Error(`${m}: ${String(e)}`);
    });
    const { cards, activities } = stack.sim.seedInfo;

    const bad = await d.dispatch('sale.sell', { uitpasNumber: cards.kansenstatuut, cdbid: activities.priced, amountOfTickets: 0 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const extra = await d.dispatch('sale.sell', { uitpasNumber: cards.kansenstatuut, cdbid: activities.priced, price: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const checksum = await d.dispatch('card.lookup', { identification: cards.kansenstatuut.slice(0, 12) + '9' });
    if (cards.kansenstatuut.endsWith('9')) throw new Error('fixture: pick another wrong digit');
    expect(checksum).toMatchObject({ ok: false, error: { code: 'CARD_INVALID_CHECKSUM' } });
    const unknownChip = await d.dispatch('card.lookup', { identification: 'FF00AA11' });
    expect(unknownChip.ok).toBe(false);

    expect(await d.dispatch('card.lookup', { identification: cards.kansenstatuut })).toMatchObject({
      ok: true,
      value: { kind: 'passholder', uitpasNumber: cards.kansenstatuut },
    });
    const page = await d.dispatch('activities.list', { uitpasNumber: cards.kansenstatuut });
    expect(page).toMatchObject({ ok: true });
    const sold = await d.dispatch('sale.sell', { uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(sold).toMatchObject({ ok: true, value: { outcome: 'registered' } });
    const id = (sold as { value: SellOutcome }).value.sale.id;

    expect(await d.dispatch('sale.get', { id })).toMatchObject({ ok: true, value: { id, history: [{ to: 'pending' }, {}, {}] } });
    expect(await d.dispatch('sale.list', {})).toMatchObject({ ok: true, value: { items: [{ id }] } });
    expect(await d.dispatch('sale.list', { state: 'open' })).toMatchObject({ ok: true, value: { items: [] } });
    expect(await d.dispatch('sale.get', { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'SALE_NOT_FOUND' },
    });
    expect(await d.dispatch('sale.resolve', { id, reason: 'ok' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await d.dispatch('sale.resolve', { id, reason: 'niets op te lossen' })).toMatchObject({
      ok: false,
      error: { code: 'SALE_STATE', details: { state: 'registered' } },
    });
    expect(await d.dispatch('queue.syncNow', undefined)).toMatchObject({ ok: true, value: { unregistered: 0 } });
    const cancelled = await d.dispatch('sale.cancel', { id });
    expect(cancelled).toMatchObject({ ok: true, value: { state: 'cancelled' } });
    expect(liveSalesAtSimulator(stack)).toBe(0);
    expect(await d.dispatch('sale.cancel', { id })).toMatchObject({ ok: false, error: { code: 'SALE_STATE' } });

    await new Promise((r) => setTimeout(r, 50)); // let the coalesced queue event go out
    const saleEvents = seen.filter(([n]) => n === 'sale').map(([, p]) => (p as SaleView).state);
    // The cancel went through the outbox like the sale: queued, sent, confirmed.
    expect(saleEvents).toEqual(['pending', 'sending', 'registered', 'cancel-pending', 'cancel-sending', 'cancelled']);
    const queue = seen.filter(([n]) => n === 'queue').at(-1)?.[1] as QueueStatus;
    expect(queue.counts.cancelled).toBe(1);
    expect(seen.some(([n, p]) => n === 'connectivity' && (p as { state: string }).state === 'online')).toBe(true);
  });

  it('purges personal data of settled sales after the configured days, keeping the sale', async () => {
    let now = Date.now();
    stack = await startSalesStack({ service: { now: () => now }, settings: (s) => (s.privacy.purgeAfterDays = 30) });
    const { cards, activities } = stack.sim.seedInfo;
    await stack.service.lookupCard(cards.kansenstatuut);
    await stack.service.listActivities({ uitpasNumber: cards.kansenstatuut, range: 'today', start: 0, max: 50 });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(await stack.service.purge()).toBe(0);
    now += 31 * 86_400_000;
    expect(await stack.service.purge()).toBe(1);
    const after = stack.service.get(r.sale.id);
    expect(after).toMatchObject({
      state: 'registered',
      ticketSaleId: r.sale.ticketSaleId,
      uitpasNumber: `*********${cards.kansenstatuut.slice(-4)}`,
    });
    expect(after.holderName).toBeUndefined();
    expect(after.history.every((h) => h.rawRequest === undefined && h.rawResponse === undefined)).toBe(true);
    // Nothing in the outbox file names the passholder any more.
    const dump =
      JSON.stringify(stack.store.db.prepare('SELECT * FROM sales').all()) +
      JSON.stringify(stack.store.db.prepare('SELECT * FROM sale_history').all());
    expect(dump).not.toContain(cards.kansenstatuut);
    expect(dump).not.toMatch(/Fatma|Yılmaz/);
  });
});
