/** The doctor's HID listing: what each device line says, and a clear reason when node-hid cannot load. */
import { describe, expect, it } from 'vitest';
import { checkHidDevices, describeHidDevice, explainHidFailure } from '../../../main/tools/doctor/hardware-check.js';
import type { HidDevice, HidModule } from '../../../main/hardware/scanner/hid-reader.js';

/** node-hid's module surface as hid-reader uses it; only devicesAsync is reached by a listing. */
function fakeHid(devices: HidDevice[] | Error): HidModule {
  return {
    devicesAsync: () => (devices instanceof Error ? Promise.reject(devices) : Promise.resolve(devices)),
    HIDAsync: { open: () => Promise.reject(new Error('not opened by a listing')) },
  };
}

const honeywellPos: HidDevice = {
  vendorId: 0x0c2e,
  productId: 0x0b61,
  path: '/dev/hidraw3',
  product: 'Voyager 1470g',
  manufacturer: 'Honeywell',
  release: 0x0100,
  interface: 0,
  usagePage: 0x8c,
  usage: 0x02,
};
const keyboard: HidDevice = {
  vendorId: 0x046d,
  productId: 0xc31c,
  path: '/dev/hidraw0',
  product: 'USB Keyboard',
  release: 1,
  interface: 0,
  usagePage: 0x01,
  usage: 0x06,
};

describe('doctor HID listing', () => {
  it('lists every device with ids, usage page and path, and marks the scanner in use', async () => {
    const findings = await checkHidDevices({ hid: fakeHid([keyboard, honeywellPos]), chosenPath: '/dev/hidraw3' });
    expect(findings.every((f) => f.ok)).toBe(true);
    expect(findings.map((f) => f.detail)).toEqual([
      '2 found, 1 barcode scanner candidate',
      '0x046d:0xc31c USB Keyboard, usage page 0x0001 usage 0x0006, path /dev/hidraw0',
      '0x0c2e:0x0b61 Honeywell Voyager 1470g, usage page 0x008c usage 0x0002, path /dev/hidraw3, barcode scanner, chosen in settings',
    ]);
  });

  it('says when the chosen scanner is not connected and when nothing is found', async () => {
    const findings = await checkHidDevices({ hid: fakeHid([]), chosenPath: '/dev/hidraw9' });
    expect(findings[0]?.detail).toMatch(/^none found \(a keyboard-wedge scanner types instead/);
    expect(findings[1]?.detail).toBe('the scanner chosen in settings (/dev/hidraw9) is not connected');
  });

  it('names a vendor it knows when the device has no manufacturer string', () => {
    const { manufacturer: _m, ...noName } = honeywellPos;
    expect(describeHidDevice({ ...noName, scanner: true })).toContain('Honeywell Voyager 1470g');
  });

  it('reports a missing libusb clearly and stays informational', async () => {
    const err = new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory');
    const findings = await checkHidDevices({ hid: fakeHid(err) });
    expect(findings).toEqual([
      { ok: true, label: 'HID devices', detail: expect.stringContaining('sudo apt-get install libusb-1.0-0') as unknown },
    ]);
    expect(explainHidFailure(err)).toContain('libusb is missing');
  });

  it('points to the udev rule on a permission error', () => {
    expect(explainHidFailure(new Error('EACCES: permission denied'))).toContain('70-loket-scanners.rules');
  });
});
