/**
 * Receipt print jobs. Printing never blocks or undoes a sale: `enqueue` returns at once, a failed
 * print is retried with backoff (in order, one job at a time) and its state is observable; after
 * `giveUpAfterMs` a job is marked failed and stays listed so the operator can reprint.
 * Jobs live in memory only: the sale itself is durable in the outbox, so a reprint is always
 * possible after a restart.
 */
import type { PrinterStatus } from '../../../contract/schemas/hardware.js';
import type { ReceiptData } from './receipt.js';
import type { PrinterTransport, PrintJobPayload } from './transports/transport.js';

export type PrintJobState = 'queued' | 'printing' | 'retrying' | 'printed' | 'failed';

export interface PrintJobInfo {
  id: number;
  saleId: string;
  duplicate: boolean;
  state: PrintJobState;
  attempts: number;
  createdAt: string;
  lastError?: string;
  nextAttemptAt?: string;
  printedAt?: string;
}

export interface PrintQueueOptions {
  /** undefined when the printer is 'none': the queue is disabled and jobs are not kept. */
  transport: PrinterTransport | undefined;
  /** Shown in the status, e.g. 'tcp://10.0.0.5:9100'. */
  url: string;
  render(data: ReceiptData): PrintJobPayload;
  /** Delay before retry n (the last value repeats). */
  retryDelaysMs?: readonly number[];
  /** A receipt that could not be printed for this long is marked failed (the customer has left). */
  giveUpAfterMs?: number;
  /** How many finished jobs stay listed. */
  keepFinished?: number;
  onStatus?(status: PrinterStatus): void;
  log?(msg: string, err?: unknown): void;
  now?(): number;
}

interface Job {
  info: PrintJobInfo;
  payload: PrintJobPayload;
  created: number;
  settle(result: PrintJobInfo): void;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 5000, 10000, 30000] as const;

export class PrintQueue {
  private readonly opts: PrintQueueOptions;
  private readonly pending: Job[] = [];
  private readonly finished: PrintJobInfo[] = [];
  private nextId = 1;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private closed = false;
  private lastError: string | undefined;
  private lastPrintedAt: string | undefined;
  private lastStatusJson = '';

  constructor(opts: PrintQueueOptions) {
    this.opts = opts;
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  /**
   * Queues a receipt. Never throws for printer problems and never waits for the printer;
   * `done` settles with the job's final state (printed or failed) and never rejects.
   */
  enqueue(data: ReceiptData): { job: PrintJobInfo; done: Promise<PrintJobInfo> } {
    const created = this.now();
    const info: PrintJobInfo = {
      id: this.nextId++,
      saleId: data.localSaleId,
      duplicate: data.duplicate === true,
      state: 'queued',
      attempts: 0,
      createdAt: new Date(created).toISOString(),
    };
    if (!this.opts.transport || this.closed) {
      const failed = { ...info, state: 'failed' as const, lastError: this.closed ? 'printing stopped' : 'no printer configured' };
      return { job: failed, done: Promise.resolve(failed) };
    }
    let payload: PrintJobPayload;
    try {
      payload = this.opts.render(data);
    } catch (err) {
      // Bad receipt data is a bug upstream; it must not break the sale either.
      const failed = { ...info, state: 'failed' as const, lastError: `receipt could not be laid out: ${(err as Error).message}` };
      this.remember(failed);
      this.opts.log?.('receipt layout failed', err);
      this.emitStatus();
      return { job: failed, done: Promise.resolve(failed) };
    }
    return this.addJob(info, payload, created);
  }

  /**
   * Queues something already laid out that is not a sale receipt (a day report), with the same
   * retries and status as receipts. `ref` names it in the job list (e.g. 'report:Z3').
   */
  enqueuePayload(ref: string, payload: PrintJobPayload): { job: PrintJobInfo; done: Promise<PrintJobInfo> } {
    const created = this.now();
    const info: PrintJobInfo = {
      id: this.nextId++,
      saleId: ref,
      duplicate: false,
      state: 'queued',
      attempts: 0,
      createdAt: new Date(created).toISOString(),
    };
    if (!this.opts.transport || this.closed) {
      const failed = { ...info, state: 'failed' as const, lastError: this.closed ? 'printing stopped' : 'no printer configured' };
      return { job: failed, done: Promise.resolve(failed) };
    }
    return this.addJob(info, payload, created);
  }

  /** Adds a laid-out job behind the others and starts the worker; `done` settles when it printed or failed for good. */
  private addJob(info: PrintJobInfo, payload: PrintJobPayload, created: number): { job: PrintJobInfo; done: Promise<PrintJobInfo> } {
    let settle!: (r: PrintJobInfo) => void;
    const done = new Promise<PrintJobInfo>((resolve) => (settle = resolve));
    this.pending.push({ info, payload, created, settle });
    const snapshot = { ...info };
    this.emitStatus();
    void this.run();
    return { job: snapshot, done };
  }

  /** Retry the waiting job now (e.g. "printer is back" button) instead of after the backoff. */
  retryNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.wake?.();
  }

