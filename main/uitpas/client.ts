/**
 * UiTPAS XML API 3.0 client: implements the UitpasPort (main/uitpas/port.ts) over signed HTTP.
 * Failure classification for the outbox lives here: transport failures come classified from
 * http.ts; this file adds the HTTP status and envelope rules (docs/uitpas-xml-api.md §10.1).
 */
import { isUitpasUrl } from '../../contract/settings-form.js';
import { redactLogLine } from '../core/log.js';
import type {
  ActivityPage,
  ActivityQuery,
  Counter,
  CounterEmployee,
  GroupPass,
  Identification,
  Passholder,
  PassholderHit,
  TicketSale,
} from '../../contract/domain.js';
import { authorizationHeader, type Credentials } from './oauth.js';
import { defaultTransportOptions, HttpTransport, TransportError, type HttpResponse, type TransportOptions } from './http.js';
import { activity, counter, counterEmployees, errorEnvelope, groupPass, passholder, passholderHit, ticketSale } from './mappers.js';
import { children, child, parseXml, text, type XmlError, type XmlNode } from './xml.js';
import { brusselsLocalToIso } from './mappers.js';
import { parseInteger, ValueError } from './values.js';
import { sampleFrom, ServerClock, type ClockOffset } from './server-clock.js';
import {
  UitpasError,
  type BuyRequest,
  type PassholderQuery,
  type RawExchange,
  type Result,
  type TicketSaleQuery,
  type UitpasPort,
} from './port.js';

export interface ClientCredentials extends Credentials {
  /** UiTiD uid of the logged-in employee (from the access-token reply); needed by balie/list. */
  userId?: string;
}

export interface UitpasClientOptions {
  /** e.g. https://test.uitid.be/uitid/rest (no trailing slash needed). */
  prefix: string;
  credentials: () => ClientCredentials;
  transport?: Partial<TransportOptions>;
  now?: () => Date;
}

export interface TokenPair {
  token: string;
  tokenSecret: string;
}

export interface AccessToken extends TokenPair {
  userId: string;
}

type Auth = 'consumer' | 'user';
type Params = Record<string, string | number | undefined>;

const RAW_BODY_LIMIT = 8 * 1024;

/** RFC 3986 encoding, the same the OAuth base string uses (URLSearchParams would write '+'). */
function encodeParams(params: Record<string, string>): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return Object.entries(params)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
}

/**
 * What of a server's refusal goes into an error message (and from there to the screen, the doctor
 * and the log): redacted first, then cut, so an echoed base string or token never survives and
 * a cut cannot leave half a token unrecognised.
 */
function bodyExcerpt(body: string): string {
  return redactLogLine(body).slice(0, 200); // mutation-check: server-body-redacted
}

function safeOrigin(prefix: string): string {
  try {
    return new URL(prefix).origin;
  } catch {
    return 'an invalid address';
  }
}

/** Only parameters that are set are sent (as the reference client does). */
function setParams(params: Params): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') out[k] = String(v);
  return out;
}

export class UitpasClient implements UitpasPort {
  private readonly transport: HttpTransport;
  private readonly prefix: string;
  private readonly now: () => Date;
  private readonly clock = new ServerClock();

  constructor(private readonly options: UitpasClientOptions) {
    this.prefix = options.prefix.replace(/\/+$/, '');
    this.transport = new HttpTransport({ ...defaultTransportOptions, ...options.transport });
    this.now = options.now ?? (() => new Date());
  }

  close(): void {
    this.transport.close();
  }

  // ---- UitpasPort ------------------------------------------------------------------------------

  clockOffset(): ClockOffset | undefined {
    return this.clock.offset();
  }

  async identify(counterKey: string, identification: string): Promise<Identification> {
    const { root, node, raw } = await this.call('GET', 'uitpas/retrieve', 'user', { identification, balieConsumerKey: counterKey });
    return this.mapOrBadResponse(raw, () => {
      if (root !== 'response') throw new ValueError(`unexpected root <${root}>`);
      const notice = text(node, 'code') || undefined;
      const cardNode = child(node, 'card');
      const ph = child(node, 'passHolder');
      if (ph) return passholder(ph, this.now(), cardNode, notice);
      const gp = child(node, 'groupPass');
      if (gp) return groupPass(gp, this.now(), cardNode, notice);
      throw new ValueError('neither passHolder nor groupPass in the reply');
    });
  }

  async passholder(counterKey: string, uitpasNumber: string): Promise<Passholder> {
    const { root, node, raw } = await this.call('GET', `uitpas/passholder/${encodeURIComponent(uitpasNumber)}`, 'user', {
      balieConsumerKey: counterKey,
    });
    return this.mapOrBadResponse(raw, () => {
      if (root !== 'passHolder') throw new ValueError(`unexpected root <${root}>`);
      return passholder(node, this.now());
    });
  }

