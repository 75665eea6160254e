/**
 * Builds the login capability for the composition root: the secret store's contents merged under
 * the env overrides (env wins), the mode decided again with a stored consumer secret, and the
 * login of the installation's API: the XML LoginService whose credentials the XML client signs
 * with, or API 4's OidcLoginService whose bearer token the API 4 client sends.
 */
import type { AuthStatus } from '../../contract/schemas/auth.js';
import type { LoketContext } from '../config/index.js';
import { decideMode, type RuntimeConfig } from '../config/index.js';
import type { SettingsWriter } from '../config/settings-writer.js';
import type { EnvSource } from '../config/env-overrides.js';
import type { UitpasService, V4UitpasService, XmlUitpasService } from '../uitpas/index.js';
import { LoginService, type SessionSettings } from './login-service.js';
import { OidcLoginService } from './oidc/oidc-login-service.js';
import { FileSecretStore, MemorySecretStore, type SecretStore, type StoredOidcLogin, type StoredSecrets } from './secret-store.js';

export { LoginService, type LoginTransport, type CallbackOutcome } from './login-service.js';
export { OidcLoginService } from './oidc/oidc-login-service.js';
export type { LoginFlow } from './login-flow.js';
export { FileSecretStore, MemorySecretStore, updateSecrets, type SecretStore, type StoredSecrets } from './secret-store.js';
export { UnauthorizedWatch } from './watch-unauthorized.js';
export { callbackPage, CALLBACK_PATH } from './callback-page.js';

/**
 * Reads the stored secrets and puts them under the env ones in config.secrets (env wins), then
 * decides demo/live again: a consumer secret saved from the settings screen makes the run live.
 * A store that cannot be read is reported and treated as empty (the file is left alone).
 */
export async function loadSecrets(config: RuntimeConfig, store: SecretStore, warn: (msg: string) => void): Promise<StoredSecrets> {
  let stored: StoredSecrets = {};
  try {
    stored = await store.load();
  } catch (err) {
    warn(`secrets: ${(err as Error).message} — logged out until the next login`);
  }
  config.secrets = {
    ...((config.secrets.consumerSecret ?? stored.consumerSecret)
      ? { consumerSecret: config.secrets.consumerSecret ?? stored.consumerSecret }
      : {}),
    ...((config.secrets.clientSecret ?? stored.clientSecret) ? { clientSecret: config.secrets.clientSecret ?? stored.clientSecret } : {}),
    ...((config.secrets.token ?? stored.token) ? { token: config.secrets.token ?? stored.token } : {}),
    ...((config.secrets.tokenSecret ?? stored.tokenSecret) ? { tokenSecret: config.secrets.tokenSecret ?? stored.tokenSecret } : {}),
  };
  config.mode = decideMode(config.settings, config.secrets);
  return stored;
}

export function defaultSecretStore(dataDir: string): SecretStore {
  return new FileSecretStore(dataDir);
}

/** Either login; both answer the same contract calls (LoginFlow). */
export type Login = LoginService | OidcLoginService;

export interface CreateLoginOptions {
  uitpas: UitpasService;
  store: SecretStore;
  /** config.secrets as the env set them, before loadSecrets merged the store in. */
  envSecrets: { token?: string | undefined };
  /** API 4: the UiTiD login the store held at start (loadSecrets' answer), used only if it is this issuer's and client's. */
  storedOidc?: StoredOidcLogin | undefined;
  writer: SettingsWriter;
  env: EnvSource;
  resumeQueue(): void;
}

/**
 * In demo mode the simulator's employee is logged in from the start (as before), unless
 * LOKET_DEMO_LOGIN=1 asks to start logged out and go through the simulator's login page.
 */
export function createLogin(ctx: LoketContext, o: CreateLoginOptions): Login {
  const uitpas = o.uitpas;
  return uitpas.api === 'v4' ? createOidcLogin(ctx, o, uitpas) : createXmlLogin(ctx, o, uitpas);
}

function demoLoginAsked(env: EnvSource): boolean {
  return /^(1|true)$/i.test(env.LOKET_DEMO_LOGIN?.trim() ?? '');
}

/** Writes userId / counterKey / counterName on top of the settings file (undefined clears). */
function sessionSaver(writer: SettingsWriter) {
  return async (s: SessionSettings): Promise<void> => {
    await writer.update((file) => {
      const next = { ...file, uitpas: { ...file.uitpas } };
      for (const key of ['userId', 'counterKey', 'counterName'] as const) {
        if (s[key]) next.uitpas[key] = s[key];
        else delete next.uitpas[key];
      }
      return next;
    });
  };
}

/**
 * What both logins are wired to alike: a demo login lives in memory and never touches the
 * installation's stored login or settings; a live one saves both.
 */
function sharedLoginOptions(ctx: LoketContext, o: CreateLoginOptions, demo: boolean) {
  return {
    store: demo ? new MemorySecretStore() : o.store,
    persist: !demo,
    language: () => ctx.config.settings.language,
    saveSession: sessionSaver(o.writer),
    emit: (status: AuthStatus) => ctx.bus.emit('auth', status),
    resumeQueue: () => o.resumeQueue(),
    log: ctx.log,
  };
}

/**
 * API 4 (docs/uitpas-json-api.md §14). Live: the configured UiTiD environment and client; a stored
 * client secret means client access tokens. Demo: the local provider, whose login for the seed's
 * employee the counter starts with (LOKET_DEMO_LOGIN=1: logged out, through its login page).
 */
function createOidcLogin(ctx: LoketContext, o: CreateLoginOptions, uitpas: V4UitpasService): OidcLoginService {
  const { config } = ctx;
  const u = config.settings.uitpas;
  const demo = uitpas.demo;
  const uitid = demo
    ? { issuer: demo.endpoints.issuer, clientId: demo.clientId }
    : { issuer: uitpas.endpoints.issuer, clientId: u.clientId, clientSecret: config.secrets.clientSecret };
  const initial = demo
    ? demoLoginAsked(o.env)
      ? {}
      : {
          userId: demo.employee.userId,
          counterKey: demo.employee.counterKey,
          stored: { issuer: demo.endpoints.issuer, clientId: demo.clientId, refreshToken: demo.issueLogin() },
        }
    : { userId: u.userId, counterKey: u.counterKey, counterName: u.counterName, stored: o.storedOidc };
  return new OidcLoginService({
    uitid,
    listCounters: () => uitpas.port.listCounters(),
    initial,
    ...sharedLoginOptions(ctx, o, demo !== undefined),
  });
}

function createXmlLogin(ctx: LoketContext, o: CreateLoginOptions, uitpas: XmlUitpasService): LoginService {
  const { config } = ctx;
  const demo = uitpas.mode === 'demo';
  const sim = uitpas.demo?.credentials;
  const demoLogin = demoLoginAsked(o.env);
  const u = config.settings.uitpas;
  const initial = demo
    ? demoLogin
      ? { fromEnvironment: false }
      : { token: sim?.token, tokenSecret: sim?.tokenSecret, userId: sim?.userId, counterKey: sim?.counterKey, fromEnvironment: false }
    : {
        token: config.secrets.token,
        tokenSecret: config.secrets.tokenSecret,
        userId: u.userId,
        counterKey: u.counterKey,
        counterName: u.counterName,
        fromEnvironment: Boolean(o.envSecrets.token),
      };
  return new LoginService({
    client: uitpas.port,
    consumer: demo ? { key: sim?.consumerKey, secret: sim?.consumerSecret } : { key: u.consumerKey, secret: config.secrets.consumerSecret },
    initial,
    ...sharedLoginOptions(ctx, o, demo),
  });
}
