/**
 * Receipt lines → ESC/POS bytes with @point-of-sale/receipt-printer-encoder, in code page cp858
 * (ESC t 19), which holds é è ë ç and € in one page; cp437 (the encoder's default) has no €.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { ReceiptLayout } from './receipt.js';

export interface EscPosOptions {
  cut?: boolean;
  /** Kick the cash drawer (pin 2) after printing. */
  openDrawer?: boolean;
}

export function encodeReceipt(layout: ReceiptLayout, opts: EscPosOptions = {}): Uint8Array {
  // The lines are laid out to fit already; the encoder's own wrapping then never kicks in.
  const enc = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: layout.columns, newline: '\n', feedBeforeCut: 4 });
  enc.initialize().codepage('cp858');
  for (const line of layout.lines) {
    if (line.bold) enc.bold(true).line(line.text).bold(false);
    else enc.line(line.text);
  }
  if (opts.cut) enc.cut('partial');
  else enc.newline(4);
  if (opts.openDrawer) enc.pulse();
  return enc.encode();
}
