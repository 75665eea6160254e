/**
 * One model run: two Loket counters on one UiTPAS counter (each its own process and data folder)
 * against the simulator in another process; a random sequence of sales, cancels, faults, outages,
 * clock changes and SIGKILL restarts; then quiescence and the invariant (invariants.ts) against the
 * simulator's own records.
 *
 * Customers: each counter serves its own passholders (a person stands at one counter at a time);
 * the group pass is sold at both. See docs/exactly-once.md for why that split is the honest one.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSeed } from '../../main/tools/simulator/seed.js';
import type { FaultSpec } from '../../main/tools/simulator/faults.js';
import type { SimulatorProcess } from '../support/simulator-process.js';
import { Counter } from './counter.js';
import { violations, type LocalSale, type SimRecord } from './invariants.js';
import type { CounterForeign, CounterSale } from './protocol.js';

export const HORIZON_MS = 500;
export const SWEEP_DELAY_MS = 1_500;
const WORKSHOP = 'e5ee0000-0000-4000-8000-000000000006';

/** Faults armed between operations; each strikes the next matching request(s). */
export const FAULTS: readonly FaultSpec[] = [
  { call: 'buy', kind: 'drop-before-commit' },
  { call: 'buy', kind: 'drop-after-commit' },
  { call: 'buy', kind: 'late-commit', delayMs: 200 },
  // Beyond the horizon (HORIZON_MS) but before the sweep (re-send + SWEEP_DELAY_MS): the sweep's case.
  { call: 'buy', kind: 'late-commit', delayMs: 1_000 },
  { call: 'buy', kind: 'error-5xx-after-commit' },
  { call: 'buy', kind: 'malformed-xml' },
  { call: 'buy', kind: 'latency', latencyMs: 800 },
  { call: 'searchTicketsales', kind: 'error-5xx', count: 3 },
  { call: 'searchTicketsales', kind: 'search-lag', lagMs: 1_500, count: 8 },
  { call: 'searchTicketsales', kind: 'page-cap', pageSize: 2, count: 10 },
  { call: 'searchTicketsales', kind: 'omit-uitpas-number', count: 5 },
  { call: 'cancel', kind: 'drop-after-commit' },
  { call: 'cancel', kind: 'drop-before-commit' },
];

export type Op =
  | { t: 'sell'; c: number; who: number; act: number; amount: number }
  | { t: 'cancel'; c: number; pick: number }
  | { t: 'fault'; f: number }
  | { t: 'kill'; c: number }
  | { t: 'killMidBuy'; c: number; who: number; act: number }
  | { t: 'offline'; ms: number }
  | { t: 'clock'; offsetSec: number }
  | { t: 'wait'; ms: number };

const counterIx = fc.integer({ min: 0, max: 1 });
const who = fc.integer({ min: 0, max: 2 }); // 0, 1: this counter's passholders; 2: the shared group pass
const act = fc.integer({ min: 0, max: 1 }); // 0: concert (1 per passholder), 1: workshop (2 per passholder)

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('sell' as const), c: counterIx, who, act, amount: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('cancel' as const), c: counterIx, pick: fc.nat(20) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('fault' as const), f: fc.integer({ min: 0, max: FAULTS.length - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('kill' as const), c: counterIx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('killMidBuy' as const), c: counterIx, who, act }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('offline' as const), ms: fc.integer({ min: 200, max: 1_500 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('clock' as const), offsetSec: fc.integer({ min: -120, max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 50, max: 800 }) }) },
);

/** A record as either simulator's admin API lists it: XML's registration, or API 4's ticket. */
interface RawRecord {
  id: string;
  cdbid?: string;
  eventId?: string;
  uitpasNumber: string;
  amountOfTickets?: number;
  cancelled: boolean;
  /** API 4: the tickets of one POST share it. */
  batch?: number;
}

/** UiTPAS's registrations: XML's records as they are, API 4's tickets of one POST together. */
export function registrations(sim: Pick<SimulatorProcess, 'seed'>, raw: readonly RawRecord[]): SimRecord[] {
  if (sim.seed.api === 'xml') return raw.map((r) => ({ ...(r as SimRecord), ids: [r.id] }));
  const byBatch = new Map<number, SimRecord>();
  for (const t of raw) {
    const known = byBatch.get(t.batch!);
    if (known) {
      known.ids.push(t.id);
      known.amountOfTickets++;
      known.cancelled &&= t.cancelled;
    } else {
      byBatch.set(t.batch!, {
        id: t.id,
        ids: [t.id],
        cdbid: t.eventId!,
        uitpasNumber: t.uitpasNumber,
        amountOfTickets: 1,
        cancelled: t.cancelled,
      });
    }
  }
  return [...byBatch.values()];
}

export interface CaseResult {
  violations: string[];
  log: string[];
  sales: number;
  records: number;
}

