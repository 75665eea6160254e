/**
 * Web host: one `app.ping` round trip over the WebSocket (JSON frames, dispatcher, envelope)
 * against the bare dispatcher call in the same process, and the cold start of the host.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { silentLogger } from '../main/core/log.js';
import { createRuntime } from '../main/runtime/runtime.js';
import { startWebHost } from '../main/web/server.js';
import { percentile, timeEachAsync, type BenchRow } from './harness.js';

const ROUNDS = 1000;

export async function run(): Promise<BenchRow[]> {
  const base = mkdtempSync(join(tmpdir(), 'loket-bench-host-'));
  const rendererDir = join(base, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  const runtime = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: join(base, 'data') }, log: silentLogger });

  const t0 = process.hrtime.bigint();
  const host = await startWebHost({ dispatcher: runtime.dispatcher, bus: runtime.bus, rendererDir, log: silentLogger });
  const startMs = Number(process.hrtime.bigint() - t0) / 1e6;

  try {
    const direct = await timeEachAsync(ROUNDS, () => runtime.dispatcher.dispatch('app.ping', { text: 'ping' }));

    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: host.origin });
    const waiting = new Map<number, () => void>();
    ws.on('message', (data) => {
      const frame = JSON.parse((data as Buffer).toString('utf8')) as { id?: number };
      if (typeof frame.id === 'number') waiting.get(frame.id)?.();
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const overWs = await timeEachAsync(ROUNDS, async (i) => {
      await new Promise<void>((resolve) => {
        waiting.set(i, resolve);
        ws.send(JSON.stringify({ id: i, name: 'app.ping', input: { text: 'ping' } }));
      });
      waiting.delete(i);
    });
    ws.close();

    const wsP50 = percentile(overWs, 50);
    return [
      {
        group: 'host',
        name: 'app.ping over WebSocket, p50',
        value: wsP50,
        unit: 'µs',
        baseline: { name: 'dispatcher direct p50', value: percentile(direct, 50), unit: 'µs' },
        target: '< 2000 µs',
        pass: wsP50 < 2000,
      },
      {
        group: 'host',
        name: 'app.ping over WebSocket, p99',
        value: percentile(overWs, 99),
        unit: 'µs',
        baseline: { name: 'dispatcher direct p99', value: percentile(direct, 99), unit: 'µs' },
      },
      { group: 'host', name: 'web host listening (after runtime)', value: startMs, unit: 'ms', target: '< 100 ms', pass: startMs < 100 },
    ];
  } finally {
    await host.close();
    await runtime.close();
    rmSync(base, { recursive: true, force: true });
  }
}
