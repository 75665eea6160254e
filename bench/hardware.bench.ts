/**
 * Hardware benchmarks: HID POS report decoding (target < 50 µs per report) and receipt encoding
 * (layout + ESC/POS, target < 2 ms per receipt), plus a loopback TCP print for scale.
 */
import net from 'node:net';
import { percentile, timeBatches, type BenchRow } from './harness.js';
import { ScanAssembler } from '../main/hardware/scanner/hid-pos-decoder.js';
import { encodeReceipt, encodeReceiptPerLine } from '../main/hardware/printer/escpos.js';
import { layoutReceipt, type ReceiptData } from '../main/hardware/printer/receipt.js';
import { tcpTransport } from '../main/hardware/printer/transports/tcp.js';
import { WedgeDetector } from '../renderer/src/lib/scanner/wedge.js';
import { honeywellReport, honeywellReports } from '../tests/unit/scanner/hid-reports.js';

/** Per-item time in µs for `batches` batches of `perBatch` calls; returns [median, p99]. */
function measure(perBatch: number, batches: number, fn: () => void): [number, number] {
  const samples = timeBatches(perBatch, batches, fn);
  return [percentile(samples, 50), percentile(samples, 99)];
}

const sale: ReceiptData = {
  language: 'nl',
  venueName: 'CC Belgica',
  counterName: 'Balie inkom',
  soldAt: '2026-11-27T16:05:00.000Z',
  activityTitle: 'Opéra: La Traviata — één avond met een heel lange titel die zeker moet worden afgebroken',
  activityWhen: 'za 28/11/26 om 20:00',
  priceClass: 'Rang 1',
  regularPriceCents: 2200,
  paidPerTicketCents: 525,
  couponName: 'Gratis koffie',
  tickets: 3,
  groupName: 'Vzw De Vrolijke Bende',
  ticketSaleId: '30788',
  localSaleId: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f',
  state: 'pending',
  cardNumber: '0930000420206',
  duplicate: true,
};

async function tcpPrintRoundTrip(n: number): Promise<number> {
  const server = net.createServer((s) => {
    s.resume();
    s.on('end', () => s.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const transport = tcpTransport({ host: '127.0.0.1', port });
  const layout = layoutReceipt(sale, 42);
  const bytes = encodeReceipt(layout, { cut: true });
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await transport.send({ bytes, layout });
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  await new Promise((r) => server.close(r));
  samples.sort((a, b) => a - b);
  return percentile(samples, 50);
}

export async function run(): Promise<BenchRow[]> {
  const single = honeywellReport('0930000420206');
  const multi = honeywellReports('https://www.uitpas.be/kaart?nummer=0930000420206&' + 'x'.repeat(100));
  const asm = new ScanAssembler();
  const copy = new Uint8Array(64);

  const [singleMed, singleP99] = measure(2000, 50, () => {
    if (asm.push(single).kind !== 'scan') throw new Error('bench: decode failed');
  });
  const [copyMed] = measure(2000, 50, () => copy.set(single));
  const [multiMed] = measure(600, 50, () => {
    for (const r of multi) asm.push(r);
  });

  const [layoutMed] = measure(100, 40, () => layoutReceipt(sale, 42));
  const [encMed, encP99] = measure(100, 40, () => encodeReceipt(layoutReceipt(sale, 42), { cut: true, openDrawer: true }));

  const [perLineMed] = measure(50, 20, () => encodeReceiptPerLine(layoutReceipt(sale, 42), { cut: true, openDrawer: true }));

  const keys = [...'0930000420206', 'Enter'];
  let t = 0;
  const wedge = new WedgeDetector({ maxGapMs: 40, minLength: 8 });
  const [keyMed] = measure(1400, 50, () => {
    for (const key of keys) wedge.feed({ key, time: (t += 5), inTextField: true });
    t += 1000;
  });

  const tcpMed = await tcpPrintRoundTrip(50);

  return [
    {
      group: 'hardware',
      name: 'HID POS report → scan (1 report), median',
      value: singleMed,
      unit: 'µs/report',
      baseline: { name: 'copy 64 bytes', value: copyMed, unit: 'µs' },
      target: '< 50 µs',
      pass: singleMed < 50,
      note: `p99 ${singleP99.toFixed(2)} µs`,
    },
    {
      group: 'hardware',
      name: 'HID POS 3-report barcode, median',
      value: multiMed / multi.length,
      unit: 'µs/report',
      target: '< 50 µs',
      pass: multiMed / multi.length < 50,
    },
    {
      group: 'hardware',
      name: 'receipt layout + ESC/POS encode (42 col), median',
      value: encMed / 1000,
      unit: 'ms/receipt',
      baseline: { name: 'layout only', value: layoutMed / 1000, unit: 'ms' },
      target: '< 2 ms',
      pass: encMed / 1000 < 2,
      note: `p99 ${(encP99 / 1000).toFixed(3)} ms`,
    },
    {
      group: 'hardware',
      name: 'same receipt, encoder line() per line, median',
      value: perLineMed / 1000,
      unit: 'ms/receipt',
      note: 'the straightforward encoding, kept as the reference',
    },
    { group: 'hardware', name: 'wedge detector per key, median', value: keyMed / keys.length, unit: 'µs/key' },
    { group: 'hardware', name: 'receipt to loopback TCP printer, median', value: tcpMed, unit: 'ms/receipt' },
  ];
}
