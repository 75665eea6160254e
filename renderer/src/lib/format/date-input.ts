/**
 * Dates typed by hand as the operator writes them: dd/mm/jjjj, also dd-mm-jjjj, dd.mm.jjjj and
 * ddmmjjjj (day and month may be one digit with a separator). A text field, not <input
 * type=date>: the keyboard-wedge detector holds fast keys, and a native date input loses keys
 * typed into it by hand. One parser for every such field. Pure.
 */
import { isCalendarDay } from '../../../../contract/dates.js';

/** "16/12/1980" -> "1980-12-16"; undefined when it is no day (31/02), or the year has 2 digits. */
export function parseDayInput(text: string): string | undefined {
  const s = text.trim();
  const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(s);
  const parts = m ? [m[1]!, m[3]!, m[4]!] : /^(\d{2})(\d{2})(\d{4})$/.exec(s)?.slice(1);
  if (!parts) return undefined;
  const [d, mo, y] = parts as [string, string, string];
  if (y < '1900' || y > '2199') return undefined;
  const day = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return isCalendarDay(day) ? day : undefined;
}

/** "1980-12-16" -> "16/12/1980" (the way it is typed back). */
export function formatDayInput(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}
