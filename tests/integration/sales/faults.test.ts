import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SaleState } from '../../../contract/schemas/sales.js';
import { SaleService } from '../../../main/sales/sale-service.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { SaleStore } from '../../../main/sales/store/sale-store.js';
import type { FaultKind } from '../../../main/tools/simulator/faults.js';
import { searchesOnce } from '../../support/sale-paths.js';
import { liveSalesAtSimulator, prepare, startSalesStack, until, type SalesStack } from './harness.js';

const HORIZON_MS = 400;

let stack: SalesStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

interface Case {
  kind: FaultKind;
  extra?: { stallMs?: number; status?: number };
  /** Whether the simulator committed the first attempt (so reconciliation must adopt it). */
  committed: boolean;
}

const cases: Case[] = [
  { kind: 'drop-before-commit', committed: false },
  { kind: 'drop-after-commit', committed: true },
  { kind: 'error-5xx-after-commit', committed: true },
  { kind: 'error-5xx-after-commit', extra: { status: 503 }, committed: true },
  { kind: 'stall', extra: { stallMs: 4000 }, committed: false },
  { kind: 'stall-after-commit', extra: { stallMs: 4000 }, committed: true },
  { kind: 'malformed-xml', committed: true },
  { kind: 'html-page', committed: true },
  { kind: 'empty-body', committed: true },
];

function path(stackRef: SalesStack, id: string): SaleState[] {
  return stackRef.service.get(id).history.map((h) => h.to);
}

describe('buy faults end with exactly one registration', () => {
  for (const c of cases) {
    it(`${c.kind}${c.extra?.status ? ` ${c.extra.status}` : ''}`, async () => {
      stack = await startSalesStack();
      const { cards, activities } = stack.sim.seedInfo;
      await prepare(stack, cards.kansenstatuut);
      stack.sim.faults.add({ call: 'buy', kind: c.kind, count: 1, ...c.extra });
      const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
      // The worker may already have reconciled it by the time sell reads the sale back.
      expect(['unknown', 'registered']).toContain(r.outcome);
      await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
      expect(liveSalesAtSimulator(stack)).toBe(1);
      const sale = stack.service.get(r.sale.id);
      expect(sale.ticketSaleId).toBe(stack.sim.sales()[0]?.id);
      if (c.committed) {
        // Adopted by reconciliation, never re-sent.
        expect(sale.attempts).toBe(1);
        expect(path(stack, r.sale.id)).toEqual(['pending', 'sending', 'unknown', 'reconciling', 'registered']);
      } else {
        // Searched until the late-commit horizon had passed; only then was absence believed and
        // the sale sent once more.
        expect(sale.attempts).toBe(2);
        const states = path(stack, r.sale.id);
        expect(searchesOnce(states)).toEqual(['pending', 'sending', 'unknown', 'reconciling', 'pending', 'sending', 'registered']);
        const history = stack.service.get(r.sale.id).history;
        const failedAt = Date.parse(history.find((h) => h.to === 'unknown')!.at);
        const resentAt = Date.parse(history.filter((h) => h.to === 'sending')[1]!.at);
        expect(resentAt - failedAt).toBeGreaterThanOrEqual(HORIZON_MS);
      }
      expect(stack.service.queueStatus()).toMatchObject({ unregistered: 0, needsAttention: 0 });
    });
  }

  it('refused connections: the sale stays pending and is sent when UiTPAS is back', async () => {
    stack = await startSalesStack();
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    await stack.sim.goOffline();
    await new Promise((r) => setTimeout(r, 100));
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(r.outcome).toBe('pending');
    expect(r.sale.provisional).toBe(true);
    expect(stack.service.connectivity.value.state).toBe('offline');
    await stack.sim.goOnline();
    await until(() => stack!.service.get(r.sale.id).state === 'registered', 'registered');
    expect(liveSalesAtSimulator(stack)).toBe(1);
    expect(stack.service.get(r.sale.id).history.map((h) => h.to)).toEqual(['pending', 'sending', 'pending', 'sending', 'registered']);
  });

  it('a search that cannot decide between two candidates goes to the operator', async () => {
    stack = await startSalesStack();
    const { cards } = stack.sim.seedInfo;
    const workshop = 'e5ee0000-0000-4000-8000-000000000006'; // 2 tickets per passholder
    // Another counter PC (its own outbox) on the same counter.
    const otherDir = mkdtempSync(join(tmpdir(), 'loket-other-'));
    const other = new SaleService({
      store: new SaleStore(openOutboxDatabase(join(otherDir, 'outbox.sqlite'))),
      port: stack.client,
      settings: () => stack!.settings,
      session: () => ({ counterKey: stack!.sim.credentials.counterKey }),
      reconcilePolicy: { lateCommitHorizonMs: HORIZON_MS, sweepDelayMs: 500 },
    });
    await other.start();
    await other.lookupCard(cards.kansenstatuut);
    await other.listActivities({ uitpasNumber: cards.kansenstatuut, range: 'today', start: 0, max: 100 });

    await prepare(stack, cards.kansenstatuut);
    // Our buy is committed but its answer lost; while Loket waits to search, the other PC sells
    // the same workshop to the same passholder: two records in the window, indistinguishable.
    stack.sim.faults.add({ call: 'buy', kind: 'drop-after-commit', count: 1 });
    stack.sim.faults.add({ call: 'searchTicketsales', kind: 'latency', latencyMs: 300, count: 1 });
    const r = await stack.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: workshop });
    expect((await other.sell({ uitpasNumber: cards.kansenstatuut, cdbid: workshop })).outcome).toBe('registered');
    await other.stop();
    rmSync(otherDir, { recursive: true, force: true });

    await until(() => stack!.service.get(r.sale.id).alert === 'needs-operator', 'needs operator');
    const sale = stack.service.get(r.sale.id);
    expect(sale.state).toBe('unknown');
    expect(sale.ticketSaleId).toBeUndefined();
    expect(sale.error?.code).toBe('RECONCILE_AMBIGUOUS');
    expect(liveSalesAtSimulator(stack)).toBe(2);
    // It is not retried by itself...
    stack.service.syncNow();
    await until(() => stack!.service.queueStatus().worker === 'idle', 'idle');
    expect(stack.service.get(r.sale.id).attempts).toBe(1);
    expect(stack.service.queueStatus().needsAttention).toBe(1);
    // ...and "send again" is refused while UiTPAS holds records that could be it...
    await expect(stack.service.retry(r.sale.id, 'opnieuw proberen')).rejects.toMatchObject({ code: 'SALE_CANDIDATES_EXIST' });
    // ...the operator adopts the right one after checking (the first record is ours).
    const ours = stack.sim.sales()[0]!.id;
    const candidates = await stack.service.candidates(r.sale.id);
    expect(candidates.items.map((c) => c.ticketSaleId)).toContain(ours);
    const adopted = await stack.service.adopt(r.sale.id, ours, 'nagekeken in UiTPAS: eerste ticket hoort bij deze verkoop');
    expect(adopted).toMatchObject({ state: 'registered', ticketSaleId: ours });
    expect(stack.service.get(r.sale.id).history.at(-1)).toMatchObject({ actor: 'operator', to: 'registered' });
  });
});
