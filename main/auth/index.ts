/**
 * Builds the login capability for the composition root: the secret store's contents merged under
 * the env overrides (env wins), the mode decided again with a stored consumer secret, and the
 * LoginService whose credentials the UiTPAS client signs with.
 */
import type { LoketContext } from '../config/index.js';
import { decideMode, type RuntimeConfig } from '../config/index.js';
import type { SettingsWriter } from '../config/settings-writer.js';
import type { EnvSource } from '../config/env-overrides.js';
import type { UitpasService } from '../uitpas/index.js';
import { LoginService } from './login-service.js';
import { FileSecretStore, MemorySecretStore, type SecretStore, type StoredSecrets } from './secret-store.js';

export { LoginService, type LoginTransport, type CallbackOutcome } from './login-service.js';
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

export interface CreateLoginOptions {
  uitpas: UitpasService;
  store: SecretStore;
  /** config.secrets as the env set them, before loadSecrets merged the store in. */
  envSecrets: { token?: string | undefined };
  writer: SettingsWriter;
  env: EnvSource;
  resumeQueue(): void;
}

/**
 * In demo mode the simulator's employee is logged in from the start (as before), unless
 * LOKET_DEMO_LOGIN=1 asks to start logged out and go through the simulator's login page.
 */
export function createLogin(ctx: LoketContext, o: CreateLoginOptions): LoginService {
  const { config } = ctx;
  const demo = o.uitpas.mode === 'demo';
  const sim = o.uitpas.demo?.credentials;
  const demoLogin = /^(1|true)$/i.test(o.env.LOKET_DEMO_LOGIN?.trim() ?? '');
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
  const service = new LoginService({
    client: o.uitpas.port,
    store: demo ? new MemorySecretStore() : o.store,
    consumer: demo ? { key: sim?.consumerKey, secret: sim?.consumerSecret } : { key: u.consumerKey, secret: config.secrets.consumerSecret },
    initial,
    persist: !demo,
    language: () => ctx.config.settings.language,
    saveSession: async (s) => {
      await o.writer.update((file) => {
        const next = { ...file, uitpas: { ...file.uitpas } };
        for (const key of ['userId', 'counterKey', 'counterName'] as const) {
          if (s[key]) next.uitpas[key] = s[key];
          else delete next.uitpas[key];
        }
        return next;
      });
    },
    emit: (status) => ctx.bus.emit('auth', status),
    resumeQueue: () => o.resumeQueue(),
    log: ctx.log,
  });
  return service;
}
