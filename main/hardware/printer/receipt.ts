/**
 * Pure receipt layout: a sale, in receipt terms, becomes fixed-width text lines for 32 (58 mm),
 * 42 (80 mm, 180 dpi) or 48 (80 mm, 203 dpi) columns. The ESC/POS encoder and the HTML renderer
 * (Electron silent print) both print these lines as they are.
 *
 * Privacy (docs/architecture.md §8): receipts say "UiTPAS-tarief", never kansentarief or
 * kansenstatuut, and show only the last 4 digits of the card.
 */
import { textsFor } from '../../i18n/index.js';

export type ReceiptLanguage = 'nl' | 'fr' | 'en';
export type ReceiptColumns = 32 | 42 | 48;

/**
 * What the sales engineer maps a sale record to. Money is integer euro cents, per ticket.
 */
export interface ReceiptData {
  language: ReceiptLanguage;
  /** settings.printer.venueName */
  venueName?: string | undefined;
  /** The active counter (balie) name. */
  counterName?: string | undefined;
  /** Who sold: the employee's UiTiD nick (their user id only while UiTPAS has not named them). */
  employee?: string | undefined;
  /** When the sale was made (ISO-8601 with offset, or a Date); printed in Europe/Brussels time. */
  soldAt: string | Date;
  activityTitle: string;
  /** e.g. UiTPAS's calendar summary "za 28/11/26 om 20:00". */
  activityWhen?: string | undefined;
  priceClass?: string | undefined;
  /** Regular price of one ticket. */
  regularPriceCents: number;
  /** What the customer pays for one ticket (the UiTPAS tariff, or the coupon price). */
  paidPerTicketCents: number;
  /** Number of tickets: more than 1 only for group passes. */
  tickets?: number | undefined;
  couponName?: string | undefined;
  /** Group pass name, when the sale was on a group pass. */
  groupName?: string | undefined;
  /** UiTPAS ticket sale id, once registered. */
  ticketSaleId?: string | undefined;
  /** The local sale UUID (always there; the key for reprints and support). */
  localSaleId: string;
  state: 'registered' | 'pending' | 'provisional' | 'unknown';
  /** The UiTPAS number; only its last 4 digits are printed. */
  cardNumber?: string | undefined;
  /** A reprint: marked DUPLICAAT / DUPLICATA / DUPLICATE. */
  duplicate?: boolean | undefined;
}

export interface ReceiptLine {
  /** At most `columns` characters; already padded/centred with spaces where needed. */
  text: string;
  bold?: boolean;
}

export interface ReceiptLayout {
  columns: ReceiptColumns;
  language: ReceiptLanguage;
  lines: ReceiptLine[];
}

/** `€ 5,25` (nl), `5,25 €` (fr), `€5.25` (en); thousands grouped. */
export function formatAmount(cents: number, language: ReceiptLanguage): string {
  if (!Number.isInteger(cents) || cents < 0) throw new RangeError(`amount must be a non-negative integer of cents, got ${cents}`);
  const euros = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  const group = (sep: string) => String(euros).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  switch (language) {
    case 'nl':
      return `€ ${group('.')},${rest}`;
    case 'fr':
      return `${group(' ')},${rest} €`;
    case 'en':
      return `€${group(',')}.${rest}`;
  }
}

