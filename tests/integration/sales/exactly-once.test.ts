/**
 * The exactly-once scenarios, one named test each, against the real simulator over HTTP and a
 * real SQLite outbox: what goes wrong after an uncertain attempt (a late commit, a stranger's
 * record, UiTPAS's clock, a search that keeps failing, paging, a lost cancel, the operator's
 * tools) ends with UiTPAS's records and the local registered sales one-to-one, every other sale
 * rejected, cancelled or waiting for the operator with a reason. The simulator's own records are
 * the judge. docs/exactly-once.md explains the rules these tests hold Loket to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SaleService } from '../../../main/sales/sale-service.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { SaleStore } from '../../../main/sales/store/sale-store.js';
import { buildSeed } from '../../../main/tools/simulator/seed.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIS, liveSalesAtSimulator, prepare, startSalesStack, startSim, until, type SalesStack } from './harness.js';

const HORIZON_MS = 400;
const WORKSHOP = 'e5ee0000-0000-4000-8000-000000000006'; // 2 tickets per passholder
const seed = buildSeed(new Date());
/** Another kansenstatuut passholder: a different customer. */
const OTHER_CUSTOMER = seed.passholders[8]!.uitpasNumber;

let stack: SalesStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

function live(s: SalesStack) {
  return s.sim.sales().filter((x) => !x.cancelled);
}

/**
 * Every live UiTPAS registration is held by exactly one registered local sale and vice versa,
 * ticket by ticket (API 4 registers one ticket sale per ticket).
 */
function expectOneToOne(s: SalesStack): void {
  const local = s.service.list({ day: 'all', limit: 1000 }).filter((v) => v.state === 'registered' || v.state.startsWith('cancel-'));
  const held = local.flatMap((v) => s.store.ticketSaleIds({ id: v.id, ...(v.ticketSaleId ? { ticketSaleId: v.ticketSaleId } : {}) }));
  expect(new Set(held)).toEqual(new Set(live(s).flatMap((r) => r.ids)));
  expect(held.length).toBe(live(s).flatMap((r) => r.ids).length);
  expect(local.length).toBe(live(s).length);
}

