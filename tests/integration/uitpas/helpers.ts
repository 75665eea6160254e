import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../main/tools/simulator/server.js';
import { UitpasClient, type ClientCredentials } from '../../../main/uitpas/client.js';
import type { TransportOptions } from '../../../main/uitpas/http.js';

export { failure } from '../../support/uitpas-rig.js';

export interface Rig {
  sim: SimulatorHandle;
  client: UitpasClient;
  counter: string;
  creds: ClientCredentials;
  close(): Promise<void>;
}

export async function rig(
  opts: { sim?: SimulatorOptions; creds?: Partial<ClientCredentials>; transport?: Partial<TransportOptions> } = {},
): Promise<Rig> {
  const sim = await startSimulator(opts.sim);
  const creds: ClientCredentials = { ...sim.credentials, ...opts.creds };
  const client = new UitpasClient({
    prefix: sim.prefix,
    credentials: () => creds,
    ...(opts.transport ? { transport: opts.transport } : {}),
  });
  return {
    sim,
    client,
    creds,
    counter: sim.credentials.counterKey,
    close: async () => {
      client.close();
      await sim.close();
    },
  };
}
