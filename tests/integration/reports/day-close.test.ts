/**
 * A day at the counter against the UiTPAS simulator (kansentarief, coupons, group passes, a
 * cancellation, a rejected and a pending sale), then X and Z reports from the outbox. Every total
 * is checked against an independent sum over the simulator's own records, never the outbox.
 */
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { DayReport, ReportLine, TariffType } from '../../../contract/schemas/reports.js';
import { createPrinterService, type PrinterService } from '../../../main/hardware/printer/printer-service.js';
import { ReportService } from '../../../main/reports/report-service.js';
import { ReportStore } from '../../../main/reports/report-store.js';
import type { SaleRecord as SimSale } from '../../../main/tools/simulator/rules.js';
import { buildSeed, seedCardNumber } from '../../../main/tools/simulator/seed.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';
import { decodeEscPos } from '../../unit/printer/escpos-decoder.js';
import { prepare, startSalesStack, startSim, until, type SalesStack } from '../sales/harness.js';
import { freePort, startFakePrinter, type FakePrinter } from '../../support/fake-printer.js';

let stack: SalesStack | undefined;
let db: Database.Database | undefined;
let printer: FakePrinter | undefined;
let printerService: PrinterService | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await printerService?.close();
  await printer?.close();
  db?.close();
  await stack?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  stack = undefined;
  db = undefined;
  printer = undefined;
  printerService = undefined;
});

const EVENT = (n: number) => `e5ee0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const COUPON_NAMES: Record<string, string> = { '27': 'Cultuurbon', '31': 'Filmbon' };

async function setup() {
  stack = await startSalesStack({ settings: (s) => (s.uitpas.counterName = 'Cultuurcentrum De Kruisboog') });
  const s = stack;
  db = openOutboxDatabase(join(s.dir, 'outbox.sqlite'));
  printer = await startFakePrinter();
  printerService = createPrinterService({ settings: { ...s.settings.printer, url: `tcp://127.0.0.1:${printer.port}`, columns: 42 }, language: 'nl' });
  const reports = new ReportService({
    store: new ReportStore(db),
    settings: () => s.settings,
    session: () => ({ counterKey: s.sim.credentials.counterKey, userId: s.sim.credentials.userId }),
    printer: printerService,
    typedFolders: true,
  });
  return { stack: s, reports };
}

/** Sells and expects an outcome; the card's tariffs are fetched first, as the counter screen does. */
async function sell(s: SalesStack, card: string, event: number, priceClass: string, extra: { couponId?: string; amountOfTickets?: number } = {}) {
  await prepare(s, card);
  return s.service.sell({ uitpasNumber: card, cdbid: EVENT(event), priceClass, ...extra });
}

/** The day: 11 registered sales of every kind, one cancelled, one rejected, one left pending. */
async function sellADay(s: SalesStack) {
  const { cards } = s.sim.seedInfo;
  const noelle = seedCardNumber(9, true);
  const francois = seedCardNumber(10, true);
  const koen = seedCardNumber(4, true);
  const mohamed = seedCardNumber(8, false);
  const group2 = seedCardNumber(502, true);
  const registered = [
    await sell(s, cards.kansenstatuut, 1, 'Categorie 1'),
    await sell(s, cards.kansenstatuut, 2, 'Standaard'),
    await sell(s, cards.kansenstatuut, 3, 'Standaard'),
    await sell(s, noelle, 1, 'Categorie 2'),
    await sell(s, koen, 2, 'Standaard'),
    await sell(s, francois, 6, 'Standaard'),
    await sell(s, cards.coupon, 1, 'Categorie 1', { couponId: '27' }),
    await sell(s, cards.coupon, 3, 'Standaard', { couponId: '31' }),
    await sell(s, mohamed, 2, 'Standaard', { couponId: '27' }),
    await sell(s, cards.group, 1, 'Categorie 2', { amountOfTickets: 3 }),
    await sell(s, group2, 2, 'Standaard', { amountOfTickets: 2 }),
  ];
  for (const r of registered) expect(r.outcome).toBe('registered');
  const cancelled = await s.service.cancel(registered[5]!.sale.id);
  expect(cancelled.state).toBe('cancelled');
  // The kansentarief limit is one per passholder and event.
  const rejected = await sell(s, cards.kansenstatuut, 1, 'Categorie 1');
  expect(rejected.outcome).toBe('rejected');
  await prepare(s, noelle);
  await s.sim.goOffline();
  await new Promise((r) => setTimeout(r, 100));
  const pending = await s.service.sell({ uitpasNumber: noelle, cdbid: EVENT(2), priceClass: 'Standaard' });
  expect(pending.outcome).toBe('pending');
  return { registered, cancelled, rejected, pending };
}

