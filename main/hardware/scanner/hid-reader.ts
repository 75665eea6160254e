/**
 * Reads a HID POS barcode scanner with node-hid's async API and turns its reports into scans.
 * Hot-plug: a poll finds (and re-finds) the scanner; a read error or a vanished device closes the
 * handle and the next poll reopens it, so unplug/replug needs no restart.
 *
 * node-hid is injected (`HidModule`): production passes the real module (see `loadNodeHid`),
 * tests pass a faithful double. Nothing here throws at the caller: failures become a status.
 */
import type { HidDeviceInfo, ScanEvent, ScannerStatus } from '../../../contract/schemas/hardware.js';
import {
  HID_POS_USAGE_BARCODE_SCANNER,
  HID_POS_USAGE_PAGE,
  HONEYWELL_ENABLE_FEATURE_REPORT,
  ScanAssembler,
  toHex,
} from './hid-pos-decoder.js';

/** The subset of node-hid's `Device` we use (same field names and types). */
export interface HidDevice {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  manufacturer?: string | undefined;
  release: number;
  interface: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/** The subset of node-hid's `HIDAsync` we use. */
export interface HidHandle {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  close(): Promise<void>;
  sendFeatureReport(data: number[] | Buffer): Promise<number>;
}

/** The subset of the node-hid module we use. */
export interface HidModule {
  devicesAsync(): Promise<HidDevice[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<HidHandle> };
}

export const KNOWN_SCANNER_VENDORS: Readonly<Record<number, string>> = {
  0x0c2e: 'Honeywell',
  0x05e0: 'Zebra',
  0x05f9: 'Datalogic',
};
const HONEYWELL = 0x0c2e;
const GENERIC_DESKTOP_PAGE = 0x01;

export const UDEV_RULE_PATH = 'build/linux/70-loket-scanners.rules';
export const UDEV_HINT =
  'Linux: the scanner needs the udev rule 70-loket-scanners.rules (the .deb installs it; it ships in ' +
  `${UDEV_RULE_PATH}): sudo cp 70-loket-scanners.rules /etc/udev/rules.d/ && ` +
  'sudo udevadm control --reload-rules && sudo udevadm trigger, then replug the scanner.';

/** Loads the real node-hid lazily, so a missing libusb makes the scanner 'unavailable', not the app crash. */
export async function loadNodeHid(): Promise<HidModule> {
  const mod = (await import('node-hid')) as unknown as HidModule & { default?: HidModule };
  return mod.default && typeof mod.default.devicesAsync === 'function' ? mod.default : mod;
}

export function isScannerCandidate(d: HidDevice): boolean {
  if (d.usagePage === HID_POS_USAGE_PAGE) return true;
  // Keyboard-mode interfaces (generic desktop page) can never be opened; skip them.
  if (!(d.vendorId in KNOWN_SCANNER_VENDORS) || d.usagePage === GENERIC_DESKTOP_PAGE) return false;
  // Vendor-defined pages (0xFF00+) carry the HID POS data on some models; some backends report no page.
  return d.usagePage === undefined || d.usagePage === 0 || d.usagePage >= 0xff00;
}

function rank(d: HidDevice): number {
  if (d.usagePage === HID_POS_USAGE_PAGE && d.usage === HID_POS_USAGE_BARCODE_SCANNER) return 0;
  if (d.usagePage === HID_POS_USAGE_PAGE) return 1;
  return 2;
}

/** Which device to open: the operator's chosen path, else the best HID POS candidate. */
export function pickScanner(devices: readonly HidDevice[], chosenPath?: string): HidDevice | undefined {
  if (chosenPath) return devices.find((d) => d.path === chosenPath);
  return devices.filter((d) => d.path && isScannerCandidate(d)).sort((a, b) => rank(a) - rank(b))[0];
}

export function toDeviceInfo(d: HidDevice): HidDeviceInfo {
  const info: HidDeviceInfo = { vendorId: d.vendorId, productId: d.productId, interface: d.interface, scanner: isScannerCandidate(d) };
  if (d.path !== undefined) info.path = d.path;
  if (d.product) info.product = d.product;
  if (d.manufacturer) info.manufacturer = d.manufacturer;
  if (d.usagePage !== undefined) info.usagePage = d.usagePage;
  if (d.usage !== undefined) info.usage = d.usage;
  return info;
}

/** Lists every HID device (for the settings page and `npm run doctor`). */
export async function listHidDevices(hid?: HidModule): Promise<HidDeviceInfo[]> {
  const mod = hid ?? (await loadNodeHid());
  return (await mod.devicesAsync()).map(toDeviceInfo);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isPermissionError(err: unknown): boolean {
  const text = errorText(err);
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EACCES' || code === 'EPERM' || /permission|access denied|EACCES|not permitted/i.test(text);
}

export interface HidReaderOptions {
  hid: HidModule | (() => Promise<HidModule>);
  /** settings.scanner.hidPath */
  chosenPath?: string | undefined;
  enabled?: boolean;
  /** How often to look for a (re)plugged scanner. */
  pollMs?: number;
  platform?: NodeJS.Platform;
  onScan(scan: ScanEvent & { device: string }): void;
  onStatus(status: ScannerStatus): void;
  log?(msg: string, err?: unknown): void;
}

export class HidReader {
  private readonly opts: HidReaderOptions;
  private hid: HidModule | undefined;
  private handle: HidHandle | undefined;
  private device: HidDevice | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = true;
  private status: ScannerStatus;

  constructor(opts: HidReaderOptions) {
    this.opts = opts;
    this.status = { state: opts.enabled === false ? 'disabled' : 'not-found' };
  }

  getStatus(): ScannerStatus {
    return this.status;
  }

  start(): void {
    if (this.opts.enabled === false) {
      this.setStatus({ state: 'disabled' });
      return;
    }
    this.stopped = false;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs ?? 2000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
    await this.closeHandle();
  }

  /** One look for the scanner; exposed so tests and "retry now" need not wait for the interval. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => {
      this.polling = undefined;
    });
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    if (this.stopped) return;
    let devices: HidDevice[];
    try {
      this.hid ??= typeof this.opts.hid === 'function' ? await this.opts.hid() : this.opts.hid;
      devices = await this.hid.devicesAsync();
    } catch (err) {
      this.setStatus({
        state: 'unavailable',
        message: `HID access unavailable: ${errorText(err)}`,
        hint: 'Install libusb-1.0 (Linux) or use the keyboard-wedge mode.',
      });
      return;
    }
    if (this.handle && this.device) {
      const path = this.device.path;
      if (devices.some((d) => d.path === path)) return;
      await this.lost('scanner removed');
    }
    const target = pickScanner(devices, this.opts.chosenPath);
    if (!target?.path) {
      this.setStatus({
        state: 'not-found',
        message: this.opts.chosenPath
          ? `the chosen scanner (${this.opts.chosenPath}) is not connected`
          : 'no HID POS barcode scanner connected',
      });
      return;
    }
    await this.open(target);
  }

  private async open(device: HidDevice): Promise<void> {
    const hid = this.hid as HidModule;
    let handle: HidHandle;
    try {
      handle = await hid.HIDAsync.open(device.path as string);
    } catch (err) {
      const denied = isPermissionError(err);
      const status: ScannerStatus = {
        state: denied ? 'permission-denied' : 'error',
        device: toDeviceInfo(device),
        message: `cannot open ${device.path}: ${errorText(err)}`,
      };
      if (denied && (this.opts.platform ?? process.platform) === 'linux') status.hint = UDEV_HINT;
      this.setStatus(status);
      return;
    }
    if (this.stopped) {
      await handle.close().catch(() => undefined);
      return;
    }
    this.handle = handle;
    this.device = device;
    const assembler = new ScanAssembler(device.vendorId === HONEYWELL ? 'honeywell' : 'auto');
    const raw: Buffer[] = [];
    handle.on('data', (data: Buffer) => {
      if (this.handle !== handle) return;
      raw.push(data);
      const result = assembler.push(data);
      if (result.kind === 'partial') return;
      const rawHex = raw.map((r) => toHex(r)).join(' | ');
      raw.length = 0;
      if (result.kind === 'error') {
        this.opts.log?.(`scanner report dropped: ${result.error.message}`);
        this.setStatus({ ...this.status, lastError: `${result.error.message} (${rawHex})` });
        return;
      }
      const { scan } = result;
      const lastScan: NonNullable<ScannerStatus['lastScan']> = { value: scan.value, rawHex, at: new Date().toISOString() };
      if (scan.symbology) lastScan.symbology = scan.symbology;
      if (scan.aim) lastScan.aim = scan.aim;
      this.setStatus({ ...this.status, lastScan });
      const event: ScanEvent & { device: string } = { value: scan.value, source: 'hid', device: device.path as string };
      if (scan.symbology) event.symbology = scan.symbology;
      this.opts.onScan(event);
    });
    handle.on('error', (err: unknown) => {
      if (this.handle !== handle) return;
      void this.lost(`read failed: ${errorText(err)}`);
    });
    if (device.vendorId === HONEYWELL) {
      // Honeywell scanners stay silent in HID POS mode until the host enables them.
      await handle.sendFeatureReport([...HONEYWELL_ENABLE_FEATURE_REPORT]).catch((err: unknown) => {
        this.opts.log?.('Honeywell enable feature report failed', err);
      });
    }
    const status: ScannerStatus = { state: 'connected', device: toDeviceInfo(device) };
    if (this.status.lastScan) status.lastScan = this.status.lastScan;
    this.setStatus(status);
  }

  private async lost(reason: string): Promise<void> {
    await this.closeHandle();
    const status: ScannerStatus = { state: 'not-found', message: `scanner disconnected (${reason})` };
    if (this.status.lastScan) status.lastScan = this.status.lastScan;
    this.setStatus(status);
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.device = undefined;
    // A handle whose device is gone may fail to close; it is released either way.
    if (handle) await handle.close().catch(() => undefined);
  }

  private setStatus(next: ScannerStatus): void {
    const prev = this.status;
    this.status = next;
    if (JSON.stringify(prev) !== JSON.stringify(next)) this.opts.onStatus(next);
  }
}
