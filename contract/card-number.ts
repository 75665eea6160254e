/**
 * UiTPAS card numbers (docs/uitpas-xml-api.md §11): 13 digits, the 12th is the kansenpas flag
 * (0/1), the 13th a Luhn check digit. Pure and Node-free so the renderer validates scans locally
 * with the same rules main and the simulator use. What a problem is called is each side's own
 * text: renderer/src/lib/i18n (`card.problem.*`) and main/i18n (`cardNumber`).
 */

export type CardNumberProblem = 'empty' | 'too-short' | 'too-long' | 'bad-flag' | 'bad-check-digit';

export type CardNumberCheck = { ok: true; number: string; kansenpas: boolean } | { ok: false; problem: CardNumberProblem; digits: string };

export const CARD_NUMBER_LENGTH = 13;
/**
 * A scanned barcode may carry an ISO/issuer prefix before the 13 digits; longer than this it is
 * not a card number with a prefix but something else (an INSZ barcode, a stray scan).
 */
const MAX_SCANNED_DIGITS = 19;

/** Keeps only the digits of whatever was typed or scanned (spaces, dashes, scanner suffixes). */
export function cardDigits(input: string): string {
  return input.replace(/\D+/g, '');
}

/** True when the digits pass the Luhn rule (the last digit is the check digit). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The check digit that makes `first12` + digit pass Luhn (used to build seed data). */
export function luhnCheckDigit(first12: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(first12 + String(d))) return String(d);
  // Stryker disable next-line StringLiteral: unreachable (one of ten digits always completes a Luhn number), so no test can read this message
  throw new Error('unreachable: some digit always completes a Luhn number');
}

function fail(problem: CardNumberProblem, digits: string): CardNumberCheck {
  return { ok: false, problem, digits };
}

/**
 * Normalises and validates a typed or scanned card number. A prefix in front of the 13 digits
 * (some scanners prepend the ISO issuer code) is dropped: the card number is the last 13 digits.
 */
export function checkCardNumber(input: string): CardNumberCheck {
  const all = cardDigits(input);
  if (all.length === 0) return fail('empty', all);
  if (all.length < CARD_NUMBER_LENGTH) return fail('too-short', all);
  if (all.length > MAX_SCANNED_DIGITS) return fail('too-long', all);
  const number = all.slice(all.length - CARD_NUMBER_LENGTH);
  const flag = number[11];
  if (flag !== '0' && flag !== '1') return fail('bad-flag', number);
  if (!luhnValid(number)) return fail('bad-check-digit', number);
  return { ok: true, number, kansenpas: flag === '1' };
}

/** Whether an already normalised number is a valid UiTPAS number. */
export function isValidCardNumber(number: string): boolean {
  return /^\d{13}$/.test(number) && checkCardNumber(number).ok;
}

/** Display form `XXXX XXX XXX XXX` (as on the card). */
export function formatCardNumber(number: string): string {
  const d = cardDigits(number);
  if (d.length !== CARD_NUMBER_LENGTH) return number;
  return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7, 10)} ${d.slice(10)}`;
}

/** Masked for receipts and screens: only the last four digits show. */
export function maskCardNumber(number: string): string {
  const d = cardDigits(number);
  if (d.length < 4) return '•'.repeat(d.length);
  return '•'.repeat(d.length - 4) + d.slice(-4);
}
