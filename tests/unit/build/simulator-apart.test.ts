/**
 * The simulators stay out of the production path (issue 14): the Electron main bundle holds none
 * of main/tools/, demo mode loads simulator.cjs (XML) or simulator-v4.cjs (API 4 with the local
 * UiTiD provider) beside it on demand, and each serves UiTPAS calls but no admin API (faults,
 * clock, reset).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain, SIMULATOR_BUNDLE, SIMULATOR_V4_BUNDLE } from '../../../scripts/build-main.mjs';
import type { startSimulator as StartSimulator } from '../../../main/tools/simulator/server.js';
import type { startDemoV4 as StartDemoV4 } from '../../../main/tools/simulator-v4/demo.js';

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
    expect(imports).toContain(`./${SIMULATOR_V4_BUNDLE}`);
  });

  it('simulator-v4.cjs holds the API 4 simulator and the UiTiD provider, admin off, and takes its tokens', async () => {
    const inputs = Object.keys(built.simulatorV4.inputs);
    expect(inputs).toEqual(expect.arrayContaining(['main/tools/simulator-v4/server.ts', 'main/tools/uitid-oidc/server.ts']));
    const { startDemoV4 } = createRequire(import.meta.url)(path.join(out, SIMULATOR_V4_BUNDLE)) as { startDemoV4: typeof StartDemoV4 };
    const demo = await startDemoV4({ admin: false });
    try {
      expect((await fetch(`${new URL(demo.endpoints.apiBase).origin}/__admin/seed`)).status).toBe(404);
      expect((await fetch(`${new URL(demo.endpoints.issuer).origin}/__admin/stats`)).status).not.toBe(200);
      // The login demo mode starts with, renewed at the provider, is a token the simulator takes.
      const token = await fetch(`${demo.endpoints.issuer}/protocol/openid-connect/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: demo.issueLogin(), client_id: demo.clientId }).toString(),
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const permissions = await fetch(`${demo.endpoints.apiBase}/permissions`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(permissions.status).toBe(200);
      expect((await fetch(`${demo.endpoints.apiBase}/permissions`, { headers: { authorization: 'Bearer forged' } })).status).toBe(401);
    } finally {
      await demo.close();
    }
  });

  it('simulator.cjs holds the simulator and starts with its admin API off when asked', async () => {
    // The kit both simulators share comes along; main.cjs holds none of it (first test above).
    expect(Object.keys(built.simulator.inputs)).toEqual(
      expect.arrayContaining(['main/tools/simulator/server.ts', 'main/tools/simulator-kit/listener.ts']),
    );
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
