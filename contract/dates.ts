/**
 * Calendar days as YYYY-MM-DD, shared by main (checking what the renderer sends) and the renderer
 * (reading what the operator typed). Pure; no time zones: a day is a day.
 */

/** True for a YYYY-MM-DD that names a day that exists (2026-02-29 does not). */
export function isCalendarDay(day: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(2000, mo - 1, d));
  dt.setUTCFullYear(y);
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
