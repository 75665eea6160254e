/**
 * The UiTPAS XML API simulator: a node:http server speaking the real wire protocol under
 * `http://127.0.0.1:<port>/uitid/rest` (paths, OAuth 1.0a HMAC-SHA1, XML shapes, statuses, error
 * envelopes), with fault injection and an admin API under `/__admin/` for tests and trainers.
 */
import type http from 'node:http';
import { randomBytes } from 'node:crypto';
import { adminApi, faultControls } from '../simulator-kit/admin.js';
import { OffsetClock } from '../simulator-kit/clock.js';
import { FaultPlan } from '../simulator-kit/faults.js';
import { FaultStrikes, type FaultReplies } from '../simulator-kit/fault-strikes.js';
import { SimulatorListener } from '../simulator-kit/listener.js';
import { replySender, type Handled, type Reply } from '../simulator-kit/reply.js';
import { Timers } from '../simulator-kit/timers.js';
import { buildSeed, type SeedData } from './seed.js';
import { SimulatorRules, type Failure, type Outcome, type SaleRecord } from './rules.js';
import { decodePairs, NonceStore, verifyOAuth, type VerifyResult } from './oauth-verify.js';
import { SIM_CALLS, type FaultSpec, type SimCall } from './faults.js';
import * as xml from './render.js';
import { authorizePage } from './login-page.js';

export interface SeedInfo {
  prefix: string;
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
  userId: string;
  balieConsumerKey: string;
  cards: SeedData['roles']['cards'];
  activities: SeedData['roles']['activities'];
}

export interface SimulatorOptions {
  port?: number;
  host?: '127.0.0.1';
  clock?: () => Date;
  seed?: SeedData;
  /**
   * Serve the admin API (`/__admin/`: faults, clock, reset, sales). On for tests, trainers and
   * `npm run simulator`; off in the app's demo mode, where nothing needs to steer the simulator.
   */
  admin?: boolean;
}

export interface SimulatorHandle {
  prefix: string;
  port: number;
  credentials: { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string; userId: string; counterKey: string };
  seedInfo: SeedInfo;
  /** The seed it serves (the demo cards panel lists its passholders). */
  seed: SeedData;
  faults: {
    add(spec: FaultSpec): void;
    list(): FaultSpec[];
    clear(): void;
    /** Sends every answer held by a stall-after-commit fault; returns how many. */
    release(): number;
    /** How many answers are held right now. */
    held(): number;
  };
  /** Every ticket sale the simulator registered (cancelled ones flagged). */
  sales(): SaleRecord[];
  /** Revokes every access token (as UiTiD does when a login expires); returns how many. */
  revokeTokens(): number;
  /** Sets UiTPAS's clock to run `offsetMs` ahead of (or, negative, behind) the machine's. */
  setClockOffset(offsetMs: number): void;
  /** Back to the seed: sales, faults, tokens and nonces cleared. */
  reset(): void;
  /** Stop accepting connections (clients get ECONNREFUSED) until goOnline(). */
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  close(): Promise<void>;
}

interface Route {
  call: SimCall;
  auth: 'consumer' | 'user';
  handle(m: RegExpExecArray, ctx: CallContext): Handled;
}

interface CallContext {
  userId: string | undefined;
  query: Record<string, string>;
  queryAll: [string, string][];
  form: Record<string, string>;
  /** The omit-uitpas-number modifier: search records without the card number. */
  omitUitpasNumber?: boolean;
  /** The search-lag modifier: records younger than this are not found yet. */
  searchLagMs?: number;
}

const XML_TYPE = 'application/xml; charset=utf-8';

const ok = (body: string): Reply => ({ status: 200, body });
const failure = (f: Failure): Reply => ({ status: f.status, body: xml.envelope(f.code, f.message, f.requiredPermission) });
function reply<T>(o: Outcome<T>, render: (v: T) => string): Reply {
  return o.ok ? ok(render(o.value)) : failure(o);
}

const NOT_FOUND: Reply = { status: 404, contentType: 'text/html', body: '<html><body><h1>404 Not Found</h1></body></html>' };

