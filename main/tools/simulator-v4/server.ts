/**
 * The UiTPAS API 4 simulator: a node:http server on 127.0.0.1 speaking API 4's wire protocol
 * under `/uitpas` (bearer tokens, JSON bodies, problem+json errors with endUserMessage, the
 * spec's statuses) and the UiTdatabank Search API's event search under `/search`, with the same
 * fault injection and admin API under `/__admin/` as the XML simulator (both from
 * ../simulator-kit/) for tests and trainers. README.md beside this file lists the routes.
 */
import type http from 'node:http';
import { adminApi, faultControls } from '../simulator-kit/admin.js';
import { OffsetClock } from '../simulator-kit/clock.js';
import { FaultPlan, type FaultSpec } from '../simulator-kit/faults.js';
import { FaultStrikes, type FaultReplies } from '../simulator-kit/fault-strikes.js';
import { SimulatorListener } from '../simulator-kit/listener.js';
import { replySender, type Handled, type Reply } from '../simulator-kit/reply.js';
import { Timers } from '../simulator-kit/timers.js';
import { PROBLEM_BASE, RulesV4, type Caller, type Outcome, type Problem, type SaleV4 } from './rules.js';
import { buildSeedV4, type SeedV4 } from './seed.js';

/** The calls a fault can aim at; names shared with the XML simulator where the call is the same. */
export const SIM_CALLS_V4 = [
  'retrieve',
  'passholderSearch',
  'grouppass',
  'tariffs',
  'buy',
  'cancel',
  'searchTicketsales',
  'permissions',
  'listEmployees',
  'search',
  'any',
] as const;
export type SimCallV4 = (typeof SIM_CALLS_V4)[number];

export interface SeedInfoV4 {
  apiBase: string;
  searchBase: string;
  /** The demo employee's bearer token. */
  token: string;
  searchClientId: string;
  userId: string;
  /** The organizer the demo employee sells for (Loket's counter key). */
  organizerId: string;
  cards: SeedV4['data']['roles']['cards'];
  activities: SeedV4['data']['roles']['activities'];
}

export interface SimulatorV4Options {
  port?: number;
  host?: '127.0.0.1';
  clock?: () => Date;
  seed?: SeedV4;
  /** Serve the admin API (`/__admin/`); off where nothing needs to steer the simulator. */
  admin?: boolean;
  /**
   * Bearer tokens beside the seed's fixed ones: an access token of the UiTiD provider beside it
   * (../uitid-oidc/, its `verifyAccessToken`), answered with the UiTiD user id it stands for, or
   * undefined when it is unknown, expired or revoked there.
   */
  verifyToken?: (token: string) => string | undefined;
}

export interface SimulatorV4Handle {
  apiBase: string;
  searchBase: string;
  port: number;
  credentials: { token: string; searchClientId: string; userId: string; counterKey: string };
  seedInfo: SeedInfoV4;
  seed: SeedV4;
  faults: {
    add(spec: FaultSpec<SimCallV4>): void;
    list(): FaultSpec<SimCallV4>[];
    clear(): void;
    /** Sends every answer held by a stall-after-commit fault; returns how many. */
    release(): number;
    held(): number;
  };
  /** Every ticket sale registered (one per ticket; cancelled ones flagged). */
  sales(): SaleV4[];
  /** Revokes every access token it has seen, fixed or verified (an expired login): the next call with one gets 401. */
  revokeTokens(): number;
  setClockOffset(offsetMs: number): void;
  /** Back to the seed: sales, faults and tokens. */
  reset(): void;
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  close(): Promise<void>;
}

interface Ctx {
  caller: Caller;
  query: Record<string, string>;
  queryAll: [string, string][];
  body: string;
  omitPassholder?: boolean;
  lagMs?: number;
  pageCap?: number;
}

