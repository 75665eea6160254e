/**
 * Pure decisions on top of the settings file and the environment overrides: the effective
 * settings, which keys came from the environment, the UiTPAS prefix and demo vs live mode.
 */
import { isUitpasUrl } from '../../contract/settings-form.js';
import type { Settings } from '../../contract/settings.js';
import type { EnvOverrides } from './env-overrides.js';
import { UITID_ISSUERS } from '../auth/oidc/issuers.js';

/** The built-in environments, all https: signed calls and the UiTiD login never go out in clear. */
export const UITPAS_PREFIXES = {
  test: 'https://test.uitid.be/uitid/rest',
  acceptance: 'https://acc.uitid.be/uitid/rest',
  production: 'https://www.uitid.be/uitid/rest',
} as const;

/** Where an API 4 installation's calls go: the UiTPAS API 4 root, the Search API root and UiTiD. */
export interface UitpasV4Endpoints {
  apiBase: string;
  searchBase: string;
  issuer: string;
}

/**
 * API 4's two environments (docs/uitpas-json-api.md §2; UiTiD's realms: main/auth/oidc/issuers.ts).
 * Tokens of one environment work only on that environment's APIs, so the three always go together.
 */
export const UITPAS_V4_ENDPOINTS = {
  test: { apiBase: 'https://api-test.uitpas.be', searchBase: 'https://search-test.uitdatabank.be', issuer: UITID_ISSUERS.test },
  production: { apiBase: 'https://api.uitpas.be', searchBase: 'https://search.uitdatabank.be', issuer: UITID_ISSUERS.production },
} as const satisfies Record<string, UitpasV4Endpoints>;

export interface Secrets {
  consumerSecret?: string | undefined;
  /** API 4: the UiTiD client secret; set, the installation uses client access tokens. */
  clientSecret?: string | undefined;
  token?: string | undefined;
  tokenSecret?: string | undefined;
}

export interface Effective {
  settings: Settings;
  /** Dotted settings keys whose value came from a LOKET_* variable. */
  overrides: string[];
  secrets: Secrets;
}

export function applyOverrides(fileSettings: Settings, env: EnvOverrides): Effective {
  const settings: Settings = structuredClone(fileSettings);
  const overrides: string[] = [];
  const set = (key: string, apply: () => void) => {
    apply();
    overrides.push(key);
  };

  if (env.language !== undefined) set('language', () => (settings.language = env.language!));
  if (env.uitpasApi !== undefined) set('uitpas.api', () => (settings.uitpas.api = env.uitpasApi!));
  if (env.clientId !== undefined) set('uitpas.clientId', () => (settings.uitpas.clientId = env.clientId));
  if (env.demo !== undefined) set('demo', () => (settings.demo = env.demo!));
  if (env.uitpasUrl !== undefined) {
    set('uitpas.environment', () => (settings.uitpas.environment = 'custom'));
    set('uitpas.customUrl', () => (settings.uitpas.customUrl = env.uitpasUrl));
  }
  if (env.consumerKey !== undefined) set('uitpas.consumerKey', () => (settings.uitpas.consumerKey = env.consumerKey));
  if (env.userId !== undefined) set('uitpas.userId', () => (settings.uitpas.userId = env.userId));
  if (env.counterKey !== undefined) set('uitpas.counterKey', () => (settings.uitpas.counterKey = env.counterKey));
  if (env.printerUrl !== undefined) set('printer.url', () => (settings.printer.url = env.printerUrl!));

  const secrets: Secrets = {};
  if (env.consumerSecret !== undefined) secrets.consumerSecret = env.consumerSecret;
  if (env.token !== undefined) secrets.token = env.token;
  if (env.tokenSecret !== undefined) secrets.tokenSecret = env.tokenSecret;
  if (env.clientSecret !== undefined) secrets.clientSecret = env.clientSecret;
  return { settings, overrides, secrets };
}

/** The `{prefix}` (…/uitid/rest) every UiTPAS path hangs under, or a problem to report. */
export function uitpasPrefixFor(uitpas: Settings['uitpas']): { prefix: string; problem?: string } {
  if (uitpas.environment !== 'custom') return { prefix: UITPAS_PREFIXES[uitpas.environment] };
  if (uitpas.customUrl) {
    const prefix = uitpas.customUrl.replace(/\/+$/, '');
    // Kept as configured (the client refuses to send), so the operator sees which address is wrong.
    if (!isUitpasUrl(prefix))
      return {
        prefix,
        problem: `uitpas.customUrl ${new URL(prefix).origin} is plain http: UiTPAS calls are refused until it is https (http only for 127.0.0.1)`,
      };
    return { prefix };
  }
  return {
    prefix: UITPAS_PREFIXES.test,
    problem: "uitpas.environment is 'custom' but uitpas.customUrl is missing; using the test environment",
  };
}

/**
 * The API 4 endpoints of an environment, or a problem to report. API 4 has no acceptance
 * environment (UiTiD has no acceptance realm): that choice runs on test and says so. 'custom'
 * needs all three addresses; http is kept as configured (the client refuses to send) and named.
 */
export function uitpasV4EndpointsFor(uitpas: Settings['uitpas']): { endpoints: UitpasV4Endpoints; problem?: string } {
  const env = uitpas.environment;
  if (env === 'test' || env === 'production') return { endpoints: { ...UITPAS_V4_ENDPOINTS[env] } };
  if (env === 'acceptance') {
    return {
      endpoints: { ...UITPAS_V4_ENDPOINTS.test },
      problem: "uitpas.environment 'acceptance' does not exist for API 4 (UiTiD has no acceptance realm); using the test environment",
    };
  }
  const { customApiUrl, customSearchUrl, customIssuerUrl } = uitpas;
  if (!customApiUrl || !customSearchUrl || !customIssuerUrl) {
    return {
      endpoints: { ...UITPAS_V4_ENDPOINTS.test },
      problem:
        "uitpas.environment is 'custom' but uitpas.customApiUrl, customSearchUrl or customIssuerUrl is missing; using the test environment",
    };
  }
  const endpoints = {
    apiBase: customApiUrl.replace(/\/+$/, ''),
    searchBase: customSearchUrl.replace(/\/+$/, ''),
    issuer: customIssuerUrl.replace(/\/+$/, ''),
  };
  const plain = Object.values(endpoints).filter((u) => !isUitpasUrl(u));
  if (plain.length > 0) {
    return {
      endpoints,
      problem: `${plain.map((u) => new URL(u).origin).join(', ')} is plain http: API 4 calls and the login are refused until it is https (http only for 127.0.0.1)`,
    };
  }
  return { endpoints };
}

/** Consumer key + secret and access token + secret: what a signed UiTPAS call needs. */
export function hasCompleteCredentials(settings: Settings, secrets: Secrets): boolean {
  return Boolean(settings.uitpas.consumerKey && secrets.consumerSecret && secrets.token && secrets.tokenSecret);
}

/**
 * 'auto' is live as soon as the installation has its application credentials (XML: consumer key
 * and secret; API 4: the UiTiD client id, a public client needing no secret): the employee's
 * token comes from the UiTiD login screen, not from the configuration.
 */
export function decideMode(settings: Settings, secrets: Secrets): 'demo' | 'live' {
  if (settings.demo === 'on') return 'demo';
  if (settings.demo === 'off') return 'live';
  if (settings.uitpas.api === 'v4') return settings.uitpas.clientId ? 'live' : 'demo';
  return settings.uitpas.consumerKey && secrets.consumerSecret ? 'live' : 'demo';
}
