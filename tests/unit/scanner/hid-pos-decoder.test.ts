import { describe, expect, it } from 'vitest';
import { decodeReport, ScanAssembler, symbologyFromAim, toHex } from '../../../main/hardware/scanner/hid-pos-decoder.js';
import { honeywellReport, honeywellReports, plainReport } from './hid-reports.js';

const CARD = '0930000420206';

describe('decodeReport', () => {
  it('reads a single Honeywell report with AIM id, code id and no continuation', () => {
    const r = decodeReport(honeywellReport(CARD));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.report.layout).toBe('honeywell');
    expect(String.fromCharCode(...r.report.data)).toBe(CARD);
    expect(r.report.aim).toBe(']E0');
    expect(r.report.honeywellCodeId).toBe(0x64);
    expect(r.report.more).toBe(false);
  });

  it('decodes the REVINF dump captured from a real Honeywell scanner', () => {
    // Last two reports of a Honeywell REVINF response as published by a user capturing hidraw.
    const bytes = [2, 9, 93, 88, 48, 117, 109, 58, 32, 78, 47, 65, 13, 10, ...new Array<number>(47).fill(0), 63, 0, 0];
    expect(bytes).toHaveLength(64);
    const r = decodeReport(bytes);
    expect(r.ok && String.fromCharCode(...r.report.data)).toBe('um: N/A\r\n');
    expect(r.ok && r.report.aim).toBe(']X0');
    expect(r.ok && r.report.honeywellCodeId).toBe(63);
  });

  it('reads a plain report with and without a leading AIM id', () => {
    const withAim = decodeReport(plainReport(`]C0${CARD}`));
    expect(withAim.ok && withAim.report.aim).toBe(']C0');
    expect(withAim.ok && String.fromCharCode(...withAim.report.data)).toBe(CARD);

    const without = decodeReport(plainReport(CARD, 16));
    expect(without.ok && without.report.aim).toBeUndefined();
    expect(without.ok && String.fromCharCode(...without.report.data)).toBe(CARD);
  });

  it('rejects garbage and truncated reports with a clear error instead of throwing', () => {
    const cases: [Uint8Array | number[], string, RegExp][] = [
      [[], 'empty', /empty/],
      [[0x01, 0x05, 0x41], 'not-scanned-data', /0x01 is not a scanned-data report/],
      [[0x02], 'truncated', /length byte/],
      [[0x02, 20, 0x41, 0x42], 'truncated', /20 data bytes but the report holds 2/],
      [honeywellReport(CARD).slice(0, 40), 'truncated', /40 bytes, expected 64/],
    ];
    for (const [bytes, kind, msg] of cases) {
      const layout = bytes.length === 40 ? 'honeywell' : 'auto';
      const r = decodeReport(bytes, layout);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.kind).toBe(kind);
      expect(r.error.message).toMatch(msg);
    }
    const tooLong = honeywellReport('x');
    tooLong[1] = 57;
    const r = decodeReport(tooLong, 'honeywell');
    expect(!r.ok && r.error.kind).toBe('bad-length');
  });

  it('never throws on random bytes', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    const asm = new ScanAssembler();
    for (let n = 0; n < 2000; n++) {
      const bytes = Array.from({ length: rand() % 80 }, rand);
      if (n % 3 === 0 && bytes.length) bytes[0] = 2;
      expect(() => asm.push(bytes)).not.toThrow();
    }
  });
});

describe('ScanAssembler', () => {
  it('emits one scan for one report, with symbology from the AIM id', () => {
    const asm = new ScanAssembler();
    expect(asm.push(honeywellReport(CARD))).toEqual({
      kind: 'scan',
      scan: { value: CARD, aim: ']E0', symbology: 'ean13', reports: 1 },
    });
  });

  it('joins a multi-report barcode using the continuation flag', () => {
    const long = 'https://www.uitpas.be/kaart?nummer=0930000420206&' + 'x'.repeat(100);
    const reports = honeywellReports(long);
    expect(reports).toHaveLength(3);
    const asm = new ScanAssembler();
    expect(asm.push(reports[0]!)).toEqual({ kind: 'partial' });
    expect(asm.push(reports[1]!)).toEqual({ kind: 'partial' });
    const last = asm.push(reports[2]!);
    expect(last).toEqual({ kind: 'scan', scan: { value: long, aim: ']Q1', symbology: 'qr', reports: 3 } });
  });

  it('strips the trailing CR/LF a scanner may append', () => {
    const asm = new ScanAssembler();
    const r = asm.push(plainReport(`${CARD}\r\n`));
    expect(r.kind === 'scan' && r.scan.value).toBe(CARD);
    expect(r.kind === 'scan' && r.scan.aim).toBeUndefined();
  });

  it('drops a partial scan when a broken report arrives, then recovers', () => {
    const asm = new ScanAssembler();
    const [first] = honeywellReports('y'.repeat(80));
    expect(asm.push(first!).kind).toBe('partial');
    const err = asm.push([0x02, 0x30]);
    expect(err.kind).toBe('error');
    expect(asm.push(honeywellReport(CARD))).toMatchObject({ kind: 'scan', scan: { value: CARD, reports: 1 } });
  });

  it('refuses an endless continuation and an empty scan', () => {
    const asm = new ScanAssembler();
    let last = asm.push(honeywellReport('z'.repeat(56), { more: true }));
    for (let i = 0; i < 100 && last.kind === 'partial'; i++) last = asm.push(honeywellReport('z'.repeat(56), { more: true }));
    expect(last.kind === 'error' && last.error.kind).toBe('too-long');
    const empty = asm.push(honeywellReport(''));
    expect(empty.kind === 'error' && empty.error.kind).toBe('empty');
  });
});

describe('helpers', () => {
  it('maps AIM ids and dumps hex', () => {
    expect(symbologyFromAim(']E4')).toBe('ean8');
    expect(symbologyFromAim(']C1')).toBe('code128');
    expect(symbologyFromAim(']?0')).toBeUndefined();
    expect(symbologyFromAim(undefined)).toBeUndefined();
    expect(toHex([2, 0x1f, 0xff])).toBe('02 1f ff');
    expect(toHex(new Uint8Array(70), 2)).toBe('00 00 …');
  });
});
