import { describe, expect, it } from 'vitest';
import { encodeReceipt } from '../../../main/hardware/printer/escpos.js';
import {
  formatAmount,
  formatBrusselsDateTime,
  labelValue,
  layoutReceipt,
  maskCardNumber,
  printable,
  testReceipt,
  wrap,
  type ReceiptData,
  type ReceiptLanguage,
} from '../../../main/hardware/printer/receipt.js';
import { decodeEscPos } from './escpos-decoder.js';

const sale: ReceiptData = {
  language: 'nl',
  venueName: 'CC Belgica',
  counterName: 'Balie inkom',
  soldAt: '2026-11-27T16:05:00.000Z',
  activityTitle: 'Opéra: La Traviata — één avond',
  activityWhen: 'za 28/11/26 om 20:00',
  priceClass: 'Rang 1',
  regularPriceCents: 2200,
  paidPerTicketCents: 525,
  couponName: 'Gratis koffie',
  ticketSaleId: '30788',
  localSaleId: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
  state: 'registered',
  cardNumber: '0930000420206',
};

describe('layoutReceipt', () => {
  it('lays out a registered sale on 42 columns exactly, printed back through ESC/POS cp858', () => {
    const layout = layoutReceipt(sale, 42);
    const printed = decodeEscPos(encodeReceipt(layout, { cut: true }));
    expect(printed.codePages).toEqual(['cp858']);
    expect(printed.cuts).toBe(1);
    expect(printed.drawerKicks).toBe(0);
    expect(printed.lines.slice(0, layout.lines.length)).toEqual([
      '                CC Belgica',
      '               Balie inkom',
      '             27/11/2026 17:05',
      '------------------------------------------',
      'Activiteit:',
      'Opéra: La Traviata - één avond',
      'za 28/11/26 om 20:00',
      '',
      'Prijsklasse                         Rang 1',
      'Gewone prijs                       € 22,00',
      'UiTPAS-tarief                       € 5,25',
      'Voordeel: Gratis koffie',
      '------------------------------------------',
      'Totaal betaald                      € 5,25',
      '------------------------------------------',
      'UiTPAS                           **** 0206',
      'Verkoop-ID                           30788',
      'Ref.  6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
      '',
      '         Bedankt en veel plezier!',
    ]);
    expect(printed.boldLines).toContain('Opéra: La Traviata - één avond');
    expect(printed.boldLines).toContain('Totaal betaald                      € 5,25');
  });

  it('prints é è ë ç and € through cp858 byte for byte', () => {
    const layout = { columns: 32 as const, language: 'fr' as const, lines: [{ text: 'é è ë ç €' }] };
    const bytes = encodeReceipt(layout);
    const text = [...bytes].join(',');
    // cp858: é=0x82 è=0x8A ë=0x89 ç=0x87 €=0xD5
    expect(text).toContain([0x82, 0x20, 0x8a, 0x20, 0x89, 0x20, 0x87, 0x20, 0xd5].join(','));
    expect(decodeEscPos(bytes).lines[0]).toBe('é è ë ç €');
  });

  it('wraps a long title and a group sale on 32 columns, never wider than the paper', () => {
    const layout = layoutReceipt(
      {
        ...sale,
        activityTitle: 'Een uitzonderlijk lange voorstellingstitel die zeker niet op één regel past',
        groupName: 'Vzw De Vrolijke Bende',
        tickets: 3,
        couponName: undefined,
        ticketSaleId: undefined,
        state: 'pending',
      },
      32,
    );
    const texts = layout.lines.map((l) => l.text);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(32);
    expect(texts).toEqual(
      expect.arrayContaining([
        'Een uitzonderlijk lange',
        'voorstellingstitel die zeker',
        'niet op één regel past',
        'Groep: Vzw De Vrolijke Bende',
        'Aantal tickets                 3',
        'Totaal betaald           € 15,75',
        'Ref.',
        '        6f1c2d3e-4b5a-4c6d-8e9f-',
        '                    0a1b2c3d4e5f',
        '     NOG NIET GEREGISTREERD',
      ]),
    );
    expect(texts.join('\n')).not.toContain('Verkoop-ID');
  });

  it('fills 48 columns on 203-dpi printers', () => {
    const texts = layoutReceipt(sale, 48).lines.map((l) => l.text);
    expect(texts).toContain('-'.repeat(48));
    expect(texts).toContain(`UiTPAS-tarief${' '.repeat(48 - 13 - 6)}€ 5,25`);
  });

  it.each<[ReceiptLanguage, string, string, string]>([
    ['nl', 'DUPLICAAT', 'UiTPAS-tarief', '€ 5,25'],
    ['fr', 'DUPLICATA', 'Tarif UiTPAS', '5,25 €'],
    ['en', 'DUPLICATE', 'UiTPAS price', '€5.25'],
  ])('marks reprints in %s and says UiTPAS tariff, never kansentarief/kansenstatuut', (language, dup, tariff, amount) => {
    for (const state of ['registered', 'pending', 'provisional', 'unknown'] as const) {
      const text = layoutReceipt({ ...sale, language, state, duplicate: true }, 42)
        .lines.map((l) => l.text)
        .join('\n');
      expect(text).toContain(`*** ${dup} ***`);
      expect(text.split(`*** ${dup} ***`)).toHaveLength(3); // top and bottom
      expect(text).toContain(tariff);
      expect(text).toContain(amount);
      expect(text.toLowerCase()).not.toMatch(/kansen|opportunit|social/);
      expect(text).not.toContain('0930000420206');
      expect(text).not.toContain('09300004');
    }
  });

  it('says so on pending, provisional and unknown receipts, in each language', () => {
    const headline = (language: ReceiptLanguage, state: ReceiptData['state']) =>
      layoutReceipt({ ...sale, language, state }, 42)
        .lines.filter((l) => l.bold)
        .map((l) => l.text.trim());
    expect(headline('nl', 'pending')).toContain('NOG NIET GEREGISTREERD');
    expect(headline('nl', 'provisional')).toContain('VOORLOPIG TICKET');
    expect(headline('fr', 'pending')).toContain('PAS ENCORE ENREGISTRÉ');
    expect(headline('en', 'unknown')).toContain('REGISTRATION BEING CHECKED');
    expect(headline('nl', 'registered').join()).not.toMatch(/GEREGISTREERD|VOORLOPIG/);
  });

  it('rejects impossible amounts and ticket counts instead of printing nonsense', () => {
    expect(() => layoutReceipt({ ...sale, tickets: 0 }, 42)).toThrow(/tickets/);
    expect(() => layoutReceipt({ ...sale, paidPerTicketCents: 5.5 }, 42)).toThrow(/cents/);
    expect(() => layoutReceipt({ ...sale, soldAt: 'yesterday' }, 42)).toThrow(/invalid sale time/);
  });
});

