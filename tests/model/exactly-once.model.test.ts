/**
 * Model-based test of the exactly-once promise (fast-check): random sequences of sales (persons,
 * group passes with 1–3 tickets, two activities), cancels, faults, outages, clock changes and
 * SIGKILL restarts, on two Loket counters sharing one UiTPAS counter; after quiescence the
 * simulator's own records and the counters' outboxes must agree (invariants.ts).
 *
 * The same model runs against each UiTPAS API's simulator (issue 15; MODEL_APIS=xml,v4 by default):
 * the API 4 client and simulator register one ticket sale per ticket, so a group sale holds several.
 *
 * `npm test` runs a bounded number of cases (MODEL_RUNS, default 4 per API); `npm run soak` runs many.
 * Every run prints its seed; MODEL_SEED=<seed> replays one. A failure prints the operations, both
 * counters' sale histories and UiTPAS's records.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulatorProcess, type SimulatorProcess } from '../support/simulator-process.js';
import { opArb, runCase } from './run-case.js';

const runs = Number(process.env.MODEL_RUNS ?? 4);
const maxOps = Number(process.env.MODEL_OPS ?? 14);
const seed = Number(process.env.MODEL_SEED ?? Date.now() % 2 ** 31);
const apis = (process.env.MODEL_APIS ?? 'xml,v4').split(',').filter((a): a is 'xml' | 'v4' => a === 'xml' || a === 'v4');

describe.each(apis)('against the %s simulator', (api) => {
  let sim: SimulatorProcess | undefined;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loket-model-sim-'));
    sim = await startSimulatorProcess(dir, api);
  }, 30_000);
  afterAll(() => {
    sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`exactly once under random sales, cancels, faults and restarts (seed ${seed}, ${runs} runs)`, async () => {
    console.log(`model test (${api}): MODEL_SEED=${seed} MODEL_RUNS=${runs} MODEL_OPS=${maxOps} MODEL_APIS=${api}`);
    let cases = 0;
    let sales = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: maxOps }), async (ops) => {
        const result = await runCase(sim!, ops);
        cases++;
        sales += result.sales;
        if (result.violations.length > 0) {
          throw new Error(
            `exactly-once violated (MODEL_SEED=${seed} MODEL_APIS=${api}):\n${result.violations.join('\n')}\n--- run ---\n${result.log.join('\n')}`,
          );
        }
      }),
      // Shrinking re-runs whole cases (seconds each): only when asked for.
      { numRuns: runs, seed, endOnFailure: process.env.MODEL_SHRINK !== '1' },
    );
    console.log(`model test (${api}): ${cases} cases, ${sales} local sales, all consistent with UiTPAS`);
    expect(cases).toBe(runs);
  }, 600_000);
});
