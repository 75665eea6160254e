/**
 * One Loket counter for the model-based test, as its own process: it takes its data folder (the
 * one-Loket-per-folder lock), opens the outbox there, recovers what a killed predecessor left, and
 * runs the real SaleService against the simulator. The parent drives it with one JSON command per
 * line on stdin and reads one JSON answer per line on stdout; it SIGKILLs it whenever it likes.
 *
 *   node --import tsx tests/model/counter-process.ts '<json config>'
 */
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { defaultSettings } from '../../contract/settings.js';
import { lockDataFolder } from '../../main/config/data-folder-lock.js';
import { SaleService } from '../../main/sales/sale-service.js';
import { openOutboxDatabase } from '../../main/sales/store/open-database.js';
import { SaleStore } from '../../main/sales/store/sale-store.js';
import { ThreadSqlWriter } from '../../main/sales/store/sql-writer.js';
import { UitpasClient } from '../../main/uitpas/client.js';
import { UitpasV4Client } from '../../main/uitpas/v4/client.js';
import type { SimulatorSeed } from '../support/simulator-process.js';
import type { Command, CounterSale } from './protocol.js';

interface Config {
  dir: string;
  seed: SimulatorSeed;
  horizonMs: number;
  sweepDelayMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const say = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

const lock = lockDataFolder(config.dir, 'model counter');
const file = join(config.dir, 'outbox.sqlite');
const seed = config.seed;
const transport = { connectTimeoutMs: 1_000, responseTimeoutMs: 1_500 };
// The client of the simulator's API; the sales core on top is the same.
const client =
  seed.api === 'xml'
    ? new UitpasClient({
        prefix: seed.prefix,
        credentials: () => ({
          consumerKey: seed.consumerKey,
          consumerSecret: seed.consumerSecret,
          token: seed.token,
          tokenSecret: seed.tokenSecret,
          userId: seed.userId,
        }),
        transport,
      })
    : new UitpasV4Client({ apiBase: seed.apiBase, searchBase: seed.searchBase, token: () => Promise.resolve(seed.token), transport });
const counterKey = seed.api === 'xml' ? seed.balieConsumerKey : seed.organizerId;
const store = new SaleStore(openOutboxDatabase(file), ThreadSqlWriter.start(file));
const settings = defaultSettings();
const service = new SaleService({
  store,
  port: client,
  settings: () => settings,
  session: () => ({ counterKey, userId: seed.userId }),
  backoff: { baseMs: 30, maxMs: 250 },
  reconcilePolicy: { lateCommitHorizonMs: config.horizonMs, sweepDelayMs: config.sweepDelayMs },
  sellWaitMs: 5_000,
  queueEventIntervalMs: 50,
});
await service.start();
say({ ready: true, recovered: store.inFlight().length });

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

async function run(cmd: Command): Promise<Record<string, unknown>> {
  switch (cmd.op) {
    case 'prepare':
      await service.lookupCard(cmd.card);
      await service.listActivities({ uitpasNumber: cmd.card, range: 'next30days', start: 0, max: 100 });
      return {};
    case 'sell': {
      const r = await service.sell({ uitpasNumber: cmd.card, cdbid: cmd.cdbid, ...(cmd.amount ? { amountOfTickets: cmd.amount } : {}) });
      return { saleId: r.sale.id, outcome: r.outcome };
    }
    case 'cancel':
      return { state: (await service.cancel(cmd.saleId)).state };
    case 'sync':
      service.syncNow();
      return {};
    case 'status': {
      const worker = service.queueStatus().worker;
      // Settled: nothing queued, searched, swept or cancelled any more (operator work aside).
      return { settled: worker === 'idle' && store.nextWakeMs() === undefined && store.nextDue(Date.now()) === undefined, worker };
    }
    case 'dump': {
      const sales: CounterSale[] = store.list({ limit: 10_000 }).map((s) => ({
        id: s.id,
        state: s.state,
        ...(s.ticketSaleId ? { ticketSaleId: s.ticketSaleId, ticketSaleIds: store.ticketSaleIds(s) } : {}),
        uitpasNumber: s.uitpasNumber,
        cdbid: s.cdbid,
        amountOfTickets: s.amountOfTickets,
        createdMs: s.createdMs,
        needsOperator: s.needsOperator,
        ...(s.lastErrorMessage ? { reason: s.lastErrorMessage } : {}),
        history: store.history(s.id).map((h) => `${h.to}: ${h.reason}`),
      }));
      const foreign = store.foreignRecords(10_000).map((f) => ({ ticketSaleId: f.ticketSaleId, status: f.status, reason: f.reason }));
      return { sales, foreign };
    }
  }
}

// Commands run one at a time, in order, as the counter screen sends them.
let chain = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line) as Command;
  chain = chain.then(async () => {
    try {
      say({ id: cmd.id, ok: true, ...(await run(cmd)) });
    } catch (err) {
      say({ id: cmd.id, ok: false, error: codeOf(err) });
    }
  });
});

process.on('SIGTERM', () => {
  void (async () => {
    await chain;
    await service.stop();
    await store.close();
    store.db.close();
    client.close();
    lock.release();
    process.exit(0);
  })();
});
