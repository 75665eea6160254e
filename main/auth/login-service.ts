/**
 * The employee's UiTiD login and the active counter, independent of the transport
 * (docs/architecture.md §7, docs/uitpas-xml-api.md §3–§4): request token with a callback the
 * transport can catch -> authorize URL -> verifier -> access token + userId -> `balie/list` -> the
 * counter whose consumerKey names every call. Tokens live in the SecretStore; userId and the
 * counter in settings. An `unauthorized` answer anywhere marks the login expired (the sales queue
 * pauses by itself and is resumed here after the next login, so queued sales are neither lost nor
 * blocked).
 */
import { isUitidLoginOrigin } from './uitid-origins.js';
import type { AuthStatus, CounterChoice } from '../../contract/schemas/auth.js';
import type { Counter } from '../../contract/domain.js';
import type { Language } from '../../contract/settings.js';
import { AppError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/log.js';
import type { AccessToken, ClientCredentials, TokenPair } from '../uitpas/client.js';
import { UitpasError } from '../uitpas/port.js';
import { updateSecrets, type SecretStore, type StoredSecrets } from './secret-store.js';
import {
  CounterSelection,
  loginError,
  loginStatus,
  PendingLogin,
  type CallbackOutcome,
  type LoginFlow,
  type LoginTransport,
} from './login-flow.js';

/** The UiTiD calls login needs (UitpasClient has them). */
export interface LoginClient {
  requestToken(callbackUrl: string): Promise<TokenPair>;
  authorizeUrl(requestToken: string, lang: Language): string;
  accessToken(requestToken: TokenPair, verifier: string): Promise<AccessToken>;
  /** Signed with the credentials this service supplies: call after the access token is in place. */
  listCounters(): Promise<Counter[]>;
}

export interface SessionSettings {
  userId?: string | undefined;
  counterKey?: string | undefined;
  counterName?: string | undefined;
}

export interface LoginServiceOptions {
  client: LoginClient;
  store: SecretStore;
  /** The application's consumer key and secret for this run. */
  consumer: { key?: string | undefined; secret?: string | undefined };
  /** What the run starts with: env overrides, else the store and the settings file. */
  initial: SessionSettings & { token?: string | undefined; tokenSecret?: string | undefined; fromEnvironment: boolean };
  /** false in demo mode: a training login must not overwrite the installation's stored login. */
  persist: boolean;
  language(): Language;
  /** Saves userId / counterKey / counterName on top of the settings file (undefined clears). */
  saveSession(session: SessionSettings): Promise<void>;
  emit(status: AuthStatus): void;
  /** Called after every successful login: resumes a queue paused on `unauthorized`. */
  resumeQueue(): void;
  log?: Logger;
  now?: () => number;
}

export { PENDING_LOGIN_TTL_MS, type CallbackOutcome, type LoginTransport } from './login-flow.js';

interface Login {
  token: string;
  tokenSecret: string;
  userId: string | undefined;
}

export class LoginService implements LoginFlow {
  private login: Login | undefined;
  private readonly counters: CounterSelection;
  private readonly pending: PendingLogin<TokenPair>;
  private expired = false;
  private loggedOut = false;
  private fromEnvironment: boolean;
  private transport: LoginTransport | undefined;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly opts: LoginServiceOptions) {
    this.log = opts.log ?? silentLogger;
    this.now = opts.now ?? Date.now;
    this.pending = new PendingLogin(this.now);
    this.counters = new CounterSelection({
      fetch: () => this.fetchCounters(),
      save: () => this.saveSession(),
      unknown: 'This counter is not one of yours (balie/list)',
      cannotSell: (name) => `${name} is not a ticket counter (not in the Checkin and Ticket balies group)`,
    });
    const i = opts.initial;
    if (i.token && i.tokenSecret) this.login = { token: i.token, tokenSecret: i.tokenSecret, userId: i.userId };
    this.fromEnvironment = i.fromEnvironment && this.login !== undefined;
    this.counters.restore(i.counterKey, i.counterName, this.login !== undefined);
  }

  /** The transport that can catch the callback (web host or Electron), attached once it runs. */
  attachTransport(transport: LoginTransport): void {
    this.transport = transport;
  }

  /** What the UiTPAS client signs with on every call: read live, so a login applies at once. */
  credentials(): ClientCredentials {
    const c: ClientCredentials = { consumerKey: this.opts.consumer.key ?? '', consumerSecret: this.opts.consumer.secret ?? '' };
    if (this.login) {
      c.token = this.login.token;
      c.tokenSecret = this.login.tokenSecret;
      if (this.login.userId) c.userId = this.login.userId;
    }
    return c;
  }

  /** For the sales service: the counter to name (balieConsumerKey) and the employee. */
  session(): { counterKey: string | undefined; userId: string | undefined } {
    return { counterKey: this.login ? this.counters.current?.consumerKey : undefined, userId: this.login?.userId };
  }

  status(): AuthStatus {
    const base = {
      fromEnvironment: this.fromEnvironment,
      consumerConfigured: Boolean(this.opts.consumer.key && this.opts.consumer.secret),
      secretStorage: { kind: this.opts.store.kind, plainText: this.opts.store.plainText },
    };
    return loginStatus(base, {
      loggedIn: this.login !== undefined,
      expired: this.expired,
      loggedOut: this.loggedOut,
      waiting: this.pending.current() !== undefined,
      userId: this.login?.userId,
      counter: this.counters.current,
    });
  }

  /** Starts a login: a fresh request token and the authorize URL (opened by Electron, or by the renderer). */
  async start(): Promise<{ authorizeUrl: string; opens: 'popup' | 'window' }> {
    const transport = this.transport;
    if (!transport) throw new AppError('AUTH_NO_TRANSPORT', 'Login is not available yet: the window or web host is still starting');
    if (!this.opts.consumer.key || !this.opts.consumer.secret) {
      throw new AppError('AUTH_NO_CONSUMER', 'The application consumer key and secret are not configured (settings)');
    }
    // Before any token is asked for: the password form may only come from UiTiD itself.
    // mutation-check: login-service-origin
    if (!isUitidLoginOrigin(this.opts.client.authorizeUrl('check', this.opts.language()))) {
      throw new AppError(
        'AUTH_LOGIN_ORIGIN',
        "The UiTiD login opens only on UiTiD's own https addresses; choose the test, acceptance or production environment",
      );
    }
    let requestToken: TokenPair;
    try {
      requestToken = await this.opts.client.requestToken(transport.callbackUrl());
    } catch (err) {
      throw uitidError(err, 'requestToken');
    }
    this.pending.set(requestToken);
    const authorizeUrl = this.opts.client.authorizeUrl(requestToken.token, this.opts.language());
    await transport.open(authorizeUrl);
    this.changed();
    return { authorizeUrl, opens: transport.opens };
  }

  /** The whole URL the transport caught at the callback. */
  completeCallback(callback: URL): Promise<CallbackOutcome> {
    return this.complete({ token: callback.searchParams.get('oauth_token'), verifier: callback.searchParams.get('oauth_verifier') });
  }

  /**
   * What arrived at the callback (`oauth_token`, `oauth_verifier`). Only the request token of the
   * login in progress is accepted (the state check): anything else is refused and changes nothing.
   */
  async complete(params: { token: string | null; verifier: string | null }): Promise<CallbackOutcome> {
    const pending = this.pending.current();
    if (!pending) {
      return { ok: false, reason: 'no-login-pending', message: 'No login is in progress (or it took longer than 15 minutes)' };
    }
    if (!params.token || params.token !== pending.token) {
      return { ok: false, reason: 'token-mismatch', message: 'This callback does not belong to the login in progress' };
    }
    this.pending.clear();
    if (!params.verifier) {
      this.changed();
      return { ok: false, reason: 'denied', message: 'UiTiD did not authorise the login (no verifier)' };
    }
    let access: AccessToken;
    try {
      access = await this.opts.client.accessToken(pending, params.verifier);
    } catch (err) {
      this.changed();
      this.log.warn('auth: accessToken failed', { err });
      return { ok: false, reason: 'failed', message: uitidError(err, 'accessToken').message };
    }
    await this.loggedIn(access);
    return { ok: true };
  }

  private async loggedIn(access: AccessToken): Promise<void> {
    const sameUser = this.login?.userId === access.userId;
    this.login = { token: access.token, tokenSecret: access.tokenSecret, userId: access.userId };
    this.expired = false;
    this.loggedOut = false;
    this.fromEnvironment = false;
    if (!sameUser) this.counters.clear();
    await this.saveSecrets((s) => ({ ...s, token: access.token, tokenSecret: access.tokenSecret }));
    await this.saveSession();
    this.log.info('auth: logged in to UiTiD');
    try {
      await this.counters.pickAfterLogin();
    } catch (err) {
      // The login itself worked; the counter screen offers the list again and shows its error.
      this.log.warn('auth: balie/list after login failed', { err });
    }
    this.changed();
    this.opts.resumeQueue();
  }

  /** The login window was closed without logging in: back to the state before the attempt. */
  cancelPending(): void {
    if (this.pending.clear()) this.changed();
  }

  async listCounters(): Promise<CounterChoice[]> {
    if (!this.login || this.expired) throw new AppError('AUTH_LOGIN_REQUIRED', 'Log in first');
    return this.counters.choices();
  }

  async chooseCounter(consumerKey: string): Promise<AuthStatus> {
    if (!this.login || this.expired) throw new AppError('AUTH_LOGIN_REQUIRED', 'Log in first');
    await this.counters.choose(consumerKey);
    this.changed();
    this.opts.resumeQueue();
    return this.status();
  }

  async logout(): Promise<AuthStatus> {
    this.login = undefined;
    this.counters.clear();
    this.pending.clear();
    this.expired = false;
    this.loggedOut = true;
    this.fromEnvironment = false;
    await this.saveSecrets((s) => ({ ...s, token: undefined, tokenSecret: undefined }));
    await this.saveSession();
    this.log.info('auth: logged out');
    this.changed();
    return this.status();
  }

  /** Any UiTPAS call answered 401/403/ACCESS_DENIED: ask for a new login (nothing is discarded). */
  unauthorized(): void {
    if (!this.login || this.expired) return;
    this.expired = true;
    this.log.warn('auth: UiTPAS refused the login; asking the employee to log in again');
    this.changed();
  }

  private async fetchCounters(): Promise<Counter[]> {
    try {
      return await this.opts.client.listCounters();
    } catch (err) {
      if (err instanceof UitpasError && err.kind === 'unauthorized') this.unauthorized();
      throw uitidError(err, 'balie/list');
    }
  }

  /** Like the secrets: a settings file that cannot be written is reported, the session holds. */
  private async saveSession(): Promise<void> {
    if (!this.opts.persist) return;
    try {
      // The last counter stays in the settings after a logout: it is "Laatst gebruikt" next time.
      await this.opts.saveSession({ userId: this.login?.userId, ...this.counters.lastUsed });
    } catch (err) {
      this.log.warn('auth: the settings file could not be written; the login holds for this run only', { err });
    }
  }

  /** A store that cannot be written keeps the login for this run only: reported, never fatal. */
  private async saveSecrets(update: (s: StoredSecrets) => StoredSecrets): Promise<void> {
    if (!this.opts.persist) return;
    try {
      await updateSecrets(this.opts.store, update);
    } catch (err) {
      this.log.warn('auth: the secret store could not be written; the login holds for this run only', { err });
    }
  }

  private changed(): void {
    this.opts.emit(this.status());
  }
}

/** A failed UiTiD exchange as an error the renderer can name. */
function uitidError(err: unknown, step: string): Error {
  if (err instanceof AppError) return err;
  if (!(err instanceof UitpasError)) return err instanceof Error ? err : new Error(String(err));
  return loginError(err, 'UiTiD', step);
}
