/**
 * Pure decoding of HID POS barcode scanner input reports (usage page 0x8C, Scanned Data Report,
 * report id 0x02) into scans. No I/O: the reader hands in the bytes node-hid delivers, which start
 * with the report id.
 *
 * Two real layouts exist:
 * - Honeywell (also used by Zebra and Datalogic in "HID POS" mode), always 64 bytes:
 *     [0] 0x02  [1] data length (AIM id not counted)  [2..4] AIM symbology id (`]E0`)
 *     [5..60] data (56 bytes max)  [61] Honeywell code id  [62] reserved  [63] non-zero = more reports follow
 * - Plain length-prefixed (e.g. Newland): [0] 0x02  [1] length  [2..] data, where the data itself
 *   starts with the AIM id when the scanner is configured to send it; one report per scan.
 * 'auto' picks Honeywell when a 64-byte report carries an AIM id at 2..4 and its data runs past 2+length.
 */

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_USAGE_BARCODE_SCANNER = 0x02;
export const SCANNED_DATA_REPORT_ID = 0x02;
/** Honeywell scanners only send HID POS reports after this feature report (id 0xFE, value 1). */
export const HONEYWELL_ENABLE_FEATURE_REPORT: readonly number[] = [0xfe, 0x01];

const HONEYWELL_REPORT_SIZE = 64;
const HONEYWELL_DATA_OFFSET = 5;
const HONEYWELL_MAX_DATA = 56;
const HONEYWELL_CODE_ID_INDEX = 61;
const HONEYWELL_MORE_INDEX = 63;
/** Larger than any card barcode by far; stops a stuck continuation flag from growing forever. */
export const MAX_SCAN_BYTES = 4096;

export type HidReportLayout = 'auto' | 'honeywell' | 'plain';

export interface ScannedDataReport {
  layout: 'honeywell' | 'plain';
  data: Uint8Array;
  /** AIM symbology identifier, e.g. `]E0`; absent when the scanner does not send one. */
  aim?: string;
  /** Honeywell's own one-byte code id (index 61), when present. */
  honeywellCodeId?: number;
  /** True when the next report continues this barcode. */
  more: boolean;
}

export type ReportErrorKind = 'empty' | 'not-scanned-data' | 'truncated' | 'bad-length' | 'too-long';

export class HidReportError extends Error {
  readonly kind: ReportErrorKind;
  constructor(kind: ReportErrorKind, message: string) {
    super(message);
    this.name = 'HidReportError';
    this.kind = kind;
  }
}

export type DecodeResult = { ok: true; report: ScannedDataReport } | { ok: false; error: HidReportError };

function fail(kind: ReportErrorKind, message: string): DecodeResult {
  return { ok: false, error: new HidReportError(kind, message) };
}

function isAimAt(bytes: Uint8Array, i: number): boolean {
  // AIM ISO/IEC 15424: `]`, a code character (letter), a modifier (digit or letter).
  const c = bytes[i + 1];
  const m = bytes[i + 2];
  return (
    bytes[i] === 0x5d &&
    c !== undefined &&
    m !== undefined &&
    ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) &&
    ((m >= 0x30 && m <= 0x39) || (m >= 0x41 && m <= 0x5a) || (m >= 0x61 && m <= 0x7a))
  );
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

function looksHoneywell(bytes: Uint8Array, length: number): boolean {
  if (bytes.length !== HONEYWELL_REPORT_SIZE || !isAimAt(bytes, 2) || length > HONEYWELL_MAX_DATA) return false;
  // A plain report's length counts the AIM id, so the 3 bytes after 2+length are padding; in
  // Honeywell's layout they are the last data bytes, which are never NUL in a barcode.
  return bytes[2 + length] !== 0 || bytes[3 + length] !== 0 || bytes[4 + length] !== 0;
}

