/**
 * The UiTPAS capability as the composition root sees it: `createUitpas(config)` gives a port (the
 * XML client), in demo mode pointed at a demo backend the composition root starts (the simulator,
 * which this capability never imports: it stays out of the production path).
 */
import type { RuntimeConfig } from '../config/index.js';
import { UitpasClient, type ClientCredentials } from './client.js';

export { UitpasClient, type AccessToken, type ClientCredentials, type TokenPair, type UitpasClientOptions } from './client.js';
export { UitpasError, type FailureKind, type UitpasPort } from './port.js';
export { checkCardNumber, formatCardNumber, isValidCardNumber, maskCardNumber } from '../../contract/card-number.js';

export type UitpasConfig = Pick<RuntimeConfig, 'mode' | 'uitpasPrefix' | 'secrets'> & {
  settings: { uitpas: Pick<RuntimeConfig['settings']['uitpas'], 'consumerKey' | 'userId' | 'counterKey' | 'timeoutMs'> };
};

export interface UitpasService {
  /** Implements UitpasPort plus passholder/groupPass and the OAuth login calls. */
  port: UitpasClient;
  mode: 'demo' | 'live';
  prefix: string;
  /** The counter to name in every call: the configured one, or the simulator's in demo mode. */
  counterKey: string | undefined;
  /** Present in demo mode. */
  demo?: DemoBackend;
  close(): Promise<void>;
}

/** A UiTPAS stand-in on loopback with one logged-in employee: what demo mode runs against. */
export interface DemoBackend {
  prefix: string;
  credentials: { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string; userId: string; counterKey: string };
  close(): Promise<void>;
}

export interface CreateUitpasOptions {
  /**
   * Where live credentials come from on every call; defaults to the config as loaded. Pass a
   * supplier that reads the current settings so a new login takes effect without a rebuild.
   * In demo mode too (the login service then signs with the simulator's consumer).
   */
  credentials?: () => ClientCredentials;
  /** Starts the demo backend; required in demo mode. */
  startDemo?: () => Promise<DemoBackend>;
}

export async function createUitpas(config: UitpasConfig, options: CreateUitpasOptions = {}): Promise<UitpasService> {
  const timeout = { responseTimeoutMs: config.settings.uitpas.timeoutMs ?? 10_000 };
  if (config.mode === 'demo') {
    if (!options.startDemo) throw new Error('demo mode needs a demo backend (createUitpas options.startDemo)');
    const demo = await options.startDemo();
    const c = demo.credentials;
    const port = new UitpasClient({ prefix: demo.prefix, credentials: options.credentials ?? (() => ({ ...c })), transport: timeout });
    return {
      port,
      mode: 'demo',
      prefix: demo.prefix,
      counterKey: c.counterKey,
      demo,
      close: async () => {
        port.close();
        await demo.close();
      },
    };
  }
  const fromConfig = (): ClientCredentials => ({
    consumerKey: config.settings.uitpas.consumerKey ?? '',
    consumerSecret: config.secrets.consumerSecret ?? '',
    ...(config.secrets.token ? { token: config.secrets.token } : {}),
    ...(config.secrets.tokenSecret ? { tokenSecret: config.secrets.tokenSecret } : {}),
    ...(config.settings.uitpas.userId ? { userId: config.settings.uitpas.userId } : {}),
  });
  const port = new UitpasClient({ prefix: config.uitpasPrefix, credentials: options.credentials ?? fromConfig, transport: timeout });
  return {
    port,
    mode: 'live',
    prefix: config.uitpasPrefix,
    counterKey: config.settings.uitpas.counterKey,
    close: () => {
      port.close();
      return Promise.resolve();
    },
  };
}
