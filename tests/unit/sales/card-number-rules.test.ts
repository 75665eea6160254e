/**
 * contract/card-number.ts in the detail the sales core relies on (sale-service validates every
 * sale with it): boundaries of length and prefix, the Luhn rule, the problem messages.
 */
import { describe, expect, it } from 'vitest';
import {
  cardDigits,
  checkCardNumber,
  formatCardNumber,
  isValidCardNumber,
  luhnCheckDigit,
  luhnValid,
  maskCardNumber,
  type CardNumberProblem,
} from '../../../contract/card-number.js';
import { textsFor } from '../../../main/i18n/index.js';

const VALID = '0930000150316';

describe('card number rules', () => {
  it('keeps only the digits', () => {
    expect(cardDigits(' 09-30 a0\t00ü150316 ')).toBe(VALID);
    expect(cardDigits('abc')).toBe('');
  });

  it('accepts a prefix of up to 6 digits and refuses anything longer than 19 digits', () => {
    expect(checkCardNumber('123456' + VALID)).toStrictEqual({ ok: true, number: VALID, kansenpas: true });
    expect(checkCardNumber('1234567' + VALID)).toMatchObject({ ok: false, problem: 'too-long', digits: '1234567' + VALID });
    expect(checkCardNumber('1' + VALID)).toMatchObject({ ok: true, number: VALID });
  });

  it('says too short for 12 digits and reports the digits it saw', () => {
    expect(checkCardNumber('0930 0001 5031')).toMatchObject({ ok: false, problem: 'too-short', digits: '093000015031' });
    expect(checkCardNumber('--')).toMatchObject({ ok: false, problem: 'empty', digits: '' });
  });

  it('checks the flag and the check digit of the last 13 digits, reporting those', () => {
    // 12th digit 2: bad flag, whatever the check digit.
    const badFlag = '09300001503' + '2' + '6';
    expect(checkCardNumber('99' + badFlag)).toMatchObject({ ok: false, problem: 'bad-flag', digits: badFlag });
    expect(checkCardNumber('99' + '0930000150317')).toMatchObject({ ok: false, problem: 'bad-check-digit', digits: '0930000150317' });
    // Flag 0 and flag 1 both valid with their own check digit.
    const regular = '093000015030' + luhnCheckDigit('093000015030');
    expect(checkCardNumber(regular)).toStrictEqual({ ok: true, number: regular, kansenpas: false });
  });

  it('explains each problem, differently, in Dutch, French and English', () => {
    const inputs: Record<CardNumberProblem, string> = {
      empty: '',
      'too-short': '123',
      'too-long': '1'.repeat(20),
      'bad-flag': '0930000150326',
      'bad-check-digit': '0930000150317',
    };
    const texts: string[] = [];
    for (const [problem, input] of Object.entries(inputs)) {
      const r = checkCardNumber(input);
      if (r.ok) throw new Error(`expected ${problem}`);
      expect(r.problem).toBe(problem);
      for (const lang of ['nl', 'fr', 'en'] as const) {
        const text = textsFor(lang).cardNumber[r.problem];
        expect(text.length, `${problem} ${lang}`).toBeGreaterThan(10);
        texts.push(text);
      }
    }
    expect(new Set(texts).size).toBe(15);
    const tooShort = checkCardNumber('123');
    expect(tooShort.ok ? '' : textsFor('en').cardNumber[tooShort.problem]).toMatch(/13 digits.*too short/);
  });

  it('computes the Luhn rule on every position, doubling every second digit from the right', () => {
    expect(luhnValid('0')).toBe(true);
    expect(luhnValid('18')).toBe(true); // 1*2 + 8 = 10
    expect(luhnValid('81')).toBe(false); // 8*2 = 16 -> 7, + 1 = 8
    expect(luhnValid('59')).toBe(true); // 5*2 = 10 -> 1, + 9 = 10
    expect(luhnValid('91')).toBe(true); // 9*2 = 18 -> 9, + 1 = 10
    expect(luhnValid('')).toBe(false);
    expect(luhnValid(' ' + VALID)).toBe(false);
    expect(luhnValid(VALID + ' ')).toBe(false);
  });

  it('finds every check digit, 9 included', () => {
    expect(luhnCheckDigit('100000000000')).toBe('9');
    expect(luhnCheckDigit('000000000000')).toBe('0');
    for (let i = 0; i < 10; i++) {
      const first12 = String(123456789012 + i * 7919).padStart(12, '0');
      const d = luhnCheckDigit(first12);
      expect(luhnValid(first12 + d)).toBe(true);
      expect(luhnValid(first12 + String((Number(d) + 1) % 10))).toBe(false);
    }
  });

  it('tells whether an already normalised number is valid: 13 digits exactly, nothing around them', () => {
    expect(isValidCardNumber(VALID)).toBe(true);
    expect(isValidCardNumber(' ' + VALID)).toBe(false);
    expect(isValidCardNumber(VALID + '\n')).toBe(false);
    expect(isValidCardNumber('1' + VALID)).toBe(false);
    expect(isValidCardNumber('0930000150317')).toBe(false);
    expect(isValidCardNumber('0930000150326')).toBe(false);
  });

  it('formats only a 13-digit number, from whatever separators', () => {
    expect(formatCardNumber('0930-000-150-316')).toBe('0930 000 150 316');
    expect(formatCardNumber('093000015031')).toBe('093000015031');
    expect(formatCardNumber('1' + VALID)).toBe('1' + VALID);
  });

  it('masks all but the last four digits, and short input entirely', () => {
    expect(maskCardNumber('0930 000 150 316')).toBe('•••••••••0316');
    expect(maskCardNumber('1234')).toBe('1234');
    expect(maskCardNumber('12345')).toBe('•2345');
    expect(maskCardNumber('123')).toBe('•••');
    expect(maskCardNumber('')).toBe('');
  });
});
