/**
 * HTTP transport on node:http/https with a keep-alive agent. Built on the raw request so we know
 * whether the request reached the server before a failure: that decides between `not-sent`
 * (safe to retry) and `ambiguous` (a buy may have been committed) for the outbox.
 */
import { decodeBody } from './charset.js';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

export interface TransportOptions {
  connectTimeoutMs: number;
  /** From the moment the request is written until the whole body has arrived. */
  responseTimeoutMs: number;
  maxBodyBytes: number;
}

export const defaultTransportOptions: TransportOptions = {
  connectTimeoutMs: 5_000,
  responseTimeoutMs: 10_000,
  maxBodyBytes: 2 * 1024 * 1024,
};

export interface HttpRequest {
  /** DELETE for API 4 cancels; like POST it changes state, so a lost answer to it is ambiguous. */
  method: 'GET' | 'POST' | 'DELETE';
  url: URL;
  headers: Record<string, string>;
  body?: string | undefined;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
  /** The server's `Date` header, and this PC's clock when the request was out and the answer in. */
  date?: string;
  sentMs: number;
  receivedMs: number;
}

export type TransportFailure = 'not-sent' | 'ambiguous' | 'bad-response';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly errno?: string,
    /** The request went out on a kept-alive socket the server may have closed meanwhile. */
    readonly reusedSocket = false,
  ) {
    super(message);
  }
}

/** Errors that mean no byte of the request reached a server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export class HttpTransport {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8, timeout: 4_000 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8, timeout: 4_000 });

  constructor(private readonly options: TransportOptions = defaultTransportOptions) {}

  send(req: HttpRequest): Promise<HttpResponse> {
    const { connectTimeoutMs, responseTimeoutMs, maxBodyBytes } = this.options;
    const isHttps = req.url.protocol === 'https:';
    const lib = isHttps ? https : http;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      let connected = false;
      let timer: NodeJS.Timeout | undefined;
      let sentMs = Date.now();
      let receivedMs = sentMs;
      const finish = (err: TransportError | undefined, res?: HttpResponse) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        if (err) {
          request.destroy();
          reject(err);
        } else resolve(res as HttpResponse);
      };
      const armResponseTimer = () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(
          () => finish(new TransportError('ambiguous', `no complete answer within ${responseTimeoutMs} ms after sending`, 'ETIMEDOUT')),
          responseTimeoutMs,
        );
      };
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
      const request = lib.request(req.url, {
        method: req.method,
        headers,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
      });
      request.on('socket', (socket: Socket) => {
        if (!socket.connecting) {
          connected = true;
          armResponseTimer();
          return;
        }
        timer = setTimeout(
          () => finish(new TransportError('not-sent', `could not connect within ${connectTimeoutMs} ms`, 'ECONNTIMEOUT')),
          connectTimeoutMs,
        );
        socket.once(isHttps ? 'secureConnect' : 'connect', () => {
          connected = true;
          armResponseTimer();
        });
      });
      request.on('error', (e: NodeJS.ErrnoException) => {
        const code = e.code ?? 'EUNKNOWN';
        if (NOT_SENT_CODES.has(code) || !connected) {
          finish(new TransportError('not-sent', `not sent: ${e.message}`, code));
        } else {
          finish(new TransportError('ambiguous', `connection lost after sending: ${e.message}`, code, request.reusedSocket));
        }
      });
      request.on('finish', () => {
        sentMs = Date.now();
      });
      request.on('response', (res) => {
        receivedMs = Date.now();
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBodyBytes) {
            finish(new TransportError('bad-response', `answer larger than ${maxBodyBytes} bytes; stopped reading`, 'ETOOBIG'));
            res.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const contentType = String(res.headers['content-type'] ?? '');
          let body: string;
          try {
            body = decodeBody(Buffer.concat(chunks), contentType); // mutation-check: declared-charset
          } catch (e) {
            finish(new TransportError('bad-response', (e as Error).message, 'ECHARSET'));
            return;
          }
          finish(undefined, {
            status: res.statusCode ?? 0,
            contentType,
            body,
            ...(typeof res.headers.date === 'string' ? { date: res.headers.date } : {}),
            sentMs,
            receivedMs,
          });
        });
        res.on('error', (e: NodeJS.ErrnoException) => finish(new TransportError('ambiguous', `answer cut off: ${e.message}`, e.code)));
        res.on('aborted', () => finish(new TransportError('ambiguous', 'answer cut off by the server', 'ECONNRESET')));
      });
      request.end(req.body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