describe.each(APIS)('a late commit (the buy lands after its connection broke) (%s)', (api) => {
  it('within the horizon, for a person: adopted, never re-sent, never shown rejected', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    stack.sim.faults.add({ call: 'buy', kind: 'late-commit', delayMs: 150 });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(r.outcome).toBe('unknown');
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
    const sale = stack.service.get(r.sale.id);
    expect(sale.attempts).toBe(1);
    expect(sale.history.some((h) => h.to === 'rejected')).toBe(false);
    expect(liveSalesAtSimulator(stack)).toBe(1);
    expectOneToOne(stack);
  });

  it('the simulator: a late commit still on its way is counted, and a reset discards it', async () => {
    // The model test waits for pending commits before its verdict and resets between cases; a
    // commit from the previous case must not land in the next one.
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    const held = () => fetch(`${stack!.sim.origin}/__admin/held`).then((r) => r.json() as Promise<{ pendingCommits: number }>);
    stack.sim.faults.add({ call: 'buy', kind: 'late-commit', delayMs: 300 });
    const buy = { counterKey: stack.sim.credentials.counterKey, cdbid: activities.priced, uitpasNumber: cards.kansenstatuut };
    await expect(stack.client.buy(buy)).rejects.toThrow();
    expect((await held()).pendingCommits).toBe(1);
    stack.sim.reset();
    await new Promise((r) => setTimeout(r, 500));
    expect((await held()).pendingCommits).toBe(0);
    expect(stack.sim.sales()).toEqual([]);
    // Without a reset the same fault commits.
    stack.sim.faults.add({ call: 'buy', kind: 'late-commit', delayMs: 100 });
    await expect(stack.client.buy(buy)).rejects.toThrow();
    await until(() => stack!.sim.sales().length === 1, 'the late commit');
  });

  it('within the horizon, on a group pass: one registration; adopted whole on API 4, by the operator on XML', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.group);
    stack.sim.faults.add({ call: 'buy', kind: 'late-commit', delayMs: 150 });
    const r = await stack.service.sell({ uitpasNumber: cards.group, cdbid: activities.priced, amountOfTickets: 2 });
    if (api === 'v4') {
      // One record per ticket, made by one request: exactly two fit, so both are this sale's.
      await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
      expect(stack.service.get(r.sale.id).attempts).toBe(1);
      expect(stack.store.ticketSaleIds(stack.store.get(r.sale.id)!)).toEqual(live(stack)[0]!.ids);
      expectOneToOne(stack);
      // A cancel takes back every ticket it holds, never some.
      await stack.service.cancel(r.sale.id);
      await until(() => stack!.service.get(r.sale.id).state === 'cancelled', 'cancelled');
      expect(live(stack)).toEqual([]);
      return;
    }
    // XML: the record cannot name its ticket count, so the sale waits for the operator.
    await until(() => stack!.service.get(r.sale.id).alert === 'needs-operator', 'needs operator');
    // Never re-sent: one registration at UiTPAS, and the sale waits with its reason.
    expect(stack.service.get(r.sale.id)).toMatchObject({ state: 'unknown', attempts: 1, error: { code: 'RECONCILE_AMBIGUOUS' } });
    expect(stack.service.get(r.sale.id).error?.message).toMatch(/does not say how many tickets/);
    expect(liveSalesAtSimulator(stack)).toBe(1);
    const candidates = (await stack.service.candidates(r.sale.id)).items;
    expect(candidates.map((c) => c.ticketSaleId)).toEqual(live(stack)[0]!.ids);
    expect(candidates.every((c) => c.fit.startsWith('doubt'))).toBe(true);
    await stack.service.adopt(r.sale.id, candidates[0]!.ticketSaleId, 'groepsleider bevestigt 2 tickets');
    expectOneToOne(stack);
  });

  it('a group sale next to a rival with as many tickets at that moment: never adopted, not even in part', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.group);
    // A rival on the same group pass registers 2 tickets just before our own 2 commit, answer lost.
    stack.sim.faults.add({ call: 'buy', kind: 'rival-sale', amountOfTickets: 2 });
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    const r = await stack.service.sell({ uitpasNumber: cards.group, cdbid: activities.priced, amountOfTickets: 2 });
    await until(() => stack!.service.get(r.sale.id).alert === 'needs-operator', 'needs operator');
    expect(stack.service.get(r.sale.id).error?.message).toMatch(api === 'xml' ? /does not say how many tickets/ : /4 one-ticket records/);
    expect(liveSalesAtSimulator(stack)).toBe(2);
    if (api === 'xml') return;
    // Four tickets made in the same second: which two are ours is not said, so the operator's
    // choice of one is refused rather than guessed; nothing is held.
    const ids = live(stack).flatMap((x) => x.ids);
    await expect(stack.service.adopt(r.sale.id, ids[3]!, 'groepsleider bevestigt')).rejects.toMatchObject({
      code: 'SALE_RECORD_TICKETS',
    });
    expect(stack.service.get(r.sale.id).state).toBe('unknown');
    expect(ids.some((id) => stack!.store.claimedBy(id) !== undefined)).toBe(false);
  });

  it('a rival with another ticket count on the same group pass: not adopted; on API 4 adopting it is refused', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.group);
    // Our 2-ticket request never commits; a rival registers 3 on the same card in our window.
    stack.sim.faults.add({ call: 'buy', kind: 'rival-sale', amountOfTickets: 3 });
    stack.sim.faults.add({ call: 'buy', kind: 'drop-before-commit' });
    const r = await stack.service.sell({ uitpasNumber: cards.group, cdbid: activities.priced, amountOfTickets: 2 });
    await until(() => stack!.service.get(r.sale.id).alert === 'needs-operator', 'needs operator');
    expect(stack.service.get(r.sale.id).ticketSaleId).toBeUndefined();
    if (api === 'xml') return;
    const rival = live(stack)[0]!;
    expect(rival.ids).toHaveLength(3);
    await expect(stack.service.adopt(r.sale.id, rival.ids[0]!, 'lijkt het')).rejects.toMatchObject({ code: 'SALE_RECORD_TICKETS' });
    expect(stack.service.get(r.sale.id).state).toBe('unknown');
    expect(rival.ids.some((id) => stack!.store.claimedBy(id) !== undefined)).toBe(false);
  });

  it('after the horizon, when the re-send is answered MAXIMUM_REACHED: searched again and the late record adopted', async () => {
    stack = await startSalesStack({ api, responseTimeoutMs: 6_000 });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    // The first buy commits 2 s late, after the horizon; the re-send (after ~1.5 s) is slow, so
    // it meets the late commit (with seconds to spare either way on a busy machine).
    stack.sim.faults.add({ call: 'buy', kind: 'late-commit', delayMs: 2_000 });
    stack.sim.faults.add({ call: 'buy', kind: 'latency', latencyMs: 2_500 });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered', 20_000);
    const sale = stack.service.get(r.sale.id);
    expect(sale.attempts).toBe(2);
    expect(sale.history.some((h) => /rejected \(MAXIMUM_REACHED\) after an earlier unanswered attempt/.test(h.reason))).toBe(true);
    expect(sale.history.some((h) => h.to === 'rejected')).toBe(false);
    expect(sale.ticketSaleId).toBe(live(stack)[0]!.id);
    expectOneToOne(stack);
  });

  it('seen late by a lagging search, after a re-send: the sweep finds the duplicate and Loket cancels its own', async () => {
    stack = await startSalesStack({ api, service: { reconcilePolicy: { lateCommitHorizonMs: HORIZON_MS, sweepDelayMs: 3_000 } } });
    const { cards } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    // Committed, answer lost, and the search index shows it only 2.5 s later: Loket proves
    // "absence" and re-sends (the workshop allows 2 per passholder, so UiTPAS registers it again).
    stack.sim.faults.add({ call: 'searchTicketsales', kind: 'search-lag', lagMs: 2_500, count: 1000 });
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: WORKSHOP });
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered by the re-send');
    expect(stack.sim.sales()).toHaveLength(2);
    await until(() => stack!.service.foreignRecords().some((f) => f.status === 'cancelled'), 'duplicate cancelled', 10_000);
    const [dup] = stack.service.foreignRecords();
    expect(dup).toMatchObject({ likeSaleId: r.sale.id, status: 'cancelled', ticketSaleId: stack.sim.sales()[0]!.id });
    expect(dup!.reason).toMatch(/late registration of an earlier attempt/);
    expect(stack.sim.sales()[0]!.cancelled).toBe(true);
    expect(liveSalesAtSimulator(stack)).toBe(1);
    expectOneToOne(stack);
    expect(stack.service.get(r.sale.id).history.some((h) => /UiTPAS holds 1 more ticket sale/.test(h.reason))).toBe(true);
  });

  it('after the horizon and after a re-send: the sweep shows it to the operator, it does not cancel what it cannot prove', async () => {
    stack = await startSalesStack({ api, service: { reconcilePolicy: { lateCommitHorizonMs: HORIZON_MS, sweepDelayMs: 3_000 } } });
    const { cards } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    stack.sim.faults.add({ call: 'buy', kind: 'late-commit', delayMs: 2_500 });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: WORKSHOP });
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered by the re-send');
    await until(() => stack!.service.foreignRecords().length === 1, 'the late record found', 10_000);
    const [flagged] = stack.service.foreignRecords();
    expect(flagged).toMatchObject({ likeSaleId: r.sale.id, status: 'flagged' });
    expect(flagged!.reason).toMatch(/UiTPAS holds a sale Loket did not register .*made after the late-commit horizon/);
    expect(stack.service.queueStatus().needsAttention).toBe(1);
    expect(liveSalesAtSimulator(stack)).toBe(2);
    const seen = await stack.service.acknowledgeForeign(flagged!.ticketSaleId, 'klant kocht twee tickets, nagekeken');
    expect(seen).toMatchObject({ status: 'acknowledged', resolution: 'klant kocht twee tickets, nagekeken' });
    expect(stack.service.queueStatus().needsAttention).toBe(0);
  });
});

