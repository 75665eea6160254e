/** Real web host on 127.0.0.1 with a real runtime in a temp data folder, and raw clients for it. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createRuntime, type Runtime } from '../../../main/runtime/runtime.js';
import { silentLogger } from '../../../main/core/log.js';
import { startWebHost, type WebHost } from '../../../main/web/server.js';

export interface TestHost {
  host: WebHost;
  runtime: Runtime;
  dataDir: string;
  rendererDir: string;
  stop(): Promise<void>;
}

export async function startTestHost(): Promise<TestHost> {
  const base = mkdtempSync(join(tmpdir(), 'loket-host-'));
  const dataDir = join(base, 'data');
  const rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Loket</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'TOP-SECRET');
  symlinkSync(join(base, 'secret.txt'), join(rendererDir, 'link-out.txt'));
  const runtime = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: dataDir }, log: silentLogger });
  const host = await startWebHost({ dispatcher: runtime.dispatcher, bus: runtime.bus, rendererDir, log: silentLogger });
  return {
    host,
    runtime,
    dataDir,
    rendererDir,
    async stop() {
      await host.close();
      await runtime.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends the path byte for byte (no client-side normalisation of `..`). */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Tries to open a WebSocket; resolves with the HTTP status of a refused upgrade, or the open socket. */
export function tryConnect(
  url: string,
  origin: string | undefined,
): Promise<{ status: number; body: string } | { ws: WebSocket; client: FrameClient }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    // Listen before 'open': the host pushes the first event in the same packet as the handshake.
    const client = new FrameClient(ws);
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    ws.on('open', () => resolve({ ws, client }));
    ws.on('error', (err) => {
      if (!String(err.message).includes('Unexpected server response')) reject(err);
    });
  });
}

/** A connected client that collects every server frame in order. */
export class FrameClient {
  readonly frames: unknown[] = [];
  private waiters: Array<() => void> = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse((data as Buffer).toString('utf8')));
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Waits for the first frame (from now on or already received) matching the predicate. */
  async next(pred: (f: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const hit = this.frames.find((f) => pred(f as Record<string, unknown>));
      if (hit) {
        this.frames.splice(this.frames.indexOf(hit), 1);
        return hit as Record<string, unknown>;
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  async call(id: string | number, name: string, input?: unknown): Promise<Record<string, unknown>> {
    this.ws.send(JSON.stringify({ id, name, input }));
    return this.next((f) => f.id === id);
  }
}
