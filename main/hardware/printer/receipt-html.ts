/**
 * The receipt as a self-contained HTML page, for the system printer (Electron's silent
 * `webContents.print` of a hidden window loading this page). Same lines as the ESC/POS receipt,
 * in a monospace font so the column layout holds; no scripts, no external resources.
 */
import type { ReceiptLayout } from './receipt.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

export function receiptHtml(layout: ReceiptLayout): string {
  const body = layout.lines.map((l) => (l.bold ? `<b>${escapeHtml(l.text)}</b>` : escapeHtml(l.text))).join('\n');
  // 80 mm paper: 72 mm printable; 58 mm: 48 mm. The font size makes `columns` characters fit.
  const widthMm = layout.columns === 32 ? 48 : 72;
  return [
    '<!doctype html>',
    `<html lang="${layout.language}"><head><meta charset="utf-8">`,
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'">',
    '<title>Loket</title><style>',
    `@page { size: ${widthMm + 8}mm auto; margin: 0 4mm; }`,
    `body { margin: 0; width: ${widthMm}mm; }`,
    `pre { margin: 0; font: ${((widthMm / layout.columns) * 1.65).toFixed(2)}mm/1.25 "DejaVu Sans Mono", Consolas, "Courier New", monospace; white-space: pre; }`,
    '</style></head><body><pre>',
    body,
    '</pre></body></html>',
  ].join('\n');
}
