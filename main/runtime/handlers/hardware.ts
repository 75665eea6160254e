/** The scanner.* and printer.* calls: each one is a question for the hardware capability. */
import type { Hardware } from '../../hardware/index.js';
import { type HandlersOf } from '../dispatcher.js';

export function hardwareHandlers(hardware: Hardware): HandlersOf<'scanner' | 'printer'> {
  return {
    'printer.list': () => hardware.listPrinters(),
    'printer.testPrintAt': ({ url }) => hardware.testPrintAt(url),
    'scanner.devices': () => hardware.hidDevices(),
    'scanner.status': () => hardware.scanner.getStatus(),
    'printer.status': () => hardware.printer.status(),
    'printer.testPrint': () => hardware.printer.testPrint(),
    'printer.retry': () => {
      hardware.printer.retryNow();
      return hardware.printer.status();
    },
  };
}