/** The XML API's wording of the fault answers (the faults themselves are the kit's). */
const FAULT_REPLIES: FaultReplies = {
  serverError: (status) => ({ status, contentType: 'text/html', body: '<html><body><h1>503 Service Unavailable</h1></body></html>' }),
  serverErrorAfterCommit: (status) => ({
    status,
    contentType: 'text/html',
    body: '<html><body><h1>500 Internal Server Error</h1></body></html>',
  }),
  accessDenied: failure({
    ok: false,
    status: 400,
    code: 'ACCESS_DENIED',
    message: 'this counter may not do this for this activity',
    requiredPermission: 'PERMISSION_TICKETSALE - ACTION_CREATE',
  }),
  malformed: (r) => ({ status: 200, body: r.body.slice(0, Math.max(10, Math.floor(r.body.length / 2))) }),
  hugeBody: { contentType: XML_TYPE, open: '<?xml version="1.0"?><ticketSale><nodeTitle>', close: '</nodeTitle></ticketSale>' },
  emptyBody: { status: 200, body: '' },
};

interface TokenEntry {
  secret: string;
  kind: 'access' | 'request';
  userId?: string;
  callback?: string;
  verifier?: string;
  consumerKey: string;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const simClock = new OffsetClock(options.clock);
  const clock = simClock.now;
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? buildSeed(clock());
  let rules = new SimulatorRules(seed, clock);
  const timers = new Timers();
  const send = replySender(XML_TYPE, clock);
  const plan = new FaultPlan<SimCall>(SIM_CALLS, (durationMs) => listener.refuseFor(durationMs));
  const strikes = new FaultStrikes({ send, timers, clock, replies: FAULT_REPLIES, world: () => rules });
  const nonces = new NonceStore();
  const tokens = new Map<string, TokenEntry>();

  const resetTokens = () => {
    tokens.clear();
    for (const e of seed.employees)
      tokens.set(e.token, { secret: e.tokenSecret, kind: 'access', userId: e.userId, consumerKey: seed.consumers[0]!.key });
  };
  resetTokens();

