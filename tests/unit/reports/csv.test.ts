import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { DayReport } from '../../../contract/schemas/reports.js';
import { csvAmount, csvDateTime, csvField, reportToCsv } from '../../../main/reports/csv.js';
import { exportFileName } from '../../../main/reports/report-service.js';

const report: DayReport = {
  kind: 'Z',
  number: 12,
  counterKey: 'k',
  counterName: 'Théâtre "De Kruisboog"; zaal 2',
  sellers: ['u1'],
  madeAt: '2026-11-27T16:05:09.000Z',
  periodFrom: '2026-11-26T16:00:00.000Z',
  periodTo: '2026-11-27T16:05:09.000Z',
  lines: [
    { cdbid: 'e1', activityTitle: '=HYPERLINK("x")', priceClass: 'Categorie 1', tariffType: 'uitpas', sales: 2, tickets: 2, regularCents: 4400, collectedCents: 1100, discountCents: 3300 },
    { cdbid: 'e2', activityTitle: 'Les Misérables\nVO', tariffType: 'coupon', couponName: 'Filmbon', sales: 1, tickets: 1, regularCents: 850, collectedCents: 100, discountCents: 750 },
  ],
  cancellations: [
    { cdbid: 'e1', activityTitle: '=HYPERLINK("x")', priceClass: 'Categorie 1', tariffType: 'uitpas', sales: 1, tickets: 1, regularCents: 2200, collectedCents: 550, discountCents: 1650 },
  ],
  totals: {
    sold: { sales: 3, tickets: 3, regularCents: 5250, collectedCents: 1200, discountCents: 4050 },
    cancelled: { sales: 1, tickets: 1, regularCents: 2200, collectedCents: 550, discountCents: 1650 },
    net: { sales: 2, tickets: 2, regularCents: 3050, collectedCents: 650, discountCents: 2400 },
  },
  counts: { made: 4, rejectedInPeriod: 0, pending: 1, unknown: 0, rejected: 0, provisional: 1 },
  unregistered: [{ id: 'abc', createdAt: '2026-11-27T15:00:00.000Z', activityTitle: 'Dans', tickets: 1, expectedCents: 625, state: 'pending', provisional: true }],
  unregisteredTotal: 1,
};

describe('CSV export', () => {
  it('formats amounts with a decimal comma and signs, dates in Brussels time', () => {
    expect(csvAmount(0)).toBe('0,00');
    expect(csvAmount(5)).toBe('0,05');
    expect(csvAmount(123456)).toBe('1234,56');
    expect(csvAmount(-550)).toBe('-5,50');
    expect(() => csvAmount(1.5)).toThrow(RangeError);
    expect(csvDateTime('2026-07-01T10:00:00Z')).toBe('2026-07-01 12:00:00');
    expect(csvDateTime('2026-12-01T10:00:00Z')).toBe('2026-12-01 11:00:00');
  });

  it('quotes what needs quoting and defuses spreadsheet formulas in text', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a;b')).toBe('"a;b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-5,00', false)).toBe('-5,00');
    expect(csvField(-3)).toBe('-3');
  });

  it('parses back with csv-parse into the same table (BOM, ;, quotes, newlines, accents)', () => {
    const csv = reportToCsv(report, 'nl');
    expect(csv.startsWith('\uFEFFRapport;Nummer;Balie;')).toBe(true);
    const rows: string[][] = parse(Buffer.from(csv, 'utf8'), { bom: true, delimiter: ';' });
    expect(rows[0]).toEqual(['Rapport', 'Nummer', 'Balie', 'Periode van', 'Periode tot', 'Soort', 'Activiteit', 'Activiteit-ID', 'Prijsklasse',
      'Tarieftype', 'Voordeel', 'Verkopen', 'Tickets', 'Gewone prijs', 'Ontvangen', 'Korting', 'Ref.']);
    const lead = ['Z', '12', 'Théâtre "De Kruisboog"; zaal 2', '2026-11-26 17:00:00', '2026-11-27 17:05:09'];
    expect(rows.slice(1)).toEqual([
      [...lead, 'verkoop', "'=HYPERLINK(\"x\")", 'e1', 'Categorie 1', 'UiTPAS-tarief', '', '2', '2', '44,00', '11,00', '33,00', ''],
      [...lead, 'verkoop', 'Les Misérables\nVO', 'e2', '', 'Voordeel', 'Filmbon', '1', '1', '8,50', '1,00', '7,50', ''],
      [...lead, 'annulatie', "'=HYPERLINK(\"x\")", 'e1', 'Categorie 1', 'UiTPAS-tarief', '', '-1', '-1', '-22,00', '-5,50', '-16,50', ''],
      [...lead, 'totaal', '', '', '', '', '', '2', '2', '30,50', '6,50', '24,00', ''],
      [...lead, 'nog niet geregistreerd', 'Dans', '', '', '', '', '1', '1', '', '6,25', '', 'abc'],
    ]);
  });

  it('has French and English headers, and a portable file name', () => {
    expect(reportToCsv(report, 'fr')).toContain('Rapport;Numéro;Guichet;');
    expect(reportToCsv(report, 'en')).toContain('Report;Number;Counter;');
    expect(exportFileName(report)).toBe('Z0012_Théâtre_-De_Kruisboog-;_zaal_2_2026-11-27_1705.csv');
  });
});
