/**
 * Demo mode's UiTPAS: the simulator, loaded only when demo mode starts. The dynamic import keeps
 * it out of the production path: the Electron build turns this one import into a separate file
 * (app/dist/simulator.cjs, scripts/build-main.mjs) that a live counter never loads. Its admin API
 * (faults, clock, reset) is off here; tests and trainers use `npm run simulator`.
 */
import type { SimulatorHandle } from '../tools/simulator/server.js';

export async function startDemoSimulator(): Promise<SimulatorHandle> {
  const { startSimulator } = await import('../tools/simulator/server.js');
  return startSimulator({ port: 0, admin: false });
}