describe.each(APIS)("a stranger's record (%s)", (api) => {
  it('another PC sells on the same group pass at that moment: never adopted; the operator declares it not ours and sends again', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.group);
    // The rival's 2-ticket sale lands in our window; our own 1-ticket buy never commits.
    stack.sim.faults.add({ call: 'buy', kind: 'rival-sale', amountOfTickets: 2 });
    stack.sim.faults.add({ call: 'buy', kind: 'drop-before-commit' });
    const r = await stack.service.sell({ uitpasNumber: cards.group, cdbid: activities.priced, amountOfTickets: 1 });
    await until(() => stack!.service.get(r.sale.id).alert === 'needs-operator', 'needs operator');
    expect(stack.service.get(r.sale.id).ticketSaleId).toBeUndefined();
    const rival = live(stack)[0]!;
    expect(rival.amountOfTickets).toBe(2);
    await expect(stack.service.retry(r.sale.id, 'opnieuw')).rejects.toMatchObject({ code: 'SALE_CANDIDATES_EXIST' });
    // Every ticket of it is declared (API 4 lists the rival's two tickets as two records).
    const again = await stack.service.retry(r.sale.id, 'ticket van de andere balie', rival.ids);
    expect(again.state).toBe('pending');
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
    expect(stack.service.get(r.sale.id).ticketSaleId).not.toBe(rival.id);
    expect(stack.service.get(r.sale.id).history.some((h) => h.actor === 'operator' && h.reason.includes(rival.id))).toBe(true);
    expect(liveSalesAtSimulator(stack)).toBe(2);
  });

  it("a record that could be another local sale's late commit is not adopted", async () => {
    stack = await startSalesStack({ api });
    const { cards } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    // Sale A: uncertain, never committed, re-sent after the horizon and registered.
    stack.sim.faults.add({ call: 'buy', kind: 'drop-before-commit' });
    const a = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: WORKSHOP });
    await until(() => stack!.service.get(a.sale.id).state === 'registered', 'A registered');
    // Sale B for the same passholder and workshop: committed, answer lost. Its record could be
    // A's very late commit as well as B's own: B waits for the operator instead of guessing.
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    const b = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: WORKSHOP });
    await until(() => stack!.service.get(b.sale.id).alert === 'needs-operator', 'B needs the operator');
    expect(stack.service.get(b.sale.id).error?.message).toMatch(/late registration of local sale/);
    expect(liveSalesAtSimulator(stack)).toBe(2);
  });
});

