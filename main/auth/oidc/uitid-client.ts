/**
 * UiTiD's OpenID Connect provider as Loket uses it, through openid-client (discovery, PKCE,
 * state and nonce, the grants, ID token validation): the only file that imports the library.
 * Every failure leaves here as an OidcError that says what it means for the login: `refused`
 * (log in again), `unreachable` / `unavailable` (try later, the login holds) or `bad-response`
 * (something between Loket and UiTiD answers instead of it). docs/uitpas-json-api.md §14.
 */
import * as client from 'openid-client';
import type { Language } from '../../../contract/settings.js';
import { isLoopbackHost } from '../../../contract/settings-form.js';

/**
 * publiq advises `openid email offline_access`: an ID token naming the employee, and a refresh
 * token (cultuurnet/apidocs, projects/authentication/docs/user-access-token.md, "Scopes").
 */
export const UITID_SCOPE = 'openid email offline_access';

export type OidcFailureKind = 'refused' | 'unreachable' | 'unavailable' | 'bad-response';

export class OidcError extends Error {
  readonly kind: OidcFailureKind;
  /** The OAuth `error` code the provider gave (invalid_grant, access_denied, …), if any. */
  readonly oauthError: string | undefined;
  constructor(kind: OidcFailureKind, message: string, opts: { oauthError?: string | undefined; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'OidcError';
    this.kind = kind;
    this.oauthError = opts.oauthError;
  }
}

export interface UitidClientOptions {
  /** The issuer identifier: https://account-test.uitid.be/realms/uitid, or the provider on loopback. */
  issuer: string;
  clientId: string;
  /** Given: a confidential client (client_secret_post, as publiq's examples send it). Absent: a public client with PKCE. */
  clientSecret?: string | undefined;
  /** Seconds per HTTP request to UiTiD. */
  timeoutS?: number;
}

/** What one authorization request needs to be completed: kept in main, never in the URL but `state`. */
export interface PendingAuthorization {
  redirectUri: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface Tokens {
  accessToken: string;
  /** Absent when UiTiD gave no `expires_in`: used until a call is refused. */
  expiresAtMs: number | undefined;
  refreshToken: string | undefined;
  /** The ID token's `sub`: the employee's UiTiD id. */
  userId: string | undefined;
}

export class UitidOidcClient {
  private config: Promise<client.Configuration> | undefined;

  constructor(
    private readonly o: UitidClientOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get issuer(): string {
    return this.o.issuer;
  }

  /** Discovery once per run; a failed one is tried again on the next use. */
  configuration(): Promise<client.Configuration> {
    this.config ??= this.discover().catch((err: unknown) => {
      this.config = undefined;
      throw err;
    });
    return this.config;
  }

  private async discover(): Promise<client.Configuration> {
    let issuer: URL;
    try {
      issuer = new URL(this.o.issuer);
    } catch {
      throw new OidcError('bad-response', `The UiTiD address ${this.o.issuer} is not a URL`);
    }
    // Tokens never cross the network readable: https, or plain http to a loopback provider (tests, demo).
    const insecure = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
    if (issuer.protocol !== 'https:' && !insecure) {
      throw new OidcError('bad-response', `UiTiD needs https; ${issuer.origin} is not (plain http only for 127.0.0.1)`);
    }
    const auth = this.o.clientSecret === undefined ? client.None() : client.ClientSecretPost(this.o.clientSecret);
    const execute: Array<(c: client.Configuration) => void> = [client.enableNonRepudiationChecks];
    if (insecure) execute.push(client.allowInsecureRequests);
    try {
      return await client.discovery(issuer, this.o.clientId, undefined, auth, { execute, timeout: this.o.timeoutS ?? 15 });
    } catch (err) {
      throw failure(err, 'discovery');
    }
  }

  /** A fresh authorization request: PKCE S256, state and nonce (RFC 7636, RFC 6749 §10.12, OIDC Core §3.1.2.1). */
  async authorizationRequest(o: { redirectUri: string; language: Language }): Promise<{ url: string; pending: PendingAuthorization }> {
    const config = await this.configuration();
    const pending: PendingAuthorization = {
      redirectUri: o.redirectUri,
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: o.redirectUri,
      scope: UITID_SCOPE,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
      // Counter PCs are shared: without it UiTiD's single sign-on would log the next employee
      // in as the previous one (user-access-token.md, "Single sign-on", "Logout").
      prompt: 'login',
      ui_locales: o.language,
      // publiq's brand for the login page's background, as the official counter app asks.
      referrer: 'uitpas',
    });
    return { url: url.href, pending };
  }

