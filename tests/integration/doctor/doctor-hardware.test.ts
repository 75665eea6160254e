/** `npm run doctor` as a real child process: the printer check against a fake printer on loopback TCP. */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envWithoutLoket, runTsx } from '../../support/child-process.js';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'loket-doctor-hw-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Demo mode (built-in simulator), so only the hardware decides the exit code. */
function doctor(over: Record<string, string>): Promise<{ code: number; out: string }> {
  return runTsx('main/tools/doctor/cli.ts', { ...envWithoutLoket(), LOKET_DATA_DIR: dataDir, LOKET_DEMO: '1', ...over });
}

/** A receipt printer stand-in: accepts connections and keeps whatever bytes arrive. */
async function fakePrinter(): Promise<{ port: number; received: () => number; connections: () => number; close: () => Promise<void> }> {
  let bytes = 0;
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.on('data', (b) => (bytes += b.length));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received: () => bytes,
    connections: () => connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('npm run doctor: printer and HID devices', () => {
  it('reports a reachable TCP printer as OK, prints nothing on it and exits 0', async () => {
    const printer = await fakePrinter();
    try {
      const r = await doctor({ LOKET_PRINTER: `tcp://127.0.0.1:${printer.port}` });
      expect(r.out).toContain(`OK    Printer: tcp://127.0.0.1:${printer.port}: printer accepts connections`);
      expect(r.out).toMatch(/OK {4}HID devices: /);
      expect(r.out).toContain('Alles in orde / all OK');
      expect(r.code).toBe(0);
      expect(printer.connections()).toBe(1);
      expect(printer.received()).toBe(0);
    } finally {
      await printer.close();
    }
  });

  it('fails with the reason when the configured printer is down', async () => {
    const printer = await fakePrinter();
    const port = printer.port;
    await printer.close();
    const r = await doctor({ LOKET_PRINTER: `tcp://127.0.0.1:${port}` });
    expect(r.out).toContain(`FOUT  Printer: tcp://127.0.0.1:${port}: cannot connect: ECONNREFUSED`);
    expect(r.out).toContain('Niet in orde / not OK: Printer');
    expect(r.code).toBe(1);
  });

  it('fails with the reason for a printer device file that does not exist', async () => {
    const r = await doctor({ LOKET_PRINTER: `file://${join(dataDir, 'no-such-lp0')}`, LOKET_PRINTER_TEST_DIR: dataDir });
    expect(r.out).toContain('device does not exist (printer off or unplugged?)');
    expect(r.code).toBe(1);
  });

  it('fails for a file printer that is no printer port (a regular file outside the test folder)', async () => {
    const r = await doctor({ LOKET_PRINTER: `file://${join(dataDir, 'settings.json')}` });
    expect(r.out).toMatch(/FOUT {2}Printer: .*is not a printer port/);
    expect(r.code).toBe(1);
  });

  it('is fine without a printer (printing disabled)', async () => {
    const r = await doctor({ LOKET_PRINTER: 'none' });
    expect(r.out).toContain('OK    Printer: none: printing disabled');
    expect(r.code).toBe(0);
  });
});
