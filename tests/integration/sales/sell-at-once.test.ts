/**
 * The fast path of a sale: when the worker is idle, the sale is committed already claimed for
 * sending (one durable write before the buy, not two), and that write is on disk before UiTPAS
 * sees the buy. When an older sale is due, or the worker stops, the new sale waits as pending.
 * Real simulator on 127.0.0.1, real SQLite outbox with its writer thread; the writer is wrapped
 * only to record which statements went into each transaction.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../contract/settings.js';
import { SaleService } from '../../../main/sales/sale-service.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { SaleStore, type NewSale } from '../../../main/sales/store/sale-store.js';
import { ThreadSqlWriter, type SqlStep, type SqlWriter } from '../../../main/sales/store/sql-writer.js';
import { startSimulator, type SimulatorHandle } from '../../../main/tools/simulator/server.js';
import { UitpasClient } from '../../../main/uitpas/client.js';
import { until } from './harness.js';

interface Setup {
  sim: SimulatorHandle;
  service: SaleService;
  store: SaleStore;
  file: string;
  /** Per transaction, the statements that change the sales table (`INSERT` / `UPDATE`). */
  saleWrites: string[][];
  close(): Promise<void>;
}

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

async function start(): Promise<Setup> {
  const sim = await startSimulator({});
  const dir = mkdtempSync(join(tmpdir(), 'loket-sell-at-once-'));
  const file = join(dir, 'outbox.sqlite');
  const db = openOutboxDatabase(file);
  const thread = ThreadSqlWriter.start(file);
  if (!thread) throw new Error('no writer thread');
  const saleWrites: string[][] = [];
  const recording: SqlWriter = {
    run(steps: SqlStep[]) {
      const kinds = steps.map((s) => /^\s*(INSERT INTO sales|UPDATE sales)\b/.exec(s.sql)?.[1]).filter((k): k is string => k !== undefined);
      if (kinds.length > 0) saleWrites.push(kinds);
      return thread.run(steps);
    },
    close: () => thread.close(),
  };
  const store = new SaleStore(db, recording);
  const c = sim.credentials;
  const client = new UitpasClient({
    prefix: sim.prefix,
    credentials: () => ({ ...c }),
    transport: { connectTimeoutMs: 1000, responseTimeoutMs: 15_000 },
  });
  const settings = defaultSettings();
  const service = new SaleService({
    store,
    port: client,
    settings: () => settings,
    session: () => ({ counterKey: c.counterKey, userId: c.userId }),
    backoff: { baseMs: 40, maxMs: 300 },
    reconcilePolicy: { lateCommitHorizonMs: 400, sweepDelayMs: 500 },
    sellWaitMs: 15_000,
  });
  await service.start();
  return {
    sim,
    service,
    store,
    file,
    saleWrites,
    async close() {
      await service.stop();
      await store.close();
      db.close();
      client.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function prepare(s: Setup, uitpasNumber: string): Promise<void> {
  await s.service.lookupCard(uitpasNumber);
  await s.service.listActivities({ uitpasNumber, range: 'next30days', start: 0, max: 100 });
}

/** What another process would read from the outbox file right now. */
function onDisk(file: string, id: string): { state: string | undefined; history: string[] } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT state FROM sales WHERE id = ?').get(id) as { state: string } | undefined;
    const history = (
      db.prepare('SELECT to_state FROM sale_history WHERE sale_id = ? ORDER BY seq').all(id) as Array<{ to_state: string }>
    ).map((r) => r.to_state);
    return { state: row?.state, history };
  } finally {
    db.close();
  }
}

describe('sale.sell with an idle worker', () => {
  it('commits the sale claimed for sending in one transaction, on disk before UiTPAS sees the buy', async () => {
    setup = await start();
    const s = setup;
    const { cards, activities } = s.sim.seedInfo;
    await prepare(s, cards.kansenstatuut);
    s.saleWrites.length = 0;
    // UiTPAS commits the buy, then holds its answer until released.
    s.sim.faults.add({ call: 'buy', kind: 'stall-after-commit', stallMs: 60_000 });

    const selling = s.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    await until(() => s.sim.faults.held() === 1, 'the buy held at UiTPAS');

    const id = s.store.list({ limit: 1 })[0]!.id;
    expect(onDisk(s.file, id)).toEqual({ state: 'sending', history: ['pending', 'sending'] });
    expect(s.saleWrites).toEqual([['INSERT INTO sales', 'UPDATE sales']]);

    s.sim.faults.release();
    const r = await selling;
    expect(r.outcome).toBe('registered');
    expect(s.saleWrites).toEqual([['INSERT INTO sales', 'UPDATE sales'], ['UPDATE sales']]);
    expect(s.service.get(id).history.map((h) => [h.from, h.to, h.actor])).toEqual([
      [undefined, 'pending', 'operator'],
      ['pending', 'sending', 'worker'],
      ['sending', 'registered', 'worker'],
    ]);
  });

  it('keeps FIFO: an older sale that is due goes first, the new one waits as pending', async () => {
    setup = await start();
    const s = setup;
    const { cards, activities } = s.sim.seedInfo;
    await prepare(s, cards.kansenstatuut);
    // An older sale lands in the outbox without waking the worker (as one left by a restart would).
    const older: NewSale = {
      id: randomUUID(),
      createdAt: new Date(Date.now() - 60_000).toISOString(),
      createdMs: Date.now() - 60_000,
      counterKey: s.sim.credentials.counterKey,
      uitpasNumber: cards.coupon,
      groupPass: false,
      cdbid: activities.priced,
      activityTitle: 'older',
      priceClass: 'Categorie 2',
      amountOfTickets: 1,
      expectedPriceCents: 0,
      expectedTariffCents: 0,
      provisional: false,
    };
    await s.store.insert(older, 'operator', 'left in the queue');
    s.saleWrites.length = 0;

    const r = await s.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });

    expect(r.outcome).toBe('registered');
    expect(s.service.get(older.id)).toMatchObject({ state: 'registered' });
    expect(s.sim.sales().map((x) => x.uitpasNumber)).toEqual([cards.coupon, cards.kansenstatuut]);
    // The new sale was committed on its own (pending), then claimed in its turn.
    expect(s.saleWrites[0]).toEqual(['INSERT INTO sales']);
    expect(s.service.get(r.sale.id).history.map((h) => h.to)).toEqual(['pending', 'sending', 'registered']);
  });

  it('a sale handed over as the worker stops is kept as pending, nothing sent', async () => {
    setup = await start();
    const s = setup;
    const { cards, activities } = s.sim.seedInfo;
    const now = Date.now();
    const sale: NewSale = {
      id: randomUUID(),
      createdAt: new Date(now).toISOString(),
      createdMs: now,
      counterKey: s.sim.credentials.counterKey,
      uitpasNumber: cards.kansenstatuut,
      groupPass: false,
      cdbid: activities.priced,
      activityTitle: 'last one',
      amountOfTickets: 1,
      expectedPriceCents: 0,
      expectedTariffCents: 0,
      provisional: false,
    };
    const handedOver = s.service.worker.sendAtOnce(sale, 'sold at the counter', 15_000);
    expect(handedOver).toBeDefined();
    await s.service.stop();
    await handedOver;
    expect(s.store.get(sale.id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(s.sim.sales()).toEqual([]);
  });
});
