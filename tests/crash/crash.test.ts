/**
 * Kill a real selling process (SIGKILL) at each critical point of a sale, restart it on the same
 * outbox, and prove with the simulator's own records (another process) that every sale the
 * operator made is registered exactly once and none is lost.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HookPoint } from '../../main/sales/hooks.js';
import type { SeedInfo } from '../../main/tools/simulator/server.js';
import type { SellerConfig } from './seller.js';
import { searchesOnce } from '../support/sale-paths.js';
import { startSimulatorProcess, type SimulatorProcess } from '../support/simulator-process.js';

const RUNS_PER_POINT = 3;

let sim: SimulatorProcess | undefined;
let seed: SeedInfo;
let dir: string;

interface SimSale {
  id: string;
  cdbid: string;
  uitpasNumber: string;
  cancelled: boolean;
}

interface Line {
  started?: boolean;
  recovered?: string[];
  hook?: HookPoint;
  sale?: number;
  sold?: number;
  outcome?: string;
  done?: boolean;
  sales?: Array<{ id: string; state: string; ticketSaleId: string | null; uitpasNumber: string; cdbid: string; history: string[] }>;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loket-crash-'));
  sim = await startSimulatorProcess(dir);
  if (sim.seed.api !== 'xml') throw new Error('the crash test runs against the XML simulator');
  seed = sim.seed;
}, 30_000);

afterAll(() => {
  sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function adminCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  return sim!.admin<T>(method, path, body);
}

const simSales = () => adminCall<SimSale[]>('GET', '/sales');

interface Run {
  lines: Line[];
  signal: NodeJS.Signals | null;
  code: number | null;
}

/** Runs the seller; `killWhen` lets the parent SIGKILL it from outside (after a simulator commit). */
function runSeller(config: SellerConfig, killWhen?: () => Promise<boolean>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/crash/seller.ts', JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: Line[] = [];
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buf.slice(0, nl)) as Line);
        buf = buf.slice(nl + 1);
      }
    });
    let polling = killWhen !== undefined;
    const poll = async () => {
      while (polling) {
        if (await killWhen!()) {
          child.kill('SIGKILL');
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    if (killWhen) void poll();
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      polling = false;
      resolve({ lines, signal, code });
    });
  });
}

function twoSales(): SellerConfig['sales'] {
  return [
    { uitpasNumber: seed.cards.kansenstatuut, cdbid: seed.activities.priced },
    { uitpasNumber: seed.cards.coupon, cdbid: seed.activities.priced },
  ];
}

/** The operator's sales must each be at UiTPAS exactly once, and registered locally with that id. */
function expectExactlyOnce(final: Line | undefined, atSim: SimSale[], wanted: SellerConfig['sales']): void {
  expect(final?.done).toBe(true);
  const live = atSim.filter((s) => !s.cancelled);
  expect(live).toHaveLength(wanted.length);
  for (const w of wanted) {
    expect(live.filter((s) => s.uitpasNumber === w.uitpasNumber && s.cdbid === w.cdbid)).toHaveLength(1);
  }
  const local = final?.sales ?? [];
  expect(local).toHaveLength(wanted.length);
  expect(local.every((s) => s.state === 'registered')).toBe(true);
  expect(new Set(local.map((s) => s.ticketSaleId))).toEqual(new Set(live.map((s) => s.id)));
}

const inProcessPoints: HookPoint[] = ['after-commit', 'before-send', 'after-response'];

describe('SIGKILL at each critical point loses no sale and registers none twice', () => {
  for (let run = 1; run <= RUNS_PER_POINT; run++) {
    it(`before the commit (run ${run})`, async () => {
      await adminCall('POST', '/reset');
      const db = join(dir, `before-commit-${run}.sqlite`);
      const sales = twoSales();
      const first = await runSeller({ db, seed, sales, killAt: 'before-commit', killOnSale: 1 });
      expect(first.signal).toBe('SIGKILL');
      expect(first.lines.some((l) => l.sold === 0 && l.outcome === 'registered')).toBe(true);
      // The second sale was never made: nothing at UiTPAS for it.
      expect((await simSales()).map((s) => s.uitpasNumber)).toEqual([sales[0]!.uitpasNumber]);
      // The operator saw no result and sells it again after the restart.
      const second = await runSeller({ db, seed, sales: [sales[1]!] });
      expect(second.code).toBe(0);
      expect(second.lines[0]?.recovered).toEqual(['registered']);
      expectExactlyOnce(second.lines.at(-1), await simSales(), sales);
    });

    for (const point of inProcessPoints) {
      it(`${point} (run ${run})`, async () => {
        await adminCall('POST', '/reset');
        const db = join(dir, `${point}-${run}.sqlite`);
        const sales = twoSales();
        const first = await runSeller({ db, seed, sales, killAt: point, killOnSale: 1 });
        expect(first.signal).toBe('SIGKILL');
        expect(first.lines.at(-1)).toMatchObject({ hook: point, sale: 1 });
        // Restart on the same outbox; the operator sells nothing new.
        const second = await runSeller({ db, seed, sales: [] });
        expect(second.code).toBe(0);
        expectExactlyOnce(second.lines.at(-1), await simSales(), sales);
        const history = second.lines.at(-1)?.sales?.find((s) => s.uitpasNumber === sales[1]!.uitpasNumber)?.history;
        if (point === 'after-commit') {
          // Sold while the worker was idle: committed already claimed for sending (one write), so
          // after the kill it is uncertain, searched for, found absent and sent once.
          expect(searchesOnce(history ?? [])).toEqual(['pending', 'sending', 'unknown', 'reconciling', 'pending', 'sending', 'registered']);
        } else {
          expect(history?.slice(0, 4)).toEqual(['pending', 'sending', 'unknown', 'reconciling']);
        }
      });
    }

    it(`after UiTPAS committed, before the answer arrived (run ${run})`, async () => {
      await adminCall('POST', '/reset');
      const db = join(dir, `mid-request-${run}.sqlite`);
      const sales = twoSales();
      let armed = false;
      // The seller waits before its second sale until the stall is armed (a sale takes a few ms:
      // polling alone could miss it).
      const go = join(dir, `mid-request-${run}.go`);
      const first = await runSeller({ db, seed, sales, waitBeforeSale: { sale: 1, file: go } }, async () => {
        // Arm the stall once the first sale is through, then kill when UiTPAS shows the commit.
        const atSim = await simSales();
        if (!armed && atSim.length === 1) {
          await adminCall('POST', '/faults', { call: 'buy', kind: 'stall-after-commit', stallMs: 120_000 });
          writeFileSync(go, '');
          armed = true;
          return false;
        }
        return armed && atSim.length === 2;
      });
      expect(first.signal).toBe('SIGKILL');
      expect(first.lines.some((l) => l.sold === 1)).toBe(false);
      await adminCall('DELETE', '/faults');
      const second = await runSeller({ db, seed, sales: [] });
      expect(second.code).toBe(0);
      expectExactlyOnce(second.lines.at(-1), await simSales(), sales);
      const history = second.lines.at(-1)?.sales?.find((s) => s.uitpasNumber === sales[1]!.uitpasNumber)?.history;
      expect(history).toEqual(['pending', 'sending', 'unknown', 'reconciling', 'registered']);
    });
  }
});
