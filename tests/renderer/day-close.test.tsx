// @vitest-environment jsdom
/** The day close report view rendered in jsdom with the app's i18n, and the screen's texts. */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DayReport } from '../../contract/schemas/reports.js';
import { initI18n, resources, setLanguage } from '../../renderer/src/lib/i18n/index.js';
import { DayCloseReport } from '../../renderer/src/features/day-close/DayCloseReport.js';

/** The day close texts in the app's i18next resources (`dayClose.*`). */
const DAY_CLOSE_TEXTS = {
  nl: resources.nl.translation.dayClose,
  fr: resources.fr.translation.dayClose,
  en: resources.en.translation.dayClose,
};

const line = {
  cdbid: 'e1',
  activityTitle: 'Concert',
  priceClass: 'Categorie 1',
  tariffType: 'uitpas' as const,
  sales: 2,
  tickets: 2,
  regularCents: 4400,
  collectedCents: 1100,
  discountCents: 3300,
};
const report: DayReport = {
  kind: 'Z',
  number: 3,
  counterKey: 'k',
  sellers: [],
  madeAt: '2026-11-27T16:05:00.000Z',
  periodTo: '2026-11-27T16:05:00.000Z',
  lines: [
    line,
    {
      ...line,
      cdbid: 'e3',
      activityTitle: 'Film',
      tariffType: 'coupon',
      couponName: 'Filmbon',
      sales: 1,
      tickets: 1,
      regularCents: 850,
      collectedCents: 100,
      discountCents: 750,
    },
  ],
  cancellations: [{ ...line, sales: 1, tickets: 1, regularCents: 2200, collectedCents: 550, discountCents: 1650 }],
  totals: {
    sold: { sales: 3, tickets: 3, regularCents: 5250, collectedCents: 1200, discountCents: 4050 },
    cancelled: { sales: 1, tickets: 1, regularCents: 2200, collectedCents: 550, discountCents: 1650 },
    net: { sales: 2, tickets: 2, regularCents: 3050, collectedCents: 650, discountCents: 2400 },
  },
  counts: { made: 4, rejectedInPeriod: 1, pending: 0, unknown: 1, rejected: 1, provisional: 1 },
  unregistered: [
    {
      id: 'u1',
      createdAt: '2026-11-27T15:00:00.000Z',
      activityTitle: 'Dans',
      tickets: 1,
      expectedCents: 625,
      state: 'unknown',
      provisional: true,
    },
  ],
  unregisteredTotal: 1,
};

beforeAll(async () => {
  await initI18n();
});
afterEach(cleanup);

describe('day close report view', () => {
  it('shows lines, cancellations as negatives, net totals and the unregistered sale', async () => {
    await setLanguage('nl');
    render(<DayCloseReport report={report} />);
    const view = screen.getByTestId('day-report');
    expect(view.dataset).toMatchObject({ kind: 'Z', number: '3', netCents: '650', unregistered: '1' });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Z-rapport 3');
    const sold = within(screen.getByTestId('report-sold')).getAllByTestId('report-line');
    expect(sold.map((r) => [r.dataset.tariffType, r.dataset.collectedCents])).toEqual([
      ['uitpas', '1100'],
      ['coupon', '100'],
    ]);
    expect(sold[1]?.textContent).toContain('Voordeel: Filmbon');
    const cancelled = within(screen.getByTestId('report-cancellations')).getByTestId('report-line');
    expect(cancelled.dataset).toMatchObject({ tickets: '-1', collectedCents: '-550' });
    expect(screen.getByTestId('report-net-collected').textContent?.replace(/\s/g, ' ')).toBe('€ 6,50');
    expect(within(screen.getByTestId('report-unregistered')).getByText(/Dans/).dataset).toMatchObject({ saleId: 'u1', state: 'unknown' });
    expect(document.body.textContent?.toLowerCase()).not.toContain('kansen');
  });

  it('speaks French', async () => {
    await setLanguage('fr');
    render(<DayCloseReport report={{ ...report, kind: 'X', number: undefined }} />);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Rapport X (intermédiaire, non clôturé)');
    expect(screen.getByTestId('report-sold').textContent).toContain('Tarif UiTPAS');
  });

  it('has every text in nl, fr and en, none empty, none saying kansentarief', () => {
    const flat = (o: object): string[] =>
      Object.values(o).flatMap((v: unknown) =>
        typeof v === 'string'
          ? [v]
          : typeof v === 'function'
            ? [String((v as (a: unknown, b?: unknown) => string)(7, 'x'))]
            : flat(v as object),
      );
    const keys = Object.keys(DAY_CLOSE_TEXTS.nl).sort();
    for (const lang of ['nl', 'fr', 'en'] as const) {
      expect(Object.keys(DAY_CLOSE_TEXTS[lang]).sort()).toEqual(keys);
      for (const text of flat(DAY_CLOSE_TEXTS[lang])) {
        expect(text.trim()).not.toBe('');
        expect(text.toLowerCase()).not.toContain('kansen');
      }
    }
  });
});
