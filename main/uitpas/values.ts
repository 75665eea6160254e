/**
 * Converting UiTPAS XML text values to domain values without float surprises: amounts come as
 * Java doubles ("5.0", "10.5", "0.0") and become integer cents by string arithmetic.
 */

export class ValueError extends Error {
  override readonly name = 'ValueError';
}

/** "10.5" -> 1050, "5" -> 500, "0.0" -> 0. Refuses negatives, exponents and sub-cent precision. */
export function amountToCents(value: string | undefined, field: string): number {
  const s = (value ?? '').trim();
  const m = /^(\d{1,9})(?:\.(\d+))?$/.exec(s);
  if (!m) throw new ValueError(`${field}: not an amount: "${s}"`);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > 2) throw new ValueError(`${field}: more precise than a cent: "${s}"`);
  return Number(m[1]) * 100 + Number(frac.padEnd(2, '0'));
}

/** 1050 -> "10.5", 500 -> "5.0" (the way UiTPAS writes amounts). */
export function centsToAmount(cents: number): string {
  const euros = Math.floor(cents / 100);
  const rest = cents % 100;
  if (rest === 0) return `${euros}.0`;
  return `${euros}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

export function parseBool(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ValueError(`${field}: not a boolean: "${value}"`);
}

export function parseInteger(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d{1,15}$/.test(value.trim())) throw new ValueError(`${field}: not an integer: "${value}"`);
  return Number(value.trim());
}

/** Points come as "10.000" although typed int; keep a number. */
export function parsePoints(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d{1,12}(\.\d+)?$/.test(value.trim())) throw new ValueError(`${field}: not a number: "${value}"`);
  return Number(value.trim());
}

/** Keeps the date-time as sent (with its offset); only checks it is ISO-8601 with an offset. */
export function parseDateTime(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) || Number.isNaN(Date.parse(v))) {
    throw new ValueError(`${field}: not a date-time with offset: "${v}"`);
  }
  return v;
}

/** W3C date-time with the Brussels offset for a moment, e.g. 2026-11-27T17:00:00+01:00. */
const brusselsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Brussels',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export function brusselsDateTime(d: Date): string {
  const parts = brusselsFormat.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const tz = get('timeZoneName').replace('GMT', '') || '+00:00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${tz}`;
}