describe.each(APIS)('what records carry (%s)', (api) => {
  it('search records without uitpasNumber: a person is identified by uid, a group pass is never guessed', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    stack.sim.faults.add({ call: 'searchTicketsales', kind: 'omit-uitpas-number', count: 1000 });
    await prepare(stack, cards.kansenstatuut);
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    const person = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    await until(() => stack!.service.get(person.sale.id).state === 'registered', 'person registered');

    await prepare(stack, cards.group);
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    const group = await stack.service.sell({ uitpasNumber: cards.group, cdbid: activities.priced, amountOfTickets: 1 });
    if (api === 'xml') {
      await until(() => stack!.service.get(group.sale.id).alert === 'needs-operator', 'group to the operator');
      expect(stack.service.get(group.sale.id).error?.message).toMatch(/does not name the group pass/);
    } else {
      // API 4's records always name the card (only the passholder is left out) and are one
      // ticket each: a one-ticket group sale is as certain as a person's.
      await until(() => stack!.service.get(group.sale.id).state === 'registered', 'group registered');
    }
    expect(stack.service.get(group.sale.id).attempts).toBe(1);
    expect(liveSalesAtSimulator(stack)).toBe(2);
  });

  it('paging follows the records received until total (2 per page, 9 records)', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.group);
    for (let i = 0; i < 8; i++) {
      expect((await stack.service.sell({ uitpasNumber: cards.group, cdbid: activities.priced, amountOfTickets: 1 })).outcome).toBe(
        'registered',
      );
    }
    stack.sim.faults.add({ call: 'searchTicketsales', kind: 'page-cap', pageSize: 2, count: 1000 });
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    const r = await stack.service.sell({ uitpasNumber: cards.group, cdbid: activities.priced, amountOfTickets: 1 });
    // Every record was read (none counted twice), so only the one unclaimed record is a candidate:
    // on XML in doubt (a group record), on API 4 this sale's.
    if (api === 'xml') {
      await until(() => stack!.service.get(r.sale.id).alert === 'needs-operator', 'to the operator');
      expect(stack.service.get(r.sale.id).error?.message).toMatch(/candidates: \d+\)$/);
    } else {
      await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
      expect(stack.service.get(r.sale.id).ticketSaleId).toBe(live(stack)[8]!.id);
    }
    const searched = stack.service.get(r.sale.id).history.find((h) => h.from === 'reconciling');
    expect(searched?.rawResponse).toMatch(/^9 of 9 ticket sale\(s\)/);
  });
});

