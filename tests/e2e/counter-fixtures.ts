/**
 * The counter-screen fixture: one UiTPAS simulator child process per worker (reset before each
 * test), and the web host pointed at it with the simulator's credentials, so a test can inject
 * faults, take UiTPAS offline and read what UiTPAS registered through the admin API under
 * `/__admin/`. The host runs in live mode against it (no DEMO banner); the demo path itself is
 * covered in counter-demo.spec.ts.
 *
 * The Playwright project picks the API (`uitpasApi`). On API 4 the simulator runs with the local
 * UiTiD provider, and each test's host starts as an installation whose employee logged in before:
 * the addresses, client id, user and organizer in settings.json and a fresh UiTiD refresh token in
 * secrets.json, so every call carries an access token the provider issued. `sim.sales()` lists
 * registrations the same way for both (API 4's tickets of one POST together).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { SeedInfo } from '../../main/tools/simulator/server.js';
import type { SeedInfoV4 } from '../../main/tools/simulator-v4/server.js';
import { expect, test as base, type UitpasApi } from './fixtures.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SimSale {
  id: string;
  /** Every ticket sale id of the registration (API 4: one per ticket). */
  ids: string[];
  cdbid: string;
  uitpasNumber?: string;
  priceClass?: string;
  amountOfTickets: number;
  tariffCents: number;
  couponId?: string;
  cancelled?: boolean;
}

/** What the API 4 simulator's CLI writes: its seed and the UiTiD provider beside it. */
type SeedV4Json = SeedInfoV4 & { issuer: string; clientId: string; oidcAdmin: string };

/** A ticket as the API 4 simulator's admin API lists it. */
interface TicketV4 {
  id: string;
  eventId: string;
  uitpasNumber: string;
  regularPriceLabel?: string;
  groupPass: boolean;
  tariffCents: number;
  couponId?: string;
  cancelled: boolean;
  batch: number;
}

export interface Simulator {
  api: UitpasApi;
  /** The cards and activities by role, the same for both APIs. */
  seed: Pick<SeedInfo, 'cards' | 'activities'>;
  admin: string;
  /** The simulator's origin: anything answering there means UiTPAS is up. */
  origin: string;
  /** The XML simulator's credentials, for XML-only specs (login.spec.ts); throws on API 4. */
  xmlSeed(): SeedInfo;
  /** The host's configuration to reach this simulator: env, and files in the data folder. */
  hostConfig(): Promise<{ env: Record<string, string>; files: Record<string, string> }>;
  sales(): Promise<SimSale[]>;
  fault(spec: Record<string, unknown>): Promise<void>;
  reset(): Promise<void>;
}

