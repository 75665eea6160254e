/**
 * The composition root as the app runs it (demo mode: the built-in simulator): a sale through the
 * dispatcher prints its receipt on a TCP printer by itself, and report.* work on the same outbox
 * (their own SQLite connection beside the sales writer thread).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DayReport } from '../../../contract/schemas/reports.js';
import type { SellOutcome } from '../../../contract/schemas/sales.js';
import { silentLogger } from '../../../main/core/log.js';
import { createRuntime, type Runtime } from '../../../main/runtime/runtime.js';
import { seedCardNumber } from '../../../main/tools/simulator/seed.js';
import { decodeEscPos } from '../../unit/printer/escpos-decoder.js';
import { startFakePrinter, type FakePrinter } from '../../support/fake-printer.js';

let rt: Runtime | undefined;
let printer: FakePrinter | undefined;
let dir: string | undefined;
afterEach(async () => {
  await rt?.close();
  await printer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  rt = undefined;
  printer = undefined;
  dir = undefined;
});

async function call<T>(name: string, input: unknown): Promise<T> {
  const envelope = await rt!.dispatcher.dispatch(name, input);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), envelope.error);
  return envelope.value as T;
}

describe('runtime wiring of receipts and reports', () => {
  it('prints the receipt of a sale made through the dispatcher, then closes the day and prints the Z', async () => {
    printer = await startFakePrinter();
    dir = mkdtempSync(join(tmpdir(), 'loket-rt-reports-'));
    rt = await createRuntime({
      transport: 'web',
      env: { LOKET_DATA_DIR: dir, LOKET_PRINTER: `tcp://127.0.0.1:${printer.port}`, LOKET_DEMO: '1' },
      log: silentLogger,
    });
    const card = seedCardNumber(1, true);
    const cdbid = 'e5ee0000-0000-4000-8000-000000000002';
    await call('card.lookup', { identification: card });
    await call('activities.list', { uitpasNumber: card, range: 'today' });
    const receipt = printer.nextJob();
    const sold = await call<SellOutcome>('sale.sell', { uitpasNumber: card, cdbid, priceClass: 'Standaard' });
    expect(sold.outcome).toBe('registered');
    const lines = decodeEscPos(await receipt).lines;
    expect(lines).toContain('Theater: De Kersentuin (Tsjechov)');
    expect(lines.some((l) => l.startsWith('UiTPAS-tarief') && l.endsWith('€ 3,00'))).toBe(true);

    const x = await call<DayReport>('report.x', undefined);
    expect(x.totals.net).toMatchObject({ sales: 1, tickets: 1, collectedCents: 300, regularCents: 1200 });
    const zPrinted = printer.nextJob();
    const z = await call<DayReport>('report.z', { acceptUnregistered: false });
    expect(z).toMatchObject({ kind: 'Z', number: 1 });
    expect(decodeEscPos(await zPrinted).lines.some((l) => l.includes('Z-RAPPORT 1'))).toBe(true);
    expect(await call('report.list', {})).toEqual({ items: [expect.objectContaining({ number: 1, collectedCents: 300 })] });
    await expect(call('report.z', { acceptUnregistered: false })).rejects.toMatchObject({ code: 'REPORT_NOTHING_TO_CLOSE' });
    await expect(call('report.get', { number: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const reprint = printer.nextJob();
    expect(await call('report.print', { number: 1 })).toEqual({ queued: true });
    expect(decodeEscPos(await reprint).lines.some((l) => l.includes('Z-RAPPORT 1'))).toBe(true);
  });
});
