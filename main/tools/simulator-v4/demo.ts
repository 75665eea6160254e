/**
 * API 4 as demo mode and the tests run it: the API 4 simulator (server.ts) with the local UiTiD
 * provider (../uitid-oidc/) beside it, the simulator accepting the provider's access tokens as a
 * resource server does (`verifyAccessToken`), besides its own fixed ones. Demo mode loads this
 * module on demand only (main/runtime/demo-simulator.ts; its own bundle in the Electron build).
 */
import { startUitidOidc, type UitidOidcHandle, type UitidOidcOptions } from '../uitid-oidc/server.js';
import { startSimulatorV4, type SimulatorV4Handle, type SimulatorV4Options } from './server.js';

export interface DemoV4Options {
  /** The API 4 simulator's port (0: any free one). */
  port?: number;
  /** The provider's port (0: any free one). */
  oidcPort?: number;
  /** Serve both admin APIs (`/__admin/`): tests and trainers. Off in demo mode. */
  admin?: boolean;
  clock?: SimulatorV4Options['clock'];
  seed?: SimulatorV4Options['seed'];
  /** Approve every UiTiD login as this user name without the page (tests that play the browser). */
  autoApprove?: string;
  lifetimes?: UitidOidcOptions['lifetimes'];
}

export interface DemoV4Handle {
  simulator: SimulatorV4Handle;
  provider: UitidOidcHandle;
  /** Where an API 4 installation would point: the simulator's two roots and the provider's issuer. */
  endpoints: { apiBase: string; searchBase: string; issuer: string };
  /** The provider's public desktop client (PKCE, loopback redirects). */
  clientId: string;
  /** The seed's employee: UiTiD user id and the organizer that sells. */
  employee: { userId: string; counterKey: string; username: string; password: string };
  /** A refresh token for the employee at the desktop client: a counter logged in from the start. */
  issueLogin(): string;
  close(): Promise<void>;
}

export async function startDemoV4(options: DemoV4Options = {}): Promise<DemoV4Handle> {
  const admin = options.admin ?? true;
  const provider = await startUitidOidc({
    port: options.oidcPort ?? 0,
    admin,
    ...(options.autoApprove !== undefined ? { autoApprove: options.autoApprove } : {}),
    ...(options.lifetimes ? { lifetimes: options.lifetimes } : {}),
  });
  let simulator: SimulatorV4Handle;
  try {
    simulator = await startSimulatorV4({
      port: options.port ?? 0,
      admin,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.seed ? { seed: options.seed } : {}),
      verifyToken: (token) => {
        const found = provider.verifyAccessToken(token);
        if (!found) return undefined;
        // A client access token's subject is the client's service account, which UiTPAS would
        // grant the organizer's permissions itself; here it acts as the seed's employee.
        return found.clientId === provider.counterClient.clientId ? simulator.credentials.userId : found.sub;
      },
    });
  } catch (err) {
    await provider.close();
    throw err;
  }
  const user = provider.user;
  return {
    simulator,
    provider,
    endpoints: { apiBase: simulator.apiBase, searchBase: simulator.searchBase, issuer: provider.issuer },
    clientId: provider.desktopClientId,
    employee: {
      userId: simulator.credentials.userId,
      counterKey: simulator.credentials.counterKey,
      username: user.username,
      password: user.password,
    },
    issueLogin: () => provider.issueLogin(simulator.credentials.userId),
    close: async () => {
      await simulator.close();
      await provider.close();
    },
  };
}
