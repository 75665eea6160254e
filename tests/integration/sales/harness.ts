/**
 * A real sales stack for integration tests: a UiTPAS simulator on 127.0.0.1, the real client of
 * that API, a real SQLite outbox in a temp folder, and the SaleService with short backoffs. The
 * API is a parameter (issue 15: the same tests against both simulators): `xml` is the XML API 3.0
 * simulator and client, `v4` the API 4 simulator and client. `stack.sim` is what a test asks of
 * either: the same seed, faults, outages and clock, and the registrations UiTPAS holds, one per
 * buy (API 4's tickets of one POST taken together, as its simulator records them).
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
import type { FaultSpec, SimCall } from '../../../main/tools/simulator/faults.js';
import { startSimulator, type SeedInfo, type SimulatorHandle, type SimulatorOptions } from '../../../main/tools/simulator/server.js';
import { startSimulatorV4, type SimCallV4, type SimulatorV4Handle } from '../../../main/tools/simulator-v4/server.js';
import { buildSeedV4 } from '../../../main/tools/simulator-v4/seed.js';
import { UitpasClient, type ClientCredentials } from '../../../main/uitpas/client.js';
import type { UitpasPort } from '../../../main/uitpas/port.js';
import type { TransportOptions } from '../../../main/uitpas/http.js';
import { UitpasV4Client } from '../../../main/uitpas/v4/client.js';

export type Api = 'xml' | 'v4';
/** Every test that runs on both APIs: `describe.each(APIS)`. */
export const APIS: readonly Api[] = ['xml', 'v4'];

/** One registration at UiTPAS: XML's record, or API 4's tickets of one POST together. */
export interface SimSale {
  /** The (first) ticket sale id. */
  id: string;
  /** Every ticket sale id of the registration (API 4: one per ticket). */
  ids: string[];
  cdbid: string;
  uitpasNumber: string;
  groupPass: boolean;
  amountOfTickets: number;
  tariffCents: number;
  couponId?: string | undefined;
  cancelled: boolean;
}

/** What a test asks of the simulator, whichever API it speaks. */
export interface Sim {
  api: Api;
  seedInfo: Pick<SeedInfo, 'cards' | 'activities'>;
  credentials: { counterKey: string; userId: string };
  /** The simulator's origin (its admin API is under /__admin/). */
  origin: string;
  port: number;
  /** What its employee logs in with: XML's OAuth secrets, or API 4's bearer token. */
  login: { token?: string | undefined } & Partial<ClientCredentials>;
  /** A client of this API at this simulator, with `login` read on every call. */
  client(login: () => SalesStack['credentials'], transport: Partial<TransportOptions>): UitpasPort & { close(): void };
  faults: {
    add(spec: FaultSpec<SimCall & SimCallV4>): void;
    list(): FaultSpec<SimCall | SimCallV4>[];
    clear(): void;
    release(): number;
    held(): number;
  };
  sales(): SimSale[];
  /** The XML simulator itself, for XML-only tests (its records carry more); throws on API 4. */
  xml(): SimulatorHandle;
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  setClockOffset(offsetMs: number): void;
  reset(): void;
  close(): Promise<void>;
}

export interface SalesStack {
  api: Api;
  sim: Sim;
  client: UitpasPort & { close(): void };
  service: SaleService;
  store: SaleStore;
  settings: Settings;
  /** What the client signs with (XML) or sends (API 4: the bearer token): change `token` to log out. */
  credentials: { token?: string | undefined };
  events: { sales: SaleView[]; queue: QueueStatus[] };
  dir: string;
  /** Restarts the service on the same database (a new process would do the same). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** API 4's tickets of one POST as one registration, in the order they were made. */
function registrations(sim: SimulatorV4Handle): SimSale[] {
  const byBatch = new Map<number, SimSale>();
  for (const t of sim.sales()) {
    const known = byBatch.get(t.batch);
    if (known) {
      known.ids.push(t.id);
      known.amountOfTickets++;
      known.cancelled &&= t.cancelled;
      continue;
    }
    byBatch.set(t.batch, {
      id: t.id,
      ids: [t.id],
      cdbid: t.eventId,
      uitpasNumber: t.uitpasNumber,
      groupPass: t.groupPass,
      amountOfTickets: 1,
      tariffCents: t.tariffCents,
      couponId: t.couponId,
      cancelled: t.cancelled,
    });
  }
  return [...byBatch.values()];
}

/** The simulator of `api`, seen the same way; `port` reopens one on the same port (a changed seed). */
export async function startSim(api: Api, opts: SimulatorOptions = {}): Promise<Sim> {
  if (api === 'xml') {
    const sim = await startSimulator(opts);
    return {
      api,
      seedInfo: sim.seedInfo,
      credentials: { counterKey: sim.credentials.counterKey, userId: sim.credentials.userId },
      origin: new URL(sim.prefix).origin,
      port: sim.port,
      login: { ...sim.credentials },
      client: (login, transport) => new UitpasClient({ prefix: sim.prefix, credentials: () => login() as ClientCredentials, transport }),
      faults: sim.faults,
      sales: () => sim.sales().map((r) => ({ ...r, ids: [r.id] })),
      xml: () => sim,
      goOffline: () => sim.goOffline(),
      goOnline: () => sim.goOnline(),
      setClockOffset: (ms) => sim.setClockOffset(ms),
      reset: () => sim.reset(),
      close: () => sim.close(),
    };
  }
  const sim = await startSimulatorV4({
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    // The same dataset, as API 4 serves it.
    ...(opts.seed ? { seed: { ...buildSeedV4(new Date()), data: opts.seed } } : {}),
  });
  return {
    api,
    seedInfo: sim.seedInfo,
    credentials: { counterKey: sim.credentials.counterKey, userId: sim.credentials.userId },
    origin: new URL(sim.apiBase).origin,
    port: sim.port,
    login: { token: sim.credentials.token },
    client: (login, transport) =>
      new UitpasV4Client({
        apiBase: sim.apiBase,
        searchBase: sim.searchBase,
        token: () => Promise.resolve(login().token ?? ''),
        transport,
      }),
    faults: sim.faults,
    sales: () => registrations(sim),
    xml: () => {
      throw new Error('this test speaks the XML API only');
    },
    goOffline: () => sim.goOffline(),
    goOnline: () => sim.goOnline(),
    setClockOffset: (ms) => sim.setClockOffset(ms),
    reset: () => sim.reset(),
    close: () => sim.close(),
  };
}

export async function startSalesStack(
  opts: {
    api?: Api;
    sim?: SimulatorOptions;
    service?: Partial<SaleServiceOptions>;
    settings?: (s: Settings) => void;
    responseTimeoutMs?: number;
  } = {},
): Promise<SalesStack> {
  const api = opts.api ?? 'xml';
  const sim = await startSim(api, opts.sim ?? {});
  const dir = mkdtempSync(join(tmpdir(), 'loket-sales-'));
  const settings = defaultSettings();
  opts.settings?.(settings);
  const credentials = { ...sim.login };
  const client = sim.client(() => credentials, { connectTimeoutMs: 1000, responseTimeoutMs: opts.responseTimeoutMs ?? 1500 });
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
    api,
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
