/** Which files a file:// printer may be (finding 1 of issue 12): names, symlinks, fstat, real files in temp folders. */
import { spawnSync } from 'node:child_process';
import { constants, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrinterDevice, openPrinterDevice, printerPathProblem } from '../../../main/hardware/printer/device-policy.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'loket-device-policy-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('printerPathProblem', () => {
  it.each([
    '/dev/usb/lp0',
    '/dev/usb/lp12',
    '/dev/lp0',
    '/dev/parport0',
    '/dev/ttyS0',
    '/dev/ttyUSB1',
    '/dev/ttyACM0',
    '/dev/rfcomm0',
    '/dev/cu.usbserial-1410',
    '/dev/tty.Bluetooth-Incoming-Port',
    'COM3',
    'com12',
    'LPT1',
    '\\\\.\\COM3',
    '//./COM4',
  ])('accepts the printer port %s', (p) => expect(printerPathProblem(p)).toBeUndefined());

  it.each([
    '/home/balie/.profile',
    '/home/balie/.local/share/loket/outbox.sqlite',
    '/dev/null',
    '/dev/sda',
    '/dev/usb/lp0/../../../etc/passwd',
    '/dev/usb/../../home/balie/.bashrc',
    '/dev/cu./../../etc/passwd',
    '/proc/self/mem',
    'C:\\Users\\balie\\AppData\\Roaming\\Loket\\outbox.sqlite',
    'COM0',
    'LPT10',
    '\\\\server\\share\\printer',
  ])('refuses %s', (p) => expect(printerPathProblem(p)).toMatch(/not a printer port/));

  it('accepts regular-file names only directly inside the test folder, never via ..', () => {
    expect(printerPathProblem(path.join(dir, 'lp0'), { testDir: dir })).toBeUndefined();
    expect(printerPathProblem(path.join(dir, 'lp0'))).toMatch(/not a printer port/);
    expect(printerPathProblem(`${dir}/sub/../lp0`, { testDir: dir })).toMatch(/not a printer port/);
    expect(printerPathProblem(path.join(dir, 'sub', 'lp0'), { testDir: dir })).toMatch(/not a printer port/);
    expect(printerPathProblem(path.join(path.dirname(dir), 'lp0'), { testDir: dir })).toMatch(/not a printer port/);
  });
});

describe('openPrinterDevice', () => {
  it('refuses a regular file outside the test folder before opening it (bytes unchanged)', async () => {
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    await expect(openPrinterDevice(victim)).rejects.toMatchObject({ code: 'not-a-printer' });
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });

  it('does not follow a symlink, even inside the test folder', async () => {
    const victim = path.join(dir, 'profile');
    writeFileSync(victim, 'export A=1\n');
    symlinkSync(victim, path.join(dir, 'lp-link'));
    await expect(openPrinterDevice(path.join(dir, 'lp-link'), { testDir: dir })).rejects.toMatchObject({ code: 'symlink' });
    expect(await checkPrinterDevice(path.join(dir, 'lp-link'), { testDir: dir })).toMatch(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('export A=1\n');
  });

  it('opens a character device whose name is a port; refuses one that is not (fstat decides, /dev/null is a char device)', async () => {
    // /dev/null passes fstat but not the name rule; the test folder with a char device is not possible without root.
    await expect(openPrinterDevice('/dev/null')).rejects.toMatchObject({ code: 'not-a-printer' });
  });

  it('fstat decides: a FIFO in the test folder (with a reader, so open succeeds) is refused, nothing written', async () => {
    const fifo = path.join(dir, 'lp-fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await expect(openPrinterDevice(fifo, { testDir: dir })).rejects.toMatchObject({ code: 'not-a-printer' });
      expect(await checkPrinterDevice(fifo, { testDir: dir })).toMatch(/not a printer port/);
      const { bytesRead } = await reader.read(Buffer.alloc(16), 0, 16, null).catch(() => ({ bytesRead: 0 }));
      expect(bytesRead).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('opens a regular file in the test folder', async () => {
    const file = path.join(dir, 'receipts.bin');
    writeFileSync(file, '');
    const handle = await openPrinterDevice(file, { testDir: dir });
    await handle.write(Buffer.from('x'));
    await handle.close();
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});
