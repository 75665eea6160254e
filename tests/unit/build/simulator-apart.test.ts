/**
 * The simulator stays out of the production path (issue 14): the Electron main bundle holds none
 * of main/tools/, demo mode loads simulator.cjs beside it on demand, and that simulator serves
 * UiTPAS calls but no admin API (faults, clock, reset).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain, SIMULATOR_BUNDLE } from '../../../scripts/build-main.mjs';
import type { startSimulator as StartSimulator } from '../../../main/tools/simulator/server.js';

let out: string;
let built: Awaited<ReturnType<typeof buildMain>>;
beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'loket-build-'));
  built = await buildMain({ outDir: out, logLevel: 'silent' });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the demo simulator, apart from main.cjs', () => {
  it('main.cjs contains no file of main/tools/ and names simulator.cjs as an external', () => {
    const inputs = Object.keys(built.main.inputs);
    expect(inputs.some((i) => i.startsWith('main/runtime/'))).toBe(true);
    expect(inputs.filter((i) => i.startsWith('main/tools/'))).toEqual([]);
    const imports = Object.values(built.main.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports).toContain(`./${SIMULATOR_BUNDLE}`);
  });

  it('simulator.cjs holds the simulator and starts with its admin API off when asked', async () => {
    expect(Object.keys(built.simulator.inputs)).toContain('main/tools/simulator/server.ts');
    const { startSimulator } = createRequire(import.meta.url)(path.join(out, SIMULATOR_BUNDLE)) as {
      startSimulator: typeof StartSimulator;
    };
    const sim = await startSimulator({ port: 0, admin: false });
    try {
      const origin = new URL(sim.prefix).origin;
      expect((await fetch(`${origin}/__admin/seed`)).status).toBe(404);
      expect((await fetch(`${origin}/__admin/faults`, { method: 'POST', body: '{"call":"buy","kind":"refuse"}' })).status).toBe(404);
      // A UiTPAS path still answers (unsigned: refused, but by the simulator's UiTPAS side).
      expect((await fetch(`${sim.prefix}/uitpas/balie/list`)).status).toBeGreaterThanOrEqual(400);
    } finally {
      await sim.close();
    }
    const withAdmin = await startSimulator({ port: 0 });
    try {
      expect((await fetch(`${new URL(withAdmin.prefix).origin}/__admin/seed`)).status).toBe(200);
    } finally {
      await withAdmin.close();
    }
  });
});
