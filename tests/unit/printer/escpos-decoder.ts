/**
 * A tiny ESC/POS decoder for tests (none usable exists on npm): follows `ESC t n` code page
 * selection, decodes text with iconv-lite and drops every other control sequence, so a test can
 * assert the exact printed lines. Also reports the cut and cash-drawer commands it saw.
 */
import iconv from 'iconv-lite';

const CODE_PAGES: Record<number, string> = { 0: 'cp437', 2: 'cp850', 16: 'cp1252', 19: 'cp858' };

export interface DecodedPrint {
  lines: string[];
  codePages: string[];
  cuts: number;
  drawerKicks: number;
  boldLines: string[];
}

export function decodeEscPos(input: Uint8Array): DecodedPrint {
  const out: DecodedPrint = { lines: [], codePages: [], cuts: 0, drawerKicks: 0, boldLines: [] };
  let page = 'cp437';
  let text: number[] = [];
  let current = '';
  let bold = false;
  let lineBold = false;
  const flushText = () => {
    if (text.length) current += iconv.decode(Buffer.from(text), page);
    text = [];
  };
  const endLine = () => {
    flushText();
    out.lines.push(current);
    if (lineBold) out.boldLines.push(current);
    current = '';
    lineBold = bold;
  };
  for (let i = 0; i < input.length; i++) {
    const b = input[i] as number;
    if (b === 0x1b) {
      const cmd = input[i + 1];
      flushText();
      if (cmd === 0x74) {
        const n = input[i + 2] as number;
        page = CODE_PAGES[n] ?? `unknown-${n}`;
        out.codePages.push(page);
        i += 2;
      } else if (cmd === 0x45) {
        bold = input[i + 2] !== 0;
        if (bold) lineBold = true;
        i += 2;
      } else if (cmd === 0x70) {
        out.drawerKicks++;
        i += 4; // ESC p m t1 t2
      } else if (cmd === 0x40) {
        i += 1; // ESC @
      } else if (cmd === 0x64 || cmd === 0x4a || cmd === 0x4d || cmd === 0x61 || cmd === 0x21 || cmd === 0x2d || cmd === 0x33) {
        i += 2; // one-argument commands
      } else {
        i += 1;
      }
    } else if (b === 0x1d) {
      flushText();
      const cmd = input[i + 1];
      if (cmd === 0x56) {
        out.cuts++;
        const m = input[i + 2] as number;
        i += m === 65 || m === 66 ? 3 : 2; // GS V m [n]
      } else if (cmd === 0x21 || cmd === 0x42) {
        i += 2;
      } else {
        i += 1;
      }
    } else if (b === 0x1c) {
      flushText();
      i += 1; // FS . / FS & (Kanji mode on/off)
    } else if (b === 0x0a) {
      endLine();
    } else if (b < 0x20) {
      // CR and other single control bytes print nothing.
    } else {
      text.push(b);
    }
  }
  flushText();
  if (current) out.lines.push(current);
  return out;
}
