import { describe, expect, it } from 'vitest';
import type { DayReport } from '../../../contract/schemas/reports.js';
import { encodeReceipt } from '../../../main/hardware/printer/escpos.js';
import { layoutDayReport } from '../../../main/hardware/printer/report-layout.js';
import { decodeEscPos } from '../printer/escpos-decoder.js';

const line = { cdbid: 'e1', activityTitle: 'Concert: Brussels Philharmonic speelt Debussy & Ravel — été', priceClass: 'Categorie 1', tariffType: 'uitpas' as const, sales: 2, tickets: 2, regularCents: 4400, collectedCents: 1100, discountCents: 3300 };
const report: DayReport = {
  kind: 'X', counterKey: 'k', counterName: 'Cultuurcentrum De Kruisboog', employee: 'a1b2c3d4-0000-4000-8000-0000000e0001', sellers: [],
  madeAt: '2026-11-27T16:05:00.000Z', periodFrom: '2026-11-27T07:00:00.000Z', periodTo: '2026-11-27T16:05:00.000Z',
  firstSaleAt: '2026-11-27T08:00:00.000Z', lastSaleAt: '2026-11-27T15:00:00.000Z',
  lines: [line, { ...line, tariffType: 'coupon', couponName: 'Cultuurbon', collectedCents: 0, discountCents: 4400 }],
  cancellations: [{ ...line, sales: 1, tickets: 1, regularCents: 2200, collectedCents: 550, discountCents: 1650 }],
  totals: {
    sold: { sales: 4, tickets: 4, regularCents: 8800, collectedCents: 1100, discountCents: 7700 },
    cancelled: { sales: 1, tickets: 1, regularCents: 2200, collectedCents: 550, discountCents: 1650 },
    net: { sales: 3, tickets: 3, regularCents: 6600, collectedCents: 550, discountCents: 6050 },
  },
  counts: { made: 5, rejectedInPeriod: 0, pending: 1, unknown: 0, rejected: 0, provisional: 1 },
  unregistered: [{ id: 'x', createdAt: '2026-11-27T15:30:00.000Z', activityTitle: 'Dans: Rosas', tickets: 1, expectedCents: 625, state: 'pending', provisional: true }],
  unregisteredTotal: 1,
};

describe('day report layout', () => {
  it.each([32, 42, 48] as const)('fits %i columns and never says kansentarief', (columns) => {
    const layout = layoutDayReport(report, columns, 'nl');
    for (const l of layout.lines) expect(l.text.length, l.text).toBeLessThanOrEqual(columns);
    const text = layout.lines.map((l) => l.text).join('\n');
    expect(text.toLowerCase()).not.toContain('kansen');
    expect(text).toContain('UiTPAS-tarief');
  });

  it('prints the totals, the cancellation and the unregistered sale, in cp858 with € and accents', () => {
    const printed = decodeEscPos(encodeReceipt(layoutDayReport(report, 42, 'nl'))).lines;
    expect(printed).toContain('            *** X-RAPPORT ***');
    expect(printed).toContain('Geannuleerd                        -€ 5,50');
    expect(printed).toContain('Ontvangen                          -€ 5,50');
    expect(printed).toContain('Netto ontvangen                     € 5,50');
    expect(printed).toContain('Concert: Brussels Philharmonic speelt');
    expect(printed).toContain('Debussy & Ravel - été');
    expect(printed).toContain('NOG NIET GEREGISTREERD: 1');
    expect(printed).toContain('27/11/2026 16:30 Dans: Rosas');
    expect(printed).toContain('Categorie 1 / Voordeel / Cultuurbon');
  });

  it('speaks French', () => {
    const text = layoutDayReport({ ...report, kind: 'Z', number: 4 }, 42, 'fr').lines.map((l) => l.text).join('\n');
    expect(text).toContain('*** RAPPORT Z 4 ***');
    expect(text).toContain('Tarif UiTPAS');
    expect(text).toContain('PAS ENCORE ENREGISTRÉ : 1');
  });

  it('prints the drawer against UiTPAS with the sales that explain the difference', () => {
    const drawer = {
      sales: 6,
      takenCents: 2175,
      registeredCents: 550,
      differencesTotal: 2,
      differences: [
        { id: 'x', createdAt: '2026-11-27T15:30:00.000Z', activityTitle: 'Dans: Rosas', tickets: 1, takenCents: 625, registeredCents: 0, reason: 'unregistered' as const },
        { id: 'y', createdAt: '2026-11-27T15:40:00.000Z', activityTitle: 'Film', tickets: 2, takenCents: 1000, registeredCents: 0, reason: 'rejected' as const, detail: 'INVALID_CARD_STATUS' },
      ],
    };
    const printed = decodeEscPos(encodeReceipt(layoutDayReport({ ...report, drawer }, 42, 'nl'))).lines;
    expect(printed).toContain('KASSA TEGENOVER UITPAS');
    expect(printed).toContain('Ontvangen aan de balie             € 21,75');
    expect(printed).toContain('Geregistreerd bij UiTPAS            € 5,50');
    expect(printed).toContain('Verschil                           € 16,25');
    expect(printed).toContain('27/11/2026 16:40 Film');
    expect(printed).toContain('geweigerd door UiTPAS');
    expect(printed).toContain('(INVALID_CARD_STATUS)');
    expect(printed).toContain('  2 x                              € 10,00');
    const en = layoutDayReport({ ...report, drawer }, 32, 'en').lines.map((l) => l.text);
    for (const l of en) expect(l.length).toBeLessThanOrEqual(32);
    expect(en).toContain('DRAWER AGAINST UITPAS');
  });
});