describe.each(APIS)("UiTPAS's clock (%s)", (api) => {
  it('runs 4 minutes behind: the offset is measured from Date headers and the window follows it', async () => {
    stack = await startSalesStack({ api });
    stack.sim.setClockOffset(-240_000);
    const { cards } = stack.sim.seedInfo;
    // Another PC (its own outbox) sells this passholder the workshop first.
    const otherDir = mkdtempSync(join(tmpdir(), 'loket-other-'));
    const other = new SaleService({
      store: new SaleStore(openOutboxDatabase(join(otherDir, 'outbox.sqlite'))),
      port: stack.client,
      settings: () => stack!.settings,
      session: () => ({ counterKey: stack!.sim.credentials.counterKey }),
    });
    await other.start();
    await other.lookupCard(cards.kansenstatuut);
    await other.listActivities({ uitpasNumber: cards.kansenstatuut, range: 'today', start: 0, max: 100 });
    const earlier = await other.sell({ uitpasNumber: cards.kansenstatuut, cdbid: WORKSHOP });
    await other.stop();
    rmSync(otherDir, { recursive: true, force: true });
    // 2.5 s later our buy is lost before it is committed. The other PC's record lies minutes
    // inside the old "PC clock minus 5 minutes" margin, but before our attempt in UiTPAS's clock.
    await new Promise((r) => setTimeout(r, 2_500));
    await prepare(stack, cards.kansenstatuut);
    const offset = stack.client.clockOffset();
    expect(offset!.lowMs).toBeGreaterThan(-241_500);
    expect(offset!.highMs).toBeLessThan(-238_500);
    stack.sim.faults.add({ call: 'buy', kind: 'drop-before-commit' });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: WORKSHOP });
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
    const sale = stack.service.get(r.sale.id);
    expect(sale.attempts).toBe(2);
    expect(sale.ticketSaleId).not.toBe(earlier.sale.ticketSaleId);
    expect(liveSalesAtSimulator(stack)).toBe(2);
    // The search asked from the attempt on (in UiTPAS's clock, less a 5-minute margin for a clock
    // that may have stepped back), as Brussels local time with its offset.
    const search = sale.history.find((h) => h.to === 'reconciling')!.rawRequest!;
    const startDate = (JSON.parse(search.replace(/^searchTicketSales /, '')) as { startDate: string }).startDate;
    expect(startDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
    const attemptAt = Date.parse(sale.history.find((h) => h.to === 'sending')!.at);
    expect(Math.abs(Date.parse(startDate) - (attemptAt - 240_000 - 300_000))).toBeLessThan(3_000);
  });
  it('is stepped 30 s forward between the last reply and a lost buy: the record is still found, never sent twice', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    // The buy is the first request after the step, and its answer is lost: the offset Loket knew
    // when it sent the buy is 30 s wrong. (Found by the model-based test, seed 1143026715.)
    stack.sim.setClockOffset(30_000);
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
    expect(stack.service.get(r.sale.id).attempts).toBe(1);
    expect(liveSalesAtSimulator(stack)).toBe(1);
    expectOneToOne(stack);
  });
});