/** Decodes one input report. Never throws: bad bytes come back as `{ ok: false, error }`. */
export function decodeReport(input: Uint8Array | readonly number[], layout: HidReportLayout = 'auto'): DecodeResult {
  const bytes = input instanceof Uint8Array ? input : Uint8Array.from(input);
  if (bytes.length === 0) return fail('empty', 'empty HID report');
  if (bytes[0] !== SCANNED_DATA_REPORT_ID) {
    return fail(
      'not-scanned-data',
      `report id 0x${(bytes[0] as number).toString(16).padStart(2, '0')} is not a scanned-data report (0x02)`,
    );
  }
  if (bytes.length < 2) return fail('truncated', 'HID report ends before its length byte');
  const length = bytes[1] as number;
  const chosen = layout === 'auto' ? (looksHoneywell(bytes, length) ? 'honeywell' : 'plain') : layout;

  if (chosen === 'honeywell') {
    if (bytes.length < HONEYWELL_REPORT_SIZE) {
      return fail('truncated', `Honeywell HID POS report has ${bytes.length} bytes, expected ${HONEYWELL_REPORT_SIZE}`);
    }
    if (length > HONEYWELL_MAX_DATA) {
      return fail('bad-length', `length byte ${length} exceeds the ${HONEYWELL_MAX_DATA}-byte data field`);
    }
    const report: ScannedDataReport = {
      layout: 'honeywell',
      data: bytes.slice(HONEYWELL_DATA_OFFSET, HONEYWELL_DATA_OFFSET + length),
      more: bytes[HONEYWELL_MORE_INDEX] !== 0,
    };
    if (isAimAt(bytes, 2)) report.aim = ascii(bytes, 2, 5);
    const codeId = bytes[HONEYWELL_CODE_ID_INDEX] as number;
    if (codeId !== 0) report.honeywellCodeId = codeId;
    return { ok: true, report };
  }

  if (2 + length > bytes.length) {
    return fail('truncated', `length byte says ${length} data bytes but the report holds ${bytes.length - 2}`);
  }
  const report: ScannedDataReport = { layout: 'plain', data: bytes.slice(2, 2 + length), more: false };
  if (length >= 3 && isAimAt(bytes, 2)) {
    report.aim = ascii(bytes, 2, 5);
    report.data = bytes.slice(5, 2 + length);
  }
  return { ok: true, report };
}

/** AIM code character → symbology name (ISO/IEC 15424). */
const AIM_SYMBOLOGIES: Record<string, string> = {
  A: 'code39',
  C: 'code128',
  d: 'datamatrix',
  E: 'ean-upc',
  e: 'gs1-databar',
  F: 'codabar',
  G: 'code93',
  I: 'itf',
  L: 'pdf417',
  Q: 'qr',
  z: 'aztec',
  X: 'other',
};

export function symbologyFromAim(aim: string | undefined): string | undefined {
  if (!aim || aim.length !== 3) return undefined;
  const code = aim[1] as string;
  if (code === 'E' && aim[2] === '4') return 'ean8';
  if (code === 'E' && aim[2] === '0') return 'ean13';
  return AIM_SYMBOLOGIES[code];
}

export interface AssembledScan {
  /** Barcode content as text (Latin-1 bytes; card barcodes are ASCII), trailing CR/LF removed. */
  value: string;
  aim?: string;
  symbology?: string;
  reports: number;
}

export type AssembleResult = { kind: 'scan'; scan: AssembledScan } | { kind: 'partial' } | { kind: 'error'; error: HidReportError };

/**
 * Joins continued reports into one scan. One instance per open device. A bad report drops the
 * partial scan (the operator scans again) and is reported; it never throws.
 */
export class ScanAssembler {
  private parts: Uint8Array[] = [];
  private size = 0;
  private aim: string | undefined;

  constructor(private readonly layout: HidReportLayout = 'auto') {}

  push(bytes: Uint8Array | readonly number[]): AssembleResult {
    const decoded = decodeReport(bytes, this.layout);
    if (!decoded.ok) {
      this.reset();
      return { kind: 'error', error: decoded.error };
    }
    const { report } = decoded;
    if (this.parts.length === 0) this.aim = report.aim;
    this.size += report.data.length;
    if (this.size > MAX_SCAN_BYTES) {
      this.reset();
      return { kind: 'error', error: new HidReportError('too-long', `scan longer than ${MAX_SCAN_BYTES} bytes dropped`) };
    }
    this.parts.push(report.data);
    if (report.more) return { kind: 'partial' };
    if (this.size === 0) {
      this.reset();
      return { kind: 'error', error: new HidReportError('empty', 'scanned-data report without data') };
    }

    const all = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      all.set(p, at);
      at += p.length;
    }
    const scan: AssembledScan = { value: ascii(all, 0, all.length).replace(/[\r\n]+$/, ''), reports: this.parts.length };
    if (this.aim) {
      scan.aim = this.aim;
      const symbology = symbologyFromAim(this.aim);
      if (symbology) scan.symbology = symbology;
    }
    this.reset();
    return { kind: 'scan', scan };
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
    this.aim = undefined;
  }
}

/** Hex dump for diagnostics ("last raw scan" in settings). */
export function toHex(bytes: Uint8Array | readonly number[], max = 64): string {
  const out: string[] = [];
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) out.push((bytes[i] as number).toString(16).padStart(2, '0'));
  return out.join(' ') + (bytes.length > max ? ' …' : '');
}
