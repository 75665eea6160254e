/**
 * The UiTPAS capability as the composition root sees it: `createUitpas(config)` gives the port of
 * the installation's API (settings `uitpas.api`): the XML API 3.0 client, or the API 4 (JSON)
 * client with a bearer token from the UiTiD login. In demo mode it points at a demo backend the
 * composition root starts (the simulator of that API, which this capability never imports: it
 * stays out of the production path).
 */
import type { RuntimeConfig, UitpasV4Endpoints } from '../config/index.js';
import { UitpasClient, type ClientCredentials } from './client.js';
import { UitpasV4Client } from './v4/client.js';

export { UitpasClient, type AccessToken, type ClientCredentials, type TokenPair, type UitpasClientOptions } from './client.js';
export { UitpasV4Client, type UitpasV4ClientOptions } from './v4/client.js';
export { UitpasError, type FailureKind, type UitpasPort } from './port.js';
export { checkCardNumber, formatCardNumber, isValidCardNumber, maskCardNumber } from '../../contract/card-number.js';

export type UitpasConfig = Pick<RuntimeConfig, 'mode' | 'uitpasPrefix' | 'uitpasV4' | 'secrets'> & {
  settings: {
    uitpas: Pick<RuntimeConfig['settings']['uitpas'], 'api' | 'consumerKey' | 'userId' | 'counterKey' | 'timeoutMs'>;
  };
};

interface ServiceBase {
  mode: 'demo' | 'live';
  /** The counter to name in every call: the configured one, or the simulator's in demo mode. */
  counterKey: string | undefined;
  close(): Promise<void>;
}

/** The XML API 3.0: a client that signs with OAuth 1.0a and also runs the XML login's token calls. */
export interface XmlUitpasService extends ServiceBase {
  api: 'xml';
  /** Implements UitpasPort plus the OAuth login calls (main/auth/login-service.ts LoginClient). */
  port: UitpasClient;
  prefix: string;
  /** Present in demo mode. */
  demo?: DemoBackend;
}

/** API 4: a client that sends the UiTiD login's bearer token; the login itself is main/auth/oidc. */
export interface V4UitpasService extends ServiceBase {
  api: 'v4';
  /** Implements UitpasPort; `listCounters` (GET /permissions) is what the OIDC login needs of it. */
  port: UitpasV4Client;
  endpoints: UitpasV4Endpoints;
  /** Present in demo mode. */
  demo?: DemoBackendV4;
}

export type UitpasService = XmlUitpasService | V4UitpasService;

/** A UiTPAS stand-in on loopback with one logged-in employee: what XML demo mode runs against. */
export interface DemoBackend {
  prefix: string;
  credentials: { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string; userId: string; counterKey: string };
  close(): Promise<void>;
}

/** API 4's stand-in: the simulator and a UiTiD provider on loopback, and a login for its employee. */
export interface DemoBackendV4 {
  endpoints: UitpasV4Endpoints;
  /** The provider's public desktop client. */
  clientId: string;
  employee: { userId: string; counterKey: string };
  /** A refresh token for the employee (a counter logged in from the start, as the XML demo is). */
  issueLogin(): string;
  close(): Promise<void>;
}

export interface CreateUitpasOptions {
  /**
   * XML: where credentials come from on every call; defaults to the config as loaded. Pass a
   * supplier that reads the current login so a new login takes effect without a rebuild.
   * In demo mode too (the login service then signs with the simulator's consumer).
   */
  credentials?: () => ClientCredentials;
  /** API 4: a valid access token on every call (the OIDC login's bearerToken); required for API 4. */
  bearerToken?: () => Promise<string>;
  /** Starts the XML demo backend; required in demo mode on XML. */
  startDemo?: () => Promise<DemoBackend>;
  /** Starts the API 4 demo backend; required in demo mode on API 4. */
  startDemoV4?: () => Promise<DemoBackendV4>;
}

export async function createUitpas(config: UitpasConfig, options: CreateUitpasOptions = {}): Promise<UitpasService> {
  return config.settings.uitpas.api === 'v4' ? createV4(config, options) : createXml(config, options);
}

async function createV4(config: UitpasConfig, options: CreateUitpasOptions): Promise<V4UitpasService> {
  const token = options.bearerToken;
  if (!token) throw new Error('API 4 needs a bearer token provider (createUitpas options.bearerToken)');
  const transport = { responseTimeoutMs: config.settings.uitpas.timeoutMs ?? 10_000 };
  const client = (e: UitpasV4Endpoints) => new UitpasV4Client({ apiBase: e.apiBase, searchBase: e.searchBase, token, transport });
  if (config.mode === 'demo') {
    if (!options.startDemoV4) throw new Error('demo mode needs a demo backend (createUitpas options.startDemoV4)');
    const demo = await options.startDemoV4();
    const port = client(demo.endpoints);
    return {
      api: 'v4',
      port,
      mode: 'demo',
      endpoints: { ...demo.endpoints },
      counterKey: demo.employee.counterKey,
      demo,
      close: async () => {
        port.close();
        await demo.close();
      },
    };
  }
  const port = client(config.uitpasV4);
  return {
    api: 'v4',
    port,
    mode: 'live',
    endpoints: { ...config.uitpasV4 },
    counterKey: config.settings.uitpas.counterKey,
    close: () => {
      port.close();
      return Promise.resolve();
    },
  };
}

async function createXml(config: UitpasConfig, options: CreateUitpasOptions): Promise<XmlUitpasService> {
  const timeout = { responseTimeoutMs: config.settings.uitpas.timeoutMs ?? 10_000 };
  if (config.mode === 'demo') {
    if (!options.startDemo) throw new Error('demo mode needs a demo backend (createUitpas options.startDemo)');
    const demo = await options.startDemo();
    const c = demo.credentials;
    const port = new UitpasClient({ prefix: demo.prefix, credentials: options.credentials ?? (() => ({ ...c })), transport: timeout });
    return {
      api: 'xml',
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
    api: 'xml',
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
