import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Reply, SendReply } from './reply.js';
import type { Timers } from './timers.js';

const MAX_REQUEST_BODY = 1024 * 1024;

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: string) => void | Promise<void>;

export interface ListenerOptions {
  host: string;
  /** 0: any free port. */
  port: number;
  send: SendReply;
  timers: Timers;
  /** The answer to a request body over 1 MiB, in the API's own error shape. */
  tooLarge: Reply;
  /** Serves `/__admin/`; undefined when the admin API is off (its paths then go to `serve`). */
  admin: RequestHandler | undefined;
  /** Serves every other path, including the API's own not-found answer. */
  serve: RequestHandler;
}

/**
 * A simulator's HTTP listener on one fixed port: it reads each request body (within a limit),
 * hands it to the admin API or the simulated API, and can go offline and come back on the same
 * port, so a client meets a real refused connection as on an outage.
 */
export class SimulatorListener {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private online = false;
  private boundPort = 0;

  private constructor(private readonly o: ListenerOptions) {
    this.server = http.createServer((req, res) => this.onRequest(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(o: ListenerOptions): Promise<SimulatorListener> {
    const listener = new SimulatorListener(o);
    await listener.listen(o.port);
    listener.boundPort = (listener.server.address() as AddressInfo).port;
    return listener;
  }

  get port(): number {
    return this.boundPort;
  }

  async goOffline(): Promise<void> {
    if (!this.online) return;
    this.online = false;
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    for (const s of this.sockets) s.destroy();
    await closed;
    // A client in this same process (demo mode, tests) only learns that its kept-alive sockets
    // were closed when its event loop next polls. Let it, so a call made right after going
    // offline meets a refused connection (not-sent), as on a real outage, instead of a reset on
    // a stale socket (ambiguous), which is a different fault.
    await new Promise<void>((r) => setTimeout(r, 25));
  }

  async goOnline(): Promise<void> {
    if (this.online) return;
    await this.listen(this.boundPort);
  }

  /** The 'refuse' fault: offline for `durationMs`, once the admin call that asked is answered. */
  refuseFor(durationMs: number): void {
    setImmediate(() => {
      void this.goOffline().then(() => this.o.timers.later(durationMs, () => void this.goOnline()));
    });
  }

  private listen(port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.o.host, () => {
        this.server.off('error', reject);
        this.online = true;
        resolve();
      });
    });
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const { send, host, admin, serve } = this.o;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REQUEST_BODY) {
        send(res, this.o.tooLarge);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', `http://${host}`);
      const handler = url.pathname.startsWith('/__admin/') && admin ? admin : serve;
      Promise.resolve(handler(req, res, url, body)).catch((e: unknown) =>
        send(res, { status: 500, contentType: 'text/plain', body: `simulator bug: ${String(e)}` }),
      );
    });
  }
}