const BRUSSELS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `27/11/2026 17:05` in Brussels time, whatever the PC's time zone. */
export function formatBrusselsDateTime(at: string | Date): string {
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid sale time: ${String(at)}`);
  const p = Object.fromEntries(BRUSSELS.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Last 4 digits only, e.g. `•••• 0206` printed as `**** 0206` (cp858 has no bullet). */
export function maskCardNumber(card: string): string {
  const digits = card.replace(/\D/g, '');
  return `**** ${digits.slice(-4).padStart(4, '*')}`;
}

/** Word-wraps to `width`; words longer than a line are split (after a hyphen when possible). Never returns an empty array. */
export function wrap(text: string, width: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let current = '';
  for (let word of words) {
    while (word.length > width) {
      if (current) {
        lines.push(current);
        current = '';
      }
      // Prefer breaking after a hyphen (UUIDs, ids) over cutting mid-token.
      const hyphen = word.lastIndexOf('-', width - 1);
      const cut = hyphen > 0 ? hyphen + 1 : width;
      lines.push(word.slice(0, cut));
      word = word.slice(cut);
    }
    if (!word) continue;
    if (!current) current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}

export function centre(text: string, width: number): string {
  const t = text.slice(0, width);
  return ' '.repeat(Math.floor((width - t.length) / 2)) + t;
}

/** `label ........ value` with the value right-aligned; falls back to two lines when both do not fit. */
export function labelValue(label: string, value: string, width: number): string[] {
  if (label.length + 1 + value.length <= width) return [label + ' '.repeat(width - label.length - value.length) + value];
  return [...wrap(label, width), ...wrap(value, width).map((l) => l.padStart(width))];
}

/** Characters a cp858 printer cannot print are replaced by close equivalents before layout. */
export function printable(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/[‘’‚′]/g, "'")
      .replace(/[“”„″]/g, '"')
      .replace(/[–—‒]/g, '-')
      .replace(/…/g, '...')
      .replace(/[\u00a0\u2007\u202f]/g, ' ')
      // Control characters would be read as printer commands.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
  );
}

export function layoutReceipt(data: ReceiptData, columns: ReceiptColumns): ReceiptLayout {
  const t = textsFor(data.language).receipt;
  const w = columns;
  const money = (c: number) => formatAmount(c, data.language);
  const tickets = data.tickets ?? 1;
  if (!Number.isInteger(tickets) || tickets < 1) throw new RangeError(`tickets must be a positive integer, got ${tickets}`);
  const lines: ReceiptLine[] = [];
  const push = (...texts: string[]) => texts.forEach((text) => lines.push({ text }));
  const pushBold = (...texts: string[]) => texts.forEach((text) => lines.push({ text, bold: true }));
  const rule = () => push('-'.repeat(w));
  const clean = (s: string) => printable(s);

  if (data.duplicate) pushBold(centre(`*** ${t.duplicate} ***`, w));
  if (data.venueName) pushBold(...wrap(clean(data.venueName), w).map((l) => centre(l, w)));
  if (data.employee) {
    // "Balie: Cultuurcentrum X · Medewerker: anwouters" on one line when it fits, else two.
    const parts = [
      data.counterName ? `${t.counter}: ${clean(data.counterName)}` : undefined,
      `${t.employee}: ${clean(data.employee)}`,
    ].filter((p): p is string => p !== undefined);
    const one = parts.join(' · ');
    if (one.length <= w) push(centre(one, w));
    else for (const p of parts) push(...wrap(p, w).map((l) => centre(l, w)));
  } else if (data.counterName) push(...wrap(clean(data.counterName), w).map((l) => centre(l, w)));
  push(centre(formatBrusselsDateTime(data.soldAt), w));
  rule();

  push(`${t.activity}:`);
  pushBold(...wrap(clean(data.activityTitle), w));
  if (data.activityWhen) push(...wrap(clean(data.activityWhen), w));
  push('');
  if (data.priceClass) push(...labelValue(t.priceClass, clean(data.priceClass), w));
  push(...labelValue(t.regularPrice, money(data.regularPriceCents), w));
  push(...labelValue(t.uitpasTariff, money(data.paidPerTicketCents), w));
  if (data.couponName) push(...wrap(`${t.coupon}: ${clean(data.couponName)}`, w));
  if (data.groupName) push(...wrap(`${t.group}: ${clean(data.groupName)}`, w));
  if (tickets > 1 || data.groupName) push(...labelValue(t.tickets, String(tickets), w));
  rule();
  pushBold(...labelValue(t.total, money(data.paidPerTicketCents * tickets), w));
  rule();

  if (data.cardNumber) push(...labelValue(t.card, maskCardNumber(data.cardNumber), w));
  if (data.ticketSaleId) push(...labelValue(t.saleId, clean(data.ticketSaleId), w));
  push(...labelValue(t.localId, clean(data.localSaleId), w));

  if (data.state !== 'registered') {
    const [headline, explanation] = t[data.state];
    push('');
    pushBold(...wrap(headline, w).map((l) => centre(l, w)));
    push(...wrap(explanation, w).map((l) => centre(l, w)));
  }
  push('');
  push(...wrap(t.thanks, w).map((l) => centre(l, w)));
  if (data.duplicate) pushBold(centre(`*** ${t.duplicate} ***`, w));
  return { columns, language: data.language, lines };
}

/** A fixed receipt for the settings page's test-print button. */
export function testReceipt(language: ReceiptLanguage, venueName?: string): ReceiptData {
  return {
    language,
    venueName: venueName ?? 'Loket',
    counterName: language === 'fr' ? 'Impression de test' : language === 'en' ? 'Test print' : 'Testafdruk',
    soldAt: new Date(),
    activityTitle: 'Crème brûlée & café — été ë ç €',
    priceClass: 'Basistarief',
    regularPriceCents: 1200,
    paidPerTicketCents: 525,
    localSaleId: '00000000-0000-4000-8000-000000000000',
    state: 'registered',
  };
}
