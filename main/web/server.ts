/**
 * The web host: a loopback HTTP server that serves the built renderer and bridges the contract
 * over a WebSocket to the runtime's dispatcher and event bus (docs/architecture.md §3.4).
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WebErrorCode, WS_MAX_PAYLOAD, WS_PATH, type ServerFrame } from '../../contract/web-protocol.js';
import type { Dispatcher } from '../runtime/dispatcher.js';
import type { EventBus } from '../core/event-bus.js';
import { silentLogger, type Logger } from '../core/log.js';
import { checkUpgrade, isOwnHost, securityHeaders, type HostIdentity } from './access.js';
import { parseCallFrame } from './frames.js';
import { lookupStatic } from '../runtime/renderer-files.js';
import { callbackPage, CALLBACK_PATH } from '../auth/callback-page.js';
import type { CallbackOutcome } from '../auth/login-flow.js';
import { definedOnly } from '../../contract/defined-only.js';

export interface WebHostOptions {
  dispatcher: Dispatcher;
  bus: EventBus;
  /** Folder of the built renderer (vite outDir). */
  rendererDir: string;
  /** 0 or absent: a free port. */
  port?: number;
  /** Absent: a random per-start token. */
  token?: string;
  log?: Logger;
  /**
   * UiTiD's redirect after the login popup (`/oauth/callback?…`: OAuth 1.0a's token and verifier,
   * or OAuth 2's code and state): hands the whole URL to the login service, which accepts only
   * the login in progress.
   */
  oauthCallback?: (callback: URL) => Promise<CallbackOutcome>;
  /** Calls one connection may have in flight before the host stops reading from it. */
  maxInFlight?: number;
  /** Log lines about refused upgrades per minute before they are counted instead of written. */
  refusedLogPerMinute?: number;
}

/**
 * One authenticated page (or a script that stole the token) could otherwise queue calls without
 * limit: each frame would become a pending promise in main. At the limit the host stops reading
 * the socket (TCP backpressure: the sender's buffers fill, not main's memory).
 */
