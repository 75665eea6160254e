/**
 * Hardware capability wiring: the HID scanner reader and the receipt printer, their events on the
 * bus and the scanner.* / printer.* calls. The sales capability gets the printer service from
 * `createHardware(ctx)` to print (and reprint) receipts.
 */
import type { RuntimeContext } from '../context.js';
import { AppError, type Handlers } from '../dispatcher.js';
import { createPrinterService, type PrinterService, type SystemTransportFactory } from '../../printer/printer-service.js';
import { HidReader, listHidDevices, loadNodeHid, type HidModule } from '../../scanner/hid-reader.js';

export interface Hardware {
  scanner: HidReader;
  printer: PrinterService;
  hid: () => Promise<HidModule>;
}

export interface HardwareOptions {
  /** Electron's silent-print transport for 'system' printers; the web host uses CUPS lp. */
  systemTransport?: SystemTransportFactory;
  /** Replace node-hid (tests). */
  hid?: HidModule;
}

export function createHardware(ctx: RuntimeContext, opts: HardwareOptions = {}): Hardware {
  const { settings } = ctx.config;
  let hidModule: Promise<HidModule> | undefined;
  const hid = () => (hidModule ??= opts.hid ? Promise.resolve(opts.hid) : loadNodeHid());
  const scanner = new HidReader({
    hid,
    chosenPath: settings.scanner.hidPath,
    enabled: settings.scanner.hidEnabled,
    onScan: ({ value, symbology, source }) => ctx.bus.emit('scan', symbology ? { value, symbology, source } : { value, source }),
    onStatus: (status) => ctx.bus.emit('scanner', status),
    log: (msg, err) => ctx.log.warn(msg, err === undefined ? undefined : { err }),
  });
  const printer = createPrinterService({
    settings: settings.printer,
    language: settings.language,
    devicePolicy: { testDir: ctx.config.printerTestDir },
    ...(opts.systemTransport ? { systemTransport: opts.systemTransport } : {}),
    onStatus: (status) => ctx.bus.emit('printer', status),
    log: (msg, err) => ctx.log.warn(msg, err === undefined ? undefined : { err }),
  });
  ctx.bus.emit('printer', printer.status());
  ctx.bus.emit('scanner', scanner.getStatus());
  scanner.start();
  ctx.onClose(() => scanner.stop());
  ctx.onClose(() => printer.close());
  return { scanner, printer, hid };
}

export function hardwareHandlers(
  ctx: RuntimeContext,
  hardware: Hardware = createHardware(ctx),
): Pick<Handlers, 'scanner.devices' | 'scanner.status' | 'printer.status' | 'printer.testPrint' | 'printer.retry'> {
  return {
    'scanner.devices': async () => {
      try {
        return await listHidDevices(await hardware.hid());
      } catch (err) {
        throw new AppError('SCANNER_HID_UNAVAILABLE', `HID devices cannot be listed: ${(err as Error).message}`);
      }
    },
    'scanner.status': () => hardware.scanner.getStatus(),
    'printer.status': () => hardware.printer.status(),
    'printer.testPrint': () => hardware.printer.testPrint(),
    'printer.retry': () => {
      hardware.printer.retryNow();
      return hardware.printer.status();
    },
  };
}
