/**
 * The printer capability as the rest of main uses it: settings → transport → print queue.
 * `print(receipt)` is what the sale flow calls after a sale is stored; it never throws and never
 * waits for paper. The Electron host passes `systemTransport` (silent print of an HTML receipt);
 * elsewhere 'system' means CUPS `lp -o raw`.
 */
import { constants, promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { PrinterStatus } from '../../../contract/schemas/hardware.js';
import type { Settings } from '../../../contract/settings.js';
import { checkPrinterDevice, printerPathProblem, type DevicePolicy } from './device-policy.js';
import { encodeReceipt } from './escpos.js';
import { PrintQueue, type PrintJobInfo } from './print-queue.js';
import { describePrinter, parsePrinterUrl, type PrinterTarget } from './printer-url.js';
import { layoutReceipt, testReceipt, type ReceiptData, type ReceiptLanguage, type ReceiptLayout } from './receipt.js';
import { fileTransport } from './transports/file.js';
import { lpTransport } from './transports/lp.js';
import { tcpTransport } from './transports/tcp.js';
import type { PrinterTransport, PrintJobPayload } from './transports/transport.js';
import { definedOnly } from '../../../contract/defined-only.js';

export type PrinterSettings = Settings['printer'];
export type SystemTransportFactory = (name: string | undefined) => PrinterTransport;

export function createTransport(
  target: PrinterTarget,
  system?: SystemTransportFactory,
  policy: DevicePolicy = {},
): PrinterTransport | undefined {
  switch (target.kind) {
    case 'none':
      return undefined;
    case 'tcp':
      return tcpTransport({ host: target.host, port: target.port });
    case 'file': {
      // Refused here already so the status names the problem before anyone presses "test print".
      const problem = printerPathProblem(target.path, policy);
      if (problem) throw new Error(problem);
      return fileTransport({ path: target.path, policy });
    }
    case 'system':
      return system ? system(target.name) : lpTransport({ name: target.name });
  }
}

export function renderReceipt(data: ReceiptData, settings: PrinterSettings): PrintJobPayload {
  const layout = layoutReceipt(data, settings.columns);
  return { layout, bytes: encodeReceipt(layout, { cut: settings.cut, openDrawer: settings.openDrawer && !data.duplicate }) };
}

export interface PrinterServiceOptions {
  settings: PrinterSettings;
  language: ReceiptLanguage;
  systemTransport?: SystemTransportFactory;
  /** Which files count as printer devices (LOKET_PRINTER_TEST_DIR in tests). */
  devicePolicy?: DevicePolicy;
  /** Override the transport (tests, benchmarks); otherwise built from settings.url. */
  transport?: PrinterTransport;
  retryDelaysMs?: readonly number[];
  onStatus?(status: PrinterStatus): void;
  log?(msg: string, err?: unknown): void;
}

export interface PrinterService {
  /** Queue a receipt; returns immediately. */
  print(data: ReceiptData): { job: PrintJobInfo; done: Promise<PrintJobInfo> };
  /** Same receipt again, marked DUPLICAAT. */
  reprint(data: ReceiptData): { job: PrintJobInfo; done: Promise<PrintJobInfo> };
  /** Anything else laid out as receipt lines (a day report), through the same queue and encoder. */
  printLayout(ref: string, layout: ReceiptLayout): { job: PrintJobInfo; done: Promise<PrintJobInfo> };
  /** A test receipt, waited for (settings page button). */
  testPrint(): Promise<{ printed: boolean; reason?: string }>;
  status(): PrinterStatus;
  jobs(): PrintJobInfo[];
  retryNow(): void;
  close(): Promise<void>;
}

export function createPrinterService(opts: PrinterServiceOptions): PrinterService {
  let transport: PrinterTransport | undefined;
  let url: string;
  let configError: string | undefined;
  try {
    const target = parsePrinterUrl(opts.settings.url);
    url = describePrinter(target);
    transport = opts.transport ?? createTransport(target, opts.systemTransport, opts.devicePolicy);
  } catch (err) {
    // A bad printer URL disables printing with a clear reason; sales go on.
    url = opts.settings.url;
    configError = (err as Error).message;
  }
  const queue = new PrintQueue({
    transport,
    url,
    render: (data) => renderReceipt(data, opts.settings),
    ...definedOnly({ retryDelaysMs: opts.retryDelaysMs }),
    ...(opts.onStatus ? { onStatus: (s: PrinterStatus) => opts.onStatus?.(s) } : {}),
    ...(opts.log ? { log: (msg: string, err?: unknown) => opts.log?.(msg, err) } : {}),
  });
  const status = (): PrinterStatus => {
    const s = queue.status();
    return configError ? { ...s, state: 'error', reason: configError } : s;
  };
  return {
    print: (data) => queue.enqueue(data),
    reprint: (data) => queue.enqueue({ ...data, duplicate: true }),
    printLayout: (ref, layout) =>
      queue.enqueuePayload(ref, { layout, bytes: encodeReceipt(layout, { cut: opts.settings.cut, openDrawer: false }) }),
    async testPrint() {
      if (configError) return { printed: false, reason: configError };
      if (!transport) return { printed: false, reason: 'no printer configured' };
      const { job, done } = queue.enqueue(testReceipt(opts.language, opts.settings.venueName));
      // The test job retries like any job; the button only waits for the first outcome.
      const first = await Promise.race([done, waitForFirstAttempt(queue, job.id)]);
      return first.state === 'printed' ? { printed: true } : { printed: false, reason: first.lastError ?? 'not printed' };
    },
    status,
    jobs: () => queue.jobs(),
    retryNow: () => queue.retryNow(),
    close: () => queue.close(),
  };
}

async function waitForFirstAttempt(queue: PrintQueue, id: number): Promise<PrintJobInfo> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const job = queue.jobs().find((j) => j.id === id);
    if (!job || job.state === 'retrying' || job.state === 'failed' || job.state === 'printed') {
      return job ?? { id, saleId: '', duplicate: false, state: 'failed', attempts: 0, createdAt: '', lastError: 'job vanished' };
    }
  }
}

