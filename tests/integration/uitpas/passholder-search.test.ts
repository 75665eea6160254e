/**
 * passholder/search over real HTTP: the client against the simulator (consumer-signed, counter
 * checked), and passholder.search through the dispatcher and the sale service, where hostile
 * input is refused before anything is sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../../main/runtime/dispatcher.js';
import { salesHandlers } from '../../../main/runtime/handlers/sales.js';
import { buildSeed, seedCardNumber } from '../../../main/tools/simulator/seed.js';
import { startSalesStack, type SalesStack } from '../sales/harness.js';
import { failure, rig, type Rig } from './helpers.js';

let r: Rig | undefined;
let stack: SalesStack | undefined;
afterEach(async () => {
  await r?.close();
  await stack?.close();
  r = undefined;
  stack = undefined;
});

describe('UitpasClient.searchPassholders against the simulator', () => {
  it('finds namesakes with their date of birth, city, uid and card', async () => {
    r = await rig();
    const page = await r.client.searchPassholders(r.counter, { name: 'peeters', firstName: 'Jan', start: 0, max: 20 });
    expect(page.total).toBe(2);
    expect(page.items.map((h) => [h.dateOfBirth, h.city])).toEqual([
      ['1971-07-02', 'Brussel'],
      ['2001-10-05', 'Laken'],
    ]);
    expect(page.items[0]).toMatchObject({
      uitpasNumber: r.sim.seedInfo.cards.regular,
      cardStatus: 'ACTIVE',
      kansenpas: false,
      lastName: 'Peeters',
    });
    expect(page.items[0]!.uid).toMatch(/^[0-9a-f-]{36}$/);
    const sent = await r.client.searchPassholders(r.counter, { name: 'Pee*', dateOfBirth: '2001-10-05', start: 0, max: 20 });
    expect(sent.items.map((h) => h.firstName)).toEqual(['Jan']);
  });

  it('pages with the total and leaves blocked cards out', async () => {
    r = await rig();
    expect(await r.client.searchPassholders(r.counter, { name: 'Peeters', start: 0, max: 1 })).toMatchObject({
      total: 3,
      items: [{ firstName: 'An' }],
    });
    expect(await r.client.searchPassholders(r.counter, { name: 'Maes', start: 0, max: 20 })).toEqual({ total: 0, items: [] });
  });

  it('passes UiTPAS refusals on as classified errors', async () => {
    r = await rig();
    expect(
      await failure(() => r!.client.searchPassholders(r!.counter, { name: 'Peeters', dateOfBirth: '2001-02-30', start: 0, max: 20 })),
    ).toMatchObject({ kind: 'rejected', code: 'PARSE_INVALID_DATE', httpStatus: 400 });
    expect(await failure(() => r!.client.searchPassholders('no-such-counter', { name: 'Peeters', start: 0, max: 20 }))).toMatchObject({
      kind: 'rejected',
      code: 'UNKNOWN_BALIE_CONSUMERKEY',
    });
    r.sim.faults.add({ call: 'passholderSearch', kind: 'access-denied' });
    expect(await failure(() => r!.client.searchPassholders(r!.counter, { name: 'Peeters', start: 0, max: 20 }))).toMatchObject({
      kind: 'unauthorized',
      code: 'ACCESS_DENIED',
    });
  });

  it('signs as the consumer: a wrong consumer secret is refused', async () => {
    r = await rig({ creds: { consumerSecret: 'wrong' } });
    expect(await failure(() => r!.client.searchPassholders(r!.counter, { name: 'Peeters', start: 0, max: 20 }))).toMatchObject({
      kind: 'unauthorized',
      httpStatus: 401,
    });
  });

  it('refuses an HTML page and malformed XML as bad responses', async () => {
    r = await rig();
    r.sim.faults.add({ call: 'passholderSearch', kind: 'html-page' });
    expect(await failure(() => r!.client.searchPassholders(r!.counter, { name: 'Peeters', start: 0, max: 20 }))).toMatchObject({
      kind: 'bad-response',
    });
    r.sim.faults.add({ call: 'passholderSearch', kind: 'malformed-xml' });
    expect(await failure(() => r!.client.searchPassholders(r!.counter, { name: 'Peeters', start: 0, max: 20 }))).toMatchObject({
      kind: 'bad-response',
    });
  });
});

describe('passholder.search through the dispatcher', () => {
  const dispatcher = (s: SalesStack) =>
    createDispatcher(salesHandlers(s.service) as Handlers, (m, e) => {
      throw new Error(`${m}: ${String(e)}`);
    });

  it('answers with at most 20 hits and says when there are more', async () => {
    stack = await startSalesStack();
    const d = dispatcher(stack);
    expect(await d.dispatch('passholder.search', { name: ' Peeters ', firstName: 'Jan', dateOfBirth: '2001-10-05' })).toMatchObject({
      ok: true,
      value: { total: 1, more: false, items: [{ firstName: 'Jan', city: 'Laken' }] },
    });
    expect(await d.dispatch('passholder.search', { name: '*e*' })).toMatchObject({ ok: false, error: { code: 'SEARCH_NAME_TOO_SHORT' } });
  });

  it('cuts a long list at 20 and says there are more', async () => {
    const seed = buildSeed(new Date());
    const model = seed.passholders[1]!;
    for (let i = 0; i < 25; i++) {
      seed.passholders.push({
        ...model,
        uitpasNumber: seedCardNumber(200 + i, false),
        uid: `5eed0000-0000-4000-8000-${String(9000 + i).padStart(12, '0')}`,
        firstName: `Jan${'a'.repeat(i)}`,
      });
    }
    stack = await startSalesStack({ sim: { seed } });
    const page = await dispatcher(stack).dispatch('passholder.search', { name: 'Peeters' });
    expect(page).toMatchObject({ ok: true, value: { total: 28, more: true } });
    expect((page as { value: { items: unknown[] } }).value.items).toHaveLength(20);
  });

  it('refuses hostile input in main: nothing reaches UiTPAS', async () => {
    stack = await startSalesStack();
    const d = dispatcher(stack);
    const tomorrow = new Date(Date.now() + 36 * 3600_000).toISOString().slice(0, 10);
    const cases: Array<[unknown, string]> = [
      [{ name: '**' }, 'SEARCH_NAME_TOO_SHORT'],
      [{ name: '*', firstName: 'Jan' }, 'SEARCH_NAME_TOO_SHORT'],
      [{ name: 'x'.repeat(10_000) }, 'INVALID_INPUT'],
      [{ name: 'Peeters', firstName: 'J'.repeat(10_000) }, 'INVALID_INPUT'],
      [{ name: 'Peeters', dateOfBirth: '0001-01-01' }, 'SEARCH_DATE_INVALID'],
      [{ name: 'Peeters', dateOfBirth: '2001-02-30' }, 'SEARCH_DATE_INVALID'],
      [{ name: 'Peeters', dateOfBirth: tomorrow }, 'SEARCH_DATE_FUTURE'],
      [{ name: 'Pee&ters=1&includeBlocked=true' }, 'INVALID_INPUT'],
      [{ name: 'Peeters', includeBlocked: true }, 'INVALID_INPUT'],
      [{ name: ['Peeters'] }, 'INVALID_INPUT'],
    ];
    // A fault armed for the next search would fire if any of these reached the simulator.
    stack.sim.faults.add({ call: 'passholderSearch', kind: 'html-page', count: 100 });
    for (const [input, code] of cases) {
      expect(await d.dispatch('passholder.search', input), JSON.stringify(input).slice(0, 60)).toMatchObject({
        ok: false,
        error: { code },
      });
    }
    expect(stack.sim.faults.list()).toMatchObject([{ call: 'passholderSearch', count: 100 }]);
  });

  it('tells UiTPAS refusals and an unreachable UiTPAS apart', async () => {
    stack = await startSalesStack();
    const d = dispatcher(stack);
    stack.sim.faults.add({ call: 'passholderSearch', kind: 'access-denied' });
    expect(await d.dispatch('passholder.search', { name: 'Peeters' })).toMatchObject({
      ok: false,
      error: { code: 'UITPAS_REJECTED', details: { code: 'ACCESS_DENIED' } },
    });
    await stack.sim.goOffline();
    expect(await d.dispatch('passholder.search', { name: 'Peeters' })).toMatchObject({ ok: false, error: { code: 'UITPAS_OFFLINE' } });
  });
});
