/**
 * What the printer indicator shows, derived from main's PrinterStatus. Pure. Main's `reason` is
 * English for the log; the operator gets a short translated problem class and the raw reason as detail.
 */
import type { PrinterStatus } from '../../../../contract/schemas/hardware.js';

export type PrinterTone = 'ok' | 'busy' | 'bad' | 'off';
export type PrinterProblem = 'unreachable' | 'timeout' | 'missing' | 'permission' | 'config' | 'other';

export interface PrinterView {
  tone: PrinterTone;
  problem: PrinterProblem | undefined;
  /** Jobs waiting or being retried. */
  queued: number;
  /** A retry makes sense: something waits, or the last print failed. */
  canRetry: boolean;
}

export function classifyPrinterReason(reason: string): PrinterProblem {
  // A bad URL first: its message quotes the URL, which may contain anything.
  if (/not a valid|out of range|needs an absolute path|unknown printer|name missing|not a printer port|symbolic link/i.test(reason))
    return 'config';
  if (/did not (accept|take|finish)|timed? ?out|ETIMEDOUT|no answer/i.test(reason)) return 'timeout';
  if (/ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ECONNRESET|EPIPE|cannot connect|closed the connection/i.test(reason))
    return 'unreachable';
  if (/ENOENT|does not exist|ENODEV|ENXIO/i.test(reason)) return 'missing';
  if (/EACCES|EPERM|permission|not writable/i.test(reason)) return 'permission';
  return 'other';
}

export function printerView(status: PrinterStatus | undefined): PrinterView {
  if (!status || status.state === 'disabled') return { tone: 'off', problem: undefined, queued: status?.queued ?? 0, canRetry: false };
  const queued = status.queued;
  if (status.state === 'error') {
    return { tone: 'bad', problem: classifyPrinterReason(status.reason ?? ''), queued, canRetry: queued > 0 };
  }
  if (status.state === 'printing' || queued > 0) return { tone: 'busy', problem: undefined, queued, canRetry: false };
  return { tone: 'ok', problem: undefined, queued, canRetry: false };
}
