/**
 * What both logins share (docs/architecture.md §7): the XML API's OAuth 1.0a login
 * (login-service.ts) and API 4's OpenID Connect login (oidc/oidc-login-service.ts) are shown
 * the same way (a login window or a popup), come back the same way (a loopback callback URL the
 * transport catches and hands over whole) and answer the same contract calls.
 */
import type { AuthStatus, CounterChoice, LoginStart } from '../../contract/schemas/auth.js';

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