  /**
   * The redirect that reached the callback, for this pending request. The redirect URI sent to
   * the token endpoint is the pending one, whatever host the callback arrived under.
   */
  async exchangeCode(callback: URL, pending: PendingAuthorization): Promise<Tokens> {
    const config = await this.configuration();
    const current = new URL(pending.redirectUri);
    current.search = callback.search;
    const started = this.now();
    try {
      const answer = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      return tokensOf(answer, started);
    } catch (err) {
      throw failure(err, 'the code exchange');
    }
  }

  async refresh(refreshToken: string): Promise<Tokens> {
    const config = await this.configuration();
    const started = this.now();
    try {
      return tokensOf(await client.refreshTokenGrant(config, refreshToken), started);
    } catch (err) {
      throw failure(err, 'the refresh');
    }
  }

  async clientCredentials(): Promise<Tokens> {
    const config = await this.configuration();
    const started = this.now();
    try {
      return tokensOf(await client.clientCredentialsGrant(config), started);
    } catch (err) {
      throw failure(err, 'the client access token request');
    }
  }

  /** Best effort at logout (RFC 7009): the token is forgotten here whatever UiTiD answers. */
  async revoke(refreshToken: string): Promise<void> {
    const config = await this.configuration();
    if (!config.serverMetadata().revocation_endpoint) return;
    try {
      await client.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
    } catch (err) {
      throw failure(err, 'the revocation');
    }
  }
}

function tokensOf(answer: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, startedMs: number): Tokens {
  const expiresIn = answer.expiresIn();
  return {
    accessToken: answer.access_token,
    // From when the request left: the token cannot have been issued before that.
    expiresAtMs: expiresIn === undefined ? undefined : startedMs + expiresIn * 1000,
    refreshToken: answer.refresh_token,
    userId: answer.claims()?.sub,
  };
}

/** Any failure of openid-client or the network as an OidcError with a message an operator can act on. */
export function failure(err: unknown, step: string): OidcError {
  if (err instanceof OidcError) return err;
  if (err instanceof client.ResponseBodyError) {
    const what = `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
    if (err.status >= 500)
      return new OidcError('unavailable', `UiTiD could not answer ${step} (HTTP ${err.status}, ${what})`, { cause: err });
    // publiq: "If the exchange request returns an error response the refresh token is expired".
    return new OidcError('refused', `UiTiD refused ${step} (${what})`, { oauthError: err.error, cause: err });
  }
  if (err instanceof client.AuthorizationResponseError) {
    const what = `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
    return new OidcError('refused', `UiTiD did not authorise the login (${what})`, { oauthError: err.error, cause: err });
  }
  if (err instanceof client.ClientError) {
    switch (err.code) {
      case 'OAUTH_TIMEOUT':
        return new OidcError('unreachable', `UiTiD did not answer ${step} in time`, { cause: err });
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM': {
        const status = err.cause instanceof Response ? err.cause.status : undefined;
        if (status !== undefined && status >= 500) {
          return new OidcError('unavailable', `UiTiD could not answer ${step} (HTTP ${status})`, { cause: err });
        }
        return new OidcError('bad-response', `UiTiD answered ${step} with HTTP ${status ?? '?'} and no OAuth error`, { cause: err });
      }
      case 'OAUTH_RESPONSE_IS_NOT_JSON': {
        const type = err.cause instanceof Response ? (err.cause.headers.get('content-type') ?? 'none') : 'unknown';
        return new OidcError(
          'bad-response',
          `The answer to ${step} is not JSON (content type ${type}): something other than UiTiD answered, such as a proxy or a Wi-Fi login page`,
          { cause: err },
        );
      }
      case 'OAUTH_PARSE_ERROR':
        return new OidcError('bad-response', `The answer to ${step} is not valid JSON: cut off, or not from UiTiD`, { cause: err });
      case 'OAUTH_HTTP_REQUEST_FORBIDDEN':
        return new OidcError('bad-response', `UiTiD's ${step} address is not https`, { cause: err });
      default: {
        // Invalid response, claim or signature checks: the answer cannot be trusted as UiTiD's.
        const detail =
          err.cause instanceof Error && err.cause.message !== err.message ? `${err.message}: ${err.cause.message}` : err.message;
        return new OidcError('bad-response', `The answer to ${step} failed its checks (${detail})`, { cause: err });
      }
    }
  }
  if (err instanceof TypeError) return new OidcError('unreachable', `UiTiD cannot be reached (${step}): ${err.message}`, { cause: err });
  return new OidcError('bad-response', `Unexpected failure of ${step}: ${err instanceof Error ? err.message : String(err)}`, {
    cause: err,
  });
}