describe.each(APIS)('no head-of-line blocking (%s)', (api) => {
  it('a search that keeps failing backs that sale off alone; the link shows degraded, offline limits apply, the operator gets it after the cap', async () => {
    stack = await startSalesStack({ api, settings: (s) => (s.offline.maxUnregisteredCount = 1) });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await prepare(stack, OTHER_CUSTOMER);
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    stack.sim.faults.add({ call: 'searchTicketsales', kind: 'error-5xx', count: 1000 });
    const stuck = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    await until(() => stack!.service.connectivity.value.state === 'degraded', 'degraded');
    expect(stack.service.connectivity.value.detail).toMatch(/ticket-sale search fails/);
    // Another customer, while the stuck sale backs off: refused only by the offline limit (one
    // unregistered sale allowed while UiTPAS cannot settle sales).
    await expect(stack.service.sell({ uitpasNumber: OTHER_CUSTOMER, cdbid: activities.priced })).rejects.toMatchObject({
      code: 'OFFLINE_LIMIT_REACHED',
    });
    stack.settings.offline.maxUnregisteredCount = 10;
    const next = await stack.service.sell({ uitpasNumber: OTHER_CUSTOMER, cdbid: activities.priced });
    expect(next.outcome).toBe('registered');
    await until(() => stack!.service.get(stuck.sale.id).alert === 'needs-operator', 'to the operator after the cap', 30_000);
    const sale = stack.service.get(stuck.sale.id);
    expect(sale.history.filter((h) => /search failed/.test(h.reason)).length).toBe(12);
    expect(sale.attempts).toBe(1);
    // Searches work again: the operator checks and adopts the record.
    stack.sim.faults.clear();
    const [record] = (await stack.service.candidates(stuck.sale.id)).items;
    await stack.service.adopt(stuck.sale.id, record!.ticketSaleId, 'nagekeken');
    expect(stack.service.connectivity.value.state).toBe('online');
    expectOneToOne(stack);
  });

  it('ACCESS_DENIED on one sale: that sale waits with the reason, the queue goes on', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await prepare(stack, OTHER_CUSTOMER);
    stack.sim.faults.add({ call: 'buy', kind: 'access-denied' });
    const refused = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(refused).toMatchObject({ outcome: 'rejected', sale: { error: { code: 'ACCESS_DENIED' } } });
    expect(stack.service.queueStatus().worker).not.toBe('paused-login');
    expect((await stack.service.sell({ uitpasNumber: OTHER_CUSTOMER, cdbid: activities.priced })).outcome).toBe('registered');
  });
});

