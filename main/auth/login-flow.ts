/**
 * What both logins share (docs/architecture.md §7): the XML API's OAuth 1.0a login
 * (login-service.ts) and API 4's OpenID Connect login (oidc/oidc-login-service.ts) are shown
 * the same way (a login window or a popup), come back the same way (a loopback callback URL the
 * transport catches and hands over whole) and answer the same contract calls.
 */
import type { AuthStatus, CounterChoice, LoginStart } from '../../contract/schemas/auth.js';
import type { Counter } from '../../contract/domain.js';
import { AppError } from '../core/errors.js';
import type { UitpasError } from '../uitpas/port.js';

/** How the current transport shows the authorize page and catches the callback. */
export interface LoginTransport {
  readonly opens: 'popup' | 'window';
  /**
   * The loopback URL UiTiD redirects to (oauth_callback, or OAuth 2's redirect_uri); the
   * transport hands every request that reaches it to `completeCallback`.
   */
  callbackUrl(): string;
  /** Electron opens its login window; the web host does nothing (the renderer opens a popup). */
  open(authorizeUrl: string): Promise<void> | void;
}

export type CallbackOutcome =
  { ok: true } | { ok: false; reason: 'no-login-pending' | 'token-mismatch' | 'denied' | 'failed'; message: string };

/** A login attempt older than this is refused at the callback. */
export const PENDING_LOGIN_TTL_MS = 15 * 60_000;

/** What the runtime, the contract handlers and the transports need of a login. */
export interface LoginFlow {
  attachTransport(transport: LoginTransport): void;
  status(): AuthStatus;
  start(): Promise<LoginStart>;
  /** The whole URL that reached the callback; only the login in progress is accepted. */
  completeCallback(callback: URL): Promise<CallbackOutcome>;
  /** The login window was closed without logging in. */
  cancelPending(): void;
  listCounters(): Promise<CounterChoice[]>;
  chooseCounter(consumerKey: string): Promise<AuthStatus>;
  logout(): Promise<AuthStatus>;
  /** A UiTPAS call was refused for its credentials. */
  unauthorized(): void;
  /** For the sales service: the counter to name and the employee. */
  session(): { counterKey: string | undefined; userId: string | undefined };
}

/** The login whose callback is awaited; older than PENDING_LOGIN_TTL_MS, it is forgotten. */
export class PendingLogin<T> {
  private held: { value: T; atMs: number } | undefined;

  constructor(private readonly now: () => number) {}

  set(value: T): void {
    this.held = { value, atMs: this.now() };
  }

  /** The login still awaited, if any; a stale one is dropped here. */
  current(): T | undefined {
    if (this.held && this.now() - this.held.atMs > PENDING_LOGIN_TTL_MS) this.held = undefined;
    return this.held?.value;
  }

  /** Forgets it; false when there was none (not even a stale one), so nothing changed. */
  clear(): boolean {
    const had = this.held !== undefined;
    this.held = undefined;
    return had;
  }
}

/** What a login is at, as both logins tell the renderer. */
export function loginStatus(
  base: Pick<AuthStatus, 'fromEnvironment' | 'consumerConfigured' | 'secretStorage'>,
  s: {
    loggedIn: boolean;
    expired: boolean;
    loggedOut: boolean;
    waiting: boolean;
    userId: string | undefined;
    counter: { consumerKey: string; name?: string } | undefined;
  },
): AuthStatus {
  if (!s.loggedIn || s.expired) {
    const reason = s.expired ? 'expired' : s.loggedOut ? 'logged-out' : 'none';
    return { ...base, state: s.waiting ? 'waiting' : 'logged-out', reason };
  }
  const user = s.userId ? { userId: s.userId } : {};
  if (!s.counter) return { ...base, ...user, state: s.waiting ? 'waiting' : 'choose-counter' };
  return { ...base, ...user, counter: { ...s.counter }, state: s.waiting ? 'waiting' : 'ready' };
}