  async groupPass(uitpasNumber: string): Promise<GroupPass> {
    const { root, node, raw } = await this.call('GET', `uitpas/grouppass/${encodeURIComponent(uitpasNumber)}`, 'consumer', {});
    return this.mapOrBadResponse(raw, () => {
      if (root !== 'groupPass') throw new ValueError(`unexpected root <${root}>`);
      return groupPass(node, this.now(), undefined);
    });
  }

  async searchActivities(counterKey: string, query: ActivityQuery): Promise<ActivityPage> {
    const params: Params = {
      balieConsumerKey: counterKey,
      uitpasNumber: query.uitpasNumber,
      q: query.text,
      start: query.start,
      max: query.max,
    };
    if (query.range === 'date') {
      if (!query.date) throw new UitpasError('rejected', 'range "date" needs a date (YYYY-MM-DD)', { code: 'INVALID_PARAMETERS' });
      params.startDate = brusselsLocalToIso(query.date, '00:00:00');
      params.endDate = brusselsLocalToIso(query.date, '23:59:59');
    } else {
      params.datetype = query.range;
    }
    const { root, node, raw } = await this.call('GET', 'uitpas/cultureevent/search', 'consumer', params);
    return this.mapOrBadResponse(raw, () => {
      if (root !== 'cultureEvents') throw new ValueError(`unexpected root <${root}>`);
      const items = children(node, 'event').map(activity);
      return { total: parseInteger(text(node, 'total'), 'total') ?? items.length, items };
    });
  }

  /**
   * `passholder/search` as a consumer request for the counter (needs PERMISSION_PASSHOLDER
   * ACTION_READ); UiTPAS only returns passholders of the counter's card systems. includeBlocked is
   * left at its default (false): a blocked card cannot be sold to.
   */
  async searchPassholders(counterKey: string, query: PassholderQuery): Promise<{ total: number; items: PassholderHit[] }> {
    const { root, node, raw } = await this.call('GET', 'uitpas/passholder/search', 'consumer', {
      balieConsumerKey: counterKey,
      name: query.name,
      firstName: query.firstName,
      dob: query.dateOfBirth,
      start: query.start,
      max: query.max,
    });
    return this.mapOrBadResponse(raw, () => {
      if (root !== 'response') throw new ValueError(`unexpected root <${root}>`);
      const items = children(child(node, 'passholders'), 'passholder').map(passholderHit);
      return { total: parseInteger(text(node, 'total'), 'total') ?? items.length, items };
    });
  }

  async buy(request: BuyRequest): Promise<Result<TicketSale>> {
    const path = `uitpas/cultureevent/${encodeURIComponent(request.cdbid)}/buy/${encodeURIComponent(request.uitpasNumber)}`;
    const { root, node, raw } = await this.call('POST', path, 'user', {
      balieConsumerKey: request.counterKey,
      priceClass: request.priceClass,
      ticketSaleCouponId: request.couponId,
      amountOfTickets: request.amountOfTickets,
    });
    const value = this.mapOrBadResponse(raw, () => {
      if (root !== 'ticketSale') throw new ValueError(`unexpected root <${root}>`);
      return ticketSale(node);
    });
    return { value, raw };
  }

  async cancel(counterKey: string, ticketSaleId: string): Promise<Result<void>> {
    const { root, node, raw } = await this.call('POST', `uitpas/cultureevent/cancel/${encodeURIComponent(ticketSaleId)}`, 'user', {
      balieConsumerKey: counterKey,
    });
    this.mapOrBadResponse(raw, () => {
      if (root !== 'response' || text(node, 'code') !== 'ACTION_SUCCEEDED') throw new ValueError('no ACTION_SUCCEEDED');
    });
    return { value: undefined, raw };
  }

  async searchTicketSales(query: TicketSaleQuery): Promise<{ total: number; items: TicketSale[] }> {
    const { root, node, raw } = await this.call('GET', 'uitpas/cultureevent/searchTicketsales', 'user', {
      balieConsumerKey: query.counterKey,
      uid: query.uid,
      cdbid: query.cdbid,
      startDate: query.startDate,
      endDate: query.endDate,
      start: query.start,
      max: query.max,
    });
    return this.mapOrBadResponse(raw, () => {
      if (root !== 'response') throw new ValueError(`unexpected root <${root}>`);
      const items = children(child(node, 'ticketSales'), 'ticketSale').map(ticketSale);
      return { total: parseInteger(text(node, 'total'), 'total') ?? items.length, items };
    });
  }