export const MAX_IN_FLIGHT_PER_CONNECTION = 32;
/** Results the client does not read pile up in the socket buffer: stop reading calls past this. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const REFUSED_LOG_PER_MINUTE = 10;

export interface WebHost {
  /** The page URL including the token: what `LOKET_URL` prints. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const log = opts.log ?? silentLogger;
  const token = opts.token ?? randomBytes(32).toString('base64url');
  // Filled in once listening: no request can arrive before that.
  let id: HostIdentity = { origin: '', host: '', token };

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  const maxInFlight = opts.maxInFlight ?? MAX_IN_FLIGHT_PER_CONNECTION;
  wss.on('connection', (ws) => bridge(ws, opts.dispatcher, opts.bus, log, maxInFlight));
  const refusedLog = rateLimitedWarn(log, opts.refusedLogPerMinute ?? REFUSED_LOG_PER_MINUTE, 60_000);

  const server = createServer((req, res) => {
    handleHttp(req, res, id, opts.rendererDir, opts.oauthCallback).catch((err: unknown) => {
      log.error('web host: request failed', { err });
      if (!res.headersSent) plain(res, 500, 'Internal error', id);
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const verdict = checkUpgrade(req, id);
    if (!verdict.ok) {
      // Another local process can knock as often as it likes: count, do not write a line each time.
      refusedLog(`web host: WebSocket refused (${verdict.reason})`);
      const text = verdict.status === 403 ? 'Forbidden' : 'Not Found';
      socket.end(
        `HTTP/1.1 ${verdict.status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(verdict.reason)}\r\n\r\n${verdict.reason}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // mutation-check: web-loopback
    server.listen(opts.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  id = { origin: `http://${LOOPBACK}:${port}`, host: `${LOOPBACK}:${port}`, token };

  let closing: Promise<void> | undefined;
  return {
    url: `${id.origin}/?token=${token}`,
    origin: id.origin,
    port,
    token,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        refusedLog.flush();
        for (const client of wss.clients) client.close(1001, 'Loket is shutting down');
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  id: HostIdentity,
  rendererDir: string,
  oauthCallback: WebHostOptions['oauthCallback'],
): Promise<void> {
  if (!isOwnHost(req.headers.host, id)) return plain(res, 403, 'Forbidden: unknown Host', id);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Method Not Allowed', id);
  }
  const url = new URL(req.url ?? '/', id.origin);
  if (url.pathname === WS_PATH) return plain(res, 426, 'This endpoint speaks WebSocket only', id);
  if (url.pathname === CALLBACK_PATH) {
    // Only UiTiD's redirect (a GET) may complete a login: a HEAD (link checkers, prefetchers,
    // another local process) must not spend the one-time verifier.
    // mutation-check: callback-get-only
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return plain(res, 405, 'Method Not Allowed', id);
    }
    const outcome: CallbackOutcome = oauthCallback
      ? await oauthCallback(url)
      : { ok: false, reason: 'no-login-pending', message: 'Login is not available in this host' };
    const page = callbackPage(outcome);
    res.writeHead(page.status, { ...page.headers, 'Content-Length': String(Buffer.byteLength(page.html)) });
    return void res.end(page.html);
  }

  const found = await lookupStatic(rendererDir, url.pathname);
  if (found.kind === 'refused') return plain(res, 400, `Bad Request: ${found.reason}`, id);
  if (found.kind === 'not-found') return plain(res, 404, 'Not Found', id);

  res.writeHead(200, { ...securityHeaders(id), 'Content-Type': found.contentType, 'Content-Length': String(found.size) });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(found.path);
    stream.on('error', reject);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

function plain(res: ServerResponse, status: number, text: string, id: HostIdentity): void {
  res.writeHead(status, {
    ...securityHeaders(id),
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** One WebSocket client: calls in, results and events out. A bad frame is answered, never acted on. */
function bridge(ws: WebSocket, dispatcher: Dispatcher, bus: EventBus, log: Logger, maxInFlight: number): void {
  let inFlight = 0;
  let paused = false;
  // Reading stops while too many calls run or too many results wait unread; it resumes below both.
  const adjust = () => {
    const full = inFlight >= maxInFlight || ws.bufferedAmount > MAX_BUFFERED_BYTES;
    if (full && !paused) {
      paused = true;
      ws.pause();
    } else if (!full && paused) {
      paused = false;
      ws.resume();
    }
  };
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame), () => adjust());
  };
  const detach = bus.attach((event, payload) => send({ event, payload }));
  ws.on('close', detach);
  ws.on('error', (err) => log.warn('web host: WebSocket error', { err }));
  ws.on('message', (data, isBinary) => {
    const frame = parseCallFrame(data, isBinary);
    if (!frame.ok) {
      send({ ...definedOnly({ id: frame.id }), error: { code: WebErrorCode.badFrame, message: frame.reason } });
      return;
    }
    const { id, name, input } = frame.call;
    // Frames already read when the socket paused still arrive: they are answered, never run.
    // mutation-check: web-busy
    if (inFlight >= maxInFlight) {
      send({
        id,
        error: { code: WebErrorCode.busy, message: `too many calls at once on this connection (at most ${maxInFlight}); try again` },
      });
      return;
    }
    inFlight++;
    adjust();
    dispatcher
      .dispatch(name, input)
      .then(
        (result) => send({ id, result }),
        // The dispatcher answers every call with an envelope; this is a bug guard, not a path.
        (err: unknown) => {
          log.error(`web host: dispatch of ${name} threw`, { err });
          send({ id, result: { ok: false, error: { code: 'INTERNAL', message: `Internal error in ${name}` } } });
        },
      )
      .finally(() => {
        inFlight--;
        adjust();
      });
  });
}

/** A warn() that writes at most `perWindow` lines per window and then one line with the count. */
function rateLimitedWarn(log: Logger, perWindow: number, windowMs: number): ((message: string) => void) & { flush(): void } {
  let windowStart = 0;
  let written = 0;
  let suppressed = 0;
  const flush = () => {
    if (suppressed > 0) log.warn(`web host: ${suppressed} more refused WebSocket upgrade(s) not logged one by one`);
    suppressed = 0;
  };
  const warn = (message: string) => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      flush();
      windowStart = now;
      written = 0;
    }
    // mutation-check: web-refused-log-rate
    if (written < perWindow) {
      written++;
      log.warn(message);
    } else {
      suppressed++;
    }
  };
  return Object.assign(warn, { flush });
}
