/**
 * Names over real HTTP: StaffNames fetches balie/listEmployees from the simulator when the session
 * starts; the X report and the sale receipt then carry the employee's nick and the counter name.
 * When the call fails, both fall back to what is known (the uid) without failing, and a retry
 * puts the nick back.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StaffNames } from '../../../main/auth/staff-names.js';
import { receiptHandlers } from '../../../main/runtime/handlers/receipts.js';
import { createSaleReceipts } from '../../../main/hardware/printer/sale-receipts.js';
import { salesHandlers } from '../../../main/runtime/handlers/sales.js';
import { silentLogger } from '../../../main/core/log.js';
import { createPrinterService, type PrinterService } from '../../../main/hardware/printer/printer-service.js';
import { centre } from '../../../main/hardware/printer/receipt.js';
import { layoutDayReport } from '../../../main/hardware/printer/report-layout.js';
import { ReportService, ReportStore } from '../../../main/reports/index.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { UitpasError } from '../../../main/uitpas/port.js';
import { decodeEscPos } from '../../unit/printer/escpos-decoder.js';
import { startFakePrinter, type FakePrinter } from '../../support/fake-printer.js';
import { prepare, startSalesStack, type SalesStack } from '../sales/harness.js';

const COUNTER = 'Cultuurcentrum De Kruisboog';
let stack: SalesStack | undefined;
let db: Database.Database | undefined;
let printer: FakePrinter | undefined;
let printerService: PrinterService | undefined;
let names: StaffNames | undefined;
afterEach(async () => {
  names?.close();
  await printerService?.close();
  await printer?.close();
  db?.close();
  await stack?.close();
  stack = db = printer = printerService = names = undefined;
});

async function setup(listEmployees?: (key: string) => Promise<{ uid: string; nick: string; role: 'admin' | 'member' }[]>) {
  stack = await startSalesStack({ settings: (s) => (s.uitpas.counterName = 'Oude naam uit de instellingen') });
  const s = stack;
  const session = () => ({ counterKey: s.sim.credentials.counterKey, userId: s.sim.credentials.userId, counterName: COUNTER });
  names = new StaffNames({ listEmployees: listEmployees ?? ((key) => s.client.listEmployees(key)), session, retryMs: 50 });
  const n = names;
  db = openOutboxDatabase(join(s.dir, 'outbox.sqlite'));
  printer = await startFakePrinter();
  s.settings.printer = { ...s.settings.printer, url: `tcp://127.0.0.1:${printer.port}`, columns: 42, venueName: undefined };
  s.settings.language = 'nl';
  printerService = createPrinterService({ settings: s.settings.printer, language: 'nl', retryDelaysMs: [1000] });
  const receipts = createSaleReceipts({ config: { settings: s.settings }, log: silentLogger, names: { counterName: (k: string) => n.counterName(k), nick: (u: string) => n.nick(u) } }, printerService);
  const handlers = {
    ...salesHandlers(s.service, { afterSell: receipts.afterSell }),
    ...receiptHandlers(s.service, receipts),
  };
  const reports = new ReportService({ store: new ReportStore(db), settings: () => s.settings, session, nameOf: (u) => n.nick(u) });
  return { s, handlers, reports, names: n };
}

async function sellOne(s: SalesStack, handlers: Awaited<ReturnType<typeof setup>>['handlers']) {
  const { cards, activities } = s.sim.seedInfo;
  await prepare(s, cards.kansenstatuut);
  const job = printer!.nextJob();
  const r = await handlers['sale.sell']({ uitpasNumber: cards.kansenstatuut, cdbid: activities.priced, priceClass: 'Categorie 1' });
  expect(r.outcome).toBe('registered');
  return decodeEscPos(await job).lines;
}

describe('names on reports and receipts', () => {
  it('the X report and the receipt name the employee by nick and the counter by name', async () => {
    const { s, handlers, reports, names } = await setup();
    await names.sessionStarted();
    const receipt = await sellOne(s, handlers);
    // No venue configured: the counter heads the receipt; too long for one line, two centred lines.
    expect(receipt.slice(0, 3)).toEqual([centre(COUNTER, 42), centre(`Balie: ${COUNTER}`, 42), centre('Medewerker: baliemedewerker', 42)]);
    expect(receipt.join('\n')).not.toContain(s.sim.credentials.userId);

    const x = reports.x();
    expect(x).toMatchObject({ counterName: COUNTER, employee: 'baliemedewerker', employeeId: s.sim.credentials.userId });
    expect(x.sellerNames).toEqual(['baliemedewerker']);
    const printed = layoutDayReport(x, 42, 'nl').lines.map((l) => l.text);
    expect(printed).toContain('Medewerker' + ' '.repeat(42 - 'Medewerker'.length - 'baliemedewerker'.length) + 'baliemedewerker');
    expect(printed.join('\n')).not.toContain(s.sim.credentials.userId);
  });

  it('falls back to the uid when listEmployees fails (offline, ACCESS_DENIED), and a retry names them', async () => {
    let fail = true;
    const { s, handlers, reports, names } = await setup(async (key) => {
      if (fail) throw new UitpasError('unauthorized', 'ACCESS_DENIED: not an admin', { code: 'ACCESS_DENIED' });
      return s.client.listEmployees(key);
    });
    await names.sessionStarted();
    const receipt = await sellOne(s, handlers);
    expect(receipt.join(' ')).toMatch(new RegExp(`Medewerker:\\s+${s.sim.credentials.userId}`));
    expect(receipt).toContain(centre(`Balie: ${COUNTER}`, 42));
    expect(reports.x().employee).toBe(s.sim.credentials.userId);

    fail = false;
    // The scheduled retry (50 ms here) fetches again by itself.
    const deadline = Date.now() + 5000;
    while (names.nick(s.sim.credentials.userId) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(reports.x().employee).toBe('baliemedewerker');
  });

  it('a real HTTP failure from the simulator does not fail the report either', async () => {
    const { s, reports, names } = await setup();
    s.sim.faults.add({ call: 'listEmployees', kind: 'html-page' });
    await names.sessionStarted();
    expect(reports.x()).toMatchObject({ employee: s.sim.credentials.userId, counterName: COUNTER });
    await names.refresh();
    expect(reports.x().employee).toBe('baliemedewerker');
  });
});
