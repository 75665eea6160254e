/** passholder/search replies -> PassholderHit, and what main lets through to UiTPAS. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PassholderSearchInput } from '../../../contract/schemas/sales.js';
import type { AppError } from '../../../main/core/errors.js';
import { passholderQuery } from '../../../main/sales/passholder-search.js';
import { passholderHit } from '../../../main/uitpas/mappers.js';
import { children, child, parseXml } from '../../../main/uitpas/xml.js';

const reply = () => parseXml(readFileSync('tests/fixtures/passholder-search-response.xml', 'utf8'));

describe('passholder search reply', () => {
  it('maps each passholder, the namespaced rdf:id as the uid', () => {
    const { root, node } = reply();
    expect(root).toBe('response');
    const hits = children(child(node, 'passholders'), 'passholder').map(passholderHit);
    expect(hits[0]).toEqual({
      uitpasNumber: '0930000420206',
      uid: '1b567cc7-26f8-44e9-ab5b-990e92e34bfa',
      firstName: 'Jan',
      lastName: 'Peeters',
      dateOfBirth: '1980-12-16',
      city: 'Leuven',
      cardStatus: 'ACTIVE',
      kansenpas: true,
    });
  });

  it('keeps a passholder without a current card, without a number', () => {
    const { node } = reply();
    const hit = passholderHit(children(child(node, 'passholders'), 'passholder')[1]!);
    expect(hit).toEqual({
      uid: '7f3e1d52-0c2a-4b8e-9d11-4a6c2f0e8b77',
      firstName: 'Jan',
      lastName: 'Peeters',
      dateOfBirth: '2001-06-30',
      city: 'Kessel-Lo',
      kansenpas: false,
    });
    expect(hit.uitpasNumber).toBeUndefined();
  });

  it('refuses a passholder without uid, a bad date or a bad card number', () => {
    const one = (inner: string) => passholderHit(parseXml(`<passholder>${inner}</passholder>`).node);
    expect(() => one('<name>X</name>')).toThrow(/uitIdUser/);
    expect(() => one('<uitIdUser><id>u</id></uitIdUser><dateOfBirth>16/12/1980</dateOfBirth>')).toThrow(/date-time/);
    expect(() =>
      one(
        '<uitIdUser><id>u</id></uitIdUser><cardSystemSpecific><currentCard><uitpasNumber><uitpasNumber>12</uitpasNumber></uitpasNumber></currentCard></cardSystemSpecific>',
      ),
    ).toThrow(/13 digits/);
  });

  it('refuses malformed XML and an HTML page before any mapping', () => {
    expect(() => parseXml('<response><passholders><passholder></passholders>')).toThrow(/malformed/);
    expect(() => parseXml('<!DOCTYPE html><html><body>Wifi-login</body></html>')).toThrow(/DOCTYPE/);
  });
});

describe('passholder search input (main)', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  const check = (raw: unknown) => {
    const parsed = PassholderSearchInput.safeParse(raw);
    if (!parsed.success) return 'INVALID_INPUT';
    try {
      return passholderQuery(parsed.data, now, 20);
    } catch (e) {
      return (e as AppError).code;
    }
  };

  it('trims and passes a surname, first name and date', () => {
    expect(check({ name: '  Peeters ', firstName: ' Jan', dateOfBirth: '1980-12-16' })).toEqual({
      name: 'Peeters',
      firstName: 'Jan',
      dateOfBirth: '1980-12-16',
      start: 0,
      max: 20,
    });
    expect(check({ name: "D'Hondt-Van Dijck" })).toMatchObject({ name: "D'Hondt-Van Dijck" });
    expect(check({ name: 'Yılmaz' })).toMatchObject({ name: 'Yılmaz' });
    expect(check({ name: 'Pe*' })).toMatchObject({ name: 'Pe*' });
    expect(check({ name: 'P*', dateOfBirth: '1980-12-16' })).toMatchObject({ name: 'P*', dateOfBirth: '1980-12-16' });
  });

  it('needs 2 letters of the surname, or 1 with a date', () => {
    expect(check({ name: '**' })).toBe('SEARCH_NAME_TOO_SHORT');
    expect(check({ name: '*', dateOfBirth: '1980-12-16' })).toBe('SEARCH_NAME_TOO_SHORT');
    expect(check({ name: 'P*' })).toBe('SEARCH_NAME_TOO_SHORT');
    expect(check({ name: "- ' ." })).toBe('SEARCH_NAME_TOO_SHORT');
    expect(check({ name: '   ' })).toBe('INVALID_INPUT');
  });

  it('drops a wildcard-only first name and collapses wildcard runs', () => {
    expect(check({ name: 'Pee***', firstName: '**' })).toEqual({ name: 'Pee*', start: 0, max: 20 });
  });

  it('refuses other characters and over-long names in the schema', () => {
    expect(check({ name: 'Pee%ters' })).toBe('INVALID_INPUT');
    expect(check({ name: 'Peeters', firstName: '<script>' })).toBe('INVALID_INPUT');
    expect(check({ name: 'a'.repeat(61) })).toBe('INVALID_INPUT');
    expect(check({ name: 'a'.repeat(10_000) })).toBe('INVALID_INPUT');
    expect(check({ name: 'Peeters', extra: 1 })).toBe('INVALID_INPUT');
  });

  it('wants a real date of birth, not in the future', () => {
    expect(check({ name: 'Peeters', dateOfBirth: '2026-02-29' })).toBe('SEARCH_DATE_INVALID');
    expect(check({ name: 'Peeters', dateOfBirth: '2024-02-29' })).toMatchObject({ dateOfBirth: '2024-02-29' });
    expect(check({ name: 'Peeters', dateOfBirth: '0001-01-01' })).toBe('SEARCH_DATE_INVALID');
    expect(check({ name: 'Peeters', dateOfBirth: '1980-13-01' })).toBe('SEARCH_DATE_INVALID');
    expect(check({ name: 'Peeters', dateOfBirth: '2026-03-10' })).toMatchObject({ dateOfBirth: '2026-03-10' });
    expect(check({ name: 'Peeters', dateOfBirth: '2026-03-11' })).toBe('SEARCH_DATE_FUTURE');
    expect(check({ name: 'Peeters', dateOfBirth: '16/12/1980' })).toBe('INVALID_INPUT');
  });
});
