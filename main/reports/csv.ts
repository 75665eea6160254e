/**
 * A day report as CSV for Belgian spreadsheets: UTF-8 with a BOM (so accents show), `;` between
 * fields, decimal comma, CRLF line ends, fields quoted when they hold `;`, `"` or a line break.
 * One flat table (every row repeats the report's number, counter and period) so it can be
 * filtered and summed as it is: sales rows, cancellation rows (negative), one total row (net),
 * then the sales still unregistered when the report was made (not in the total). Pure.
 */
import type { DayReport, ReportLine } from '../../contract/schemas/reports.js';
import type { Language } from '../../contract/settings.js';
import { textsFor } from '../i18n/index.js';



/** `1234,50`, `-5,00`: decimal comma, no thousands separator, no currency sign (stays a number). */
export function csvAmount(cents: number): string {
  if (!Number.isInteger(cents)) throw new RangeError(`amount must be integer cents, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

const BRUSSELS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** `2026-11-27 17:05:09` in Brussels time (what a spreadsheet recognises as a date-time). */
export function csvDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const p = Object.fromEntries(BRUSSELS.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/**
 * Quotes a field when needed. Text that a spreadsheet would run as a formula (= + - @ at the
 * start) gets a leading apostrophe: activity titles come from outside.
 */
export function csvField(value: string | number, text = typeof value === 'string'): string {
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function reportToCsv(report: DayReport, language: Language): string {
  const t = textsFor(language).csv;
  const lead = [report.kind, report.number ?? '', report.counterName ?? report.counterKey, csvDateTime(report.periodFrom), csvDateTime(report.periodTo)];
  const rows: string[] = [t.header.map((h) => csvField(h)).join(';')];
  const row = (cells: Array<string | number>, numericFrom: number) =>
    rows.push([...lead, ...cells].map((c, i) => csvField(c, i < lead.length + numericFrom && typeof c === 'string')).join(';'));
  const lineCells = (kind: string, l: ReportLine, sign: 1 | -1) => [
    kind, l.activityTitle, l.cdbid, l.priceClass ?? '', t.tariff[l.tariffType], l.couponName ?? '',
    sign * l.sales, sign * l.tickets, csvAmount(sign * l.regularCents), csvAmount(sign * l.collectedCents), csvAmount(sign * l.discountCents), '',
  ];
  // Cells from index 6 on (in the part after `lead`) are numbers: no formula guard for "-5,00".
  for (const l of report.lines) row(lineCells(t.kind.sale, l, 1), 6);
  for (const l of report.cancellations) row(lineCells(t.kind.cancellation, l, -1), 6);
  const n = report.totals.net;
  row([t.kind.total, '', '', '', '', '', n.sales, n.tickets, csvAmount(n.regularCents), csvAmount(n.collectedCents), csvAmount(n.discountCents), ''], 6);
  for (const u of report.unregistered) {
    row([t.kind.unregistered, u.activityTitle, '', u.priceClass ?? '', '', '', 1, u.tickets, '', csvAmount(u.expectedCents), '', u.id], 6);
  }
  // What the counter took minus what UiTPAS holds, per sale that explains the drawer (reason code
  // in the tariff column, UiTPAS code or operator's words in the coupon column).
  for (const d of report.drawer?.differences ?? []) {
    row([t.kind.drawer, d.activityTitle, '', '', d.reason, d.detail ?? '', 1, d.tickets, '', csvAmount(d.takenCents - d.registeredCents), '', d.id], 6);
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
