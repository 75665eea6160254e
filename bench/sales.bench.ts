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
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { SaleView } from '../contract/schemas/sales.js';
import { defaultSettings } from '../contract/settings.js';
import { createRuntime } from '../main/runtime/runtime.js';
import { SaleService } from '../main/sales/sale-service.js';
import { openOutboxDatabase } from '../main/sales/store/open-database.js';
import { SaleStore, type NewSale } from '../main/sales/store/sale-store.js';
import { ThreadSqlWriter } from '../main/sales/store/sql-writer.js';
import { startSimulator, type SeedInfo } from '../main/tools/simulator/server.js';
import { UitpasClient } from '../main/uitpas/client.js';
import { simulatorEnv, waitForOutput } from '../tests/support/child-process.js';
import { percentile, type BenchRow } from './harness.js';

const COMMITS = 2000;
const REPLAY = 10_000;
const BARE_REQUESTS = 2000;
const SELL_ROUNDS = 60;
const SELL_WARMUP = 5;

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
import { startSimulator } from './main/tools/simulator/server.ts';
import { buildSeed } from './main/tools/simulator/seed.ts';
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
  const [, line = ''] = await waitForOutput(child, /^(.*)\n/);
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
      events: {
        sale: (v) => {
          SaleView.parse(v);
          events++;
        },
        queue: () => events++,
      },
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

/** A receipt printer on loopback that swallows what it gets (so the receipt path runs for real). */
async function startPrinterSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket.on('close', () => sockets.delete(socket)));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `tcp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Envelope = { ok: boolean; value?: unknown; error?: unknown };

export async function sellAfterLookupBench(dir: string): Promise<BenchRow[]> {
  const sim = await startSimulator({ port: 0 });
  const printer = await startPrinterSink();
  const c = sim.credentials;
  const card = sim.seedInfo.cards.kansenstatuut;
  const cdbid = sim.seedInfo.activities.priced;
  const direct = new UitpasClient({ prefix: sim.prefix, credentials: () => ({ ...c }) });
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const runtime = await createRuntime({
    transport: 'web',
    log: silent,
    env: {
      LOKET_DATA_DIR: join(dir, 'runtime'),
      ...simulatorEnv(sim),
      LOKET_PRINTER: printer.url,
    },
  });
  // What a transport does with every event: serialise it for the wire.
  const detach = runtime.bus.attach((event, payload) => void JSON.stringify({ event, payload }));
  const call = (name: string, input: unknown): Promise<Envelope> => runtime.dispatcher.dispatch(name, input);
  const sell = async (): Promise<{ ms: number; ticketSaleId: string }> => {
    const t = performance.now();
    const res = await call('sale.sell', { uitpasNumber: card, cdbid, priceClass: 'Categorie 2' });
    const ms = performance.now() - t;
    const out = res.value as { outcome?: string; sale?: { ticketSaleId?: string } } | undefined;
    if (!res.ok || out?.outcome !== 'registered' || !out.sale?.ticketSaleId) throw new Error(`sale.sell: ${JSON.stringify(res)}`);
    return { ms, ticketSaleId: out.sale.ticketSaleId };
  };
  const afterLookup: number[] = [];
  const backToBack: number[] = [];
  const simBuy: number[] = [];
  try {
    for (let i = 0; i < SELL_WARMUP + SELL_ROUNDS; i++) {
      // As at the counter: the customer's card and activities first (untimed).
      await call('card.lookup', { identification: card });
      await call('activities.list', { uitpasNumber: card, range: 'today' });
      const first = await sell();
      // Cancelled at UiTPAS directly so the passholder may buy again (the app's copy stays registered).
      await direct.cancel(c.counterKey, first.ticketSaleId);
      const second = await sell();
      await direct.cancel(c.counterKey, second.ticketSaleId);
      const t = performance.now();
      const bought = await direct.buy({ counterKey: c.counterKey, cdbid, uitpasNumber: card, priceClass: 'Categorie 2' });
      const buyMs = performance.now() - t;
      await direct.cancel(c.counterKey, bought.value.id);
      if (i >= SELL_WARMUP) {
        afterLookup.push(first.ms);
        backToBack.push(second.ms);
        simBuy.push(buyMs);
      }
    }
  } finally {
    detach();
    await runtime.close();
    direct.close();
    await sim.close();
    await printer.close();
  }
  for (const list of [afterLookup, backToBack, simBuy]) list.sort((a, b) => a - b);
  const p = (xs: number[], q: number) => percentile(xs, q);
  const overhead = p(afterLookup, 95) - p(simBuy, 95);
  const row = (name: string, xs: number[], q: number): BenchRow => ({
    group: 'sales',
    name: `${name}, p${q} (n=${SELL_ROUNDS})`,
    value: p(xs, q),
    unit: 'ms',
    baseline: { name: `simulator buy p${q}`, value: p(simBuy, q), unit: 'ms' },
  });
  return [
    row('sale.sell right after a lookup (dispatcher)', afterLookup, 50),
    row('sale.sell right after a lookup (dispatcher)', afterLookup, 95),
    row('sale.sell back-to-back, no lookup between', backToBack, 50),
    row('sale.sell back-to-back, no lookup between', backToBack, 95),
    {
      group: 'sales',
      name: 'sale.sell after a lookup: app overhead p95',
      value: overhead,
      unit: 'ms',
      target: '< 30 ms (main side of Enter → result)',
      pass: overhead < 30,
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-sales-'));
  try {
    // The replay rows measure this process's memory: they run before the runtime of the sell row is built.
    return [...(await commitBench(dir)), ...(await replayBench(dir)), ...(await sellAfterLookupBench(dir))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
