/**
 * A real sales stack for integration tests: the UiTPAS simulator on 127.0.0.1, the real XML
 * client, a real SQLite outbox in a temp folder, and the SaleService with short backoffs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueueStatus, SaleView } from '../../../contract/schemas/sales.js';
import { defaultSettings, type Settings } from '../../../contract/settings.js';
import { SaleService, type SaleServiceOptions } from '../../../main/sales/sale-service.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { SaleStore } from '../../../main/sales/store/sale-store.js';
import { ThreadSqlWriter } from '../../../main/sales/store/sql-writer.js';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../main/tools/simulator/server.js';
import { UitpasClient, type ClientCredentials } from '../../../main/uitpas/client.js';

export interface SalesStack {
  sim: SimulatorHandle;
  client: UitpasClient;
  service: SaleService;
  store: SaleStore;
  settings: Settings;
  credentials: ClientCredentials;
  events: { sales: SaleView[]; queue: QueueStatus[] };
  dir: string;
  /** Restarts the service on the same database (a new process would do the same). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startSalesStack(
  opts: {
    sim?: SimulatorOptions;
    service?: Partial<SaleServiceOptions>;
    settings?: (s: Settings) => void;
    responseTimeoutMs?: number;
  } = {},
): Promise<SalesStack> {
  const sim = await startSimulator(opts.sim ?? {});
  const dir = mkdtempSync(join(tmpdir(), 'loket-sales-'));
  const settings = defaultSettings();
  opts.settings?.(settings);
  const credentials: ClientCredentials = {
    consumerKey: sim.credentials.consumerKey,
    consumerSecret: sim.credentials.consumerSecret,
    token: sim.credentials.token,
    tokenSecret: sim.credentials.tokenSecret,
    userId: sim.credentials.userId,
  };
  const client = new UitpasClient({
    prefix: sim.prefix,
    credentials: () => credentials,
    transport: { connectTimeoutMs: 1000, responseTimeoutMs: opts.responseTimeoutMs ?? 1500 },
  });
  const events = { sales: [] as SaleView[], queue: [] as QueueStatus[] };
  const build = async () => {
    const file = join(dir, 'outbox.sqlite');
    // The writer thread, as in the app.
    const store = new SaleStore(openOutboxDatabase(file), ThreadSqlWriter.start(file));
    const service = new SaleService({
      store,
      port: client,
      settings: () => settings,
      session: () => ({ counterKey: sim.credentials.counterKey, userId: sim.credentials.userId }),
      events: { sale: (v) => events.sales.push(v), queue: (v) => events.queue.push(v) },
      backoff: { baseMs: 40, maxMs: 300 },
      reconcilePolicy: { lateCommitHorizonMs: 400, sweepDelayMs: 500 },
      sellWaitMs: 10_000,
      queueEventIntervalMs: 10,
      ...opts.service,
    });
    await service.start();
    return { store, service };
  };
  const stack: SalesStack = {
    sim,
    client,
    ...(await build()),
    settings,
    credentials,
    events,
    dir,
    async restart() {
      await stack.service.stop();
      await stack.store.close();
      stack.store.db.close();
      Object.assign(stack, await build());
    },
    async close() {
      await stack.service.stop();
      await stack.store.close();
      stack.store.db.close();
      client.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Polls until `check` is true (no timing assertion: only a generous upper bound). */
export async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Looks the card up and lists its activities, as the counter screen does before selling. */
export async function prepare(stack: SalesStack, uitpasNumber: string): Promise<void> {
  await stack.service.lookupCard(uitpasNumber);
  await stack.service.listActivities({ uitpasNumber, range: 'next30days', start: 0, max: 100 });
}

export function liveSalesAtSimulator(stack: SalesStack): number {
  return stack.sim.sales().filter((s) => !s.cancelled).length;
}
