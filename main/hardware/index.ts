/**
 * The hardware capability: the HID scanner reader and the receipt printer, started from the
 * settings, their events on the bus, and what the settings and diagnostics screens ask of them
 * (HID devices, printer discovery, a test print on a printer not saved yet). The runtime hands the
 * printer service to sales receipts and reports.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { HidDeviceInfo, PrinterList, TestPrintResult } from '../../contract/schemas/hardware.js';
import type { FieldProblem } from '../../contract/settings-form.js';
import type { Settings } from '../../contract/settings.js';
import type { LoketContext } from '../config/index.js';
import { AppError } from '../core/errors.js';
import { printerPathProblem, tcpPrinterHostProblem } from './printer/device-policy.js';
import { discoverPrinters, parseLpstatE, type SystemPrinter } from './printer/discovery.js';
import { createPrinterService, type PrinterService, type SystemTransportFactory } from './printer/printer-service.js';
import { parsePrinterUrl, PrinterUrlError, type PrinterTarget } from './printer/printer-url.js';
import { HidReader, listHidDevices, loadNodeHid, type HidModule } from './scanner/hid-reader.js';
import { definedOnly } from '../../contract/defined-only.js';

export interface Hardware {
  scanner: HidReader;
  printer: PrinterService;
  /** Every HID device node-hid lists (the scanner choice, diagnostics). */
  hidDevices(): Promise<HidDeviceInfo[]>;
  /** What printer discovery sees: OS printers, USB printer devices, serial ports. */
  listPrinters(): Promise<PrinterList>;
  /** A test print on a printer the renderer named but nobody saved yet, checked like a saved one. */
  testPrintAt(url: string): Promise<TestPrintResult>;
  /**
   * What only main can judge in a settings change, after the shared form rules passed: a file
   * printer must name a printer port and a TCP printer must be on the local network (the renderer
   * could otherwise aim receipts at any file or host), and a HID path must be one main listed
   * (node-hid opens whatever path it is given).
   */
  settingsProblems(before: Settings, next: Settings): Promise<FieldProblem[]>;
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
    ...definedOnly({ systemTransport: opts.systemTransport }),
    onStatus: (status) => ctx.bus.emit('printer', status),
    log: (msg, err) => ctx.log.warn(msg, err === undefined ? undefined : { err }),
  });
  ctx.bus.emit('printer', printer.status());
  ctx.bus.emit('scanner', scanner.getStatus());
  scanner.start();
  ctx.onClose(() => scanner.stop());
  ctx.onClose(() => printer.close());
  const testDir = ctx.config.printerTestDir;
  const root = ctx.config.printerDiscoveryRoot;
  const hidDevices = async () => {
    try {
      return await listHidDevices(await hid());
    } catch (err) {
      throw new AppError('SCANNER_HID_UNAVAILABLE', `HID devices cannot be listed: ${(err as Error).message}`);
    }
  };
  return {
    scanner,
    printer,
    hidDevices,
    async settingsProblems(before, next) {
      const problems: FieldProblem[] = [];
      if (next.printer.url !== before.printer.url) {
        const problem = printerUrlProblem(next.printer.url, testDir);
        if (problem) problems.push({ field: 'printer.url', problem });
      }
      const hidPath = next.scanner.hidPath;
      if (hidPath !== undefined && hidPath !== before.scanner.hidPath) {
        const known = await hidDevices().catch(() => []);
        if (!known.some((d) => d.path === hidPath)) problems.push({ field: 'scanner.hidPath', problem: 'hid-device' }); // mutation-check: hid-path-enumerated
      }
      return problems;
    },
    listPrinters: () =>
      discoverPrinters({
        policy: { testDir },
        ...(root !== undefined
          ? {
              devRoot: path.join(root, 'dev'),
              sysRoot: path.join(root, 'sys'),
              systemPrinters: lpstatFromFile(root),
              platform: 'linux' as const,
            }
          : opts.systemPrinters
            ? { systemPrinters: opts.systemPrinters }
            : {}),
      }),
    async testPrintAt(url) {
      checkRendererPrinterUrl(url, testDir);
      const oneOff = createPrinterService({
        settings: { ...settings.printer, url },
        language: settings.language,
        devicePolicy: { testDir },
        ...definedOnly({ systemTransport: opts.systemTransport }),
        log: (msg, err) => ctx.log.warn(msg, err === undefined ? undefined : { err }),
      });
      try {
        return await oneOff.testPrint();
      } finally {
        await oneOff.close();
      }
    },
  };
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

/** A printer URL for the settings file, judged by the same device policy as a test print. */
function printerUrlProblem(url: string, testDir: string | undefined): FieldProblem['problem'] | undefined {
  let target: PrinterTarget;
  try {
    target = parsePrinterUrl(url);
  } catch {
    return 'printer-url';
  }
  if (target.kind === 'file' && printerPathProblem(target.path, { testDir })) return 'printer-device';
  if (target.kind === 'tcp' && tcpPrinterHostProblem(target.host)) return 'printer-host'; // mutation-check: printer-host-settings
  return undefined;
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