describe('helpers', () => {
  it('formats amounts per language', () => {
    expect(formatAmount(525, 'nl')).toBe('€ 5,25');
    expect(formatAmount(525, 'fr')).toBe('5,25 €');
    expect(formatAmount(525, 'en')).toBe('€5.25');
    expect(formatAmount(123456, 'nl')).toBe('€ 1.234,56');
    expect(formatAmount(123456, 'fr')).toBe('1 234,56 €');
    expect(formatAmount(0, 'nl')).toBe('€ 0,00');
  });

  it('prints Brussels time across daylight saving', () => {
    expect(formatBrusselsDateTime('2026-07-01T10:00:00Z')).toBe('01/07/2026 12:00');
    expect(formatBrusselsDateTime('2026-12-31T23:30:00Z')).toBe('01/01/2027 00:30');
    expect(formatBrusselsDateTime(new Date('2026-03-29T01:30:00Z'))).toBe('29/03/2026 03:30');
  });

  it('masks card numbers to the last 4 digits', () => {
    expect(maskCardNumber('0930000420206')).toBe('**** 0206');
    expect(maskCardNumber('12')).toBe('**** **12');
  });

  it('wraps, splits and aligns', () => {
    expect(wrap('a bb ccc', 4)).toEqual(['a bb', 'ccc']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('   ', 4)).toEqual(['']);
    expect(labelValue('Prijs', '€ 1,00', 14)).toEqual(['Prijs   € 1,00']);
    expect(labelValue('Prijsklasse', 'Kinderen', 12)).toEqual(['Prijsklasse', '    Kinderen']);
  });

  it('replaces characters a receipt printer cannot print or would misread', () => {
    expect(printable('l’été “chic” – ok…\u001b@')).toBe('l\'été "chic" - ok...  @'.replace('  @', ' @'));
  });

  it('has a test receipt in every language', () => {
    for (const language of ['nl', 'fr', 'en'] as const) {
      const text = layoutReceipt(testReceipt(language, 'Zaal'), 32)
        .lines.map((l) => l.text)
        .join('\n');
      expect(text).toContain('Zaal');
      expect(text).toContain('€');
    }
  });
});

describe('receiptHtml', () => {
  it('renders the same lines, escaped, bold where the receipt is bold, with no scripts', async () => {
    const { receiptHtml } = await import('../../../main/hardware/printer/receipt-html.js');
    const layout = layoutReceipt({ ...sale, activityTitle: 'Rock & <Roll> "live"' }, 42);
    const html = receiptHtml(layout);
    expect(html).toContain('<b>Rock &amp; &lt;Roll&gt; &quot;live&quot;</b>');
    expect(html).toContain('UiTPAS-tarief                       € 5,25');
    expect(html).toContain('<html lang="nl">');
    expect(html).not.toMatch(/<script/i);
    const pre = /<pre>\n([\s\S]*)\n<\/pre>/.exec(html)?.[1] ?? '';
    expect(
      pre
        .replace(/<\/?b>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .split('\n'),
    ).toEqual(layout.lines.map((l) => l.text));
  });
});