  jobs(): PrintJobInfo[] {
    return [...this.finished, ...this.pending.map((j) => j.info)].map((j) => ({ ...j }));
  }

  status(): PrinterStatus {
    const status: PrinterStatus = {
      state: !this.opts.transport
        ? 'disabled'
        : this.running && this.pending[0]?.info.state === 'printing'
          ? 'printing'
          : this.lastError
            ? 'error'
            : 'ok',
      url: this.opts.url,
      queued: this.pending.length,
    };
    if (this.lastError) status.reason = this.lastError;
    if (this.lastPrintedAt) status.lastPrintedAt = this.lastPrintedAt;
    const next = this.pending[0]?.info.nextAttemptAt;
    if (next) status.nextRetryAt = next;
    return status;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.retryNow();
    for (const job of this.pending.splice(0)) {
      job.info.state = 'failed';
      job.info.lastError = 'printing stopped';
      job.settle({ ...job.info });
    }
    while (this.running) await new Promise((r) => setImmediate(r));
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.closed && this.pending.length > 0) {
        const job = this.pending[0] as Job;
        job.info.state = 'printing';
        delete job.info.nextAttemptAt;
        job.info.attempts++;
        this.emitStatus();
        try {
          await (this.opts.transport as PrinterTransport).send(job.payload);
          job.info.state = 'printed';
          job.info.printedAt = new Date(this.now()).toISOString();
          delete job.info.lastError;
          this.lastError = undefined;
          this.lastPrintedAt = job.info.printedAt;
          this.finish(job);
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          job.info.lastError = reason;
          this.lastError = reason;
          this.opts.log?.(`print of sale ${job.info.saleId} failed (attempt ${job.info.attempts})`, err);
          if (this.now() - job.created >= (this.opts.giveUpAfterMs ?? 10 * 60_000)) {
            job.info.state = 'failed';
            this.finish(job);
            continue;
          }
          const delays = this.opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
          const delay = delays[Math.min(job.info.attempts - 1, delays.length - 1)] ?? 1000;
          job.info.state = 'retrying';
          job.info.nextAttemptAt = new Date(this.now() + delay).toISOString();
          this.emitStatus();
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            this.timer = setTimeout(resolve, delay);
          });
          this.wake = undefined;
          this.timer = undefined;
        }
      }
    } finally {
      this.running = false;
      this.emitStatus();
    }
  }

  private finish(job: Job): void {
    this.pending.shift();
    this.remember(job.info);
    job.settle({ ...job.info });
    this.emitStatus();
  }

  private remember(info: PrintJobInfo): void {
    this.finished.push(info);
    const keep = this.opts.keepFinished ?? 50;
    if (this.finished.length > keep) this.finished.splice(0, this.finished.length - keep);
  }

  private emitStatus(): void {
    if (!this.opts.onStatus) return;
    const status = this.status();
    const json = JSON.stringify(status);
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    this.opts.onStatus(status);
  }
}
