/**
 * The doctor's hardware checks: is the configured receipt printer reachable (nothing is printed),
 * and which HID devices does node-hid see. The printer decides the exit code; the HID list is
 * information for the support desk (a counter may use a keyboard-wedge scanner, which node-hid
 * never lists as openable). Returns findings; printing is the caller's.
 */
import type { HidDeviceInfo } from '../../../contract/schemas/hardware.js';
import type { DevicePolicy } from '../../hardware/printer/device-policy.js';
import { checkPrinter } from '../../hardware/printer/printer-service.js';
import { KNOWN_SCANNER_VENDORS, listHidDevices, UDEV_HINT, type HidModule } from '../../hardware/scanner/hid-reader.js';
import type { Finding } from './uitpas-check.js';

export async function checkPrinterFinding(url: string, timeoutMs?: number, policy?: DevicePolicy): Promise<Finding> {
  const r = await checkPrinter(url, timeoutMs, policy);
  return { ok: r.ok, label: 'Printer', detail: `${r.printer}: ${r.detail}` };
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

/** One line per device: what the support desk needs to recognise it and to pick it in settings. */
export function describeHidDevice(d: HidDeviceInfo, inUsePath?: string): string {
  const name = [d.manufacturer ?? KNOWN_SCANNER_VENDORS[d.vendorId], d.product].filter(Boolean).join(' ') || 'unnamed device';
  const parts = [`${hex4(d.vendorId)}:${hex4(d.productId)} ${name}`];
  if (d.usagePage !== undefined) parts.push(`usage page ${hex4(d.usagePage)}${d.usage !== undefined ? ` usage ${hex4(d.usage)}` : ''}`);
  parts.push(`path ${d.path ?? '(none)'}`);
  if (d.scanner)
    parts.push(d.path !== undefined && d.path === inUsePath ? 'barcode scanner, chosen in settings' : 'barcode scanner candidate');
  return parts.join(', ');
}

/** Why node-hid could not list devices, with what to do about it. */
export function explainHidFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/libusb/i.test(message)) {
    return `node-hid cannot load because libusb is missing (${message}). Install it: sudo apt-get install libusb-1.0-0 (Debian/Ubuntu). Keyboard-wedge scanners still work.`;
  }
  if (/permission|EACCES|EPERM/i.test(message)) return `HID devices cannot be listed: ${message}. ${UDEV_HINT}`;
  return `HID devices cannot be listed: ${message}`;
}

/** Always ok (informational); the details say what was found or why nothing could be listed. */
export async function checkHidDevices(
  opts: { hid?: HidModule; chosenPath?: string | undefined; enabled?: boolean } = {},
): Promise<Finding[]> {
  const findings: Finding[] = [];
  if (opts.enabled === false)
    findings.push({ ok: true, label: 'HID scanner', detail: 'disabled in settings (scanner.hidEnabled); listing anyway' });
  let devices: HidDeviceInfo[];
  try {
    devices = await listHidDevices(opts.hid);
  } catch (err) {
    findings.push({ ok: true, label: 'HID devices', detail: explainHidFailure(err) });
    return findings;
  }
  const scanners = devices.filter((d) => d.scanner).length;
  findings.push({
    ok: true,
    label: 'HID devices',
    detail: devices.length
      ? `${devices.length} found, ${scanners} barcode scanner candidate${scanners === 1 ? '' : 's'}${scanners === 0 ? ' (a keyboard-wedge scanner types instead and is not listed here)' : ''}`
      : 'none found (a keyboard-wedge scanner types instead and is not listed here; on Linux without the udev rule HID POS scanners stay invisible)',
  });
  for (const d of devices) findings.push({ ok: true, label: 'HID', detail: describeHidDevice(d, opts.chosenPath) });
  if (opts.chosenPath && !devices.some((d) => d.path === opts.chosenPath)) {
    findings.push({ ok: true, label: 'HID scanner', detail: `the scanner chosen in settings (${opts.chosenPath}) is not connected` });
  }
  return findings;
}
