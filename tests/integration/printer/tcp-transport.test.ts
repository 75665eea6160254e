/** The raw TCP transport and the doctor's printer check against real loopback sockets. */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPrinter } from '../../../main/hardware/printer/printer-service.js';
import { tcpTransport } from '../../../main/hardware/printer/transports/tcp.js';
import { PrintError, type PrintJobPayload } from '../../../main/hardware/printer/transports/transport.js';

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(onConnection: (s: net.Socket) => void): Promise<number> {
  const server = net.createServer((s) => {
    sockets.add(s);
    onConnection(s);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const port = await listen(() => undefined);
  await new Promise((r) => servers.pop()!.close(r));
  return port;
}

const job = (size: number): PrintJobPayload => ({
  bytes: new Uint8Array(size).fill(0x41),
  layout: { columns: 42, language: 'nl', lines: [] },
});

describe('tcp transport', () => {
  it('fails fast with the reason when nothing listens', async () => {
    const port = await closedPort();
    const err = await tcpTransport({ host: '127.0.0.1', port })
      .send(job(10))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintError);
    expect(err).toMatchObject({ kind: 'unreachable', message: `printer 127.0.0.1:${port}: ECONNREFUSED` });
  });

  it('gives up with a timeout when the printer stops taking bytes (paper out)', async () => {
    // Accepts but never reads: the socket buffers fill and the write never completes.
    const port = await listen((s) => s.pause());
    const err = await tcpTransport({ host: '127.0.0.1', port, writeTimeoutMs: 300 })
      .send(job(64 * 1024 * 1024))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'timeout', message: expect.stringContaining('did not take the receipt') as unknown });
  });

  it('delivers every byte when the printer reads', async () => {
    let got = 0;
    const done = new Promise<void>((resolve) => {
      void listen((s) => {
        s.on('data', (c: Buffer) => (got += c.length));
        s.on('end', () => resolve());
      }).then((port) => tcpTransport({ host: '127.0.0.1', port }).send(job(200_000)));
    });
    await done;
    expect(got).toBe(200_000);
  });
});

describe('checkPrinter', () => {
  it('checks a tcp printer without printing', async () => {
    let received = 0;
    const port = await listen((s) => s.on('data', (c: Buffer) => (received += c.length)));
    expect(await checkPrinter(`tcp://127.0.0.1:${port}`)).toEqual({
      ok: true,
      printer: `tcp://127.0.0.1:${port}`,
      detail: 'printer accepts connections',
    });
    expect(received).toBe(0);
    const closed = await closedPort();
    expect(await checkPrinter(`tcp://127.0.0.1:${closed}`)).toMatchObject({ ok: false, detail: 'cannot connect: ECONNREFUSED' });
  });

  it('explains a bad URL and a disabled printer', async () => {
    expect(await checkPrinter('lpt1')).toMatchObject({ ok: false, detail: expect.stringContaining('unknown printer') as unknown });
    expect(await checkPrinter('none')).toEqual({ ok: true, printer: 'none', detail: 'printing disabled' });
  });
});