  async listCounters(): Promise<Counter[]> {
    const uid = this.options.credentials().userId;
    if (!uid) throw new UitpasError('unauthorized', 'no logged-in UiTiD user (userId) to list counters for');
    const { root, node, raw } = await this.call('GET', 'uitpas/balie/list', 'user', { uid });
    return this.mapOrBadResponse(raw, () => {
      if (root !== 'response') throw new ValueError(`unexpected root <${root}>`);
      return children(child(node, 'balies'), 'balie').map(counter);
    });
  }

  async listEmployees(counterKey: string): Promise<CounterEmployee[]> {
    const { root, node, raw } = await this.call('GET', 'uitpas/balie/listEmployees', 'user', { balieConsumerKey: counterKey });
    return this.mapOrBadResponse(raw, () => {
      if (root !== 'response') throw new ValueError(`unexpected root <${root}>`);
      return counterEmployees(node);
    });
  }

  // ---- OAuth three-legged flow (docs/uitpas-xml-api.md §3.3) -------------------------------------

  async requestToken(callbackUrl: string): Promise<TokenPair> {
    const body = await this.oauthCall('requestToken', { oauth_callback: callbackUrl }, undefined);
    const token = body.get('oauth_token');
    const tokenSecret = body.get('oauth_token_secret');
    if (!token || !tokenSecret) throw new UitpasError('bad-response', 'requestToken reply lacks oauth_token/oauth_token_secret');
    return { token, tokenSecret };
  }

  authorizeUrl(requestToken: string, lang: 'nl' | 'fr' | 'en' | 'de' = 'nl'): string {
    return `${this.prefix}/auth/authorize?${encodeParams({ oauth_token: requestToken, lang })}`;
  }

