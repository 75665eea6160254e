/**
 * Security costs on the hot paths: log redaction per line (every line of the Electron file log and
 * the web host's console passes through it), against formatting without redaction; and the
 * dispatcher refusing a hostile input (what the IPC fuzz test sends by the thousand).
 */
import { percentile, timeBatches, timeEachAsync, type BenchRow } from './harness.js';
import { formatLogLine, redactLogLine } from '../main/core/log.js';
import { createDispatcher, type Handlers } from '../main/runtime/dispatcher.js';

/** Per-item time in µs for `batches` batches of `perBatch` calls; returns the median. */
function median(perBatch: number, batches: number, fn: () => void): number {
  return percentile(timeBatches(perBatch, batches, fn), 50);
}

const now = new Date(0);
const typical = {
  saleId: '3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10',
  state: 'registered',
  from: 'sending',
  cdbid: 'act-1',
  tickets: 1,
  attempts: 1,
};
const exchange = `POST /uitpas/cultureevent/buy oauth_consumer_key="ck", oauth_token="tok", oauth_signature="sig" uitpasNumber=0930000420206 ${'<ticketSale><id>1</id></ticketSale>'.repeat(250)}`;

export async function run(): Promise<BenchRow[]> {
  const plainFormat = median(2000, 30, () => void `${now.toISOString()} INFO sale sending -> registered ${JSON.stringify(typical)}`);
  const typicalLine = median(2000, 30, () => void formatLogLine('info', 'sale sending -> registered', typical, now));
  const bigLine = median(100, 30, () => void redactLogLine(exchange));

  const dispatcher = createDispatcher({ 'app.ping': ({ text }: { text: string }) => ({ text, at: '' }) } as unknown as Handlers);
  const hostile = JSON.parse(`{"${'k'.repeat(200_000)}":1,"__proto__":{"polluted":1}}`) as unknown;
  const refusal = percentile(await timeEachAsync(50, () => dispatcher.dispatch('app.ping', hostile)), 50);
  return [
    {
      group: 'security',
      name: 'log line, formatted + redacted (sale journal line)',
      value: typicalLine,
      unit: 'µs',
      baseline: { name: 'same line without redaction', value: plainFormat, unit: 'µs' },
      target: '< 20 µs',
      pass: typicalLine < 20,
    },
    { group: 'security', name: 'redact a 9 KB raw UiTPAS exchange', value: bigLine, unit: 'µs', target: '< 500 µs', pass: bigLine < 500 },
    {
      group: 'security',
      name: 'dispatcher refuses a 200 KB hostile key (bounded error)',
      value: refusal,
      unit: 'µs',
      target: '< 5000 µs',
      pass: refusal < 5000,
    },
  ];
}
