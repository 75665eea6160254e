import type { TransportOptions } from '../../../main/uitpas/http.js';
import { UitpasV4Client, type UitpasV4ClientOptions } from '../../../main/uitpas/v4/client.js';
import { startSimulatorV4, type SimulatorV4Handle, type SimulatorV4Options } from '../../../main/tools/simulator-v4/server.js';

export { failure } from '../../support/uitpas-rig.js';

export interface RigV4 {
  sim: SimulatorV4Handle;
  client: UitpasV4Client;
  /** The organizer the demo employee sells for (Loket's counter key). */
  counter: string;
  /** A second client on the same simulator (a fresh process: nothing remembered). */
  freshClient(over?: Partial<UitpasV4ClientOptions>): UitpasV4Client;
  close(): Promise<void>;
}

export async function rig(
  opts: { sim?: SimulatorV4Options; transport?: Partial<TransportOptions>; client?: Partial<UitpasV4ClientOptions> } = {},
): Promise<RigV4> {
  const sim = await startSimulatorV4(opts.sim);
  const clients: UitpasV4Client[] = [];
  const make = (over: Partial<UitpasV4ClientOptions> = {}) => {
    const c = new UitpasV4Client({
      apiBase: sim.apiBase,
      searchBase: sim.searchBase,
      token: () => Promise.resolve(sim.credentials.token),
      ...(opts.transport ? { transport: opts.transport } : {}),
      ...opts.client,
      ...over,
    });
    clients.push(c);
    return c;
  };
  const client = make();
  return {
    sim,
    client,
    counter: sim.credentials.counterKey,
    freshClient: make,
    close: async () => {
      for (const c of clients) c.close();
      await sim.close();
    },
  };
}
