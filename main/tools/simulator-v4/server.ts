/**
 * The UiTPAS API 4 simulator: a node:http server on 127.0.0.1 speaking API 4's wire protocol
 * under `/uitpas` (bearer tokens, JSON bodies, problem+json errors with endUserMessage, the
 * spec's statuses) and the UiTdatabank Search API's event search under `/search`, with the same
 * fault injection as the XML simulator (../simulator/faults.ts) and the same admin API under
 * `/__admin/` for tests and trainers. README.md beside this file lists the routes.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultPlan, parseFault, type FaultSpec } from '../simulator/faults.js';
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

interface Reply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
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
  handle(m: RegExpExecArray, c: Ctx): Reply | { prepared: () => Reply };
}

const MAX_REQUEST_BODY = 1024 * 1024;
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

const json = (value: unknown, status = 200): Reply => ({ status, body: JSON.stringify(value), contentType: JSON_TYPE });
const problemReply = (p: Problem): Reply => ({
  status: p.status,
  contentType: PROBLEM_TYPE,
  body: JSON.stringify({ ...p, type: `${PROBLEM_BASE}${p.type}` }),
});
const reply = <T>(o: Outcome<T>, render: (v: T) => Reply = (v) => json(v)): Reply => (o.ok ? render(o.value) : problemReply(o.problem));

const HTML_ERROR = (status: number) => `<html><body><h1>${status} Service Unavailable</h1></body></html>`;

export async function startSimulatorV4(options: SimulatorV4Options = {}): Promise<SimulatorV4Handle> {
  const baseClock = options.clock ?? (() => new Date());
  let clockOffsetMs = 0;
  const clock = () => new Date(baseClock().getTime() + clockOffsetMs);
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? buildSeedV4(clock());
  let rules = new RulesV4(seed, clock);
  const plan = new FaultPlan<SimCallV4>(SIM_CALLS_V4);
  /** Bearer token -> UiTiD user id. */
  const tokens = new Map<string, string>();
  /** Verified tokens seen so far, and those revoked here (a new token from UiTiD is welcome again). */
  const verifiedSeen = new Set<string>();
  const verifiedRevoked = new Set<string>();
  const held = new Set<() => void>();
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let pendingCommits = 0;

  const resetTokens = () => {
    tokens.clear();
    for (const e of seed.data.employees) tokens.set(e.token, e.userId);
    verifiedSeen.clear();
    verifiedRevoked.clear();
  };
  resetTokens();

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const sleep = (ms: number) => new Promise<void>((r) => later(ms, r));

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

  function send(res: http.ServerResponse, r: Reply): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(r.status, { 'content-type': r.contentType ?? JSON_TYPE, date: clock().toUTCString(), ...r.headers });
    res.end(r.body);
  }

  const unauthorized = (detail: string): Reply => ({
    ...problemReply({ status: 401, type: 'auth/unauthorized', title: 'Unauthorized', detail }),
    headers: { 'www-authenticate': 'Bearer realm="UiTPAS", error="invalid_token"' },
  });

  /** Applies an after-commit fault to a computed reply (the same kinds as the XML simulator). */
  async function deliver(res: http.ServerResponse, r: Reply, fault: FaultSpec<SimCallV4> | undefined): Promise<void> {
    switch (fault?.kind) {
      case 'drop-after-commit':
        res.socket?.destroy();
        return;
      case 'error-5xx-after-commit':
        return send(res, { status: fault.status ?? 500, contentType: 'text/html', body: HTML_ERROR(fault.status ?? 500) });
      case 'malformed-xml':
        // The kind keeps its XML name; here it is malformed JSON: a cut-off body.
        return send(res, { ...r, status: 200, body: r.body.slice(0, Math.max(5, Math.floor(r.body.length / 2))) || '{"' });
      case 'html-page':
        return send(res, {
          status: 200,
          contentType: 'text/html',
          body: '<!DOCTYPE html><html><head><title>Aanmelden</title></head><body><p>Wifi-login vereist</p></body></html>',
        });
      case 'huge-body': {
        const size = fault.sizeBytes ?? 3 * 1024 * 1024;
        res.writeHead(200, { 'content-type': JSON_TYPE, date: clock().toUTCString() });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        res.write('[{"id":"');
        let written = 0;
        const pump = () => {
          while (written < size && !res.destroyed) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end('"}]');
        };
        pump();
        return;
      }
      case 'empty-body':
        return send(res, { status: 200, contentType: JSON_TYPE, body: '' });
      case 'status':
        return send(res, { ...r, status: fault.status ?? 418 });
      case 'stall-after-commit': {
        await new Promise<void>((resolve) => {
          const release = () => {
            held.delete(release);
            resolve();
          };
          held.add(release);
          later(fault.stallMs ?? 60_000, release);
        });
        return send(res, r);
      }
      default:
        return send(res, r);
    }
  }

  /** Faults that strike before anything is committed; true when the request is finished. */
  async function preCommitFault(res: http.ServerResponse, fault: FaultSpec<SimCallV4>): Promise<boolean> {
    switch (fault.kind) {
      case 'latency':
        await sleep(fault.latencyMs ?? 1_000);
        return false;
      case 'drop-before-commit':
        res.socket?.destroy();
        return true;
      case 'access-denied':
        send(
          res,
          problemReply({ status: 403, type: 'auth/forbidden', title: 'Forbidden', detail: 'missing permission for this organizer' }),
        );
        return true;
      case 'error-5xx':
        send(res, { status: fault.status ?? 503, contentType: 'text/html', body: HTML_ERROR(fault.status ?? 503) });
        return true;
      case 'stall':
        await sleep(fault.stallMs ?? 60_000);
        res.socket?.destroy();
        return true;
      default:
        return false;
    }
  }

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
    if (fault && (await preCommitFault(res, fault))) return;
    for (const m of modifiers) {
      if (m.kind === 'page-cap') ctx.pageCap = m.pageSize ?? 5;
      // The API 4 counterpart of records without a card number: records without the passholder.
      if (m.kind === 'omit-uitpas-number') ctx.omitPassholder = true;
      if (m.kind === 'search-lag') ctx.lagMs = m.lagMs ?? 2_000;
    }
    const result = found.handle(match, ctx);
    if (fault?.kind === 'late-commit') {
      // The client sees its connection drop; the backend commits a little later if still allowed.
      res.socket?.destroy();
      const world = rules;
      pendingCommits++;
      later(fault.delayMs ?? 3_000, () => {
        pendingCommits--;
        if (rules !== world) return;
        const again = found.handle(match, ctx);
        if ('prepared' in again) again.prepared();
      });
      return;
    }
    const r = 'prepared' in result ? result.prepared() : result;
    return deliver(res, r, fault);
  }

  /** The Search API: client identification (x-client-id or clientId) or a bearer token. */
  async function handleSearch(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice('/search'.length);
    if (req.method !== 'GET' || !/^\/events\/?$/.test(path)) {
      return send(res, problemReply({ status: 404, type: 'url/not-found', title: 'Not Found', detail: path }));
    }
    const fault = plan.take('search');
    const clientId = req.headers['x-client-id'] ?? url.searchParams.get('clientId');
    if (clientId !== seed.searchClientId && !callerOf(req)) {
      return send(res, unauthorized('a client id (x-client-id) or an access token is required'));
    }
    if (fault && (await preCommitFault(res, fault))) return;
    const q = Object.fromEntries([...url.searchParams.entries()].filter(([k]) => k !== 'clientId'));
    return deliver(res, reply(rules.searchEvents(q)), fault);
  }

  function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string): void {
    const out = (status: number, value: unknown) => send(res, json(value, status));
    const route = `${req.method} ${url.pathname}`;
    try {
      switch (route) {
        case 'GET /__admin/seed':
          return out(200, seedInfo);
        case 'GET /__admin/sales':
          return out(200, rules.sales);
        case 'GET /__admin/faults':
          return out(200, plan.list());
        case 'DELETE /__admin/faults':
          plan.clear();
          return out(200, []);
        case 'GET /__admin/held':
          return out(200, { held: held.size, pendingCommits });
        case 'POST /__admin/release':
          return out(200, { released: release() });
        case 'POST /__admin/reset':
          handle.reset();
          return out(200, { reset: true });
        case 'POST /__admin/revoke':
          return out(200, { revoked: revokeTokens() });
        case 'POST /__admin/clock': {
          const input = JSON.parse(body || 'null') as { offsetMs?: unknown } | null;
          const offset = input?.offsetMs;
          if (typeof offset !== 'number' || !Number.isInteger(offset) || Math.abs(offset) > 86_400_000) {
            return out(400, { error: 'offsetMs must be an integer number of ms, at most a day either way' });
          }
          clockOffsetMs = offset;
          return out(200, { offsetMs: clockOffsetMs });
        }
        case 'POST /__admin/faults': {
          const input: unknown = JSON.parse(body || 'null');
          const list = (Array.isArray(input) ? input : [input]).map((f) => parseFault(f, SIM_CALLS_V4));
          for (const f of list) addFault(f);
          return out(200, plan.list());
        }
        default:
          return out(404, { error: `no admin route ${route}` });
      }
    } catch (e) {
      return out(400, { error: (e as Error).message });
    }
  }

  function revokeTokens(): number {
    const n = tokens.size + verifiedSeen.size;
    tokens.clear();
    for (const t of verifiedSeen) verifiedRevoked.add(t);
    verifiedSeen.clear();
    return n;
  }

  function release(): number {
    const all = [...held];
    for (const r of all) r();
    return all.length;
  }

  function addFault(spec: FaultSpec<SimCallV4>): void {
    const f = parseFault(spec, SIM_CALLS_V4);
    if (f.kind === 'refuse') {
      setImmediate(() => {
        void goOffline().then(() => later(f.durationMs ?? 2_000, () => void goOnline()));
      });
      return;
    }
    plan.add(f);
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BODY) {
        send(res, problemReply({ status: 413, type: 'body/invalid-data', title: 'Body too large' }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', `http://${host}`);
      const work =
        url.pathname.startsWith('/__admin/') && options.admin !== false
          ? Promise.resolve(handleAdmin(req, res, url, body))
          : url.pathname === '/uitpas' || url.pathname.startsWith('/uitpas/')
            ? handleApi(req, res, url, body)
            : url.pathname.startsWith('/search/')
              ? handleSearch(req, res, url)
              : Promise.resolve(send(res, problemReply({ status: 404, type: 'url/not-found', title: 'Not Found' })));
      work.catch((e: unknown) => send(res, { status: 500, contentType: 'text/plain', body: `simulator bug: ${String(e)}` }));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  let online = false;
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
        server.off('error', reject);
        online = true;
        resolve();
      });
    });
  async function goOffline(): Promise<void> {
    if (!online) return;
    online = false;
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const s of sockets) s.destroy();
    await closed;
    // Let a client in this process notice its kept-alive sockets are gone (see the XML simulator).
    await new Promise<void>((r) => setTimeout(r, 25));
  }
  async function goOnline(): Promise<void> {
    if (online) return;
    await listen(port);
  }

  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
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
    faults: { add: addFault, list: () => plan.list(), clear: () => plan.clear(), release, held: () => held.size },
    sales: () => rules.sales.map((s) => ({ ...s })),
    revokeTokens,
    setClockOffset: (offsetMs) => {
      clockOffsetMs = offsetMs;
    },
    reset: () => {
      clockOffsetMs = 0;
      rules = new RulesV4(seed, clock);
      plan.clear();
      resetTokens();
      release();
    },
    goOffline,
    goOnline,
    close: async () => {
      release();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await goOffline();
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
