/**
 * Sales core benchmarks:
 * - durable commit of a sale (outbox insert + history row, WAL + synchronous=FULL) beside a bare
 *   single-row insert in the same database;
 * - replay of 10,000 queued sales against the simulator (in its own process, no added latency,
 *   buy limits lifted) beside a bare loop of signed buy requests, with the peak RSS of this
 *   process and the longest event-loop block while the worker runs.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { SaleView } from '../contract/calls/sales.js';
import { defaultSettings } from '../contract/settings.js';
import { SaleService } from '../main/sales/sale-service.js';
import { openOutboxDatabase } from '../main/sales/store/open-database.js';
import { SaleStore, type NewSale } from '../main/sales/store/sale-store.js';
import { ThreadSqlWriter } from '../main/sales/store/sql-writer.js';
import type { SeedInfo } from '../main/simulator/server.js';
import { UitpasClient } from '../main/uitpas/client.js';
import { percentile, type BenchRow } from './harness.js';

const COMMITS = 2000;
const REPLAY = 10_000;
const BARE_REQUESTS = 2000;

function sale(seed: Pick<SeedInfo, 'balieConsumerKey' | 'cards' | 'activities'>, i: number): NewSale {
  const now = Date.now();
  return {
    id: randomUUID(),
    createdAt: new Date(now).toISOString(),
    createdMs: now * 1000 + i, // strictly increasing: FIFO order is the insertion order
    counterKey: seed.balieConsumerKey,
    uitpasNumber: seed.cards.kansenstatuut,
    groupPass: false,
    passholderUid: 'bench',
    holderName: 'Bench Mark',
    cdbid: seed.activities.priced,
    activityTitle: 'Bench',
    amountOfTickets: 1,
    expectedPriceCents: 2200,
    expectedTariffCents: 550,
    provisional: false,
  };
}

async function commitBench(dir: string): Promise<BenchRow[]> {
  const file = join(dir, 'commit.sqlite');
  const db = openOutboxDatabase(file);
  // As in the app: the sale is written by the writer thread; the bare insert runs right here.
  const store = new SaleStore(db, ThreadSqlWriter.start(file));
  db.exec('CREATE TABLE bare (id TEXT PRIMARY KEY, v TEXT NOT NULL)');
  const bare = db.prepare('INSERT INTO bare (id, v) VALUES (?, ?)');
  const fake = { balieConsumerKey: 'k', cards: { kansenstatuut: '0940000000011' }, activities: { priced: 'e' } } as unknown as SeedInfo;
  const commit: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < COMMITS; i++) {
    const s = sale(fake, i);
    let t = performance.now();
    await store.insert(s, 'operator', 'sold at the counter');
    commit.push(performance.now() - t);
    t = performance.now();
    bare.run(randomUUID(), 'x'.repeat(200));
    floor.push(performance.now() - t);
  }
  await store.close();
  db.close();
  commit.sort((a, b) => a - b);
  floor.sort((a, b) => a - b);
  const p = (xs: number[], q: number) => percentile(xs, q);
  return [
    {
      group: 'sales',
      name: `durable commit of a sale, p50 (n=${COMMITS})`,
      value: p(commit, 50),
      unit: 'ms',
      baseline: { name: 'bare insert p50', value: p(floor, 50), unit: 'ms' },
    },
    {
      group: 'sales',
      name: `durable commit of a sale, p99 (n=${COMMITS})`,
      value: p(commit, 99),
      unit: 'ms',
      baseline: { name: 'bare insert p99', value: p(floor, 99), unit: 'ms' },
      target: '< 10 ms',
      pass: p(commit, 99) < 10,
    },
  ];
}

const SIM_SCRIPT = `
import { startSimulator } from './main/simulator/server.ts';
import { buildSeed } from './main/simulator/seed.ts';
const seed = buildSeed(new Date());
// The bench sells the same card many times: lift the per-passholder limit.
for (const e of seed.events) e.perPassholderLimit = 1e9;
const sim = await startSimulator({ port: 0, seed });
process.stdout.write(JSON.stringify(sim.seedInfo) + '\\n');
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
`;

async function startSimProcess(): Promise<{ seed: SeedInfo; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SIM_SCRIPT], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = createInterface({ input: child.stdout });
  const line = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  rl.close();
  return { seed: JSON.parse(line) as SeedInfo, stop: () => child.kill('SIGTERM') };
}

async function replayBench(dir: string): Promise<BenchRow[]> {
  const { seed, stop } = await startSimProcess();
  try {
    const client = new UitpasClient({
      prefix: seed.prefix,
      credentials: () => ({
        consumerKey: seed.consumerKey,
        consumerSecret: seed.consumerSecret,
        token: seed.token,
        tokenSecret: seed.tokenSecret,
        userId: seed.userId,
      }),
    });
    // Floor: signed buys in a plain loop, nothing stored. Its event-loop delay is the floor this
    // machine imposes (other processes, the simulator) without any SQLite work.
    const bareLoop = monitorEventLoopDelay({ resolution: 5 });
    bareLoop.enable();
    const bareStart = performance.now();
    for (let i = 0; i < BARE_REQUESTS; i++) {
      await client.buy({ counterKey: seed.balieConsumerKey, cdbid: seed.activities.priced, uitpasNumber: seed.cards.coupon });
    }
    const bareRate = BARE_REQUESTS / ((performance.now() - bareStart) / 1000);
    bareLoop.disable();

    const db = openOutboxDatabase(join(dir, 'replay.sqlite'));
    // Fill the queue in one transaction (the inline writer runs synchronously inside it).
    const filler = new SaleStore(db);
    db.transaction(() => {
      for (let i = 0; i < REPLAY; i++) void filler.insert(sale(seed, i), 'operator', 'queued for the bench');
    })();
    const store = new SaleStore(db, ThreadSqlWriter.start(join(dir, 'replay.sqlite')));
    const settings = defaultSettings();
    let events = 0;

    const service = new SaleService({
      store,
      port: client,
      settings: () => settings,
      session: () => ({ counterKey: seed.balieConsumerKey }),
      // What the event bus does with every event: validate it against the contract.
      events: { sale: (v) => { SaleView.parse(v); events++; }, queue: () => events++ },
    });
    let peakRss = process.memoryUsage().rss;
    const baseRss = peakRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const start = performance.now();
    await service.start();
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (store.unregistered().count === 0) {
          clearInterval(check);
          resolve();
        }
      }, 20);
    });
    const seconds = (performance.now() - start) / 1000;
    loop.disable();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const registered = store.counts().registered;
    await service.stop();
    await store.close();
    db.close();
    client.close();
    const rate = registered / seconds;
    const maxBlockMs = loop.max / 1e6;
    const mb = peakRss / (1024 * 1024);
    return [
      {
        group: 'sales',
        name: `replay of ${REPLAY} queued sales (${registered} registered)`,
        value: rate,
        unit: 'sales/s',
        baseline: { name: 'bare signed buy loop', value: bareRate, unit: 'req/s' },
        target: '>= 200 sales/s',
        pass: rate >= 200 && registered === REPLAY,
      },
      {
        group: 'sales',
        name: 'peak RSS of the process during replay',
        value: mb,
        unit: 'MB',
        target: '< 200 MB',
        pass: mb < 200,
        note: `${(baseRss / (1024 * 1024)).toFixed(0)} MB before the replay started (tsx, earlier benches)`,
      },
      {
        group: 'sales',
        name: 'longest event-loop block during replay',
        value: maxBlockMs,
        unit: 'ms',
        baseline: { name: 'same during the bare loop', value: bareLoop.max / 1e6, unit: 'ms' },
        target: '<= 50 ms',
        pass: maxBlockMs <= 50,
        note: `p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms; ${events} events validated`,
      },
    ];
  } finally {
    stop();
  }
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-sales-'));
  try {
    return [...(await commitBench(dir)), ...(await replayBench(dir))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