export interface PrinterCheck {
  ok: boolean;
  printer: string;
  detail: string;
}

/** For `npm run doctor`: is the configured printer reachable? Prints nothing (no paper wasted). */
export async function checkPrinter(url: string, timeoutMs = 3000, policy: DevicePolicy = {}): Promise<PrinterCheck> {
  let target: PrinterTarget;
  try {
    target = parsePrinterUrl(url);
  } catch (err) {
    return { ok: false, printer: url, detail: (err as Error).message };
  }
  const printer = describePrinter(target);
  switch (target.kind) {
    case 'none':
      return { ok: true, printer, detail: 'printing disabled' };
    case 'tcp':
      return new Promise((resolve) => {
        const socket = net.connect({ host: target.host, port: target.port });
        const done = (ok: boolean, detail: string) => {
          clearTimeout(timer);
          socket.destroy();
          resolve({ ok, printer, detail });
        };
        const timer = setTimeout(() => done(false, `no answer within ${timeoutMs} ms`), timeoutMs);
        socket.once('connect', () => done(true, 'printer accepts connections'));
        socket.once('error', (err: NodeJS.ErrnoException) => done(false, `cannot connect: ${err.code ?? err.message}`));
      });
    case 'file': {
      const problem = await checkPrinterDevice(target.path, policy);
      return problem ? { ok: false, printer, detail: problem } : { ok: true, printer, detail: 'device exists and is writable' };
    }
    case 'system': {
      const lp = await findOnPath('lp');
      return lp
        ? { ok: true, printer, detail: `the app prints through the OS; web host uses ${lp} -o raw` }
        : { ok: true, printer, detail: 'the app prints through the OS (Electron); no CUPS lp found for the web host' };
    }
  }
}

async function findOnPath(cmd: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, cmd);
    try {
      await fs.access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
