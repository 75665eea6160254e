/**
 * The counter screen in Chromium through the web host against the simulator:
 * - scan (a keyboard-wedge burst) → passholder and priced activities in the DOM, and
 *   Enter on confirm → result in the DOM, p50/p95, timed inside the page (no CDP round trip);
 * - beside them the simulator's own service time for the same UiTPAS calls in the same run (the
 *   UiTPAS client calling the simulator directly), so the app's overhead is the difference;
 * - sale.sell over the host's WebSocket without a browser (each after its customer's lookup, as
 *   at the counter), which splits Enter → result into main's share and the renderer's;
 * - the renderer's JavaScript gzipped, and the web host's start (spawn → `LOKET_URL` line).
 * Needs the built renderer (`npm run build:renderer`) and Chromium at /usr/bin/chromium.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { startSimulator } from '../main/tools/simulator/server.js';
import { UitpasClient } from '../main/uitpas/client.js';
import { envWithoutLoket, simulatorEnv, waitForOutput } from '../tests/support/child-process.js';
import { percentile, type BenchRow } from './harness.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER = join(REPO, 'app', 'dist', 'renderer');
const ROUNDS = 40;
const WARMUP = 3;

interface HostProcess {
  url: string;
  readyMs: number;
  log(): string;
  stop(): Promise<void>;
}

async function startHost(env: Record<string, string>): Promise<HostProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loket-bench-ui-'));
  // Scans in this bench come as one in-page burst; the default wedge settings apply.
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts'], {
    cwd: REPO,
    env: { ...envWithoutLoket(), LOKET_DATA_DIR: dataDir, LOKET_WEB_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  const [, url = ''] = await waitForOutput(child, /^LOKET_URL (\S+)$/m, { timeoutMs: 30_000, detail: () => out });
  const readyMs = performance.now() - t0;
  return {
    url,
    readyMs,
    log: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Page scripts are plain JavaScript strings: tsx would wrap named functions in a helper
// (`__name`) that does not exist in the page.
const OBSERVE = `
  const until = (ready) => new Promise((resolve) => {
    const t0 = performance.now();
    const obs = new MutationObserver(() => {
      if (ready()) { obs.disconnect(); resolve(performance.now() - t0); }
    });
    obs.observe(document.body, { subtree: true, childList: true, attributes: true });
    return t0;
  });`;

/** In the page: dispatch the wedge burst, resolve when the passholder and activities are in the DOM. */
function timeScan(page: Page, card: string): Promise<number> {
  return page.evaluate<number>(`(() => {
    ${OBSERVE}
    const done = until(() =>
      document.querySelector('[data-testid="passholder"][data-state="found"]') !== null &&
      document.querySelector('[data-testid="activity"]') !== null);
    const target = document.activeElement ?? document.body;
    for (const key of ${JSON.stringify([...card, 'Enter'])}) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    return done;
  })()`);
}

/** In the page: press the focused confirm button (what Enter does), resolve when the result shows. */
function timeConfirm(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    ${OBSERVE}
    const button = document.getElementById('confirm-sale');
    if (!button || button.disabled) throw new Error('confirm is not ready');
    const done = until(() => document.querySelector('[data-testid="sale-status"][data-state]') !== null);
    button.click();
    return done;
  })()`);
}

async function sellOverWebSocket(
  pageUrl: string,
  card: string,
  cdbid: string,
  cancel: (ticketSaleId: string) => Promise<void>,
): Promise<number[]> {
  const url = new URL(pageUrl);
  const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token') ?? ''}`, { origin: url.origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  type Result = { ok: boolean; value?: unknown; error?: unknown };
  const waiting = new Map<number, (v: Result) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse((data as Buffer).toString('utf8')) as { id?: number; result?: Result };
    if (typeof frame.id === 'number' && frame.result) waiting.get(frame.id)?.(frame.result);
  });
  let next = 1;
  const call = (name: string, input: unknown) =>
    new Promise<Result>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, name, input }));
    });
  const times: number[] = [];
  try {
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      // As at the counter: each sale follows its customer's lookup (untimed here).
      await call('card.lookup', { identification: card });
      await call('activities.list', { uitpasNumber: card, range: 'today' });
      const t = performance.now();
      const res = await call('sale.sell', { uitpasNumber: card, cdbid, priceClass: 'Categorie 2' });
      const ms = performance.now() - t;
      const out = res.value as { outcome?: string; sale?: { ticketSaleId?: string } } | undefined;
      if (!res.ok || out?.outcome !== 'registered' || !out.sale?.ticketSaleId)
        throw new Error(`sale.sell over WebSocket: ${JSON.stringify(res)}`);
      await cancel(out.sale.ticketSaleId);
      if (i >= WARMUP) times.push(ms);
    }
  } finally {
    ws.close();
  }
  return times;
}

function rendererGzipBytes(): number {
  const assets = join(RENDERER, 'assets');
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);
}