  async accessToken(requestToken: TokenPair, verifier: string): Promise<AccessToken> {
    const body = await this.oauthCall('accessToken', { oauth_verifier: verifier }, requestToken);
    const token = body.get('oauth_token');
    const tokenSecret = body.get('oauth_token_secret');
    const userId = body.get('userId');
    if (!token || !tokenSecret || !userId)
      throw new UitpasError('bad-response', 'accessToken reply lacks oauth_token/oauth_token_secret/userId');
    return { token, tokenSecret, userId };
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private credentialsFor(auth: Auth): Credentials {
    const c = this.options.credentials();
    if (auth === 'consumer') return { consumerKey: c.consumerKey, consumerSecret: c.consumerSecret };
    if (!c.token || !c.tokenSecret) throw new UitpasError('unauthorized', 'no employee login (access token) for this call');
    return { consumerKey: c.consumerKey, consumerSecret: c.consumerSecret, token: c.token, tokenSecret: c.tokenSecret };
  }

  private async exchange(
    method: 'GET' | 'POST',
    path: string,
    creds: Credentials,
    params: Record<string, string>,
    extraOAuth?: Record<string, string>,
  ) {
    // Checked before anything is signed: a settings file or an old setting may still name a
    // plain-http host, and the signature plus the token would then cross the network readable.
    // mutation-check: uitpas-https-client
    if (!isUitpasUrl(this.prefix)) {
      throw new UitpasError(
        'not-sent',
        `refused to send to ${safeOrigin(this.prefix)}: UiTPAS needs https (plain http only for 127.0.0.1, the simulator)`,
      );
    }
    // encodeURIComponent leaves "." and "..": as a path segment they would move the signed call
    // to another endpoint once the URL is resolved.
    if (path.split('/').some((segment) => segment === '.' || segment === '..')) {
      throw new UitpasError('rejected', 'refused: an identifier in the request path is "." or ".."');
    }
    const encoded = encodeParams(params);
    const base = `${this.prefix}/${path}`;
    const url = method === 'GET' && encoded ? `${base}?${encoded}` : base;
    const headers: Record<string, string> = {
      accept: 'application/xml',
      authorization: authorizationHeader(creds, { method, url, form: method === 'POST' ? params : undefined, extraOAuth }),
    };
    if (method === 'POST') headers['content-type'] = 'application/x-www-form-urlencoded';
    const startedAt = this.now();
    const started = performance.now();
    const raw: RawExchange = {
      method,
      url: new URL(url).pathname + (method === 'GET' && encoded ? `?${encoded}` : ''),
      requestBody: method === 'POST' ? encoded : undefined,
      startedAt: startedAt.toISOString(),
      durationMs: 0,
    };
    let res: HttpResponse;
    try {
      try {
        res = await this.transport.send({ method, url: new URL(url), headers, body: method === 'POST' ? encoded : undefined });
      } catch (e) {
        // A kept-alive socket the server had just closed: a GET changes nothing, so send it once
        // more on a fresh connection (with a fresh nonce) instead of reporting a doubtful failure.
        if (!(method === 'GET' && e instanceof TransportError && e.reusedSocket && e.errno === 'ECONNRESET')) throw e;
        headers.authorization = authorizationHeader(creds, { method, url, extraOAuth });
        res = await this.transport.send({ method, url: new URL(url), headers });
      }
    } catch (e) {
      raw.durationMs = performance.now() - started;
      if (e instanceof TransportError) throw new UitpasError(e.kind, e.message, { raw, cause: e, code: e.errno });
      throw new UitpasError('ambiguous', `unexpected transport failure: ${String(e)}`, { raw, cause: e });
    }
    raw.durationMs = performance.now() - started;
    raw.status = res.status;
    this.clock.observe(sampleFrom(res.date, res.sentMs, res.receivedMs));
    raw.responseBody = res.body.length > RAW_BODY_LIMIT ? res.body.slice(0, RAW_BODY_LIMIT) + '…' : res.body;
    return { res, raw };
  }

  /** One signed call; returns the parsed root or throws a classified UitpasError. */
  private async call(
    method: 'GET' | 'POST',
    path: string,
    auth: Auth,
    params: Params,
  ): Promise<{ root: string; node: XmlNode; raw: RawExchange }> {
    const { res, raw } = await this.exchange(method, path, this.credentialsFor(auth), setParams(params));
    const status = res.status;
    if (status >= 500) throw new UitpasError('ambiguous', `UiTPAS server error HTTP ${status}`, { httpStatus: status, raw });
    if (status === 401 || status === 403) {
      throw new UitpasError('unauthorized', `UiTPAS refused the credentials (HTTP ${status}): ${bodyExcerpt(res.body)}`, {
        httpStatus: status,
        raw,
      });
    }
    if (/html/i.test(res.contentType) || /^\s*<(!doctype\s+html|html)[\s>]/i.test(res.body)) {
      // A captive portal, proxy or server error page: well-formed or not, it is no UiTPAS answer.
      throw new UitpasError('bad-response', `UiTPAS answer is not usable XML (HTTP ${status}): an HTML page`, { httpStatus: status, raw });
    }
    let parsed: { root: string; node: XmlNode };
    try {
      parsed = parseXml(res.body);
    } catch (e) {
      throw new UitpasError('bad-response', `UiTPAS answer is not usable XML (HTTP ${status}): ${(e as XmlError).message}`, {
        httpStatus: status,
        raw,
        cause: e,
      });
    }
    const envelope = errorEnvelope(parsed.root, parsed.node);
    const isError = status !== 200 || (envelope !== undefined && envelope.code !== 'ACTION_SUCCEEDED' && !this.isNoticeOnly(parsed.node));
    if (isError) {
      if (!envelope)
        throw new UitpasError('bad-response', `unexpected HTTP ${status} without a UiTPAS error code`, { httpStatus: status, raw });
      const kind =
        envelope.code === 'ACCESS_DENIED'
          ? 'unauthorized'
          : status === 200 || status === 400 || status === 404
            ? 'rejected'
            : 'bad-response';
      throw new UitpasError(kind, `${envelope.code}: ${redactLogLine(envelope.message)}`, {
        code: envelope.code,
        httpStatus: status,
        requiredPermission: envelope.requiredPermission,
        raw,
      });
    }
    return { ...parsed, raw };
  }

  /** retrieve may carry a warning code next to the entity on a 200 (docs/uitpas-xml-api.md §5.1). */
  private isNoticeOnly(node: XmlNode): boolean {
    return child(node, 'passHolder') !== undefined || child(node, 'groupPass') !== undefined;
  }

  private mapOrBadResponse<T>(raw: RawExchange, map: () => T): T {
    try {
      return map();
    } catch (e) {
      if (e instanceof UitpasError) throw e;
      throw new UitpasError('bad-response', `UiTPAS answer has an unexpected shape: ${(e as Error).message}`, {
        httpStatus: raw.status,
        raw,
        cause: e,
      });
    }
  }

  private async oauthCall(path: string, extraOAuth: Record<string, string>, token: TokenPair | undefined): Promise<URLSearchParams> {
    const c = this.options.credentials();
    const creds: Credentials = {
      consumerKey: c.consumerKey,
      consumerSecret: c.consumerSecret,
      ...(token ? { token: token.token, tokenSecret: token.tokenSecret } : {}),
    };
    const { res, raw } = await this.exchange('POST', path, creds, {}, extraOAuth);
    if (res.status >= 500) throw new UitpasError('ambiguous', `UiTiD server error HTTP ${res.status}`, { httpStatus: res.status, raw });
    if (res.status === 401 || res.status === 403)
      throw new UitpasError('unauthorized', `UiTiD refused the request (HTTP ${res.status}): ${bodyExcerpt(res.body)}`, {
        httpStatus: res.status,
        raw,
      });
    if (res.status !== 200) throw new UitpasError('bad-response', `UiTiD answered HTTP ${res.status}`, { httpStatus: res.status, raw });
    return new URLSearchParams(res.body.trim());
  }
}
