/**
 * Builders for real-format HID POS input reports (as node-hid delivers them: report id first),
 * shared by the decoder tests, the reader tests and the bench.
 */

/** Honeywell / Zebra / Datalogic HID POS layout: 64 bytes, AIM at 2..4, data at 5..60, more-flag at 63. */
export function honeywellReport(data: string, opts: { aim?: string; more?: boolean; codeId?: number } = {}): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 0x02;
  r[1] = data.length;
  const aim = opts.aim ?? ']E0';
  for (let i = 0; i < 3; i++) r[2 + i] = aim.charCodeAt(i);
  for (let i = 0; i < data.length; i++) r[5 + i] = data.charCodeAt(i);
  r[61] = opts.codeId ?? 0x64;
  r[63] = opts.more ? 0x01 : 0x00;
  return r;
}

/** Splits a long barcode over several Honeywell reports, 56 data bytes each. */
export function honeywellReports(data: string, aim = ']Q1'): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < data.length; i += 56) {
    out.push(honeywellReport(data.slice(i, i + 56), { aim, more: i + 56 < data.length }));
  }
  return out;
}

/** Plain length-prefixed layout (Newland-style), AIM inside the data when enabled; padded to `size`. */
export function plainReport(payload: string, size = 64): Uint8Array {
  const r = new Uint8Array(Math.max(size, payload.length + 2));
  r[0] = 0x02;
  r[1] = payload.length;
  for (let i = 0; i < payload.length; i++) r[2 + i] = payload.charCodeAt(i);
  return r;
}
