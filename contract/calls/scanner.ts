/** The HID barcode scanner: devices, status; the scan and scanner events. */
import { z } from 'zod';
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { HidDeviceInfo, ScanEvent, ScannerStatus } from '../schemas/hardware.js';

export const calls = {
  'scanner.devices': defineCall(NoInput, z.array(HidDeviceInfo)),
  'scanner.status': defineCall(NoInput, ScannerStatus),
} satisfies Record<`scanner.${string}`, CallSpec>;

export const events = {
  scan: ScanEvent,
  scanner: ScannerStatus,
};
