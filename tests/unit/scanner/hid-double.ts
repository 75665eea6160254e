/**
 * Test double for node-hid (no scanner hardware here), faithful to node-hid 3.4's `HIDAsync`:
 * - `open(path)` rejects for unknown paths and with hidapi's "Permission denied" text when the
 *   hidraw node is not readable;
 * - reading starts when a 'data' listener is added (like `resume()` on 'newListener') and reports
 *   arrive as Buffers that start with the report id;
 * - unplugging makes the read loop fail: an 'error' event, unless the handle is closing;
 * - `close()` removes all listeners; calls on a closed handle reject.
 */
import { EventEmitter } from 'node:events';
import type { HidDevice, HidHandle, HidModule } from '../../../main/hardware/scanner/hid-reader.js';

export class FakeHidAsync extends EventEmitter implements HidHandle {
  closed = false;
  private closing = false;
  private reading = false;
  readonly featureReports: number[][] = [];

  constructor(readonly path: string) {
    super();
    this.on('newListener', (event: string) => {
      if (event === 'data') process.nextTick(() => (this.reading = true));
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.resolve();
    this.removeAllListeners();
    this.reading = false;
    this.closed = true;
  }

  async sendFeatureReport(data: number[] | Buffer): Promise<number> {
    await Promise.resolve();
    if (this.closed) throw new Error('device has been closed');
    this.featureReports.push([...data]);
    return data.length;
  }

  /** The scanner sends an input report. Returns whether a reader was listening. */
  deliver(report: Uint8Array): boolean {
    if (this.closed || !this.reading) return false;
    return this.emit('data', Buffer.from(report));
  }

  /** The cable is pulled: the native read fails. */
  disconnect(): void {
    if (!this.closing && !this.closed && this.reading) this.emit('error', new Error('could not read from HID device'));
  }
}

export function openFailure(path: string, reason: string): string {
  return `cannot open device with path ${path}: Failed to open a device with path '${path}': ${reason}`;
}

export class FakeHidBus implements HidModule {
  private readonly plugged = new Map<string, HidDevice>();
  readonly handles: FakeHidAsync[] = [];
  readonly unreadable = new Set<string>();
  failEnumeration: Error | undefined;

  plug(device: HidDevice): void {
    if (!device.path) throw new Error('a fake device needs a path');
    this.plugged.set(device.path, device);
  }

  unplug(path: string): void {
    this.plugged.delete(path);
    for (const h of this.handles) if (h.path === path) h.disconnect();
  }

  /** The open handle for a path (the latest one). */
  handle(path: string): FakeHidAsync | undefined {
    return [...this.handles].reverse().find((h) => h.path === path && !h.closed);
  }

  devicesAsync = async (): Promise<HidDevice[]> => {
    await Promise.resolve();
    if (this.failEnumeration) throw this.failEnumeration;
    return [...this.plugged.values()].map((d) => ({ ...d }));
  };

  HIDAsync = {
    open: async (path: string): Promise<FakeHidAsync> => {
      await Promise.resolve();
      // node-hid 3.4 on Linux words open failures exactly like this (errno text from hidraw).
      if (!this.plugged.has(path)) throw new Error(openFailure(path, 'No such file or directory'));
      if (this.unreadable.has(path)) throw new Error(openFailure(path, 'Permission denied'));
      const h = new FakeHidAsync(path);
      this.handles.push(h);
      return h;
    },
  };
}

export const honeywellScanner: HidDevice = {
  vendorId: 0x0c2e,
  productId: 0x0b87,
  path: '/dev/hidraw3',
  product: 'Honeywell Voyager 1450g',
  manufacturer: 'Honeywell',
  release: 0x0100,
  interface: 0,
  usagePage: 0x8c,
  usage: 0x02,
};
export const honeywellKeyboardInterface: HidDevice = {
  vendorId: 0x0c2e,
  productId: 0x0b87,
  path: '/dev/hidraw2',
  product: 'Honeywell Voyager 1450g',
  release: 0x0100,
  interface: 1,
  usagePage: 0x01,
  usage: 0x06,
};
export const usbKeyboard: HidDevice = {
  vendorId: 0x046d,
  productId: 0xc31c,
  path: '/dev/hidraw0',
  product: 'USB Keyboard',
  release: 0x6400,
  interface: 0,
  usagePage: 0x01,
  usage: 0x06,
};
