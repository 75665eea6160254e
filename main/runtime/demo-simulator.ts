/**
 * Demo mode's UiTPAS: the simulator of the chosen API, loaded only when demo mode starts. The
 * dynamic imports keep them out of the production path: the Electron build turns each into a
 * separate file (app/dist/simulator.cjs and simulator-v4.cjs, scripts/build-main.mjs) that a live
 * counter never loads. Their admin APIs (faults, clock, reset) are off here; tests and trainers
 * use `npm run simulator`.
 */
import type { SimulatorHandle } from '../tools/simulator/server.js';
import type { DemoV4Handle } from '../tools/simulator-v4/demo.js';

export async function startDemoSimulator(): Promise<SimulatorHandle> {
  const { startSimulator } = await import('../tools/simulator/server.js');
  return startSimulator({ port: 0, admin: false });
}

/** API 4: its simulator with the local UiTiD provider whose tokens it accepts. */
export async function startDemoSimulatorV4(): Promise<DemoV4Handle> {
  const { startDemoV4 } = await import('../tools/simulator-v4/demo.js');
  return startDemoV4({ admin: false });
}
