/**
 * Receipt lines → ESC/POS bytes with @point-of-sale/receipt-printer-encoder, in code page cp858
 * (ESC t 19), which holds é è ë ç and € in one page; cp437 (the encoder's default) has no €.
 *
 * Why the text goes in as raw bytes: the encoder converts every text fragment separately and its
 * code page library deep-clones the code page table on each conversion (~60 µs per line), which
 * puts a 30-line receipt near 2 ms. Converting the whole receipt's text once with the same code
 * page library (@point-of-sale/codepage-encoder, the encoder's own dependency) gives identical
 * bytes for a fraction of the time (compared in tests/unit/printer/escpos.test.ts).
 */
import CodepageEncoder from '@point-of-sale/codepage-encoder';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { ReceiptLayout } from './receipt.js';

export interface EscPosOptions {
  cut?: boolean;
  /** Kick the cash drawer (pin 2) after printing. */
  openDrawer?: boolean;
}

/** ESC t 19: select character code table 19 (cp858) on Epson-compatible printers. */
const SELECT_CP858 = [0x1b, 0x74, 19];

function newEncoder(columns: number): ReceiptPrinterEncoder {
  return new ReceiptPrinterEncoder({ language: 'esc-pos', columns, newline: '\n', feedBeforeCut: 4 });
}

/** The straightforward encoding, one `line()` per receipt line (the reference for `encodeReceipt`). */
export function encodeReceiptPerLine(layout: ReceiptLayout, opts: EscPosOptions = {}): Uint8Array {
  const enc = newEncoder(layout.columns).initialize().codepage('cp858');
  for (const line of layout.lines) {
    if (line.bold) enc.bold(true).line(line.text).bold(false);
    else enc.line(line.text);
  }
  return finish(enc, opts);
}

export function encodeReceipt(layout: ReceiptLayout, opts: EscPosOptions = {}): Uint8Array {
  // The code page library maps each UTF-16 code unit to exactly one byte, so the receipt's text
  // is converted in one call and cut back into lines by their lengths.
  const all = CodepageEncoder.encode(layout.lines.map((l) => l.text).join(''), 'cp858');
  const enc = newEncoder(layout.columns).initialize().raw(SELECT_CP858);
  let start = 0;
  for (const line of layout.lines) {
    const bytes = all.subarray(start, start + line.text.length);
    start += line.text.length;
    if (line.bold) enc.bold(true).raw(bytes).bold(false).newline();
    else enc.raw(bytes).newline();
  }
  return finish(enc, opts);
}

function finish(enc: ReceiptPrinterEncoder, opts: EscPosOptions): Uint8Array {
  if (opts.cut) enc.cut('partial');
  else enc.newline(4);
  if (opts.openDrawer) enc.pulse();
  return enc.encode();
}
