import { describe, expect, it } from 'vitest';
import { checkCardNumber, formatCardNumber, luhnCheckDigit, luhnValid, maskCardNumber } from '../../../contract/card-number.js';
import { textsFor } from '../../../main/i18n/index.js';
import { nl as i18nNl } from '../../../renderer/src/lib/i18n/nl.js';

describe('card numbers', () => {
  it('accepts the documented real numbers and tells the kansenpas flag', () => {
    expect(checkCardNumber('0930000150316')).toEqual({ ok: true, number: '0930000150316', kansenpas: true });
    expect(checkCardNumber('0934000049106')).toMatchObject({ ok: true, kansenpas: false });
    expect(checkCardNumber('1000000520006')).toMatchObject({ ok: true, kansenpas: false });
    expect(checkCardNumber('0900000045410')).toMatchObject({ ok: true, kansenpas: true });
  });

  it('keeps leading zeros and strips spaces, dashes and a scanner prefix', () => {
    expect(checkCardNumber(' 0930 000 150 316\r\n')).toMatchObject({ ok: true, number: '0930000150316' });
    expect(checkCardNumber('0930-000-150-316')).toMatchObject({ ok: true, number: '0930000150316' });
    expect(checkCardNumber(']C1 0930000150316')).toMatchObject({ ok: true, number: '0930000150316' });
    expect(checkCardNumber('2500930000150316')).toMatchObject({ ok: true, number: '0930000150316' });
  });

  it('gives a distinct problem for each failure', () => {
    expect(checkCardNumber('')).toMatchObject({ ok: false, problem: 'empty' });
    expect(checkCardNumber('abc')).toMatchObject({ ok: false, problem: 'empty' });
    expect(checkCardNumber('093000015031')).toMatchObject({ ok: false, problem: 'too-short' });
    expect(checkCardNumber('12345678901234567890')).toMatchObject({ ok: false, problem: 'too-long' });
    expect(checkCardNumber('0930000150326')).toMatchObject({ ok: false, problem: 'bad-flag' });
    // Documented as refused by UiTPAS itself: both fail Luhn.
    expect(checkCardNumber('0934000049103')).toMatchObject({ ok: false, problem: 'bad-check-digit' });
    expect(checkCardNumber('0930000390703')).toMatchObject({ ok: false, problem: 'bad-check-digit' });
  });

  it('names the failure, which main and the renderer each explain in Dutch, French and English', () => {
    const r = checkCardNumber('0934000049103');
    if (r.ok) throw new Error('expected a failure');
    expect(r.problem).toBe('bad-check-digit');
    expect(textsFor('nl').cardNumber[r.problem]).toMatch(/controlecijfer/);
    expect(textsFor('fr').cardNumber[r.problem]).toMatch(/contrôle/);
    expect(textsFor('en').cardNumber[r.problem]).toMatch(/check digit/);
    expect(i18nNl.card.problem[r.problem]).toMatch(/controlecijfer/);
  });

  it('computes Luhn check digits', () => {
    expect(luhnCheckDigit('093000015031')).toBe('6');
    expect(luhnValid('0930000150316')).toBe(true);
    expect(luhnValid('0930000150317')).toBe(false);
    expect(luhnValid('09300x0150316')).toBe(false);
  });

  it('formats and masks', () => {
    expect(formatCardNumber('0930000150316')).toBe('0930 000 150 316');
    expect(maskCardNumber('0930000150316')).toBe('•••••••••0316');
  });
});
