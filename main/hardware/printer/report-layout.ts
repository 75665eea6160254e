/**
 * Day report (X or Z) as receipt lines for 32/42/48 columns, printed through the same queue,
 * encoder and transports as sale receipts. Pure. Like receipts it says "UiTPAS-tarief", never
 * kansentarief.
 */
import type { DayReport, ReportAmounts, ReportLine } from '../../../contract/schemas/reports.js';
import {
  centre,
  formatAmount,
  formatBrusselsDateTime,
  labelValue,
  printable,
  wrap,
  type ReceiptColumns,
  type ReceiptLanguage,
  type ReceiptLayout,
  type ReceiptLine,
} from './receipt.js';
import { textsFor } from '../../i18n/index.js';

/** How many unregistered sales are printed one by one (the screen and CSV list them all). */
const PRINTED_UNREGISTERED = 50;

function signedAmount(cents: number, language: ReceiptLanguage): string {
  return cents < 0 ? `-${formatAmount(-cents, language)}` : formatAmount(cents, language);
}

export function layoutDayReport(report: DayReport, columns: ReceiptColumns, language: ReceiptLanguage): ReceiptLayout {
  const t = textsFor(language).report;
  const w = columns;
  const lines: ReceiptLine[] = [];
  const push = (...texts: string[]) => texts.forEach((text) => lines.push({ text }));
  const pushBold = (...texts: string[]) => texts.forEach((text) => lines.push({ text, bold: true }));
  const rule = () => push('-'.repeat(w));
  const money = (c: number) => signedAmount(c, language);
  const when = (iso: string) => formatBrusselsDateTime(iso);
  const amounts = (a: Pick<ReportAmounts, 'tickets' | 'regularCents' | 'collectedCents' | 'discountCents'>, sign = 1) => {
    push(...labelValue(t.tickets, String(sign * a.tickets), w));
    push(...labelValue(t.regular, money(sign * a.regularCents), w));
    push(...labelValue(t.collected, money(sign * a.collectedCents), w));
    push(...labelValue(t.discount, money(sign * a.discountCents), w));
  };
  const line = (l: ReportLine, sign: number) => {
    pushBold(...wrap(printable(l.activityTitle), w));
    const kind = [l.priceClass, t.tariff[l.tariffType], l.couponName]
      .filter((x): x is string => !!x)
      .map(printable)
      .join(' / ');
    push(...wrap(kind, w));
    amounts(l, sign);
    push('');
  };

  pushBold(centre(`*** ${report.kind === 'X' ? t.title.X : t.title.Z(report.number ?? 0)} ***`, w));
  if (report.kind === 'X') push(...wrap(t.interim, w).map((l) => centre(l, w)));
  push(...wrap(printable(report.counterName ?? report.counterKey), w).map((l) => centre(l, w)));
  rule();
  push(...labelValue(t.made, when(report.madeAt), w));
  if (report.periodFrom) push(...labelValue(t.from, when(report.periodFrom), w));
  push(...labelValue(t.to, when(report.periodTo), w));
  if (report.employee) push(...labelValue(t.employee, printable(report.employee), w));
  // Who sold, when that is not only the employee closing (a shared counter, a shift change).
  const sellers = report.sellerNames ?? [];
  if (sellers.some((n) => n !== report.employee)) push(...wrap(`${t.sellers}: ${printable(sellers.join(', '))}`, w));
  if (report.firstSaleAt) push(...labelValue(t.firstSale, when(report.firstSaleAt), w));
  if (report.lastSaleAt) push(...labelValue(t.lastSale, when(report.lastSaleAt), w));
  rule();

  pushBold(t.sales);
  if (report.lines.length === 0) push(t.noSales, '');
  for (const l of report.lines) line(l, 1);
  if (report.cancellations.length > 0) {
    rule();
    pushBold(t.cancellations);
    for (const l of report.cancellations) line(l, -1);
  }
  rule();
  pushBold(t.total);
  push(...labelValue(t.count, String(report.totals.sold.sales), w));
  amounts(report.totals.sold);
  push(...labelValue(t.cancelled, money(-report.totals.cancelled.collectedCents), w));
  pushBold(...labelValue(t.net, money(report.totals.net.collectedCents), w));
  rule();

  const c = report.counts;
  pushBold(t.queue);
  push(...labelValue(t.pending, String(c.pending), w));
  push(...labelValue(t.unknown, String(c.unknown), w));
  push(...labelValue(t.rejected, String(c.rejected), w));
  push(...labelValue(t.provisional, String(c.provisional), w));
  if (report.unregisteredTotal > 0) {
    push('');
    pushBold(...wrap(t.unregistered(report.unregisteredTotal), w));
    for (const u of report.unregistered.slice(0, PRINTED_UNREGISTERED)) {
      push(...wrap(`${when(u.createdAt)} ${printable(u.activityTitle)}`, w));
      push(...labelValue(`  ${u.tickets} x`, money(u.expectedCents), w));
    }
    const rest = report.unregisteredTotal - Math.min(report.unregistered.length, PRINTED_UNREGISTERED);
    if (rest > 0) push(t.more(rest));
  }
  if (report.drawer) {
    const d = report.drawer;
    rule();
    pushBold(...wrap(t.drawer, w));
    push(...labelValue(t.taken, money(d.takenCents), w));
    push(...labelValue(t.heldByUitpas, money(d.registeredCents), w));
    pushBold(...labelValue(t.difference, money(d.takenCents - d.registeredCents), w));
    for (const x of d.differences.slice(0, PRINTED_UNREGISTERED)) {
      push(...wrap(`${when(x.createdAt)} ${printable(x.activityTitle)}`, w));
      push(...wrap(`${t.reason[x.reason]}${x.detail ? ` (${printable(x.detail)})` : ''}`, w));
      push(...labelValue(`  ${x.tickets} x`, money(x.takenCents - x.registeredCents), w));
    }
    const rest = d.differencesTotal - Math.min(d.differences.length, PRINTED_UNREGISTERED);
    if (rest > 0) push(t.more(rest));
  }
  rule();
  return { columns, language, lines };
}