async function startSimulator(api: UitpasApi): Promise<{ sim: Simulator; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'loket-sim-'));
  const seedFile = join(dir, 'seed.json');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/tools/simulator/cli.ts', '--api', api, '--port', '0', '--seed-json', seedFile],
    {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const deadline = Date.now() + 30_000;
  while (!existsSync(seedFile)) {
    if (child.exitCode !== null) throw new Error(`simulator exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`simulator wrote no seed within 30 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const json = JSON.parse(readFileSync(seedFile, 'utf8')) as SeedInfo | SeedV4Json;
  const v4 = 'apiBase' in json ? json : undefined;
  const admin = `${new URL(v4 ? v4.apiBase : (json as SeedInfo).prefix).origin}/__admin`;
  // A `refuse` fault (an outage) closes the whole listener, admin API included, for a while; a
  // test that ends inside one must not fail the next: wait for the listener to reopen.
  const call = async (path: string, init?: RequestInit): Promise<Response> => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        return await fetch(`${admin}${path}`, init);
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const post = async (path: string, body?: unknown) => {
    const res = await call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  };
  const sales = async (): Promise<SimSale[]> => {
    const listed = (await (await call('/sales')).json()) as unknown[];
    if (!v4) return (listed as Omit<SimSale, 'ids'>[]).map((s) => ({ ...s, ids: [s.id] }));
    // API 4 registers one ticket sale per ticket; the tickets of one POST share a batch.
    const byBatch = new Map<number, SimSale>();
    for (const t of listed as TicketV4[]) {
      const known = byBatch.get(t.batch);
      if (known) {
        known.ids.push(t.id);
        known.amountOfTickets++;
        known.cancelled = known.cancelled === true && t.cancelled;
        continue;
      }
      byBatch.set(t.batch, {
        id: t.id,
        ids: [t.id],
        cdbid: t.eventId,
        uitpasNumber: t.uitpasNumber,
        ...(t.regularPriceLabel ? { priceClass: t.regularPriceLabel } : {}),
        amountOfTickets: 1,
        tariffCents: t.tariffCents,
        ...(t.couponId ? { couponId: t.couponId } : {}),
        groupPass: t.groupPass,
        cancelled: t.cancelled,
      } as SimSale);
    }
    return [...byBatch.values()];
  };
  const hostConfig = async (): Promise<{ env: Record<string, string>; files: Record<string, string> }> => {
    if (!v4) return { env: simulatorEnv(json as SeedInfo), files: {} };
    // A login as after the login page: a fresh refresh token (they rotate, one per test).
    const login = await fetch(`${v4.oidcAdmin}/login`, { method: 'POST', body: '{}' });
    const { refreshToken } = (await login.json()) as { refreshToken: string };
    return {
      env: {},
      files: {
        'settings.json': JSON.stringify({
          ...(JSON.parse(WEDGE_SETTINGS) as Record<string, unknown>),
          schemaVersion: 2,
          uitpas: {
            api: 'v4',
            environment: 'custom',
            customApiUrl: v4.apiBase,
            customSearchUrl: v4.searchBase,
            customIssuerUrl: v4.issuer,
            clientId: v4.clientId,
            userId: v4.userId,
            counterKey: v4.organizerId,
          },
        }),
        'secrets.json': JSON.stringify({ oidc: { issuer: v4.issuer, clientId: v4.clientId, refreshToken } }),
      },
    };
  };
  const sim: Simulator = {
    api,
    seed: { cards: json.cards, activities: json.activities },
    admin,
    origin: new URL(admin).origin,
    xmlSeed: () => {
      if (v4) throw new Error('this spec speaks the XML API only');
      return json as SeedInfo;
    },
    hostConfig,
    sales,
    fault: (spec) => post('/faults', spec),
    reset: () => post('/reset'),
  };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { sim, stop };
}

/** Host env that points Loket at the simulator (live mode with its credentials). */
export function simulatorEnv(seed: SeedInfo): Record<string, string> {
  return {
    LOKET_UITPAS_URL: seed.prefix,
    LOKET_CONSUMER_KEY: seed.consumerKey,
    LOKET_CONSUMER_SECRET: seed.consumerSecret,
    LOKET_TOKEN: seed.token,
    LOKET_TOKEN_SECRET: seed.tokenSecret,
    LOKET_USER_ID: seed.userId,
    LOKET_BALIE_KEY: seed.balieConsumerKey,
  };
}

/**
 * Key events travel one by one over CDP; on a loaded 2-core machine two of them can arrive 50+
 * ms apart although sent back to back (see wedge.spec.ts), so the counter tests allow the
 * setting's largest gap (200 ms) and type "human" keys 600 ms apart.
 */
export const WEDGE_SETTINGS = JSON.stringify({ schemaVersion: 1, scanner: { wedgeMaxGapMs: 200, wedgeMinLength: 8 } });

export const test = base.extend<
  { extraEnv: Record<string, string>; simConfig: Awaited<ReturnType<Simulator['hostConfig']>> },
  { sim: Simulator }
>({
  sim: [
    async ({ uitpasApi }, use) => {
      const { sim, stop } = await startSimulator(uitpasApi);
      await use(sim);
      await stop();
    },
    { scope: 'worker' },
  ],
  extraEnv: [{}, { option: true }],
  simConfig: async ({ sim }, use) => {
    await sim.reset();
    await use(await sim.hostConfig());
  },
  dataFiles: async ({ simConfig }, use) => use({ 'settings.json': WEDGE_SETTINGS, ...simConfig.files }),
  hostEnv: async ({ simConfig, extraEnv }, use) => {
    await use({ ...simConfig.env, ...extraEnv });
  },
});

export { expect };

/**
 * A keyboard-wedge scanner: the card's keys and Enter as one burst of keydown events at the
 * focused element, dispatched inside the page so no CDP round trip stretches the gaps (real
 * Chromium typing at scanner speed is covered in counter-scan.spec.ts).
 */
export async function scan(page: Page, number: string): Promise<void> {
  // The wedge listens from the moment the app knows its settings, which is when the screen shows.
  await expect(page.getByTestId('card-input')).toBeVisible();
  await page.evaluate(
    (keys) => {
      // Runs in the page; typed without DOM libs (this file is checked under the Node tsconfig).
      const g = globalThis as unknown as {
        document: { activeElement: EventTarget | null; body: EventTarget };
        KeyboardEvent: new (type: string, init: Record<string, unknown>) => Event;
      };
      const target = g.document.activeElement ?? g.document.body;
      for (const key of keys) target.dispatchEvent(new g.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    },
    [...number, 'Enter'],
  );
}

/**
 * Picks the UiTPAS tariff of a price class (nothing is chosen for the employee when an activity
 * has several: issue 13). The concert's cheapest is 'Categorie 2'.
 */
export async function pickClass(page: Page, priceClass = 'Categorie 2'): Promise<void> {
  const cell = page.locator(`[data-testid="tariff"][data-price-class="${priceClass}"][data-coupon-id=""]`);
  await cell.click();
  await expect(cell).toHaveAttribute('aria-checked', 'true');
}

/** Waits until the passholder and the priced activities are on screen. */
export async function expectCustomer(page: Page): Promise<void> {
  await expect(page.getByTestId('passholder')).toHaveAttribute('data-state', 'found');
  await expect(page.getByTestId('activity').first()).toBeVisible();
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(REPO, 'test-results', 'screens', `${name}.png`) });
}

/** Every call name the renderer sent over the WebSocket (to prove what never left the page). */
export function recordCalls(page: Page): string[] {
  const names: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8');
      try {
        const msg = JSON.parse(text) as { name?: unknown };
        if (typeof msg.name === 'string') names.push(msg.name);
      } catch {
        names.push('<unparsed>');
      }
    });
  });
  return names;
}
