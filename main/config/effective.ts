/**
 * Pure decisions on top of the settings file and the environment overrides: the effective
 * settings, which keys came from the environment, the UiTPAS prefix and demo vs live mode.
 */
import { isUitpasUrl } from '../../contract/settings-form.js';
import type { Settings } from '../../contract/settings.js';
import type { EnvOverrides } from './env-overrides.js';

/** The built-in environments, all https: signed calls and the UiTiD login never go out in clear. */
export const UITPAS_PREFIXES = {
  test: 'https://test.uitid.be/uitid/rest',
  acceptance: 'https://acc.uitid.be/uitid/rest',
  production: 'https://www.uitid.be/uitid/rest',
} as const;

export interface Secrets {
  consumerSecret?: string | undefined;
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

/** Consumer key + secret and access token + secret: what a signed UiTPAS call needs. */
export function hasCompleteCredentials(settings: Settings, secrets: Secrets): boolean {
  return Boolean(settings.uitpas.consumerKey && secrets.consumerSecret && secrets.token && secrets.tokenSecret);
}

/**
 * 'auto' is live as soon as the installation has its application credentials (consumer key and
 * secret): the employee's token comes from the UiTiD login screen, not from the configuration.
 */
export function decideMode(settings: Settings, secrets: Secrets): 'demo' | 'live' {
  if (settings.demo === 'on') return 'demo';
  if (settings.demo === 'off') return 'live';
  return settings.uitpas.consumerKey && secrets.consumerSecret ? 'live' : 'demo';
}