interface Route {
  method: string;
  re: RegExp;
  /** The fault call; GET /passholders is `retrieve` by an id field, `passholderSearch` by name. */
  call: SimCallV4 | ((q: Record<string, string>) => SimCallV4);
  handle(m: RegExpExecArray, c: Ctx): Handled;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

const json = (value: unknown, status = 200): Reply => ({ status, body: JSON.stringify(value), contentType: JSON_TYPE });
const problemReply = (p: Problem): Reply => ({
  status: p.status,
  contentType: PROBLEM_TYPE,
  body: JSON.stringify({ ...p, type: `${PROBLEM_BASE}${p.type}` }),
});
const reply = <T>(o: Outcome<T>, render: (v: T) => Reply = (v) => json(v)): Reply => (o.ok ? render(o.value) : problemReply(o.problem));

const htmlError = (status: number): Reply => ({
  status,
  contentType: 'text/html',
  body: `<html><body><h1>${status} Service Unavailable</h1></body></html>`,
});
const NOT_FOUND = (detail?: string) =>
  problemReply({ status: 404, type: 'url/not-found', title: 'Not Found', ...(detail === undefined ? {} : { detail }) });

/** API 4's wording of the fault answers (the faults themselves are the kit's). */
const FAULT_REPLIES: FaultReplies = {
  serverError: htmlError,
  serverErrorAfterCommit: htmlError,
  accessDenied: problemReply({ status: 403, type: 'auth/forbidden', title: 'Forbidden', detail: 'missing permission for this organizer' }),
  // The kind keeps its XML name; here it is malformed JSON: a cut-off body.
  malformed: (r) => ({ ...r, status: 200, body: r.body.slice(0, Math.max(5, Math.floor(r.body.length / 2))) || '{"' }),
  hugeBody: { contentType: JSON_TYPE, open: '[{"id":"', close: '"}]' },
  emptyBody: { status: 200, contentType: JSON_TYPE, body: '' },
};

export async function startSimulatorV4(options: SimulatorV4Options = {}): Promise<SimulatorV4Handle> {
  const simClock = new OffsetClock(options.clock);
  const clock = simClock.now;
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? buildSeedV4(clock());
  let rules = new RulesV4(seed, clock);
  const timers = new Timers();
  const send = replySender(JSON_TYPE, clock);
  const plan = new FaultPlan<SimCallV4>(SIM_CALLS_V4, (durationMs) => listener.refuseFor(durationMs));
  const strikes = new FaultStrikes({ send, timers, clock, replies: FAULT_REPLIES, world: () => rules });
  /** Bearer token -> UiTiD user id. */
  const tokens = new Map<string, string>();
  /** Verified tokens seen so far, and those revoked here (a new token from UiTiD is welcome again). */
  const verifiedSeen = new Set<string>();
  const verifiedRevoked = new Set<string>();

  const resetTokens = () => {
    tokens.clear();
    for (const e of seed.data.employees) tokens.set(e.token, e.userId);
    verifiedSeen.clear();
    verifiedRevoked.clear();
  };
  resetTokens();

  const byId = (q: Record<string, string>) => q.uitpasNumber !== undefined || q.inszNumber !== undefined || q.chipNumber !== undefined;

  const routes: Route[] = [
    {
      method: 'GET',
      re: /^\/passholders$/,
      call: (q) => (byId(q) ? 'retrieve' : 'passholderSearch'),
      handle: (_m, c) => reply(rules.passholders(c.caller, c.query), (v) => json(v.page)),
    },
    { method: 'GET', re: /^\/grouppasses$/, call: 'grouppass', handle: (_m, c) => reply(rules.grouppasses(c.caller, c.query)) },
    { method: 'GET', re: /^\/tariffs\/?$/, call: 'tariffs', handle: (_m, c) => reply(rules.tariffs(c.caller, c.query)) },
    {
      method: 'POST',
      re: /^\/ticket-sales$/,
      call: 'buy',
      handle: (_m, c) => {
        const prepared = rules.prepareSales(c.caller, c.body);
        if (!prepared.ok) return problemReply(prepared.problem);
        return { prepared: () => json(prepared.value().map((s) => rules.saleJson(c.caller, s))) };
      },
    },
    {
      method: 'GET',
      re: /^\/ticket-sales$/,
      call: 'searchTicketsales',
      handle: (_m, c) =>
        reply(
          rules.searchSales(
            c.caller,
            {
              ...(c.query.eventId !== undefined ? { eventId: c.query.eventId } : {}),
              ...(c.query.passholderId !== undefined ? { passholderId: c.query.passholderId } : {}),
              ...(c.query.eventTitle !== undefined ? { eventTitle: c.query.eventTitle } : {}),
              ...(c.query.start !== undefined ? { start: c.query.start } : {}),
              ...(c.query.limit !== undefined ? { limit: c.query.limit } : {}),
              organizerIds: c.queryAll.filter(([k]) => k === 'organizerId').map(([, v]) => v),
            },
            {
              ...(c.lagMs !== undefined ? { lagMs: c.lagMs } : {}),
              ...(c.omitPassholder ? { omitPassholder: true } : {}),
              ...(c.pageCap !== undefined ? { pageCap: c.pageCap } : {}),
            },
          ),
        ),
    },
    {
      method: 'DELETE',
      re: /^\/ticket-sales\/([^/]+)$/,
      call: 'cancel',
      handle: (m, c) => reply(rules.cancel(c.caller, decodeURIComponent(m[1]!)), () => ({ status: 204, body: '' })),
    },
    { method: 'GET', re: /^\/permissions$/, call: 'permissions', handle: (_m, c) => json(rules.permissions(c.caller)) },
    {
      method: 'GET',
      re: /^\/organizers\/([^/]+)\/admins$/,
      call: 'listEmployees',
      handle: (m, c) => reply(rules.admins(c.caller, decodeURIComponent(m[1]!))),
    },
  ];

  const unauthorized = (detail: string): Reply => ({
    ...problemReply({ status: 401, type: 'auth/unauthorized', title: 'Unauthorized', detail }),
    headers: { 'www-authenticate': 'Bearer realm="UiTPAS", error="invalid_token"' },
  });

  /** The bearer token's caller, or undefined. */
  function callerOf(req: http.IncomingMessage): Caller | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const token = m?.[1];
    if (token === undefined) return undefined;
    let userId = tokens.get(token);
    if (userId === undefined && options.verifyToken && !verifiedRevoked.has(token)) {
      userId = options.verifyToken(token);
      if (userId !== undefined) verifiedSeen.add(token);
    }
    return userId === undefined ? undefined : rules.callerFor(userId);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): Promise<void> {
    const path = url.pathname.slice('/uitpas'.length) || '/';
    const found = routes.find((r) => r.method === req.method && r.re.test(path));
    if (!found) {
      const known = routes.some((r) => r.re.test(path));
      return send(
        res,
        problemReply(
          known
            ? { status: 405, type: 'method/not-allowed', title: 'Method not allowed', detail: `${req.method ?? ''} ${path}` }
            : { status: 404, type: 'url/not-found', title: 'Not Found', detail: path },
        ),
      );
    }
    const queryAll = [...url.searchParams.entries()];
    const query = Object.fromEntries(queryAll);
    const call = typeof found.call === 'function' ? found.call(query) : found.call;
    const fault = plan.take(call);
    const modifiers = plan.takeModifiers(call);
    const caller = callerOf(req);
    if (!caller) return send(res, unauthorized('a valid access token (Authorization: Bearer …) is required'));
    const ctx: Ctx = { caller, query, queryAll, body };
    const match = found.re.exec(path)!;
    // A rival registration happens "before" this request, whatever then happens to it.
    for (const m of modifiers) {
      if (m.kind !== 'rival-sale') continue;
      const rival = found.handle(match, m.amountOfTickets ? { ...ctx, body: rivalBody(body, m.amountOfTickets) } : ctx);
      if ('prepared' in rival) rival.prepared();
    }
    for (const m of modifiers) {
      if (m.kind === 'page-cap') ctx.pageCap = m.pageSize ?? 5;
      // The API 4 counterpart of records without a card number: records without the passholder.
      if (m.kind === 'omit-uitpas-number') ctx.omitPassholder = true;
      if (m.kind === 'search-lag') ctx.lagMs = m.lagMs ?? 2_000;
    }
    return strikes.serve(res, fault, () => found.handle(match, ctx));
  }
  /** The Search API: client identification (x-client-id or clientId) or a bearer token. */
  async function handleSearch(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/search'.length);
    if (req.method !== 'GET' || !/^\/events\/?$/.test(path)) {
      return send(res, NOT_FOUND(path));
    }
    const fault = plan.take('search');
    const clientId = req.headers['x-client-id'] ?? url.searchParams.get('clientId');
    if (clientId !== seed.searchClientId && !callerOf(req)) {
      return send(res, unauthorized('a client id (x-client-id) or an access token is required'));
    }
    if (fault && (await strikes.beforeCommit(res, fault))) return;
    const q = Object.fromEntries([...url.searchParams.entries()].filter(([k]) => k !== 'clientId'));
    return strikes.deliver(res, reply(rules.searchEvents(q)), fault);
  }

