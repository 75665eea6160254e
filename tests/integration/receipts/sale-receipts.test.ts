/**
 * Receipts of real sales: the sales stack against the UiTPAS simulator, the real printer service
 * over TCP to a fake printer on 127.0.0.1, and the receipt handlers the runtime uses. The bytes
 * the printer receives are decoded back to text and compared line by line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../contract/settings.js';
import { receiptHandlers } from '../../../main/runtime/handlers/receipts.js';
import { createSaleReceipts } from '../../../main/hardware/printer/sale-receipts.js';
import { salesHandlers } from '../../../main/runtime/handlers/sales.js';
import { silentLogger } from '../../../main/core/log.js';
import { createPrinterService, type PrinterService } from '../../../main/hardware/printer/printer-service.js';
import { formatBrusselsDateTime } from '../../../main/hardware/printer/receipt.js';
import { decodeEscPos } from '../../unit/printer/escpos-decoder.js';
import { prepare, startSalesStack, until, type SalesStack } from '../sales/harness.js';
import { freePort, startFakePrinter, type FakePrinter } from '../../support/fake-printer.js';

const W = 42;
const centre = (t: string) => ' '.repeat(Math.floor((W - t.length) / 2)) + t;
const lv = (label: string, value: string) => label + ' '.repeat(W - label.length - value.length) + value;
const rule = '-'.repeat(W);

let stack: SalesStack | undefined;
let printerService: PrinterService | undefined;
let printer: FakePrinter | undefined;
afterEach(async () => {
  await printerService?.close();
  await printer?.close();
  await stack?.close();
  stack = undefined;
  printerService = undefined;
  printer = undefined;
});

function configure(s: Settings, port: number): void {
  s.language = 'nl';
  s.printer = { ...s.printer, url: `tcp://127.0.0.1:${port}`, columns: W, cut: true, openDrawer: false, venueName: 'Zaal Crème Brûlée' };
  s.uitpas.counterName = 'Balie 2 — inkom';
}

async function setup(port: number, retryDelaysMs: number[] = [1000]) {
  stack = await startSalesStack({ settings: (s) => configure(s, port) });
  const settings = stack.settings;
  printerService = createPrinterService({ settings: settings.printer, language: settings.language, retryDelaysMs });
  const receipts = createSaleReceipts({ config: { settings }, log: silentLogger }, printerService);
  const handlers = {
    ...salesHandlers(stack.service, { afterSell: receipts.afterSell }),
    ...receiptHandlers(stack.service, receipts),
  };
  return { handlers, stack, printerService };
}

/** The printed text without the feed lines before the cut. */
function printedLines(bytes: Buffer): string[] {
  const lines = decodeEscPos(bytes).lines;
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

describe('receipts of sales', () => {
  it('prints the exact receipt of a registered sale automatically, with accents and €', async () => {
    printer = await startFakePrinter();
    const { handlers, stack } = await setup(printer.port);
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    const job = printer.nextJob();
    const r = await handlers['sale.sell']({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced, priceClass: 'Categorie 1' });
    expect(r.outcome).toBe('registered');
    const atSim = stack.sim.sales()[0]!;
    const decoded = decodeEscPos(await job);
    expect(decoded.codePages).toEqual(['cp858']);
    expect(decoded.cuts).toBe(1);
    expect(printedLines(printer.received[0]!)).toEqual([
      centre('Zaal Crème Brûlée'),
      centre('Balie 2 - inkom'),
      centre(formatBrusselsDateTime(r.sale.createdAt)),
      rule,
      'Activiteit:',
      'Concert: Brussels Philharmonic speelt',
      'Debussy & Ravel',
      '',
      lv('Prijsklasse', 'Categorie 1'),
      lv('Gewone prijs', '€ 22,00'),
      lv('UiTPAS-tarief', '€ 5,50'),
      rule,
      lv('Totaal betaald', '€ 5,50'),
      rule,
      lv('UiTPAS', `**** ${cards.kansenstatuut.slice(-4)}`),
      lv('Verkoop-ID', atSim.id),
      lv('Ref.', r.sale.id),
      '',
      centre('Bedankt en veel plezier!'),
    ]);
    // The amounts are the simulator's, not the counter's guess.
    expect(atSim).toMatchObject({ priceCents: 2200, tariffCents: 550, cancelled: false });
    const text = decoded.lines.join('\n').toLowerCase();
    expect(text).not.toContain('kansen');
    expect(text).not.toContain(cards.kansenstatuut);
  });

  it('reprints a sale marked DUPLICAAT and refuses a receipt for a rejected sale', async () => {
    printer = await startFakePrinter();
    const { handlers, stack } = await setup(printer.port);
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.group);
    const first = printer.nextJob();
    const sold = await handlers['sale.sell']({ uitpasNumber: cards.group, cdbid: activities.priced, amountOfTickets: 3 });
    expect(sold.outcome).toBe('registered');
    await first;
    const again = printer.nextJob();
    expect(await handlers['sale.reprint']({ id: sold.sale.id })).toEqual({ queued: true });
    const lines = printedLines(await again);
    expect(lines[0]).toBe(centre('*** DUPLICAAT ***'));
    expect(lines[lines.length - 1]).toBe(centre('*** DUPLICAAT ***'));
    expect(lines).toContain('Groep: Vzw Buurtwerk Noordwijk');
    expect(lines).toContain(lv('Aantal tickets', '3'));
    expect(lines).toContain(lv('Totaal betaald', '€ 16,50'));

    // The per-passholder limit is 1: a second buy is rejected and prints nothing.
    await prepare(stack, cards.kansenstatuut);
    await handlers['sale.sell']({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    const rejected = await handlers['sale.sell']({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(rejected.outcome).toBe('rejected');
    await until(() => printerService!.jobs().filter((j) => j.state === 'printed').length === 3, 'three printed jobs');
    expect(printerService!.jobs().map((j) => j.saleId)).not.toContain(rejected.sale.id);
    await expect(Promise.resolve().then(() => handlers['sale.reprint']({ id: rejected.sale.id }))).rejects.toMatchObject({
      code: 'SALE_NO_RECEIPT',
    });
  });

  it('prints a provisional receipt for an offline sale', async () => {
    printer = await startFakePrinter();
    const { handlers, stack } = await setup(printer.port);
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    // UiTPAS refuses connections (what the refuse fault does, awaited: a buy racing the listener's
    // close would be cut off mid-request and rightly end unknown, not pending).
    await stack.sim.goOffline();
    const job = printer.nextJob();
    const r = await handlers['sale.sell']({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(r.outcome).toBe('pending');
    const lines = printedLines(await job);
    expect(lines).toContain(centre('VOORLOPIG TICKET'));
    expect(lines).toContain(centre('Registratie bij UiTPAS volgt.'));
    expect(lines.some((l) => l.startsWith('Verkoop-ID'))).toBe(false);
  });

  it('registers the sale with the printer down and prints it when the printer comes back', async () => {
    const port = await freePort();
    const { handlers, stack, printerService } = await setup(port, [200]);
    const { cards, activities } = stack.sim.seedInfo;
    await prepare(stack, cards.kansenstatuut);
    const r = await handlers['sale.sell']({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced });
    expect(r.outcome).toBe('registered');
    expect(stack.sim.sales()).toHaveLength(1);
    await until(() => printerService.status().state === 'error', 'printer error shown');
    expect(printerService.status()).toMatchObject({ queued: 1, reason: expect.stringMatching(/ECONNREFUSED/) as unknown });
    expect(printerService.jobs()[0]).toMatchObject({ saleId: r.sale.id, state: 'retrying' });

    printer = await startFakePrinter(port);
    const lines = printedLines(await printer.nextJob());
    expect(lines).toContain(lv('Ref.', r.sale.id));
    await until(() => printerService.status().state === 'ok', 'printer ok again');
    expect(printerService.jobs()[0]).toMatchObject({ saleId: r.sale.id, state: 'printed' });
    expect(printerService.jobs()[0]!.attempts).toBeGreaterThan(1);
  });
});
