/**
 * Hardware capability wiring: the HID scanner reader and the receipt printer, their events on the
 * bus and the scanner.* / printer.* calls. The sales capability gets the printer service from
 * `createHardware(ctx)` to print (and reprint) receipts.
 */
import type { LoketContext } from '../../config/index.js';
import { AppError } from '../../core/errors.js';
import { type HandlersOf } from '../dispatcher.js';
import { createPrinterService, type PrinterService, type SystemTransportFactory } from '../../hardware/printer/printer-service.js';
import { HidReader, listHidDevices, loadNodeHid, type HidModule } from '../../hardware/scanner/hid-reader.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { printerPathProblem, tcpPrinterHostProblem } from '../../hardware/printer/device-policy.js';
import { discoverPrinters, parseLpstatE, type SystemPrinter } from '../../hardware/printer/discovery.js';
import { parsePrinterUrl, PrinterUrlError, type PrinterTarget } from '../../hardware/printer/printer-url.js';

export interface Hardware {
  scanner: HidReader;
  printer: PrinterService;
  hid: () => Promise<HidModule>;
  /** One-off printer services (printer.testPrintAt) use the same system transport. */
  systemTransport?: SystemTransportFactory | undefined;
  systemPrinters?: (() => Promise<SystemPrinter[]>) | undefined;
}

export interface HardwareOptions {
  /** Electron's silent-print transport for 'system' printers; the web host uses CUPS lp. */
  systemTransport?: SystemTransportFactory;
  /** Replace node-hid (tests). */
  hid?: HidModule;
  /** The OS's printers as Electron sees them (webContents.getPrintersAsync); default CUPS lpstat. */
  systemPrinters?: () => Promise<SystemPrinter[]>;
}

export function createHardware(ctx: LoketContext, opts: HardwareOptions = {}): Hardware {
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
  return { scanner, printer, hid, systemTransport: opts.systemTransport, systemPrinters: opts.systemPrinters };
}

/**
 * A printer URL the renderer named for a test print, checked with the same device policy as the
 * configured printer (device-policy.ts) before anything is opened: the renderer is untrusted.
 */
export function checkRendererPrinterUrl(url: string, testDir: string | undefined): PrinterTarget {
  let target: PrinterTarget;
  try {
    target = parsePrinterUrl(url);
  } catch (err) {
    if (err instanceof PrinterUrlError) throw new AppError('PRINTER_URL_INVALID', err.message);
    throw err;
  }
  const problem =
    target.kind === 'none'
      ? 'no printer named'
      : target.kind === 'file'
        ? printerPathProblem(target.path, { testDir })
        : target.kind === 'tcp'
          ? tcpPrinterHostProblem(target.host)
          : undefined;
  if (problem) throw new AppError('PRINTER_URL_REFUSED', `refused: ${problem}`);
  return target;
}

/** Tests only (LOKET_PRINTER_DISCOVERY_ROOT): OS printers from <root>/lpstat-e.txt, as lpstat -e prints them. */
function lpstatFromFile(root: string): () => Promise<SystemPrinter[]> {
  return async () => {
    try {
      return parseLpstatE(await fs.readFile(path.join(root, 'lpstat-e.txt'), 'utf8')).map((name) => ({ name }));
    } catch {
      return [];
    }
  };
}

export function hardwareHandlers(ctx: LoketContext, hardware: Hardware = createHardware(ctx)): HandlersOf<'scanner' | 'printer'> {
  const testDir = ctx.config.printerTestDir;
  const root = ctx.config.printerDiscoveryRoot;
  return {
    'printer.list': () =>
      discoverPrinters({
        policy: { testDir },
        ...(root !== undefined
          ? {
              devRoot: path.join(root, 'dev'),
              sysRoot: path.join(root, 'sys'),
              systemPrinters: lpstatFromFile(root),
              platform: 'linux' as const,
            }
          : hardware.systemPrinters
            ? { systemPrinters: hardware.systemPrinters }
            : {}),
      }),
    'printer.testPrintAt': async ({ url }) => {
      checkRendererPrinterUrl(url, testDir);
      const { settings } = ctx.config;
      const oneOff = createPrinterService({
        settings: { ...settings.printer, url },
        language: settings.language,
        devicePolicy: { testDir },
        ...(hardware.systemTransport ? { systemTransport: hardware.systemTransport } : {}),
        log: (msg, err) => ctx.log.warn(msg, err === undefined ? undefined : { err }),
      });
      try {
        return await oneOff.testPrint();
      } finally {
        await oneOff.close();
      }
    },
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
