/**
 * Printer discovery: lpstat output as captured on CUPS 2.4 machines, and a temp folder standing in
 * for /dev and /sys. Every listed URL passes the device policy; a failing source is named and the
 * others still list their printers; nothing waits longer than the timeout.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { printerPathProblem } from '../../../main/hardware/printer/device-policy.js';
import {
  deviceEntry,
  discoverPrinters,
  parseLpstatE,
  parseLpstatPD,
  serialPorts,
  systemEntry,
  usbPrinters,
} from '../../../main/hardware/printer/discovery.js';

const fixture = (name: string) => readFileSync(join('tests/fixtures/lpstat', name), 'utf8');

describe('lpstat parsing', () => {
  it('lpstat -e: one destination a line', () => {
    expect(parseLpstatE(fixture('lpstat-e.txt'))).toEqual(['Kassa_80mm', 'Kantoor-HP', 'PDF']);
    expect(parseLpstatE('')).toEqual([]);
    expect(parseLpstatE('lpstat: No destinations added.\n')).toEqual([]);
  });

  it('lpstat -p -d: printers and the default, also when paused or with no default', () => {
    expect(parseLpstatPD(fixture('lpstat-p-d.txt'))).toEqual({ printers: ['Kantoor-HP', 'Kassa_80mm', 'PDF'], defaultName: 'Kassa_80mm' });
    expect(parseLpstatPD(fixture('lpstat-p-d-nodefault.txt'))).toEqual({ printers: ['Kassa_80mm'] });
  });

  it('a system printer becomes system:<name>; a name the URL parser refuses is dropped', () => {
    expect(systemEntry({ name: 'Kassa_80mm', isDefault: true })).toEqual({
      kind: 'system',
      label: 'Kassa_80mm',
      url: 'system:Kassa_80mm',
      isDefault: true,
    });
    expect(systemEntry({ name: 'bad\nname' })).toBeUndefined();
  });

  it('a device entry exists only for a path the device policy accepts', () => {
    expect(deviceEntry('/dev/usb/lp0', 'usb')).toEqual({ kind: 'usb', label: '/dev/usb/lp0', url: 'file:///dev/usb/lp0' });
    for (const p of ['/dev/sda', '/etc/passwd', '/dev/usb/../sda']) expect(deviceEntry(p, 'usb')).toBeUndefined();
  });
});

describe('devices on a real file system (temp folder as /dev and /sys)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'loket-discovery-'));
    mkdirSync(join(root, 'dev', 'usb'), { recursive: true });
    for (const f of ['usb/lp0', 'usb/lp1', 'usb/hiddev0', 'ttyS0', 'ttyS1', 'ttyUSB0', 'ttyACM0', 'sda', 'tty0', 'null'])
      writeFileSync(join(root, 'dev', f), '');
    // Only ttyS0 has a UART behind it.
    mkdirSync(join(root, 'sys', 'class', 'tty', 'ttyS0', 'device'), { recursive: true });
    mkdirSync(join(root, 'sys', 'class', 'tty', 'ttyS1'), { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists USB printers and serial ports with hardware, as /dev URLs that pass the policy', async () => {
    expect((await usbPrinters(join(root, 'dev'))).map((p) => p.url)).toEqual(['file:///dev/usb/lp0', 'file:///dev/usb/lp1']);
    const serial = await serialPorts(join(root, 'dev'), join(root, 'sys'), {}, 'linux');
    expect(serial.map((p) => p.url)).toEqual(['file:///dev/ttyACM0', 'file:///dev/ttyS0', 'file:///dev/ttyUSB0']);
    const all = await discoverPrinters({
      devRoot: join(root, 'dev'),
      sysRoot: join(root, 'sys'),
      systemPrinters: () => Promise.resolve([{ name: 'Kassa_80mm' }]),
      platform: 'linux',
    });
    expect(all.failures).toEqual([]);
    expect(all.printers.map((p) => [p.kind, p.url])).toEqual([
      ['system', 'system:Kassa_80mm'],
      ['usb', 'file:///dev/usb/lp0'],
      ['usb', 'file:///dev/usb/lp1'],
      ['serial', 'file:///dev/ttyACM0'],
      ['serial', 'file:///dev/ttyS0'],
      ['serial', 'file:///dev/ttyUSB0'],
    ]);
    for (const p of all.printers.filter((x) => x.kind !== 'system'))
      expect(printerPathProblem(p.url.slice('file://'.length))).toBeUndefined();
  });

  it('no /dev/usb and no /sys: nothing found, nothing failed', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'loket-discovery-empty-'));
    try {
      const r = await discoverPrinters({ devRoot: empty, sysRoot: empty, systemPrinters: () => Promise.resolve([]), platform: 'linux' });
      expect(r).toEqual({ printers: [], failures: [] });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a failing or hanging source is named; the others still list their printers', async () => {
    const started = Date.now();
    const hang = await discoverPrinters({
      devRoot: join(root, 'dev'),
      sysRoot: join(root, 'sys'),
      systemPrinters: () => new Promise(() => {}),
      timeoutMs: 200,
      platform: 'linux',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(hang.failures).toHaveLength(1);
    expect(hang.failures[0]).toMatchObject({ source: 'system' });
    expect(hang.failures[0]?.message).toContain('200 ms');
    expect(hang.printers.some((p) => p.url === 'file:///dev/usb/lp0')).toBe(true);
    const broken = await discoverPrinters({
      devRoot: join(root, 'dev', 'sda'),
      sysRoot: root,
      systemPrinters: () => Promise.reject(new Error('cupsd down')),
      platform: 'linux',
    });
    // /dev is not a folder: both device sources fail, as does the OS's list.
    expect(broken.failures.map((f) => f.source).sort()).toEqual(['serial', 'system', 'usb']);
    expect(broken.printers).toEqual([]);
  });
});