describe.each(APIS)('cancels go through the outbox (%s)', (api) => {
  it('a cancel whose answer is lost is settled by search: cancelled here and at UiTPAS', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    const sold = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    stack.sim.faults.add({ call: 'cancel', kind: 'drop-after-commit' });
    const answer = await stack.service.cancel(sold.sale.id);
    expect(['cancel-unknown', 'cancelled']).toContain(answer.state);
    await until(() => stack!.service.get(sold.sale.id).state === 'cancelled', 'cancelled');
    expect(stack.sim.sales()[0]?.cancelled).toBe(true);
    expect(stack.service.get(sold.sale.id).history.map((h) => h.to)).toEqual([
      'pending',
      'sending',
      'registered',
      'cancel-pending',
      'cancel-sending',
      'cancel-unknown',
      'cancelled',
    ]);
  });

  it('a cancel while UiTPAS is offline is kept and sent when it is back', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    const sold = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    await stack.sim.goOffline();
    const queued = await stack.service.cancel(sold.sale.id);
    expect(queued.state).toBe('cancel-pending');
    expect(liveSalesAtSimulator(stack)).toBe(1);
    await stack.restart();
    expect(stack.service.get(sold.sale.id).state).toBe('cancel-pending');
    await stack.sim.goOnline();
    stack.service.syncNow();
    await until(() => stack!.service.get(sold.sale.id).state === 'cancelled', 'cancelled');
    expect(liveSalesAtSimulator(stack)).toBe(0);
  });

  it('cancelling an uncertain sale that was not committed: cancelled, never sent again', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    stack.sim.faults.add({ call: 'buy', kind: 'drop-before-commit' });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    const asked = await stack.service.cancel(r.sale.id);
    expect(asked.cancelRequested).toBe(true);
    await until(() => stack!.service.get(r.sale.id).state === 'cancelled', 'cancelled');
    expect(stack.service.get(r.sale.id).attempts).toBe(1);
    expect(stack.sim.sales()).toHaveLength(0);
  });

  it('cancelling an uncertain sale that UiTPAS did commit: adopted, then cancelled at UiTPAS', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit' });
    stack.sim.faults.add({ call: 'searchTicketsales', kind: 'latency', latencyMs: 200 });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    await stack.service.cancel(r.sale.id);
    await until(() => stack!.service.get(r.sale.id).state === 'cancelled', 'cancelled');
    expect(stack.sim.sales()[0]?.cancelled).toBe(true);
    const path = stack.service.get(r.sale.id).history.map((h) => h.to);
    expect(path.slice(-4)).toEqual(['registered', 'cancel-pending', 'cancel-sending', 'cancelled']);
  });

  it('a cancel UiTPAS refuses leaves the sale registered with the reason', async () => {
    stack = await startSalesStack({ api });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    const sold = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    stack.sim.faults.add({ call: 'cancel', kind: 'access-denied' });
    const answer = await stack.service.cancel(sold.sale.id);
    expect(answer).toMatchObject({ state: 'registered', alert: 'cancel-refused', error: { code: 'ACCESS_DENIED' } });
    expect(liveSalesAtSimulator(stack)).toBe(1);
  });
});

describe.each(APIS)('operator tools (%s)', (api) => {
  it('a rejected sale is sent again after a fresh search found nothing, with the reason in its history', async () => {
    const s = buildSeed(new Date());
    stack = await startSalesStack({ api, sim: { seed: structuredClone(s) } });
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    s.passholders.find((p) => p.uitpasNumber === cards.kansenstatuut)!.cardStatus = 'BLOCKED';
    const port = stack.sim.port;
    await stack.sim.close();
    stack.sim = await startSim(stack.api, { port, seed: structuredClone(s) });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    // API 4's problem names the status (INVALID_CARD_STATUS_BLOCKED).
    expect(r).toMatchObject({ outcome: 'rejected', sale: { error: { code: expect.stringMatching(/^INVALID_CARD_STATUS/) as unknown } } });
    // The card is unblocked at UiTPAS; the operator checks and sends it again.
    s.passholders.find((p) => p.uitpasNumber === cards.kansenstatuut)!.cardStatus = 'ACTIVE';
    await stack.sim.close();
    stack.sim = await startSim(stack.api, { port, seed: s });
    await stack.service.retry(r.sale.id, 'kaart gedeblokkeerd aan de balie');
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
    expect(stack.service.get(r.sale.id).history.some((h) => h.actor === 'operator' && /kaart gedeblokkeerd/.test(h.reason))).toBe(true);
    expectOneToOne(stack);
  });
});
