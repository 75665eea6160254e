/**
 * Hardware calls and events: the HID barcode scanner and the receipt printer (docs/architecture.md
 * §8). Keyboard-wedge scans are detected in the renderer and never cross this contract as keys.
 */
import { z } from 'zod';

export const HidDeviceInfo = z.object({
  vendorId: z.number().int(),
  productId: z.number().int(),
  /** OS path node-hid opens; absent on some platforms for some devices. */
  path: z.string().optional(),
  product: z.string().optional(),
  manufacturer: z.string().optional(),
  usagePage: z.number().int().optional(),
  usage: z.number().int().optional(),
  interface: z.number().int().optional(),
  /** True when Loket would pick it as a barcode scanner (usage page 0x8C or a known vendor). */
  scanner: z.boolean(),
});
export type HidDeviceInfo = z.infer<typeof HidDeviceInfo>;

export const ScanSource = z.enum(['hid', 'wedge', 'typed']);

export const ScanEvent = z.object({
  value: z.string(),
  /** e.g. 'ean13', 'code128', 'qr' (from the AIM identifier) when the scanner tells. */
  symbology: z.string().optional(),
  source: ScanSource,
});
export type ScanEvent = z.infer<typeof ScanEvent>;

export const ScannerState = z.enum(['disabled', 'connected', 'not-found', 'permission-denied', 'error', 'unavailable']);

export const ScannerStatus = z.object({
  state: ScannerState,
  device: HidDeviceInfo.optional(),
  /** English detail for logs and diagnostics; the renderer translates `state`. */
  message: z.string().optional(),
  /** What the operator can do, e.g. the udev rule to install on Linux. */
  hint: z.string().optional(),
  lastScan: z
    .object({ value: z.string(), symbology: z.string().optional(), aim: z.string().optional(), rawHex: z.string(), at: z.string() })
    .optional(),
  lastError: z.string().optional(),
});
export type ScannerStatus = z.infer<typeof ScannerStatus>;

export const PrinterState = z.enum(['disabled', 'ok', 'printing', 'error']);

export const PrinterStatus = z.object({
  state: PrinterState,
  /** The configured printer URL with nothing secret in it (e.g. 'tcp://10.0.0.5:9100'). */
  url: z.string(),
  /** Why the last print failed, in English for logs; the renderer translates `state`. */
  reason: z.string().optional(),
  /** Jobs waiting or being retried. */
  queued: z.number().int().nonnegative(),
  lastPrintedAt: z.string().optional(),
  /** When the next retry of a failed job is due. */
  nextRetryAt: z.string().optional(),
});
export type PrinterStatus = z.infer<typeof PrinterStatus>;

export const DiscoveredPrinter = z.object({
  kind: z.enum(['system', 'usb', 'serial']),
  /** For humans: the OS's printer name, or the device path. */
  label: z.string(),
  /** What settings.printer.url takes; already checked against main's device policy. */
  url: z.string(),
  isDefault: z.boolean().optional(),
});
export type DiscoveredPrinter = z.infer<typeof DiscoveredPrinter>;

export const PrinterList = z.object({
  printers: z.array(DiscoveredPrinter),
  /** Sources that failed or timed out; the others' printers are still listed. */
  failures: z.array(z.object({ source: z.enum(['system', 'usb', 'serial']), message: z.string() })),
});
export type PrinterList = z.infer<typeof PrinterList>;

export const TestPrintResult = z.object({ printed: z.boolean(), reason: z.string().optional() });
export type TestPrintResult = z.infer<typeof TestPrintResult>;