export async function run(): Promise<BenchRow[]> {
  if (!existsSync(join(RENDERER, 'index.html'))) {
    return [{ group: 'ui', name: 'skipped: no built renderer (npm run build:renderer)', value: Number.NaN, unit: '' }];
  }
  const rows: BenchRow[] = [];
  const jsBytes = rendererGzipBytes();
  rows.push({
    group: 'ui',
    name: 'renderer JavaScript, gzipped',
    value: jsBytes / 1024,
    unit: 'KB',
    target: '< 300 KB',
    pass: jsBytes < 300 * 1024,
  });

  // Default start (demo mode, the simulator inside): spawn → LOKET_URL.
  const demo = await startHost({});
  await demo.stop();
  rows.push({
    group: 'ui',
    name: 'web host ready (spawn → LOKET_URL, demo)',
    value: demo.readyMs,
    unit: 'ms',
    target: '< 2000 ms',
    pass: demo.readyMs < 2000,
  });

  const sim = await startSimulator({ port: 0 });
  const c = sim.credentials;
  const card = sim.seedInfo.cards.kansenstatuut;
  const cdbid = sim.seedInfo.activities.priced;
  const direct = new UitpasClient({ prefix: sim.prefix, credentials: () => ({ ...c }) });
  const host = await startHost(simulatorEnv(sim));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(host.url);
    await page.waitForSelector('[data-testid="card-input"]:focus');
    const scans: number[] = [];
    const confirms: number[] = [];
    const serviceScan: number[] = [];
    const serviceBuy: number[] = [];
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="passholder"][data-state="idle"]');
      const scanMs = await timeScan(page, card);
      if (i === 0) {
        // The first customer picks the concert; it stays chosen for the next ones.
        await page.click(`[data-testid="activity"][data-cdbid="${cdbid}"]`);
        await page.focus('#confirm-sale');
      }
      await page.waitForSelector('#confirm-sale:not([disabled])');
      const confirmMs = await timeConfirm(page);
      const state = await page.getAttribute('[data-testid="sale-status"]', 'data-state');
      if (state !== 'registered')
        throw new Error(
          `round ${i}: sale ended ${state}, expected registered: ${await page.textContent('[data-testid="sale-status"]')}\n${host.log().slice(-3000)}`,
        );

      // Cancelled at UiTPAS so the passholder may buy the concert again (a reset would restart
      // the simulator's ticket sale ids, which the app rightly treats as suspicious).
      const ticketSaleId = (await page.textContent('[data-testid="ticket-sale-id"]')) ?? '';
      await direct.cancel(c.counterKey, ticketSaleId);

      // The same UiTPAS work, straight from the UiTPAS client to the simulator.
      let t = performance.now();
      await direct.identify(c.counterKey, card);
      await direct.searchActivities(c.counterKey, { uitpasNumber: card, range: 'today', start: 0, max: 50 });
      const svcScan = performance.now() - t;
      t = performance.now();
      const bought = await direct.buy({ counterKey: c.counterKey, cdbid, uitpasNumber: card, priceClass: 'Categorie 2' });
      const svcBuy = performance.now() - t;
      await direct.cancel(c.counterKey, bought.value.id);
      if (i >= WARMUP) {
        scans.push(scanMs);
        confirms.push(confirmMs);
        serviceScan.push(svcScan);
        serviceBuy.push(svcBuy);
      }
    }
    // The same sale without the browser: sale.sell over the host's WebSocket, to split the app's
    // overhead into main (outbox commits, worker, host) and the renderer.
    const viaWs = await sellOverWebSocket(host.url, card, cdbid, async (id) => void (await direct.cancel(c.counterKey, id)));
    for (const list of [scans, confirms, serviceScan, serviceBuy, viaWs]) list.sort((a, b) => a - b);
    const p = (l: number[], q: number) => percentile(l, q);
    const scanOverhead = p(scans, 95) - p(serviceScan, 95);
    const buyOverhead = p(confirms, 95) - p(serviceBuy, 95);
    rows.push(
      {
        group: 'ui',
        name: 'scan → passholder + activities shown, p50',
        value: p(scans, 50),
        unit: 'ms',
        baseline: { name: 'simulator retrieve+search p50', value: p(serviceScan, 50), unit: 'ms' },
      },
      {
        group: 'ui',
        name: 'scan → passholder + activities shown, p95',
        value: p(scans, 95),
        unit: 'ms',
        baseline: { name: 'simulator retrieve+search p95', value: p(serviceScan, 95), unit: 'ms' },
      },
      { group: 'ui', name: 'scan → shown: app overhead p95', value: scanOverhead, unit: 'ms', target: '< 50 ms', pass: scanOverhead < 50 },
      {
        group: 'ui',
        name: 'Enter → result shown, p50',
        value: p(confirms, 50),
        unit: 'ms',
        baseline: { name: 'simulator buy p50', value: p(serviceBuy, 50), unit: 'ms' },
      },
      {
        group: 'ui',
        name: 'Enter → result shown, p95',
        value: p(confirms, 95),
        unit: 'ms',
        baseline: { name: 'simulator buy p95', value: p(serviceBuy, 95), unit: 'ms' },
      },
      { group: 'ui', name: 'Enter → result: app overhead p95', value: buyOverhead, unit: 'ms', target: '< 30 ms', pass: buyOverhead < 30 },
      {
        group: 'ui',
        name: 'sale.sell over WebSocket, no browser, p50',
        value: p(viaWs, 50),
        unit: 'ms',
        baseline: { name: 'simulator buy p50', value: p(serviceBuy, 50), unit: 'ms' },
        note: 'main side of Enter → result',
      },
      {
        group: 'ui',
        name: 'sale.sell over WebSocket, no browser, p95',
        value: p(viaWs, 95),
        unit: 'ms',
        baseline: { name: 'simulator buy p95', value: p(serviceBuy, 95), unit: 'ms' },
      },
    );
  } finally {
    await browser.close();
    await host.stop();
    direct.close();
    await sim.close();
  }
  return rows;
}
