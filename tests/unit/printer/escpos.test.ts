import { describe, expect, it } from 'vitest';
import { encodeReceipt, encodeReceiptPerLine } from '../../../main/hardware/printer/escpos.js';
import { layoutReceipt, testReceipt, type ReceiptLayout } from '../../../main/hardware/printer/receipt.js';
import { decodeEscPos } from './escpos-decoder.js';

describe('encodeReceipt', () => {
  it('prints the same text, styles, cut and drawer kick as one encoder line() per line', () => {
    for (const columns of [32, 42, 48] as const) {
      for (const language of ['nl', 'fr', 'en'] as const) {
        const layout = layoutReceipt({ ...testReceipt(language, 'Théâtre Zoë'), duplicate: true, state: 'pending' }, columns);
        for (const opts of [{}, { cut: true, openDrawer: true }]) {
          const fast = decodeEscPos(encodeReceipt(layout, opts));
          const reference = decodeEscPos(encodeReceiptPerLine(layout, opts));
          expect(fast).toEqual(reference);
          expect(fast.lines.slice(0, layout.lines.length)).toEqual(layout.lines.map((l) => l.text));
          expect(fast.boldLines).toEqual(layout.lines.filter((l) => l.bold).map((l) => l.text));
        }
      }
    }
  });

  it('selects cp858 before any text and encodes é è ë ç € as cp858 bytes', () => {
    const layout: ReceiptLayout = { columns: 32, language: 'nl', lines: [{ text: 'é è ë ç €' }, { text: '' }, { text: 'ok', bold: true }] };
    const bytes = [...encodeReceipt(layout)];
    const select = bytes.findIndex((b, i) => b === 0x1b && bytes[i + 1] === 0x74 && bytes[i + 2] === 19);
    const firstText = bytes.indexOf(0x82);
    expect(select).toBeGreaterThan(-1);
    expect(select).toBeLessThan(firstText);
    expect(bytes.join(',')).toContain([0x82, 0x20, 0x8a, 0x20, 0x89, 0x20, 0x87, 0x20, 0xd5, 0x0a, 0x0a].join(','));
    expect(decodeEscPos(Uint8Array.from(bytes)).lines.slice(0, 3)).toEqual(['é è ë ç €', '', 'ok']);
  });

  it('keeps lines aligned when a title has characters outside cp858 (emoji, Polish letters)', () => {
    const layout = layoutReceipt({ ...testReceipt('nl'), activityTitle: 'Łódź 🎭 Ensemble — ľudová hudba' }, 42);
    expect(decodeEscPos(encodeReceipt(layout)).lines).toEqual(decodeEscPos(encodeReceiptPerLine(layout)).lines);
    expect(decodeEscPos(encodeReceipt(layout)).lines).toContain('Testafdruk'.padStart(26));
  });
});
