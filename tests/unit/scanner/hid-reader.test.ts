import { describe, expect, it } from 'vitest';
import type { ScanEvent, ScannerStatus } from '../../../contract/schemas/hardware.js';
import { HidReader, listHidDevices, loadNodeHid, pickScanner, UDEV_RULE_PATH } from '../../../main/hardware/scanner/hid-reader.js';
import { FakeHidBus, honeywellKeyboardInterface, honeywellScanner, openFailure, usbKeyboard } from './hid-double.js';
import { honeywellReport, honeywellReports } from './hid-reports.js';

const CARD = '0930000420206';
const tick = () => new Promise<void>((r) => setImmediate(r));

function setup(opts: { chosenPath?: string; platform?: NodeJS.Platform } = {}) {
  const bus = new FakeHidBus();
  const scans: (ScanEvent & { device: string })[] = [];
  const statuses: ScannerStatus[] = [];
  const reader = new HidReader({
    hid: bus,
    chosenPath: opts.chosenPath,
    platform: opts.platform ?? 'linux',
    pollMs: 60_000, // tests drive poll() themselves
    onScan: (s) => scans.push(s),
    onStatus: (s) => statuses.push(s),
  });
  return { bus, reader, scans, statuses };
}

describe('pickScanner', () => {
  it('prefers the HID POS interface and never picks keyboards', () => {
    expect(pickScanner([usbKeyboard, honeywellKeyboardInterface, honeywellScanner])?.path).toBe('/dev/hidraw3');
    expect(pickScanner([usbKeyboard, honeywellKeyboardInterface])).toBeUndefined();
    expect(pickScanner([usbKeyboard, honeywellScanner], '/dev/hidraw0')?.path).toBe('/dev/hidraw0');
    expect(pickScanner([honeywellScanner], '/dev/hidraw9')).toBeUndefined();
  });
});

describe('HidReader', () => {
  it('connects, scans, survives unplug and replug, scans again', async () => {
    const { bus, reader, scans, statuses } = setup();
    bus.plug(usbKeyboard);
    reader.start();
    await reader.poll();
    expect(reader.getStatus().state).toBe('not-found');

    bus.plug(honeywellScanner);
    await reader.poll();
    expect(reader.getStatus()).toMatchObject({ state: 'connected', device: { path: '/dev/hidraw3', scanner: true } });
    const first = bus.handle('/dev/hidraw3')!;
    // Honeywell needs its enable feature report before it sends HID POS reports.
    expect(first.featureReports).toEqual([[0xfe, 0x01]]);
    await tick();
    expect(first.deliver(honeywellReport(CARD))).toBe(true);
    expect(scans).toEqual([{ value: CARD, symbology: 'ean13', source: 'hid', device: '/dev/hidraw3' }]);
    expect(reader.getStatus().lastScan).toMatchObject({ value: CARD, aim: ']E0' });
    expect(reader.getStatus().lastScan?.rawHex).toMatch(/^02 0d 5d 45 30 30 39/);

    bus.unplug('/dev/hidraw3');
    await tick();
    expect(first.closed).toBe(true);
    expect(reader.getStatus()).toMatchObject({ state: 'not-found', message: expect.stringContaining('disconnected') as unknown });
    await reader.poll();
    expect(reader.getStatus().state).toBe('not-found');

    bus.plug(honeywellScanner);
    await reader.poll();
    const second = bus.handle('/dev/hidraw3')!;
    expect(second).not.toBe(first);
    await tick();
    for (const r of honeywellReports('A'.repeat(60) + CARD)) second.deliver(r);
    expect(scans).toHaveLength(2);
    expect(scans[1]).toMatchObject({ value: 'A'.repeat(60) + CARD, symbology: 'qr' });
    expect(statuses.map((s) => s.state)).toEqual([
      'not-found',
      'connected',
      'connected',
      'not-found',
      'not-found',
      'connected',
      'connected',
    ]);
    await reader.stop();
    expect(second.closed).toBe(true);
  });

  it('notices a device that vanished from the list without a read error', async () => {
    const { bus, reader } = setup();
    bus.plug(honeywellScanner);
    reader.start();
    await reader.poll();
    const h = bus.handle('/dev/hidraw3')!;
    // Unplug without an error event (some platforms only drop the device from enumeration).
    bus['plugged'].delete('/dev/hidraw3');
    await reader.poll();
    expect(h.closed).toBe(true);
    expect(reader.getStatus().state).toBe('not-found');
    await reader.stop();
  });

  it('reports permission denied with the udev rule on Linux', async () => {
    const { bus, reader } = setup();
    bus.plug(honeywellScanner);
    bus.unreadable.add('/dev/hidraw3');
    reader.start();
    await reader.poll();
    expect(reader.getStatus()).toMatchObject({ state: 'permission-denied', hint: expect.stringContaining(UDEV_RULE_PATH) as unknown });
    bus.unreadable.clear();
    await reader.poll();
    expect(reader.getStatus().state).toBe('connected');
    await reader.stop();
  });

  it('uses the operator-chosen path and says when it is missing', async () => {
    const { bus, reader } = setup({ chosenPath: '/dev/hidraw7' });
    bus.plug(honeywellScanner);
    reader.start();
    await reader.poll();
    expect(reader.getStatus()).toMatchObject({ state: 'not-found', message: expect.stringContaining('/dev/hidraw7') as unknown });
    await reader.stop();
  });

  it('keeps running after a garbage report and records it', async () => {
    const { bus, reader, scans } = setup();
    bus.plug({ ...honeywellScanner, vendorId: 0x05e0, path: '/dev/hidraw5' });
    reader.start();
    await reader.poll();
    const h = bus.handle('/dev/hidraw5')!;
    expect(h.featureReports).toEqual([]);
    await tick();
    h.deliver(Uint8Array.from([0x02, 40, 1, 2]));
    expect(scans).toEqual([]);
    expect(reader.getStatus().lastError).toMatch(/40 data bytes/);
    h.deliver(honeywellReport(CARD, { aim: ']C0' }));
    expect(scans).toEqual([{ value: CARD, symbology: 'code128', source: 'hid', device: '/dev/hidraw5' }]);
    await reader.stop();
  });

  it('is unavailable (not crashing) when HID enumeration fails, and disabled when off', async () => {
    const { bus, reader } = setup();
    bus.failEnumeration = new Error('libusb-1.0.so.0: cannot open shared object file');
    reader.start();
    await reader.poll();
    expect(reader.getStatus()).toMatchObject({ state: 'unavailable', message: expect.stringContaining('libusb') as unknown });
    await reader.stop();

    const off = new HidReader({ hid: bus, enabled: false, onScan: () => undefined, onStatus: () => undefined });
    off.start();
    expect(off.getStatus().state).toBe('disabled');
  });

  it('lists devices with a scanner flag', async () => {
    const bus = new FakeHidBus();
    bus.plug(usbKeyboard);
    bus.plug(honeywellScanner);
    const list = await listHidDevices(bus);
    expect(list.map((d) => [d.path, d.scanner, d.usagePage])).toEqual([
      ['/dev/hidraw0', false, 0x01],
      ['/dev/hidraw3', true, 0x8c],
    ]);
  });
});

describe('the real node-hid module', () => {
  it('loads, enumerates, and fails to open a missing path the way the double does', async () => {
    const hid = await loadNodeHid();
    const devices = await listHidDevices(hid);
    expect(Array.isArray(devices)).toBe(true); // usually empty on a build machine
    const missing = '/dev/hidraw-loket-missing';
    await expect(hid.HIDAsync.open(missing)).rejects.toThrow(openFailure(missing, 'No such file or directory'));
  });
});