interface Expected {
  key: string;
  sales: number;
  tickets: number;
  regularCents: number;
  collectedCents: number;
  discountCents: number;
}

const tariffTypeOf = (r: SimSale): TariffType => (r.groupPass ? 'group' : r.couponId ? 'coupon' : 'uitpas');
const keyOf = (cdbid: string, priceClass: string | undefined, type: TariffType, coupon: string | undefined) =>
  `${cdbid}|${priceClass ?? ''}|${type}|${coupon ?? ''}`;

/** Groups simulator records the way a report groups its lines, summing with plain arithmetic. */
function expectedFromSimulator(records: readonly SimSale[]): Expected[] {
  const byKey = new Map<string, Expected>();
  for (const r of records) {
    const key = keyOf(r.cdbid, r.priceClass, tariffTypeOf(r), r.couponId ? COUPON_NAMES[r.couponId] : undefined);
    const e = byKey.get(key) ?? { key, sales: 0, tickets: 0, regularCents: 0, collectedCents: 0, discountCents: 0 };
    e.sales += 1;
    e.tickets += r.amountOfTickets;
    e.regularCents += r.priceCents * r.amountOfTickets;
    e.collectedCents += r.tariffCents * r.amountOfTickets;
    e.discountCents += (r.priceCents - r.tariffCents) * r.amountOfTickets;
    byKey.set(key, e);
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

function linesAsExpected(lines: readonly ReportLine[]): Expected[] {
  return lines
    .map((l) => ({
      key: keyOf(l.cdbid, l.priceClass, l.tariffType, l.couponName),
      sales: l.sales, tickets: l.tickets, regularCents: l.regularCents, collectedCents: l.collectedCents, discountCents: l.discountCents,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function total(records: readonly SimSale[], f: (r: SimSale) => number): number {
  return records.reduce((n, r) => n + f(r), 0);
}

function checkAgainstSimulator(report: DayReport, sold: readonly SimSale[], cancelled: readonly SimSale[]): void {
  expect(linesAsExpected(report.lines)).toEqual(expectedFromSimulator(sold));
  expect(linesAsExpected(report.cancellations)).toEqual(expectedFromSimulator(cancelled));
  expect(report.totals.sold.collectedCents).toBe(total(sold, (r) => r.tariffCents * r.amountOfTickets));
  expect(report.totals.sold.tickets).toBe(total(sold, (r) => r.amountOfTickets));
  expect(report.totals.cancelled.collectedCents).toBe(total(cancelled, (r) => r.tariffCents * r.amountOfTickets));
  expect(report.totals.net.collectedCents).toBe(
    total(sold, (r) => r.tariffCents * r.amountOfTickets) - total(cancelled, (r) => r.tariffCents * r.amountOfTickets),
  );
  expect(report.totals.net.regularCents).toBe(
    total(sold, (r) => r.priceCents * r.amountOfTickets) - total(cancelled, (r) => r.priceCents * r.amountOfTickets),
  );
}

describe('day close against the simulator', () => {
  it('X and Z report every sale as the simulator registered it, and a Z refuses an unfinished queue unless accepted', async () => {
    const { stack: s, reports } = await setup();
    const day = await sellADay(s);
    const atSim = s.sim.xml().sales().filter((r) => r.counterKey === s.sim.credentials.counterKey);
    expect(atSim).toHaveLength(11);
    const simCancelled = atSim.filter((r) => r.cancelled);
    expect(simCancelled).toHaveLength(1);

    const x = reports.x();
    expect(x.kind).toBe('X');
    expect(x.number).toBeUndefined();
    checkAgainstSimulator(x, atSim, simCancelled);
    // Every tariff type is there; the coupon lines carry the coupon's name.
    expect(new Set(x.lines.map((l) => l.tariffType))).toEqual(new Set(['uitpas', 'coupon', 'group']));
    expect(x.lines.filter((l) => l.tariffType === 'coupon').map((l) => l.couponName).sort()).toEqual(['Cultuurbon', 'Cultuurbon', 'Filmbon']);
    expect(x.counts).toEqual({ made: 13, rejectedInPeriod: 1, pending: 1, unknown: 0, rejected: 1, provisional: 1 });
    expect(x.unregisteredTotal).toBe(1);
    expect(x.unregistered).toEqual([
      expect.objectContaining({ id: day.pending.sale.id, tickets: 1, expectedCents: 300, provisional: true }),
    ]);
    expect(x.firstSaleAt).toBe(day.registered[0]!.sale.createdAt);
    expect(x.lastSaleAt).toBe(day.registered[10]!.sale.createdAt);
    expect(x.counterName).toBe('Cultuurcentrum De Kruisboog');
    expect(x.employee).toBe(s.sim.credentials.userId);
    expect(x.sellers).toEqual([s.sim.credentials.userId]);
    // The drawer: what the counter took, against what UiTPAS holds for the same sales (summed
    // from the simulator's own live records); the one difference is the sale still queued. The
    // rejected sale was refused at the counter (not charged); the cancelled one was refunded.
    const liveTariffs = atSim.filter((r) => !r.cancelled).reduce((sum, r) => sum + r.tariffCents * r.amountOfTickets, 0);
    expect(x.drawer).toEqual({
      sales: 13,
      registeredCents: liveTariffs,
      takenCents: liveTariffs + 300,
      differences: [expect.objectContaining({ id: day.pending.sale.id, reason: 'unregistered', takenCents: 300, registeredCents: 0 })],
      differencesTotal: 1,
    });
    // An X changes nothing: asked again it is the same report.
    expect({ ...reports.x(), madeAt: '', periodTo: '' }).toEqual({ ...x, madeAt: '', periodTo: '' });

    expect(() => reports.z(false)).toThrow(expect.objectContaining({ code: 'REPORT_QUEUE_NOT_EMPTY', details: { unregistered: 1 } }));
    expect(reports.list(10)).toEqual([]);
    const z1 = reports.z(true);
    expect(z1).toMatchObject({ kind: 'Z', number: 1, unregisteredTotal: 1 });
    checkAgainstSimulator(z1, atSim, simCancelled);
    expect(reports.get(1)).toEqual(z1);
    expect(reports.list(10)).toEqual([
      expect.objectContaining({ number: 1, tickets: z1.totals.net.tickets, collectedCents: z1.totals.net.collectedCents, unregisteredTotal: 1 }),
    ]);

    // The Z printed itself on the receipt printer.
    const printed = decodeEscPos(await printer!.nextJob()).lines;
    expect(printed).toContain('           *** Z-RAPPORT 1 ***');
    const net = (z1.totals.net.collectedCents / 100).toFixed(2).replace('.', ',');
    expect(printed.some((l) => l.startsWith('Netto ontvangen') && l.endsWith(`€ ${net}`))).toBe(true);
    expect(printed).toContain('NOG NIET GEREGISTREERD: 1');
    expect(printed.join('\n').toLowerCase()).not.toContain('kansen');
  });

  it('a Z cannot be made twice for the same period or changed, and later sales go to the next one', async () => {
    const { stack: s, reports } = await setup();
    const day = await sellADay(s);
    const z1 = reports.z(true);
    const simAtClose = new Set(s.sim.xml().sales().map((r) => r.id));
    expect(() => reports.z(true)).toThrow(expect.objectContaining({ code: 'REPORT_NOTHING_TO_CLOSE', details: { lastNumber: 1 } }));

    // The database itself refuses to change or remove a closed Z.
    expect(() => db!.prepare("UPDATE z_reports SET report_json = '{}' WHERE number = 1").run()).toThrow(/immutable/);
    expect(() => db!.prepare('DELETE FROM z_reports').run()).toThrow(/immutable/);
    expect(() => db!.prepare('UPDATE report_events SET counter_key = ?').run('other')).toThrow(/append-only/);
    expect(() =>
      db!.prepare(`INSERT INTO z_reports (counter_key, number, made_at, after_event_id, last_event_id, report_json)
                   VALUES (?, 1, 'now', 0, 999999, '{}')`).run(s.sim.credentials.counterKey),
    ).toThrow(/consecutive/);

    // After the close: the pending sale gets registered, a sale of the closed day is cancelled, a new sale is made.
    await s.sim.goOnline();
    s.service.syncNow();
    await until(() => s.service.get(day.pending.sale.id).state === 'registered', 'the pending sale registered');
    await s.service.cancel(day.registered[3]!.sale.id);
    const late = await sell(s, seedCardNumber(10, true), 2, 'Standaard');
    expect(late.outcome).toBe('registered');

    const z2 = reports.z(false);
    expect(z2.number).toBe(2);
    expect(z2.periodFrom).toBe(z1.madeAt);
    const after = s.sim.xml().sales().filter((r) => !simAtClose.has(r.id));
    expect(after).toHaveLength(2);
    const cancelledNow = s.sim.xml().sales().filter((r) => simAtClose.has(r.id) && r.cancelled && r.id === day.registered[3]!.sale.ticketSaleId);
    expect(cancelledNow).toHaveLength(1);
    checkAgainstSimulator(z2, after, cancelledNow);
    expect(z2.totals.net.collectedCents).toBe(300 + 300 - 375);
    expect(z2.unregisteredTotal).toBe(0);
    // Z 1 is exactly as it was when it was made.
    expect(reports.get(1)).toEqual(z1);
    expect(reports.list(10).map((z) => z.number)).toEqual([2, 1]);
  });

  it('exports a Z as CSV that a CSV library reads back: BOM, semicolons, decimal comma, accents', async () => {
    const { stack: s, reports } = await setup();
    await sellADay(s);
    const z1 = reports.z(true);
    const folder = mkdtempSync(join(tmpdir(), 'loket-export-'));
    dirs.push(folder);
    const result = await reports.exportCsv(1, folder);
    expect(result.saved).toBe(true);
    expect(readdirSync(folder)).toEqual([result.file!.slice(folder.length + 1)]);
    expect(result.file).toMatch(/Z0001_Cultuurcentrum_De_Kruisboog_\d{4}-\d\d-\d\d_\d{4}\.csv$/);
    const bytes = readFileSync(result.file!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse<Record<string, string>>(bytes, { bom: true, delimiter: ';', columns: true, skip_empty_lines: true });
    const num = (v: string | undefined) => Math.round(Number((v ?? '').replace(',', '.')) * 100);
    const sales = rows.filter((r) => r.Soort === 'verkoop');
    const cancellations = rows.filter((r) => r.Soort === 'annulatie');
    const totalRow = rows.find((r) => r.Soort === 'totaal');
    expect(sales).toHaveLength(z1.lines.length);
    expect(cancellations).toHaveLength(1);
    expect(rows.filter((r) => r.Soort === 'nog niet geregistreerd')).toHaveLength(1);
    // Summing the sale and cancellation rows in a spreadsheet gives the net total the simulator knows.
    const simNet = s.sim.xml().sales().filter((r) => !r.cancelled).reduce((n, r) => n + r.tariffCents * r.amountOfTickets, 0);
    expect([...sales, ...cancellations].reduce((n, r) => n + num(r.Ontvangen), 0)).toBe(simNet);
    expect(num(totalRow?.Ontvangen)).toBe(simNet);
    expect(rows.every((r) => r.Rapport === 'Z' && r.Nummer === '1' && r.Balie === 'Cultuurcentrum De Kruisboog')).toBe(true);
    expect(sales.map((r) => r.Activiteit)).toContain('Film: Les Misérables (VO, ondertiteld)');
    expect(sales.find((r) => r.Tarieftype === 'Voordeel' && r.Voordeel === 'Filmbon')).toMatchObject({ Tickets: '1', Ontvangen: '1,00' });

    await expect(reports.exportCsv(1, 'relative/folder')).rejects.toMatchObject({ code: 'REPORT_FOLDER_INVALID', details: { reason: 'relative' } });
    await expect(reports.exportCsv(1, join(folder, 'missing'))).rejects.toMatchObject({ code: 'REPORT_FOLDER_INVALID', details: { reason: 'unusable' } });
    await expect(reports.exportCsv(1, undefined)).rejects.toMatchObject({ code: 'REPORT_FOLDER_REQUIRED' });
    await expect(Promise.resolve().then(() => reports.get(7))).rejects.toMatchObject({ code: 'REPORT_NOT_FOUND' });
  });

  it('makes the Z with the printer down and prints it once the printer is back', async () => {
    const s = (stack = await startSalesStack());
    db = openOutboxDatabase(join(s.dir, 'outbox.sqlite'));
    const port = await freePort();
    printerService = createPrinterService({ settings: { ...s.settings.printer, url: `tcp://127.0.0.1:${port}`, columns: 32 }, language: 'fr', retryDelaysMs: [200] });
    const reports = new ReportService({
      store: new ReportStore(db),
      settings: () => ({ ...s.settings, language: 'fr', printer: { ...s.settings.printer, columns: 32 } }),
      session: () => ({ counterKey: s.sim.credentials.counterKey, userId: s.sim.credentials.userId }),
      printer: printerService,
    });
    expect((await sell(s, s.sim.seedInfo.cards.kansenstatuut, 2, 'Standaard')).outcome).toBe('registered');
    const z = reports.z(false);
    expect(z.number).toBe(1);
    await until(() => printerService!.status().state === 'error', 'print failure shown');
    expect(printerService.jobs()).toEqual([expect.objectContaining({ saleId: 'report:Z1', state: 'retrying' })]);
    expect(reports.get(1)).toEqual(z);

    printer = await startFakePrinter(port);
    const lines = decodeEscPos(await printer.nextJob()).lines;
    expect(lines).toContain(`${' '.repeat(6)}*** RAPPORT Z 1 ***`);
    expect(lines.every((l) => l.length <= 32)).toBe(true);
    expect(lines.some((l) => l.startsWith('Encaissé net') && l.endsWith('3,00 €'))).toBe(true);
  });

  it('the drawer explains a provisional sale UiTPAS rejected later: the cash is in the drawer, UiTPAS counts nothing', async () => {
    const seed = buildSeed(new Date());
    stack = await startSalesStack({ sim: { seed: structuredClone(seed) } });
    const s = stack;
    db = openOutboxDatabase(join(s.dir, 'outbox.sqlite'));
    const reports = new ReportService({
      store: new ReportStore(db),
      settings: () => s.settings,
      session: () => ({ counterKey: s.sim.credentials.counterKey }),
      printer: createPrinterService({ settings: { ...s.settings.printer, url: 'none' }, language: 'nl' }),
    });
    const { cards } = s.sim.seedInfo;
    await prepare(s, cards.kansenstatuut);
    await prepare(s, cards.coupon);
    const online = await s.service.sell({ uitpasNumber: cards.coupon, cdbid: EVENT(1), priceClass: 'Categorie 1' });
    expect(online.outcome).toBe('registered');
    await s.sim.goOffline();
    await new Promise((r) => setTimeout(r, 100));
    const offline = await s.service.sell({ uitpasNumber: cards.kansenstatuut, cdbid: EVENT(1), priceClass: 'Categorie 1' });
    expect(offline).toMatchObject({ outcome: 'pending', sale: { provisional: true } });
    // Meanwhile the card was blocked: the replay is rejected.
    seed.passholders.find((p) => p.uitpasNumber === cards.kansenstatuut)!.cardStatus = 'BLOCKED';
    const port = s.sim.port;
    await s.sim.close();
    s.sim = await startSim('xml', { port, seed });
    await until(() => s.service.get(offline.sale.id).state === 'rejected', 'rejected on replay');

    const drawer = reports.x().drawer!;
    const taken = offline.sale.expectedTariffCents + online.sale.expectedTariffCents;
    expect(drawer).toMatchObject({ sales: 2, takenCents: taken, registeredCents: online.sale.registeredTariffCents, differencesTotal: 1 });
    expect(drawer.differences).toEqual([
      expect.objectContaining({ id: offline.sale.id, reason: 'rejected', detail: 'INVALID_CARD_STATUS', takenCents: offline.sale.expectedTariffCents, registeredCents: 0 }),
    ]);
    // The identity the counter relies on: the differences explain the drawer to the cent.
    const explained = drawer.differences.reduce((sum, d) => sum + d.takenCents - d.registeredCents, 0);
    expect(drawer.takenCents - drawer.registeredCents).toBe(explained);
  });
});