  function revokeTokens(): number {
    const n = tokens.size + verifiedSeen.size;
    tokens.clear();
    for (const t of verifiedSeen) verifiedRevoked.add(t);
    verifiedSeen.clear();
    return n;
  }

  /** Back to the seed: sales, faults, tokens and the clock. */
  function reset(): void {
    simClock.offsetMs = 0;
    rules = new RulesV4(seed, clock);
    plan.clear();
    resetTokens();
    strikes.release();
  }

  const listener = await SimulatorListener.start({
    host,
    port: options.port ?? 0,
    send,
    timers,
    tooLarge: problemReply({ status: 413, type: 'body/invalid-data', title: 'Body too large' }),
    admin:
      options.admin === false
        ? undefined
        : adminApi(
            { seedInfo: () => seedInfo, sales: () => rules.sales, plan, strikes, clock: simClock, reset, revokeTokens },
            send,
            JSON_TYPE,
          ),
    serve: (req, res, url, body) =>
      url.pathname === '/uitpas' || url.pathname.startsWith('/uitpas/')
        ? handleApi(req, res, url, body)
        : url.pathname.startsWith('/search/')
          ? handleSearch(req, res, url)
          : send(res, NOT_FOUND()),
  });
  const port = listener.port;
  const apiBase = `http://${host}:${port}/uitpas`;
  const searchBase = `http://${host}:${port}/search`;
  const employee = seed.data.employees[0]!;
  const counterKey = employee.counterKeys[0]!;
  const seedInfo: SeedInfoV4 = {
    apiBase,
    searchBase,
    token: employee.token,
    searchClientId: seed.searchClientId,
    userId: employee.userId,
    organizerId: counterKey,
    cards: { ...seed.data.roles.cards },
    activities: { ...seed.data.roles.activities },
  };

  const handle: SimulatorV4Handle = {
    apiBase,
    searchBase,
    port,
    credentials: { token: employee.token, searchClientId: seed.searchClientId, userId: employee.userId, counterKey },
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

/**
 * The rival's own POST /ticket-sales: this request's first ticket, `amountOfTickets` times (a rival
 * selling another count on the same card and activity). Anything else is replayed as it came.
 */
function rivalBody(body: string, amountOfTickets: number): string {
  try {
    const items: unknown = JSON.parse(body);
    if (!Array.isArray(items) || items.length === 0) return body;
    const first: unknown = items[0];
    return JSON.stringify(Array.from({ length: amountOfTickets }, () => first));
  } catch {
    return body;
  }
}
