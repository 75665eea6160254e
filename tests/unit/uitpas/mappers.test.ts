import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ticketSale } from '../../../main/uitpas/mappers.js';
import { amountToCents, centsToAmount } from '../../../main/uitpas/values.js';
import { parseXml } from '../../../main/uitpas/xml.js';

describe('seed buy response', () => {
  it('parses to exactly its values', () => {
    const { root, node } = parseXml(readFileSync('tests/fixtures/seed-buy-response.xml', 'utf8'));
    expect(root).toBe('ticketSale');
    expect(ticketSale(node)).toEqual({
      id: '17005',
      cdbid: '283e8449-4ce8-44f9-aa87-c7e9395be025',
      title: 'Animazaterdag: Minuscule, La vallée des fourmis perdues',
      creationDate: '2015-06-19T11:31:09+02:00',
      priceCents: 500,
      tariffCents: 0,
      userId: '1b567cc7-26f8-44e9-ab5b-990e92e34bfa',
      firstName: 'test',
      lastName: 'ellen',
      createdVia: 'Flagey',
      location: 'Flagey',
      organiser: 'Flagey',
      groupPass: false,
      coupon: {
        id: '27',
        name: 'Cultuurbonnnnn',
        buyConstraint: { periodType: 'ABSOLUTE', periodVolume: 1 },
        exchangeConstraint: { periodType: 'YEAR', periodVolume: 1 },
      },
    });
  });
});

describe('amounts', () => {
  it('converts Java doubles to cents exactly', () => {
    expect(amountToCents('5.0', 'x')).toBe(500);
    expect(amountToCents('10.5', 'x')).toBe(1050);
    expect(amountToCents('0.0', 'x')).toBe(0);
    expect(amountToCents('1.15', 'x')).toBe(115);
    expect(amountToCents('4.35', 'x')).toBe(435);
    expect(amountToCents('12', 'x')).toBe(1200);
    expect(amountToCents('2.50', 'x')).toBe(250);
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', '-1.0', '1e3', '1.005', 'abc', '1,5']) expect(() => amountToCents(bad, 'price')).toThrow(/price/);
  });
  it('writes cents back the way UiTPAS does', () => {
    expect(centsToAmount(500)).toBe('5.0');
    expect(centsToAmount(1050)).toBe('10.5');
    expect(centsToAmount(115)).toBe('1.15');
    expect(centsToAmount(0)).toBe('0.0');
  });
});

describe('xml safety', () => {
  it('keeps leading zeros and decodes character references', () => {
    const { node } = parseXml('<a><n>0930000150316</n><t>Th&#233;&#226;tre &amp; co</t></a>');
    expect(node.n).toBe('0930000150316');
    expect(node.t).toBe('Théâtre & co');
  });
  it('refuses malformed, empty and entity-bomb documents', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/malformed/);
    expect(() => parseXml('  ')).toThrow(/empty/);
    const many =
      '<?xml version="1.0"?><!DOCTYPE l [' + Array.from({ length: 60 }, (_, i) => `<!ENTITY e${i} "x">`).join('') + ']><l><x>&e1;</x></l>';
    expect(() => parseXml(many)).toThrow(/DOCTYPE/);
    // No DTD, so entities built from other entities are never expanded (no billion laughs).
    const nested = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]><l><x>&b;</x></l>';
    expect(() => parseXml(nested)).toThrow(/DOCTYPE/);
    const external = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]><l>&x;</l>';
    expect(() => parseXml(external)).toThrow(/DOCTYPE/);
    expect(() => parseXml('<a><b>&unknown;</b></a>')).toThrow(/malformed/);
    expect(() => parseXml('<a><__proto__><polluted>1</polluted></__proto__></a>')).toThrow(/__proto__/);
    expect(() => parseXml('<a/><b/>')).toThrow(/malformed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps the shape the mappers read: lists for repeats, attributes, text beside attributes, local names', () => {
    const { root, node } = parseXml(
      '<ns2:r xmlns:ns2="urn:x"><e type="COUPON"><n>1</n></e><e><n>2</n></e><p kind="x">5.0</p><empty/><c><![CDATA[a < b]]></c></ns2:r>',
    );
    expect(root).toBe('r');
    expect(node).toEqual({
      e: [{ '@_type': 'COUPON', n: '1' }, { n: '2' }],
      p: { '@_kind': 'x', '#text': '5.0' },
      empty: '',
      c: 'a < b',
    });
  });
});
