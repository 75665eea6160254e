/**
 * A way to get receipt bytes to a printer. `send` resolves once the bytes were handed over
 * (written to the socket / device / spooler) and rejects with a `PrintError` saying why not.
 */
import type { ReceiptLayout } from '../receipt.js';

export interface PrintJobPayload {
  /** ESC/POS bytes for raw transports. */
  bytes: Uint8Array;
  /** The laid-out receipt, for transports that render it themselves (Electron silent print of HTML). */
  layout: ReceiptLayout;
}

export interface PrinterTransport {
  readonly description: string;
  send(job: PrintJobPayload): Promise<void>;
}

export type PrintErrorKind = 'unreachable' | 'timeout' | 'device' | 'spooler' | 'config';

export class PrintError extends Error {
  readonly kind: PrintErrorKind;
  constructor(kind: PrintErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrintError';
    this.kind = kind;
  }
}
