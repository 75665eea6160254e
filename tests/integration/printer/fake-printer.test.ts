/**
 * A fake ESC/POS printer on a loopback TCP port receives real receipt bytes; the test decodes
 * them back to text. With the printer down the print is retried and succeeds once it is back,
 * while `print()` itself returned at once (the sale is never held up).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PrinterStatus } from '../../../contract/schemas/hardware.js';
import { defaultSettings } from '../../../contract/settings.js';
import { createPrinterService, type PrinterService } from '../../../main/hardware/printer/printer-service.js';
import type { ReceiptData } from '../../../main/hardware/printer/receipt.js';
import { decodeEscPos } from '../../unit/printer/escpos-decoder.js';
import { freePort, startFakePrinter, type FakePrinter } from '../../support/fake-printer.js';

const sale: ReceiptData = {
  language: 'fr',
  venueName: 'Théâtre de Namur',
  counterName: 'Guichet 2',
  soldAt: '2026-11-27T19:45:00+01:00',
  activityTitle: 'Cirque déçu: à la française',
  priceClass: 'Catégorie A',
  regularPriceCents: 1850,
  paidPerTicketCents: 350,
  ticketSaleId: '88412',
  localSaleId: 'b1c2d3e4-0000-4000-8000-123456789abc',
  state: 'registered',
  cardNumber: '0930000420206',
};

let service: PrinterService | undefined;
let printer: FakePrinter | undefined;
afterEach(async () => {
  await service?.close();
  await printer?.close();
  service = undefined;
  printer = undefined;
});

function settingsFor(port: number) {
  return { ...defaultSettings().printer, url: `tcp://127.0.0.1:${port}`, columns: 42 as const, cut: true, openDrawer: true };
}

describe('printing to a TCP receipt printer', () => {
  it('sends the exact receipt, with accents and €, a cut and a drawer kick', async () => {
    printer = await startFakePrinter();
    service = createPrinterService({ settings: settingsFor(printer.port), language: 'fr' });
    const arrived = printer.nextJob();
    const { done } = service.print(sale);
    const bytes = await arrived;
    expect((await done).state).toBe('printed');

    const printed = decodeEscPos(bytes);
    expect(printed.codePages).toEqual(['cp858']);
    expect(printed.cuts).toBe(1);
    expect(printed.drawerKicks).toBe(1);
    expect(printed.lines.filter((l) => l !== '')).toEqual([
      '             Théâtre de Namur',
      '                Guichet 2',
      '             27/11/2026 19:45',
      '------------------------------------------',
      'Activité:',
      'Cirque déçu: à la française',
      'Catégorie                      Catégorie A',
      'Prix normal                        18,50 €',
      'Tarif UiTPAS                        3,50 €',
      '------------------------------------------',
      'Total payé                          3,50 €',
      '------------------------------------------',
      'UiTPAS                           **** 0206',
      'ID de vente                          88412',
      'Réf.  b1c2d3e4-0000-4000-8000-123456789abc',
      '      Merci et bon divertissement !',
    ]);
    expect(service.status()).toMatchObject({ state: 'ok', queued: 0, url: `tcp://127.0.0.1:${printer.port}` });
  });

  it('reprints as DUPLICATA without kicking the drawer again', async () => {
    printer = await startFakePrinter();
    service = createPrinterService({ settings: settingsFor(printer.port), language: 'fr' });
    const arrived = printer.nextJob();
    service.reprint(sale);
    const printed = decodeEscPos(await arrived);
    expect(printed.lines.filter((l) => l.includes('DUPLICATA'))).toHaveLength(2);
    expect(printed.drawerKicks).toBe(0);
  });

  it('keeps the job while the printer is down and prints it when the printer comes back', async () => {
    const port = await freePort();
    const statuses: PrinterStatus[] = [];
    let sawRetrying!: () => void;
    const retrying = new Promise<void>((r) => (sawRetrying = r));
    service = createPrinterService({
      settings: settingsFor(port),
      language: 'nl',
      retryDelaysMs: [100],
      onStatus: (s) => {
        statuses.push(s);
        if (s.state === 'error' && s.nextRetryAt) sawRetrying();
      },
    });

    const { job, done } = service.print({ ...sale, language: 'nl' });
    // print() returned at once: the sale flow is never held up by the printer.
    expect(job.state).toBe('queued');
    await retrying;
    const down = service.status();
    expect(down).toMatchObject({ state: 'error', queued: 1 });
    expect(down.reason).toMatch(/ECONNREFUSED/);
    expect(service.jobs()[0]).toMatchObject({ state: 'retrying', saleId: sale.localSaleId });

    printer = await startFakePrinter(port);
    const arrived = printer.nextJob();
    const result = await done;
    expect(result.state).toBe('printed');
    expect(result.attempts).toBeGreaterThan(1);
    expect(decodeEscPos(await arrived).lines).toContain('UiTPAS-tarief                       € 3,50');
    expect(service.status()).toMatchObject({ state: 'ok', queued: 0 });
    expect(statuses.map((s) => s.state)).toContain('error');
  });

  it('test print reports the printer being down with the reason, then succeeds', async () => {
    const port = await freePort();
    service = createPrinterService({ settings: settingsFor(port), language: 'nl', retryDelaysMs: [60_000] });
    const down = await service.testPrint();
    expect(down.printed).toBe(false);
    expect(down.reason).toMatch(/ECONNREFUSED/);
    await service.close();

    printer = await startFakePrinter(port);
    service = createPrinterService({ settings: settingsFor(port), language: 'nl' });
    const arrived = printer.nextJob();
    expect(await service.testPrint()).toEqual({ printed: true });
    expect(decodeEscPos(await arrived).lines.join('\n')).toContain('Testafdruk');
  });

  it('a bad printer URL disables printing with a reason; sales are not affected', async () => {
    service = createPrinterService({ settings: { ...settingsFor(1), url: 'lpt1' }, language: 'nl' });
    expect(service.status()).toMatchObject({ state: 'error', reason: expect.stringContaining('unknown printer') as unknown });
    const { job } = service.print(sale);
    expect(job.state).toBe('failed');
    expect(await service.testPrint()).toMatchObject({ printed: false });
  });
});
