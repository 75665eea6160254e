/**
 * Amounts, dates and times for the operator's language, always in Brussels time (the counter PC
 * may run in UTC). Pure: built on Intl, so `€ 5,25` (nl) and `5,25 €` (fr) come from CLDR.
 */
import type { Language } from '../../../../contract/settings.js';

const LOCALES: Record<Language, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-BE' };
export const TIME_ZONE = 'Europe/Brussels';

const money = new Map<string, Intl.NumberFormat>();
const dates = new Map<string, Intl.DateTimeFormat>();

export function localeFor(lang: string): string {
  return LOCALES[lang as Language] ?? LOCALES.nl;
}

/** Integer cents as the operator reads euros: `€ 5,25` / `5,25 €` / `€5.25`. */
export function formatCents(cents: number, lang: string): string {
  const locale = localeFor(lang);
  let f = money.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    money.set(locale, f);
  }
  return f.format(cents / 100);
}

function dateFormat(lang: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = localeFor(lang);
  const id = `${locale}|${key}`;
  let f = dates.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options });
    dates.set(id, f);
  }
  return f;
}

function parse(iso: string): Date | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** `17:05` in Brussels. */
export function formatTime(iso: string, lang: string): string {
  const d = parse(iso);
  return d ? dateFormat(lang, 'time', { hour: '2-digit', minute: '2-digit' }).format(d) : iso;
}

/** `27 nov 2026` in Brussels. */
export function formatDate(iso: string, lang: string): string {
  const d = parse(iso);
  return d ? dateFormat(lang, 'date', { day: 'numeric', month: 'short', year: 'numeric' }).format(d) : iso;
}

/** `27 nov 2026 17:05` in Brussels. */
export function formatDateTime(iso: string, lang: string): string {
  const d = parse(iso);
  return d
    ? dateFormat(lang, 'datetime', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d)
    : iso;
}

/** Today's date in Brussels as YYYY-MM-DD (the date picker's default). */
export function brusselsToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