/**
 * The counter a login sells at, and the one used last: that one stays in the settings after a
 * logout so the counter list marks it "Laatst gebruikt" next time.
 */
export class CounterSelection {
  private selected: { consumerKey: string; name?: string } | undefined;
  private lastKey: string | undefined;
  private lastName: string | undefined;
  private fetched: Counter[] = [];

  constructor(
    private readonly o: {
      /** The counters this login may act for (its errors already the service's own). */
      fetch(): Promise<Counter[]>;
      /** Saves the session once the counter changed. */
      save(): Promise<void>;
      /** The errors for a counter that cannot be chosen, in the API's terms. */
      unknown: string;
      cannotSell(name: string): string;
    },
  ) {}

  /** The settings' counter, which is the selected one too when the run starts logged in. */
  restore(counterKey: string | undefined, counterName: string | undefined, loggedIn: boolean): void {
    if (!counterKey) return;
    this.lastKey = counterKey;
    this.lastName = counterName;
    if (loggedIn) this.selected = { consumerKey: counterKey, ...(counterName ? { name: counterName } : {}) };
  }

  get current(): { consumerKey: string; name?: string } | undefined {
    return this.selected;
  }

  get lastUsed(): { counterKey: string | undefined; counterName: string | undefined } {
    return { counterKey: this.lastKey, counterName: this.lastName };
  }

  clear(): void {
    this.selected = undefined;
  }

  async fetch(): Promise<Counter[]> {
    this.fetched = await this.o.fetch();
    return this.fetched;
  }

  /** After a login: the same employee keeps the counter they were selling at, else the only one that sells. */
  async pickAfterLogin(): Promise<void> {
    const sellable = (await this.fetch()).filter((c) => c.canSell);
    const kept = this.selected && sellable.find((c) => c.consumerKey === this.selected!.consumerKey);
    if (kept) await this.select(kept);
    else if (sellable.length === 1) await this.select(sellable[0]!);
    else this.selected = undefined;
  }

  /** The last used first, then those that sell, then by name. */
  async choices(): Promise<CounterChoice[]> {
    const counters = await this.fetch();
    const last = this.lastKey;
    const rank = (c: Counter) => (c.consumerKey === last ? 0 : c.canSell ? 1 : 2);
    return [...counters]
      .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'nl'))
      .map((c) => ({ ...c, lastUsed: c.consumerKey === last }));
  }

  async choose(consumerKey: string): Promise<void> {
    let found = this.fetched.find((c) => c.consumerKey === consumerKey);
    if (!found) found = (await this.fetch()).find((c) => c.consumerKey === consumerKey);
    if (!found) throw new AppError('COUNTER_UNKNOWN', this.o.unknown);
    if (!found.canSell) throw new AppError('COUNTER_CANNOT_SELL', this.o.cannotSell(found.name));
    await this.select(found);
  }

  private async select(c: Counter): Promise<void> {
    this.selected = { consumerKey: c.consumerKey, name: c.name };
    this.lastKey = c.consumerKey;
    this.lastName = c.name;
    await this.o.save();
  }
}

/**
 * A UiTiD or UiTPAS exchange of a login that failed, as the codes the login screens translate:
 * the same for both logins, with UiTPAS's words for the employee when it gave them.
 */
export function loginError(err: UitpasError, who: 'UiTiD' | 'UiTPAS', step: string): AppError {
  switch (err.kind) {
    case 'unauthorized':
      return new AppError('AUTH_REFUSED', `${who} refused ${step}: ${err.message}`);
    case 'not-sent':
      return new AppError('UITPAS_OFFLINE', `${who} cannot be reached (${step}): ${err.message}`);
    case 'rejected':
      return new AppError('UITPAS_REJECTED', err.message, {
        code: err.code ?? 'UNKNOWN',
        message: err.message,
        ...(err.endUserMessage ? { endUserMessage: err.endUserMessage } : {}),
      });
    default:
      return new AppError('UITPAS_UNAVAILABLE', `${who} did not answer properly (${step}): ${err.message}`);
  }
}
