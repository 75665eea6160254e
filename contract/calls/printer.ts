/** The receipt printer: status, discovery, test prints, retry; the printer event. */
import { z } from 'zod';
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { PrinterList, PrinterStatus, TestPrintResult } from '../schemas/hardware.js';

export const calls = {
  'printer.status': defineCall(NoInput, PrinterStatus),
  /** Prints a test receipt now; resolves when the printer accepted the bytes (or rejects with the reason). */
  'printer.testPrint': defineCall(NoInput, TestPrintResult),
  /** The printers this PC sees (OS printers, USB, serial ports), for the settings screen. */
  'printer.list': defineCall(NoInput, PrinterList),
  /**
   * A test receipt on a printer that is not (yet) the configured one: test before saving. Main
   * refuses a URL its device policy refuses (PRINTER_URL_REFUSED) before anything is opened.
   */
  'printer.testPrintAt': defineCall(z.object({ url: z.string().min(1).max(500) }), TestPrintResult),
  /** Retries the waiting print job now instead of after its backoff ("printer is back"); returns the status. */
  'printer.retry': defineCall(NoInput, PrinterStatus),
} satisfies Record<`printer.${string}`, CallSpec>;

export const events = {
  printer: PrinterStatus,
};