export async function runCase(sim: SimulatorProcess, ops: readonly Op[]): Promise<CaseResult> {
  const log: string[] = [];
  const base = mkdtempSync(join(tmpdir(), 'loket-model-'));
  const seed = buildSeed(new Date());
  const persons = [
    [sim.seed.cards.kansenstatuut, seed.passholders[8]!.uitpasNumber],
    [seed.passholders[9]!.uitpasNumber, sim.seed.cards.coupon],
  ];
  const group = sim.seed.cards.group;
  const activities = [sim.seed.activities.priced, WORKSHOP];
  await sim.admin('POST', '/reset');
  const counters = ['A', 'B'].map(
    (name) => new Counter(name, { dir: join(base, name), seed: sim.seed, horizonMs: HORIZON_MS, sweepDelayMs: SWEEP_DELAY_MS }),
  );
  const soldBy: string[][] = [[], []];
  const prepare = async (i: number) => {
    for (const card of [...persons[i]!, group]) await counters[i]!.send({ op: 'prepare', card });
  };
  const restart = async (i: number) => {
    await counters[i]!.start();
    await prepare(i);
  };
  try {
    await Promise.all(counters.map((_, i) => restart(i)));
    for (const op of ops) {
      log.push(JSON.stringify(op));
      switch (op.t) {
        case 'sell': {
          const card = op.who === 2 ? group : persons[op.c]![op.who]!;
          const r = await counters[op.c]!.send({
            op: 'sell',
            card,
            cdbid: activities[op.act]!,
            ...(op.who === 2 ? { amount: op.amount } : {}),
          });
          if (typeof r?.saleId === 'string') soldBy[op.c]!.push(r.saleId);
          log.push(`  -> ${JSON.stringify(r)}`);
          break;
        }
        case 'cancel': {
          const ids = soldBy[op.c]!;
          if (ids.length === 0) break;
          const r = await counters[op.c]!.send({ op: 'cancel', saleId: ids[op.pick % ids.length]! });
          log.push(`  -> ${JSON.stringify(r)}`);
          break;
        }
        case 'fault':
          await sim.admin('POST', '/faults', FAULTS[op.f]);
          break;
        case 'kill':
          await counters[op.c]!.kill();
          await restart(op.c);
          break;
        case 'killMidBuy': {
          // Kill the counter while UiTPAS has committed its buy but not answered yet.
          await sim.admin('POST', '/faults', { call: 'buy', kind: 'stall-after-commit', stallMs: 10_000 });
          const card = op.who === 2 ? group : persons[op.c]![op.who]!;
          const pending = counters[op.c]!.send({ op: 'sell', card, cdbid: activities[op.act]!, ...(op.who === 2 ? { amount: 1 } : {}) });
          const deadline = Date.now() + 3_000;
          while (Date.now() < deadline && (await sim.admin<{ held: number }>('GET', '/held')).held === 0) {
            if ((await Promise.race([pending, new Promise((r) => setTimeout(() => r('waiting'), 20))])) !== 'waiting') break;
          }
          await counters[op.c]!.kill();
          await sim.admin('POST', '/release');
          await sim.admin('DELETE', '/faults');
          await restart(op.c);
          break;
        }
        case 'offline':
          await sim.admin('POST', '/faults', { call: 'any', kind: 'refuse', durationMs: op.ms });
          await new Promise((r) => setTimeout(r, 30));
          break;
        case 'clock':
          await sim.admin('POST', '/clock', { offsetMs: op.offsetSec * 1000 });
          break;
        case 'wait':
          await new Promise((r) => setTimeout(r, op.ms));
          break;
      }
    }
    // Quiescence: the network heals, every counter runs, until nothing is left to do.
    await sim.admin('DELETE', '/faults');
    await new Promise((r) => setTimeout(r, 1_600)); // the longest outage ends
    for (let i = 0; i < counters.length; i++) if (!counters[i]!.alive) await restart(i);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const states = await Promise.all(counters.map(async (c) => (await c.send({ op: 'sync' }), c.send({ op: 'status' }))));
      // A late commit still on its way would land after the verdict (or in the next case).
      const { pendingCommits } = await sim.admin<{ pendingCommits: number }>('GET', '/held');
      if (pendingCommits === 0 && states.every((s) => s?.settled === true)) break;
      if (Date.now() > deadline) {
        log.push(`not settled after 60 s: ${JSON.stringify(states)}`);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const dumps = await Promise.all(counters.map((c) => c.send({ op: 'dump' })));
    const local: LocalSale[] = dumps.flatMap((d, i) =>
      ((d?.sales ?? []) as CounterSale[]).map((s) => ({ ...s, counter: counters[i]!.name })),
    );
    const foreign = dumps.flatMap((d) => (d?.foreign ?? []) as CounterForeign[]);
    const records = registrations(sim, await sim.admin<RawRecord[]>('GET', '/sales'));
    const found = violations(records, local, foreign);
    if (found.length > 0) {
      log.push(`UiTPAS: ${JSON.stringify(records)}`);
      for (const s of local) log.push(`${s.counter}/${s.id}: ${s.history.join(' | ')}`);
      log.push(`foreign: ${JSON.stringify(foreign)}`);
    }
    return { violations: found, log, sales: local.length, records: records.length };
  } finally {
    await Promise.all(counters.map((c) => c.stop()));
    rmSync(base, { recursive: true, force: true });
  }
}
