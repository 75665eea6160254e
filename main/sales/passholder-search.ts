/**
 * "Geen kaart? Zoek een pashouder": what main accepts before asking UiTPAS. The contract schema has
 * already trimmed the fields and checked their characters and length; this checks what a schema
 * cannot: a surname that actually narrows the search, a day that exists and is not in the future.
 * The renderer is not trusted to have done any of it. Pure.
 */
import type { PassholderSearchInput } from '../../contract/schemas/sales.js';
import { isCalendarDay } from '../../contract/dates.js';
import { AppError } from '../core/errors.js';
import { brusselsDateTime } from '../uitpas/values.js';
import type { PassholderQuery } from '../uitpas/port.js';
import { definedOnly } from '../../contract/defined-only.js';

/** Letters that narrow a search: everything but the wildcard, dots, dashes, quotes and spaces. */
function letters(s: string): number {
  return [...s.replace(/[*.\s'’-]/g, '')].length;
}

/** Runs of wildcards say no more than one; "**" and "* *" are refused with the rest. */
function tidy(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\*{2,}/g, '*');
}

/**
 * The query to send, or an AppError: SEARCH_NAME_TOO_SHORT (fewer than 2 letters in the surname,
 * or 1 letter without a date of birth), SEARCH_DATE_INVALID (no such day, or before 1900),
 * SEARCH_DATE_FUTURE (after today in Brussels).
 */
export function passholderQuery(input: PassholderSearchInput, now: Date, max: number): PassholderQuery {
  const name = tidy(input.name);
  const firstName = input.firstName === undefined ? undefined : tidy(input.firstName);
  const dob = input.dateOfBirth;
  if (dob !== undefined) {
    if (!isCalendarDay(dob) || dob < '1900-01-01') throw new AppError('SEARCH_DATE_INVALID', `not a date of birth: ${dob.slice(0, 10)}`);
    const today = brusselsDateTime(now).slice(0, 10);
    if (dob > today) throw new AppError('SEARCH_DATE_FUTURE', 'a date of birth cannot be in the future');
  }
  const needed = dob === undefined ? 2 : 1;
  if (letters(name) < needed) {
    throw new AppError(
      'SEARCH_NAME_TOO_SHORT',
      dob === undefined ? 'give at least 2 letters of the surname' : 'give at least 1 letter of the surname',
    );
  }
  return {
    name,
    // A first name of only wildcards narrows nothing: not sent.
    ...(firstName !== undefined && letters(firstName) > 0 ? { firstName } : {}),
    ...definedOnly({ dateOfBirth: dob }),
    start: 0,
    max,
  };
}