  const routes: { method: string; re: RegExp; route: Route }[] = [
    {
      method: 'GET',
      re: /^uitpas\/retrieve$/,
      route: {
        call: 'retrieve',
        auth: 'user',
        handle: (_m, c) => {
          const k = rules.checkCounter(c.userId, c.query.balieConsumerKey);
          if (!k.ok) return failure(k);
          return reply(rules.retrieve(c.query.identification), (v) => xml.retrieveReply(rules.data, v.holder, v.notice));
        },
      },
    },
    // Before passholder/{n}: "search" would match that route's number too.
    {
      method: 'GET',
      re: /^uitpas\/passholder\/search$/,
      route: {
        call: 'passholderSearch',
        auth: 'consumer',
        handle: (_m, c) =>
          reply(
            rules.searchPassholders({
              counterKey: c.query.balieConsumerKey,
              name: c.query.name,
              firstName: c.query.firstName,
              dob: c.query.dob,
              includeBlocked: c.query.includeBlocked,
              start: c.query.start,
              max: c.query.max,
            }),
            (v) => xml.passholderSearch(rules.data, v.total, v.items),
          ),
      },
    },
    {
      method: 'GET',
      re: /^uitpas\/passholder\/([^/]+)$/,
      route: {
        call: 'passholder',
        auth: 'user',
        handle: (m, c) => {
          const k = rules.checkCounter(c.userId, c.query.balieConsumerKey);
          if (!k.ok) return failure(k);
          return reply(rules.passholderByNumber(decodeURIComponent(m[1]!)), (p) => xml.doc(xml.passHolder(rules.data, p)));
        },
      },
    },
    {
      method: 'GET',
      re: /^uitpas\/grouppass\/([^/]+)$/,
      route: {
        call: 'grouppass',
        auth: 'consumer',
        handle: (m) => reply(rules.groupPass(decodeURIComponent(m[1]!)), (g) => xml.doc(xml.groupPass(rules.data, g))),
      },
    },
    {
      method: 'GET',
      re: /^uitpas\/cultureevent\/search$/,
      route: {
        call: 'search',
        auth: 'consumer',
        handle: (_m, c) =>
          reply(
            rules.searchEvents({
              counterKeys: c.queryAll.filter(([k]) => k === 'balieConsumerKey').map(([, v]) => v),
              uitpasNumber: c.query.uitpasNumber,
              datetype: c.query.datetype,
              startDate: c.query.startDate,
              endDate: c.query.endDate,
              text: c.query.q,
              cdbid: c.query.cdbid,
              start: c.query.start,
              max: c.query.max,
            }),
            (v) => xml.cultureEvents(v.total, v.items),
          ),
      },
    },
    {
      method: 'GET',
      re: /^uitpas\/cultureevent\/searchTicketsales$/,
      route: {
        call: 'searchTicketsales',
        auth: 'user',
        handle: (_m, c) =>
          reply(rules.searchTicketSales(c.userId, c.query, c.searchLagMs ?? 0), (v) =>
            xml.ticketSales(rules.data, v.total, v.items, { omitUitpasNumber: c.omitUitpasNumber ?? false }),
          ),
      },
    },
    {
      method: 'POST',
      re: /^uitpas\/cultureevent\/cancel\/([^/]+)$/,
      route: {
        call: 'cancel',
        auth: 'user',
        handle: (m, c) => {
          const id = decodeURIComponent(m[1]!);
          return reply(rules.cancel(c.userId, id, c.form), () => xml.envelope('ACTION_SUCCEEDED', `ticket [${id}] canceled`));
        },
      },
    },
    {
      method: 'POST',
      re: /^uitpas\/cultureevent\/([^/]+)\/buy\/([^/]+)$/,
      route: {
        call: 'buy',
        auth: 'user',
        handle: (m, c) => {
          const prepared = rules.prepareBuy(c.userId, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), c.form);
          if (!prepared.ok) return failure(prepared);
          return { prepared: () => ok(xml.doc(xml.ticketSale(rules.data, prepared.value()))) };
        },
      },
    },
    {
      method: 'GET',
      re: /^uitpas\/balie\/listEmployees$/,
      route: {
        call: 'listEmployees',
        auth: 'user',
        handle: (_m, c) => reply(rules.listEmployees(c.userId, c.query.balieConsumerKey), (v) => xml.employees(v.admins, v.members)),
      },
    },
    {
      method: 'GET',
      re: /^uitpas\/balie\/list$/,
      route: {
        call: 'balieList',
        auth: 'user',
        handle: (_m, c) => reply(rules.balieList(c.userId, c.query.uid), (list) => xml.balies(list)),
      },
    },
  ];

  const oauthRefusal = (r: Extract<VerifyResult, { ok: false }>): Reply => ({
    status: 401,
    contentType: 'text/plain; charset=utf-8',
    headers: { 'www-authenticate': 'OAuth realm="UiTiD"' },
    body: `oauth_problem=${r.problem}&oauth_problem_advice=${encodeURIComponent(r.detail)}${r.baseString ? `&oauth_signature_base_string=${encodeURIComponent(r.baseString)}` : ''}`,
  });

  const verify = (req: http.IncomingMessage, pathname: string, query: string, form: string): VerifyResult => {
    const now = Math.floor(clock().getTime() / 1000);
    return verifyOAuth(
      {
        method: req.method ?? 'GET',
        baseUrl: `http://${req.headers.host ?? `${host}:${port}`}${pathname}`,
        query,
        form,
        authorization: req.headers.authorization,
      },
      {
        consumerSecret: (k) => seed.consumers.find((c) => c.key === k)?.secret,
        tokenSecret: (t) => tokens.get(t)?.secret,
        nowSeconds: now,
        useNonce: (k, ts, n) => nonces.use(k, ts, n, now),
      },
    );
  };

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): Promise<void> {
    const path = url.pathname.slice('/uitid/rest/'.length);
    const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : url.search;
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const formRaw = isForm ? body : '';

    if (path === 'auth/authorize') return handleAuthorize(req, res, url, formRaw);
    if (path === 'requestToken' || path === 'accessToken') {
      if (req.method !== 'POST') return send(res, { status: 405, contentType: 'text/plain', body: 'use POST' });
      const fault = plan.take(path);
      if (fault && (await strikes.beforeCommit(res, fault))) return;
      const v = verify(req, url.pathname, rawQuery, formRaw);
      if (!v.ok) return send(res, oauthRefusal(v));
      return strikes.deliver(res, path === 'requestToken' ? issueRequestToken(v) : issueAccessToken(v), fault);
    }

    const found = routes.find((r) => r.method === req.method && r.re.test(path));
    if (!found) {
      const known = routes.some((r) => r.re.test(path));
      return send(res, known ? { status: 405, contentType: 'text/plain', body: `method ${req.method} not allowed` } : NOT_FOUND);
    }
    const { route } = found;
    const fault = plan.take(route.call);
    const modifiers = plan.takeModifiers(route.call);

    const v = verify(req, url.pathname, rawQuery, formRaw);
    if (!v.ok) return send(res, oauthRefusal(v));
    const token = v.token ? tokens.get(v.token) : undefined;
    if (route.auth === 'user' && (!token || token.kind !== 'access')) {
      return send(
        res,
        oauthRefusal({ ok: false, problem: 'token_required', detail: 'this call needs the access token of a counter employee' }),
      );
    }
    const queryAll = decodePairs(rawQuery).filter(([k]) => !k.startsWith('oauth_'));
    const ctx: CallContext = {
      userId: token?.kind === 'access' ? token.userId : undefined,
      query: Object.fromEntries(queryAll),
      queryAll,
      form: Object.fromEntries(decodePairs(formRaw)),
    };
    const match = found.re.exec(path)!;
    // A rival sale happens "before" this request is handled, whatever then happens to it.
    for (const m of modifiers) {
      if (m.kind !== 'rival-sale') continue;
      // Another PC on the same counter, same employee, same pass and activity, a moment earlier.
      const form = m.amountOfTickets === undefined ? ctx.form : { ...ctx.form, amountOfTickets: String(m.amountOfTickets) };
      const rival = route.handle(match, { ...ctx, form });
      if ('prepared' in rival) rival.prepared();
    }
    for (const m of modifiers) {
      if (m.kind === 'page-cap') ctx.query.max = String(Math.min(Number(ctx.query.max ?? 20) || 20, m.pageSize ?? 5));
      if (m.kind === 'omit-uitpas-number') ctx.omitUitpasNumber = true;
      if (m.kind === 'search-lag') ctx.searchLagMs = m.lagMs ?? 2_000;
    }
    return strikes.serve(res, fault, () => route.handle(match, ctx));
  }
  function issueRequestToken(v: Extract<VerifyResult, { ok: true }>): Reply {
    const callback = v.oauth.oauth_callback;
    if (!callback) return oauthRefusal({ ok: false, problem: 'parameter_absent', detail: 'missing oauth_callback' });
    const token = randomBytes(12).toString('hex');
    const secret = randomBytes(16).toString('hex');
    tokens.set(token, { secret, kind: 'request', callback, consumerKey: v.consumerKey });
    return {
      status: 200,
      contentType: 'application/x-www-form-urlencoded',
      body: `oauth_token=${token}&oauth_token_secret=${secret}&oauth_callback_confirmed=true`,
    };
  }

  function issueAccessToken(v: Extract<VerifyResult, { ok: true }>): Reply {
    const rt = v.token ? tokens.get(v.token) : undefined;
    if (!rt || rt.kind !== 'request')
      return oauthRefusal({ ok: false, problem: 'token_rejected', detail: 'accessToken needs an authorised request token' });
    if (!rt.verifier || rt.verifier !== v.oauth.oauth_verifier || !rt.userId) {
      return oauthRefusal({
        ok: false,
        problem: 'token_rejected',
        detail: 'oauth_verifier missing or wrong, or the request token was not authorised',
      });
    }
    tokens.delete(v.token!);
    const token = randomBytes(12).toString('hex');
    const secret = randomBytes(16).toString('hex');
    tokens.set(token, { secret, kind: 'access', userId: rt.userId, consumerKey: v.consumerKey });
    return {
      status: 200,
      contentType: 'application/x-www-form-urlencoded',
      body: `userId=${encodeURIComponent(rt.userId)}&oauth_token=${token}&oauth_token_secret=${secret}`,
    };
  }

  function handleAuthorize(req: http.IncomingMessage, res: http.ServerResponse, url: URL, form: string): void {
    const params = req.method === 'POST' ? Object.fromEntries(decodePairs(form)) : Object.fromEntries(url.searchParams);
    const token = params.oauth_token ?? '';
    const lang = params.lang ?? 'nl';
    const rt = tokens.get(token);
    if (!rt || rt.kind !== 'request') {
      return send(res, {
        status: 400,
        contentType: 'text/html; charset=utf-8',
        body: authorizePage({ token, lang, error: 'unknown-token' }),
      });
    }
    if (req.method !== 'POST')
      return send(res, { status: 200, contentType: 'text/html; charset=utf-8', body: authorizePage({ token, lang }) });
    const employee = seed.employees.find((e) => e.nick === params.nick && e.password === params.password);
    if (!employee)
      return send(res, { status: 200, contentType: 'text/html; charset=utf-8', body: authorizePage({ token, lang, error: 'bad-login' }) });
    rt.userId = employee.userId;
    rt.verifier = randomBytes(10).toString('hex');
    const cb = new URL(rt.callback!);
    cb.searchParams.set('oauth_token', token);
    cb.searchParams.set('oauth_verifier', rt.verifier);
    send(res, { status: 302, contentType: 'text/plain', headers: { location: cb.toString() }, body: `Redirecting to ${cb.toString()}` });
  }

  function revokeTokens(): number {
    let n = 0;
    for (const [token, entry] of tokens) {
      if (entry.kind !== 'access') continue;
      tokens.delete(token);
      n++;
    }
    return n;
  }

  /** Back to the seed: sales, faults, tokens, nonces and the clock. */
  function reset(): void {
    simClock.offsetMs = 0;
    rules = new SimulatorRules(seed, clock);
    plan.clear();
    nonces.clear();
    resetTokens();
    strikes.release();
  }

  const listener = await SimulatorListener.start({
    host,
    port: options.port ?? 0,
    send,
    timers,
    tooLarge: { status: 413, contentType: 'text/plain', body: 'request body too large' },
    admin:
      options.admin === false
        ? undefined
        : adminApi(
            { seedInfo: () => seedInfo, sales: () => rules.sales, plan, strikes, clock: simClock, reset, revokeTokens },
            send,
            'application/json',
          ),
    serve: (req, res, url, body) => (url.pathname.startsWith('/uitid/rest/') ? handleApi(req, res, url, body) : send(res, NOT_FOUND)),
  });
  const port = listener.port;
  const prefix = `http://${host}:${port}/uitid/rest`;
  const consumer = seed.consumers[0]!;
  const employee = seed.employees[0]!;
  const counterKey = employee.counterKeys[0]!;
  const seedInfo: SeedInfo = {
    prefix,
    consumerKey: consumer.key,
    consumerSecret: consumer.secret,
    token: employee.token,
    tokenSecret: employee.tokenSecret,
    userId: employee.userId,
    balieConsumerKey: counterKey,
    cards: { ...seed.roles.cards },
    activities: { ...seed.roles.activities },
  };

  const handle: SimulatorHandle = {
    prefix,
    port,
    credentials: {
      consumerKey: consumer.key,
      consumerSecret: consumer.secret,
      token: employee.token,
      tokenSecret: employee.tokenSecret,
      userId: employee.userId,
      counterKey,
    },
    seedInfo,
    seed,
    faults: faultControls(plan, strikes),
    sales: () => rules.sales.map((s) => ({ ...s })),
    revokeTokens,
    setClockOffset: (offsetMs) => {
      simClock.offsetMs = offsetMs;
    },
    reset,
    goOffline: () => listener.goOffline(),
    goOnline: () => listener.goOnline(),
    close: async () => {
      strikes.release();
      timers.clear();
      await listener.goOffline();
    },
  };
  return handle;
}
