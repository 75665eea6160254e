/**
 * The UiTiD login for the UiTPAS API 4 (docs/uitpas-json-api.md §14): OpenID Connect through
 * openid-client, behind the same contract calls and AuthStatus as the XML login.
 *
 * - An employee logs in with the Authorization Code flow, PKCE S256, state and nonce, in the login
 *   window or a popup; UiTiD redirects to the transport's loopback callback (RFC 8252 §7.3), which
 *   hands the URL to `completeCallback`.
 * - The access token lives in memory only, with its expiry; `bearerToken()` (what the API 4 client
 *   calls before every request) renews it ahead of expiry with the refresh token, one renewal at a
 *   time. The refresh token is kept in the SecretStore, tied to its issuer and client.
 * - An installation configured with a client id and secret uses client access tokens
 *   (`client_credentials`) instead: no employee login, no refresh token.
 * - A refused refresh or client token is the XML login's `expired` state: the sales queue pauses
 *   (it already did, on the refused call) and the screen asks for a login; nothing queued is lost.
 * - Counters are the organizers the token may act for (the port's `listCounters`, GET /permissions).
 *
 * Nothing here reaches the renderer but AuthStatus, which carries no token.
 */
import type { AuthStatus, CounterChoice, LoginStart } from '../../../contract/schemas/auth.js';
import type { Counter } from '../../../contract/domain.js';
import type { Language } from '../../../contract/settings.js';
import { AppError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/log.js';
import { UitpasError } from '../../uitpas/port.js';
import {
  CounterSelection,
  loginError,
  loginStatus,
  PendingLogin,
  type CallbackOutcome,
  type LoginFlow,
  type LoginTransport,
} from '../login-flow.js';
import { updateSecrets, type SecretStore, type StoredOidcLogin, type StoredSecrets } from '../secret-store.js';
import { isUitidLoginOrigin } from '../uitid-origins.js';
import { failure, UitidOidcClient, type OidcError, type PendingAuthorization, type Tokens } from './uitid-client.js';

/**
 * Renew this long before the access token expires: publiq advises "a couple of minutes before"
 * for clock skew (projects/authentication/docs/user-access-token.md, "Caching & expiration").
 */
export const REFRESH_AHEAD_MS = 2 * 60_000;
/**
 * A refused UiTPAS call is answered once with a new token; refused again within this window, the
 * login is over (publiq: "set a maximum number of retries ... to prevent an infinite loop").
 */
export const SILENT_RECOVERY_WINDOW_MS = 5 * 60_000;

export interface OidcSessionSettings {
  userId?: string | undefined;
  counterKey?: string | undefined;
  counterName?: string | undefined;
}

export interface OidcLoginOptions {
  uitid: {
    /** UITID_ISSUERS[environment], or the local provider's issuer (tests, demo). */
    issuer: string;
    clientId: string | undefined;
    /** Set: this installation uses client access tokens (client_credentials), not employee logins. */
    clientSecret?: string | undefined;
  };
  /** The organizers the current token may act for: the API 4 port's listCounters (GET /permissions). */
  listCounters(): Promise<Counter[]>;
  store: SecretStore;
  /** What the run starts with: the store's login (used only if it belongs to this issuer and client) and the settings. */
  initial: OidcSessionSettings & { stored?: StoredOidcLogin | undefined };
  /** false in demo mode: a training login must not overwrite the installation's stored login. */
  persist: boolean;
  language(): Language;
  saveSession(session: OidcSessionSettings): Promise<void>;
  emit(status: AuthStatus): void;
  /** Called after every successful login or renewal after a refusal: resumes the paused queue. */
  resumeQueue(): void;
  log?: Logger;
  now?: () => number;
  refreshAheadMs?: number;
  timeoutS?: number;
}

interface AccessToken {
  token: string;
  issuedAtMs: number;
  expiresAtMs: number | undefined;
}

export class OidcLoginService implements LoginFlow {
  readonly kind: 'user' | 'client';
  private readonly uitid: UitidOidcClient | undefined;
  private transport: LoginTransport | undefined;
  private access: AccessToken | undefined;
  private refreshToken: string | undefined;
  private userId: string | undefined;
  private readonly counters: CounterSelection;
  private readonly pending: PendingLogin<PendingAuthorization>;
  private expired = false;
  private loggedOut = false;
  private renewing: Promise<string> | undefined;
  private recoveredAtMs: number | undefined;
  /** Bumped by every login and logout: a renewal that started before must not undo it. */
  private epoch = 0;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly opts: OidcLoginOptions) {
    this.log = opts.log ?? silentLogger;
    this.now = opts.now ?? Date.now;
    this.pending = new PendingLogin(this.now);
    this.counters = new CounterSelection({
      fetch: () => this.fetchCounters(),
      save: () => this.saveSession(),
      unknown: 'This organizer is not one this login may act for (GET /permissions)',
      cannotSell: (name) => `${name} may not register ticket sales (no TICKETSALES_REGISTER)`,
    });
    const { issuer, clientId, clientSecret } = opts.uitid;
    this.kind = clientSecret ? 'client' : 'user';
    this.uitid = clientId
      ? new UitidOidcClient({ issuer, clientId, clientSecret: clientSecret || undefined, timeoutS: opts.timeoutS ?? 15 }, this.now)
      : undefined;
    const stored = opts.initial.stored;
    // A refresh token goes back only to the issuer and client that gave it.
    if (this.kind === 'user' && stored && stored.issuer === issuer && stored.clientId === clientId) {
      this.refreshToken = stored.refreshToken;
      this.userId = opts.initial.userId;
    }
    this.counters.restore(opts.initial.counterKey, opts.initial.counterName, this.hasLogin());
  }

  attachTransport(transport: LoginTransport): void {
    this.transport = transport;
  }

  // ---- the token the API 4 client sends ---------------------------------------------------------

  /**
   * A valid access token, renewed ahead of its expiry. Fails with UitpasError: `unauthorized`
   * when there is no login (or UiTiD refused it: the status turns `expired`), `not-sent` when
   * UiTiD cannot be reached or answers wrongly while no valid token is left.
   */
  async bearerToken(): Promise<string> {
    if (!this.uitid) throw new UitpasError('unauthorized', 'the UiTiD client id is not configured');
    if (!this.hasLogin()) throw new UitpasError('unauthorized', 'not logged in to UiTiD');
    if (this.expired) throw new UitpasError('unauthorized', 'the UiTiD login has expired: log in again');
    const access = this.access;
    if (access && !this.dueForRenewal(access)) return access.token;
    if (this.kind === 'user' && this.refreshToken === undefined) {
      // No refresh token (offline_access not granted): the access token serves until it expires.
      if (access && !this.isExpired(access)) return access.token;
      this.markExpired('the UiTiD access token expired and there is no refresh token');
      throw new UitpasError('unauthorized', 'the UiTiD login has expired: log in again');
    }
    return this.renew();
  }

  private dueForRenewal(a: AccessToken): boolean {
    if (a.expiresAtMs === undefined) return false;
    // Never more than half the token's life ahead, or a short-lived token would be renewed on every call.
    const ahead = Math.min(this.opts.refreshAheadMs ?? REFRESH_AHEAD_MS, (a.expiresAtMs - a.issuedAtMs) / 2);
    return this.now() >= a.expiresAtMs - ahead;
  }

  private isExpired(a: AccessToken): boolean {
    return a.expiresAtMs !== undefined && this.now() >= a.expiresAtMs;
  }

  /** One renewal at a time: with rotation, a second refresh with the same token would be a replay. */
  private renew(): Promise<string> {
    if (this.renewing) return this.renewing;
    const run: Promise<string> = this.doRenew().finally(() => {
      if (this.renewing === run) this.renewing = undefined;
    });
    this.renewing = run;
    return run;
  }

  private async doRenew(): Promise<string> {
    const uitid = this.uitid!;
    const epoch = this.epoch;
    const current = this.access;
    let tokens: Tokens;
    try {
      tokens = this.kind === 'client' ? await uitid.clientCredentials() : await uitid.refresh(this.refreshToken!);
    } catch (err) {
      const e = failure(err, 'the token renewal');
      if (epoch !== this.epoch) throw new UitpasError('unauthorized', 'the login changed while its token was renewed');
      if (e.kind === 'refused') {
        await this.refused(e);
        throw new UitpasError('unauthorized', e.message, { cause: e });
      }
      // UiTiD is away for a moment: a token that has not expired yet still does.
      if (current && !this.isExpired(current)) {
        this.log.warn('auth: renewing the UiTiD token failed; the current one is used until it expires', { err: e });
        return current.token;
      }
      throw new UitpasError('not-sent', e.message, { cause: e });
    }
    if (epoch !== this.epoch) throw new UitpasError('unauthorized', 'the login changed while its token was renewed');
    await this.accept(tokens);
    return tokens.accessToken;
  }

  private async accept(tokens: Tokens): Promise<void> {
    this.access = { token: tokens.accessToken, issuedAtMs: this.now(), expiresAtMs: tokens.expiresAtMs };
    if (this.kind === 'user' && tokens.refreshToken && tokens.refreshToken !== this.refreshToken) {
      // Rotation: the old token is spent at UiTiD, so the new one must be what the next start finds.
      this.refreshToken = tokens.refreshToken;
      await this.saveRefreshToken(tokens.refreshToken);
    }
  }

  /** UiTiD refused the refresh token or the client credentials: the employee (or the settings) must act. */
  private async refused(e: OidcError): Promise<void> {
    this.access = undefined;
    if (this.kind === 'user' && this.refreshToken !== undefined) {
      this.refreshToken = undefined;
      await this.saveRefreshToken(undefined);
    }
    this.markExpired(e.message);
  }

  private markExpired(why: string): void {
    if (this.expired) return;
    this.expired = true;
    this.log.warn(`auth: ${why}; asking for a new UiTiD login`);
    this.changed();
  }

  // ---- login --------------------------------------------------------------------------------

  status(): AuthStatus {
    const base = {
      fromEnvironment: false,
      consumerConfigured: this.uitid !== undefined,
      secretStorage: { kind: this.opts.store.kind, plainText: this.opts.store.plainText },
    };
    return loginStatus(base, {
      loggedIn: this.hasLogin(),
      expired: this.expired,
      loggedOut: this.loggedOut,
      waiting: this.pending.current() !== undefined,
      userId: this.userId,
      counter: this.counters.current,
    });
  }

  /**
   * Kept while the login is expired, as the XML login does: a sale made meanwhile is queued for
   * this counter and employee and sent after the next login. Only a log out ends the session.
   */
  session(): { counterKey: string | undefined; userId: string | undefined } {
    const on = this.uitid !== undefined && !this.loggedOut;
    return { counterKey: on ? this.counters.current?.consumerKey : undefined, userId: on ? this.userId : undefined };
  }

  private hasLogin(): boolean {
    if (!this.uitid || this.loggedOut) return false;
    return this.kind === 'client' || this.refreshToken !== undefined || this.access !== undefined;
  }

  /**
   * An employee login: the authorize URL, opened by the login window or by the renderer's popup.
   * With client credentials there is nothing to show: a fresh client token is asked for, and
   * `opens: 'window'` tells the renderer to wait for the auth event (the contract has no third way).
   */
  async start(): Promise<LoginStart> {
    const uitid = this.uitid;
    if (!uitid) throw new AppError('AUTH_NO_CONSUMER', 'The UiTiD client id is not configured (settings)');
    if (this.kind === 'client') return this.startClient(uitid);
    const transport = this.transport;
    if (!transport) throw new AppError('AUTH_NO_TRANSPORT', 'Login is not available yet: the window or web host is still starting');
    let request: { url: string; pending: PendingAuthorization };
    try {
      request = await uitid.authorizationRequest({ redirectUri: transport.callbackUrl(), language: this.opts.language() });
    } catch (err) {
      throw appError(err, 'discovery');
    }
    // The password form may only come from UiTiD itself (or the provider on loopback).
    if (!isUitidLoginOrigin(request.url)) {
      throw new AppError(
        'AUTH_LOGIN_ORIGIN',
        "The UiTiD login opens only on UiTiD's own https addresses; choose the test or production environment",
      );
    }
    this.pending.set(request.pending);
    await transport.open(request.url);
    this.changed();
    return { authorizeUrl: request.url, opens: transport.opens };
  }

  private async startClient(uitid: UitidOidcClient): Promise<LoginStart> {
    this.epoch++;
    this.renewing = undefined;
    let tokens: Tokens;
    try {
      tokens = await uitid.clientCredentials();
    } catch (err) {
      const e = failure(err, 'the client access token request');
      if (e.kind === 'refused') await this.refused(e);
      throw appError(e, 'client_credentials');
    }
    await this.accept(tokens);
    await this.loggedIn();
    return { authorizeUrl: uitid.issuer, opens: 'window' };
  }

  /**
   * The URL that reached the callback. Only the login in progress is accepted (its `state`):
   * anything else is refused and changes nothing. openid-client then checks state, issuer and
   * the ID token again, and sends the PKCE verifier with the code.
   */
  async completeCallback(callback: URL): Promise<CallbackOutcome> {
    const pending = this.pending.current();
    if (!pending) {
      return { ok: false, reason: 'no-login-pending', message: 'No login is in progress (or it took longer than 15 minutes)' };
    }
    if (callback.searchParams.get('state') !== pending.state) {
      return { ok: false, reason: 'token-mismatch', message: 'This callback does not belong to the login in progress' };
    }
    this.pending.clear();
    const error = callback.searchParams.get('error');
    if (error || !callback.searchParams.get('code')) {
      this.changed();
      return { ok: false, reason: 'denied', message: `UiTiD did not authorise the login (${error ?? 'no code'})` };
    }
    let tokens: Tokens;
    try {
      tokens = await this.uitid!.exchangeCode(callback, pending);
    } catch (err) {
      this.changed();
      this.log.warn('auth: the UiTiD code exchange failed', { err });
      return { ok: false, reason: 'failed', message: failure(err, 'the code exchange').message };
    }
    // A renewal of the previous login that is still under way must not overwrite this one.
    this.epoch++;
    this.renewing = undefined;
    const sameUser = this.userId !== undefined && this.userId === tokens.userId;
    this.userId = tokens.userId;
    if (!sameUser) this.counters.clear();
    this.access = { token: tokens.accessToken, issuedAtMs: this.now(), expiresAtMs: tokens.expiresAtMs };
    this.refreshToken = tokens.refreshToken;
    await this.saveRefreshToken(tokens.refreshToken);
    await this.loggedIn();
    return { ok: true };
  }

  private async loggedIn(): Promise<void> {
    this.expired = false;
    this.loggedOut = false;
    this.recoveredAtMs = undefined;
    await this.saveSession();
    this.log.info(this.kind === 'client' ? 'auth: UiTiD client access token received' : 'auth: logged in to UiTiD');
    try {
      await this.counters.pickAfterLogin();
    } catch (err) {
      // The login itself worked; the counter screen offers the list again and shows its error.
      this.log.warn('auth: GET /permissions after the login failed', { err });
    }
    this.changed();
    this.opts.resumeQueue();
  }

  cancelPending(): void {
    if (this.pending.clear()) this.changed();
  }

  async logout(): Promise<AuthStatus> {
    this.epoch++;
    this.renewing = undefined;
    const refreshToken = this.refreshToken;
    this.access = undefined;
    this.refreshToken = undefined;
    this.userId = undefined;
    this.counters.clear();
    this.pending.clear();
    this.expired = false;
    this.loggedOut = true;
    await this.saveRefreshToken(undefined);
    await this.saveSession();
    // Not awaited: the login is over here whatever UiTiD answers, and it may be unreachable.
    if (refreshToken && this.uitid) {
      this.uitid.revoke(refreshToken).catch((err: unknown) => this.log.warn('auth: revoking the refresh token at UiTiD failed', { err }));
    }
    this.log.info('auth: logged out');
    this.changed();
    return this.status();
  }

  /**
   * A UiTPAS call was refused for its token (401, or 403 until the queue tells them apart). The
   * token is dropped and renewed once, silently; refused again soon after, or with nothing to
   * renew with, the login is expired and the screen asks for a new one.
   */
  unauthorized(): void {
    if (!this.hasLogin() || this.expired) return;
    this.access = undefined;
    const canRenew = this.kind === 'client' || this.refreshToken !== undefined;
    const recent = this.recoveredAtMs !== undefined && this.now() - this.recoveredAtMs < SILENT_RECOVERY_WINDOW_MS;
    if (!canRenew || recent) {
      this.markExpired('UiTPAS refused the UiTiD token');
      return;
    }
    this.recoveredAtMs = this.now();
    // Resumed either way but refused: after a transient failure the queue meets `not-sent` and
    // waits as it does offline; a refusal has turned the status `expired`, which keeps it paused.
    this.renew().then(
      () => this.opts.resumeQueue(),
      () => {
        if (!this.expired) this.opts.resumeQueue();
      },
    );
  }

  // ---- organizers (Loket's counters) --------------------------------------------------------

  async listCounters(): Promise<CounterChoice[]> {
    if (!this.hasLogin() || this.expired) throw new AppError('AUTH_LOGIN_REQUIRED', 'Log in first');
    return this.counters.choices();
  }

  async chooseCounter(consumerKey: string): Promise<AuthStatus> {
    if (!this.hasLogin() || this.expired) throw new AppError('AUTH_LOGIN_REQUIRED', 'Log in first');
    await this.counters.choose(consumerKey);
    this.changed();
    this.opts.resumeQueue();
    return this.status();
  }

  private async fetchCounters(): Promise<Counter[]> {
    try {
      return await this.opts.listCounters();
    } catch (err) {
      if (err instanceof UitpasError && err.kind === 'unauthorized') this.unauthorized();
      throw appError(err, 'GET /permissions');
    }
  }

  // ---- persistence ----------------------------------------------------------------------------

  /** A store that cannot be written keeps the login for this run only: reported, never fatal. */
  private async saveRefreshToken(refreshToken: string | undefined): Promise<void> {
    if (!this.opts.persist || !this.uitid) return;
    const oidc = refreshToken ? { issuer: this.opts.uitid.issuer, clientId: this.opts.uitid.clientId!, refreshToken } : undefined;
    try {
      await updateSecrets(this.opts.store, (s: StoredSecrets) => ({ ...s, oidc }));
    } catch (err) {
      this.log.warn('auth: the secret store could not be written; the login holds for this run only', { err });
    }
  }

  private async saveSession(): Promise<void> {
    if (!this.opts.persist) return;
    try {
      await this.opts.saveSession({ userId: this.userId, ...this.counters.lastUsed });
    } catch (err) {
      this.log.warn('auth: the settings file could not be written; the login holds for this run only', { err });
    }
  }

  private changed(): void {
    this.opts.emit(this.status());
  }
}

/** A failed UiTiD or UiTPAS exchange as an error the renderer can name (the XML login's codes). */
function appError(err: unknown, step: string): Error {
  if (err instanceof AppError) return err;
  if (err instanceof UitpasError) return loginError(err, 'UiTPAS', step);
  const e = failure(err, step);
  if (e.kind === 'refused') return new AppError('AUTH_REFUSED', e.message);
  if (e.kind === 'unreachable') return new AppError('UITPAS_OFFLINE', e.message);
  return new AppError('UITPAS_UNAVAILABLE', e.message);
}
