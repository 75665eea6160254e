/**
 * The cost of reconciling an uncertain sale, beside a bare search of the same ticket sales:
 * - the search alone (signed searchTicketSales through the client, the floor);
 * - the operator's check (`candidates`: search + fit of every record, no writes);
 * - one reconciliation pass that finds nothing yet (unknown → reconciling → unknown: the search,
 *   the verdict and two durable outbox writes), as the worker runs it before the horizon;
 * - the verdict alone (`judge`) over 100 records, pure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TicketSale } from '../contract/domain.js';
import { judge, type SaleFacts } from '../main/sales/reconcile-match.js';
import { DEFAULT_RECONCILE_POLICY } from '../main/sales/reconcile-policy.js';
import { Reconciler } from '../main/sales/reconciler.js';
import { openOutboxDatabase } from '../main/sales/store/open-database.js';
import { SaleStore } from '../main/sales/store/sale-store.js';
import { ThreadSqlWriter } from '../main/sales/store/sql-writer.js';
import { startSimulator } from '../main/tools/simulator/server.js';
import { UitpasClient } from '../main/uitpas/client.js';
import { percentile, timeBatches, timeEachAsync, type BenchRow } from './harness.js';

const ROUNDS = 200;

export async function run(): Promise<BenchRow[]> {
  const sim = await startSimulator();
  const c = sim.credentials;
  const client = new UitpasClient({ prefix: sim.prefix, credentials: () => ({ ...c }) });
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-reconcile-'));
  const file = join(dir, 'outbox.sqlite');
  const store = new SaleStore(openOutboxDatabase(file), ThreadSqlWriter.start(file));
  const { cards, activities } = sim.seedInfo;
  const holder = await client.identify(c.counterKey, cards.kansenstatuut);
  const uid = holder.kind === 'passholder' ? holder.uid : undefined;
  // A registered sale of this passholder at UiTPAS: the search returns a record to judge.
  await client.buy({ counterKey: c.counterKey, cdbid: activities.priced, uitpasNumber: cards.kansenstatuut });

  const now = Date.now();
  await store.insert(
    {
      id: '00000000-0000-4000-8000-000000000001',
      createdAt: new Date(now).toISOString(),
      createdMs: now,
      counterKey: c.counterKey,
      uitpasNumber: cards.kansenstatuut,
      groupPass: false,
      ...(uid ? { passholderUid: uid } : {}),
      cdbid: 'e5ee0000-0000-4000-8000-000000000006',
      activityTitle: 'Workshop',
      amountOfTickets: 1,
      expectedPriceCents: 1050,
      expectedTariffCents: 260,
      provisional: false,
    },
    'operator',
    'bench',
  );
  const id = '00000000-0000-4000-8000-000000000001';
  await store.transition(id, { from: 'pending', to: 'sending', actor: 'worker', reason: 'bench', at: new Date() });
  await store.transition(id, {
    from: 'sending',
    to: 'unknown',
    actor: 'worker',
    reason: 'bench',
    at: new Date(),
    uncertain: { kind: 'buy', startedMs: now, endedMs: now + 20, offset: client.clockOffset() },
  });
  // A horizon of an hour: every pass ends "not found yet", as before the horizon in the app.
  const reconciler = new Reconciler({
    store,
    port: client,
    now: Date.now,
    random: Math.random,
    onSaleChanged: () => {},
    policy: { ...DEFAULT_RECONCILE_POLICY, lateCommitHorizonMs: 3_600_000, maxSearches: 1_000_000 },
  });
  const query = {
    counterKey: c.counterKey,
    cdbid: 'e5ee0000-0000-4000-8000-000000000006',
    ...(uid ? { uid } : {}),
    startDate: '2026-01-01T00:00:00+01:00',
    start: 0,
    max: 100,
  };

  const rounds = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 30; i++) await fn();
    return (await timeEachAsync(ROUNDS, fn)).map((us) => us / 1000);
  };
  const bare = await rounds(() => client.searchTicketSales(query));
  const check = await rounds(() => reconciler.candidates(store.get(id)!));
  const pass = await rounds(() => reconciler.reconcile(store.get(id)!));

  // The verdict alone over 100 records, one of them this sale's.
  const facts: SaleFacts = { ...reconciler.facts(store.get(id)!), windows: [{ fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }] };
  const records: TicketSale[] = Array.from({ length: 100 }, (_, i) => ({
    id: String(50_000 + i),
    cdbid: facts.cdbid,
    creationDate: new Date(now).toISOString(),
    priceCents: 1050,
    tariffCents: 260,
    userId: i === 42 ? facts.passholderUid : `someone-${i}`,
    groupPass: false,
  }));
  const judged = timeBatches(200, 20, () => judge(facts, records, [], () => undefined));

  await store.close();
  store.db.close();
  client.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });

  const med = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const p95 = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      95,
    );
  const baseline = { name: 'bare search', value: med(bare), unit: 'ms' };
  return [
    {
      group: 'reconcile',
      name: 'searchTicketSales, bare (signed, parsed)',
      value: med(bare),
      unit: 'ms',
      note: `p95 ${p95(bare).toFixed(2)} ms`,
    },
    {
      group: 'reconcile',
      name: 'operator check: search + fit',
      value: med(check),
      unit: 'ms',
      baseline,
      note: `p95 ${p95(check).toFixed(2)} ms`,
    },
    {
      group: 'reconcile',
      name: 'reconcile pass: search + verdict + 2 durable writes',
      value: med(pass),
      unit: 'ms',
      baseline,
      note: `p95 ${p95(pass).toFixed(2)} ms`,
    },
    { group: 'reconcile', name: 'verdict (judge) over 100 records', value: percentile(judged, 50), unit: 'µs', note: 'pure' },
  ];
}
