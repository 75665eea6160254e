import { describe, expect, it } from 'vitest';
import { PrintQueue } from '../../../main/hardware/printer/print-queue.js';
import { layoutReceipt, type ReceiptData } from '../../../main/hardware/printer/receipt.js';
import { PrintError, type PrinterTransport, type PrintJobPayload } from '../../../main/hardware/printer/transports/transport.js';

const receipt = (localSaleId: string): ReceiptData => ({
  language: 'nl',
  soldAt: '2026-11-27T10:00:00Z',
  activityTitle: 'Concert',
  regularPriceCents: 1000,
  paidPerTicketCents: 300,
  localSaleId,
  state: 'registered',
});
const render = (data: ReceiptData): PrintJobPayload => ({
  layout: layoutReceipt(data, 32),
  bytes: new TextEncoder().encode(data.localSaleId),
});

/** A printer that is down until `up` is set; records what it printed. */
class ScriptedPrinter implements PrinterTransport {
  readonly description = 'scripted';
  up = true;
  readonly printed: string[] = [];
  send(job: PrintJobPayload): Promise<void> {
    if (!this.up) return Promise.reject(new PrintError('unreachable', 'printer 127.0.0.1:9100: ECONNREFUSED'));
    this.printed.push(new TextDecoder().decode(job.bytes));
    return Promise.resolve();
  }
}

describe('PrintQueue', () => {
  it('prints in order, one at a time', async () => {
    const printer = new ScriptedPrinter();
    const q = new PrintQueue({ transport: printer, url: 'tcp://x:9100', render });
    const results = await Promise.all(['a', 'b', 'c'].map((id) => q.enqueue(receipt(id)).done));
    expect(results.map((r) => r.state)).toEqual(['printed', 'printed', 'printed']);
    expect(printer.printed).toEqual(['a', 'b', 'c']);
    expect(q.status()).toMatchObject({ state: 'ok', queued: 0 });
  });

  it('retries the head job and keeps later jobs behind it, in order', async () => {
    const printer = new ScriptedPrinter();
    printer.up = false;
    const q = new PrintQueue({ transport: printer, url: 'tcp://x:9100', render, retryDelaysMs: [5] });
    const first = q.enqueue(receipt('first'));
    const second = q.enqueue(receipt('second'));
    while (q.jobs()[0]?.attempts !== 3) await new Promise((r) => setTimeout(r, 5));
    expect(q.status()).toMatchObject({ state: 'error', queued: 2, reason: expect.stringContaining('ECONNREFUSED') as unknown });
    expect(q.jobs().map((j) => j.state)).toEqual(['retrying', 'queued']);
    printer.up = true;
    q.retryNow();
    expect((await first.done).state).toBe('printed');
    expect((await second.done).attempts).toBe(1);
    expect(printer.printed).toEqual(['first', 'second']);
  });

  it('gives up after the configured time; the job stays listed as failed for a reprint', async () => {
    let now = 0;
    const printer = new ScriptedPrinter();
    printer.up = false;
    const q = new PrintQueue({ transport: printer, url: 'u', render, retryDelaysMs: [1], giveUpAfterMs: 1000, now: () => now });
    const { done } = q.enqueue(receipt('late'));
    while ((q.jobs()[0]?.attempts ?? 0) < 2) await new Promise((r) => setTimeout(r, 2));
    now = 1000;
    const result = await done;
    expect(result).toMatchObject({ state: 'failed', saleId: 'late', lastError: expect.stringContaining('ECONNREFUSED') as unknown });
    expect(q.jobs()).toHaveLength(1);
    expect(q.status()).toMatchObject({ state: 'error', queued: 0 });
    printer.up = true;
    expect(await q.enqueue({ ...receipt('late'), duplicate: true }).done).toMatchObject({ state: 'printed', duplicate: true });
    expect(q.status().state).toBe('ok');
  });

  it('is disabled without a printer and never throws on bad receipt data', async () => {
    const off = new PrintQueue({ transport: undefined, url: 'none', render });
    expect(off.status()).toEqual({ state: 'disabled', url: 'none', queued: 0 });
    expect(off.enqueue(receipt('x')).job).toMatchObject({ state: 'failed', lastError: 'no printer configured' });

    const q = new PrintQueue({ transport: new ScriptedPrinter(), url: 'u', render });
    const bad = q.enqueue({ ...receipt('bad'), tickets: -1 });
    expect(bad.job).toMatchObject({ state: 'failed', lastError: expect.stringContaining('tickets') as unknown });
    expect((await bad.done).state).toBe('failed');
  });

  it('settles waiting jobs when closed', async () => {
    const printer = new ScriptedPrinter();
    printer.up = false;
    const q = new PrintQueue({ transport: printer, url: 'u', render, retryDelaysMs: [60_000] });
    const { done } = q.enqueue(receipt('x'));
    while (q.jobs()[0]?.state !== 'retrying') await new Promise((r) => setTimeout(r, 2));
    await q.close();
    expect(await done).toMatchObject({ state: 'failed', lastError: 'printing stopped' });
  });
});
