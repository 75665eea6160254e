/**
 * A counter process for the crash tests: opens the outbox at `db`, recovers what a previous
 * process left, then sells the given sales through the real SaleService against the simulator.
 * With `killAt` it SIGKILLs itself at that hook point of the sale numbered `killOnSale`.
 * Prints one JSON line per step on stdout; the parent test reads them.
 *
 *   node --import tsx tests/crash/seller.ts '<json config>'
 */
import { existsSync } from 'node:fs';
import { defaultSettings } from '../../contract/settings.js';
import type { HookPoint } from '../../main/sales/hooks.js';
import { SaleService } from '../../main/sales/sale-service.js';
import { openOutboxDatabase } from '../../main/sales/store/open-database.js';
import { SaleStore } from '../../main/sales/store/sale-store.js';
import { ThreadSqlWriter } from '../../main/sales/store/sql-writer.js';
import type { SeedInfo } from '../../main/tools/simulator/server.js';
import { UitpasClient } from '../../main/uitpas/client.js';

export interface SellerConfig {
  db: string;
  seed: SeedInfo;
  sales: Array<{ uitpasNumber: string; cdbid: string }>;
  killAt?: HookPoint;
  killOnSale?: number;
  /** Before selling sale number `sale`, wait until `file` exists (the parent arms a fault first). */
  waitBeforeSale?: { sale: number; file: string };
}

const config = JSON.parse(process.argv[2] ?? '{}') as SellerConfig;
const say = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');

let current = -1;
const client = new UitpasClient({
  prefix: config.seed.prefix,
  credentials: () => ({
    consumerKey: config.seed.consumerKey,
    consumerSecret: config.seed.consumerSecret,
    token: config.seed.token,
    tokenSecret: config.seed.tokenSecret,
    userId: config.seed.userId,
  }),
  transport: { connectTimeoutMs: 2000, responseTimeoutMs: 60_000 },
});
const store = new SaleStore(openOutboxDatabase(config.db), ThreadSqlWriter.start(config.db));
const settings = defaultSettings();
const service = new SaleService({
  store,
  port: client,
  settings: () => settings,
  session: () => ({ counterKey: config.seed.balieConsumerKey, userId: config.seed.userId }),
  backoff: { baseMs: 50, maxMs: 400 },
  reconcilePolicy: { lateCommitHorizonMs: 400, sweepDelayMs: 500 },
  hooks: {
    at(point, saleId) {
      say({ hook: point, sale: current, saleId });
      if (point === config.killAt && current === config.killOnSale) {
        process.kill(process.pid, 'SIGKILL');
        // SIGKILL is not catchable; nothing after this line runs.
        return new Promise<void>(() => {});
      }
    },
  },
});

await service.start();
say({ started: true, recovered: store.list({ limit: 1000 }).map((s) => s.state) });

for (let i = 0; i < config.sales.length; i++) {
  current = i;
  const s = config.sales[i]!;
  if (config.waitBeforeSale?.sale === i) {
    say({ waiting: i });
    while (!existsSync(config.waitBeforeSale.file)) await new Promise((r) => setTimeout(r, 10));
  }
  await service.lookupCard(s.uitpasNumber);
  await service.listActivities({ uitpasNumber: s.uitpasNumber, range: 'today', start: 0, max: 100 });
  const r = await service.sell(s);
  say({ sold: i, saleId: r.sale.id, outcome: r.outcome });
}
current = -1;

// Drain what is left (recovered sales, uncertain ones) before reporting.
const deadline = Date.now() + 20_000;
while (service.queueStatus().unregistered > 0 && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 25));
}
say({
  done: true,
  sales: store.list({ limit: 1000 }).map((s) => ({
    id: s.id,
    state: s.state,
    ticketSaleId: s.ticketSaleId ?? null,
    uitpasNumber: s.uitpasNumber,
    cdbid: s.cdbid,
    history: store.history(s.id).map((h) => h.to),
  })),
});
await service.stop();
await store.close();
store.db.close();
client.close();
