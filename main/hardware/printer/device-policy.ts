/**
 * Which files a `file://` receipt printer may be. The printer URL can come from the settings
 * screen, i.e. from the renderer, which is untrusted: without this rule a valid-looking
 * `file:///home/…/.profile` or `file:///…/outbox.sqlite` would be overwritten from offset 0 with
 * receipt bytes (and the renderer-chosen venue name) by the next test print.
 *
 * A printer is a character device under one of the usual names (USB/parallel/serial ports on
 * Linux and macOS, COM/LPT on Windows), opened without following a symlink and checked with
 * fstat before a byte is written. Regular files count only inside the folder named by
 * `LOKET_PRINTER_TEST_DIR`, which tests and trainers set up on purpose.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

export interface DevicePolicy {
  /** Regular files directly in this folder count as printers (tests, LOKET_PRINTER_TEST_DIR). */
  testDir?: string | undefined;
}

/** Linux: USB printer class, parallel, serial (on-board, USB, CDC-ACM, Bluetooth); macOS: cu./tty. ports. */
const UNIX_DEVICE =
  /^\/dev\/(?:usb\/lp\d{1,3}|lp\d{1,3}|parport\d{1,3}|ttyS\d{1,3}|ttyUSB\d{1,3}|ttyACM\d{1,3}|rfcomm\d{1,3}|(?:cu|tty)\.[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63})$/;
/** Windows: COM1…COM999 and LPT1…LPT9, bare or in the device namespace (\\.\COM3, //./COM3). */
const WINDOWS_DEVICE = /^(?:\\\\\.\\|\/\/\.\/)?(?:COM[1-9]\d{0,2}|LPT[1-9])$/i;

export const DEVICE_EXAMPLES = '/dev/usb/lp0, /dev/ttyUSB0, /dev/ttyS0, /dev/parport0, COM3 or LPT1';

/** Pure: why `file` may not be a printer, or undefined when its name is one a printer has. */
export function printerPathProblem(file: string, policy: DevicePolicy = {}): string | undefined {
  if (UNIX_DEVICE.test(file) || WINDOWS_DEVICE.test(file)) return undefined; // mutation-check: printer-device-name
  if (policy.testDir && isDirectlyIn(file, policy.testDir)) return undefined;
  return `${JSON.stringify(file.slice(0, 200))} is not a printer port (expected ${DEVICE_EXAMPLES})`;
}

function isDirectlyIn(file: string, dir: string): boolean {
  if (!path.isAbsolute(file) || !path.isAbsolute(dir)) return false;
  // A path that normalises differently hides `..` or doubled separators: no guessing.
  if (path.normalize(file) !== file) return false;
  return path.dirname(file) === path.resolve(dir) && path.basename(file) !== '';
}

export class PrinterDeviceError extends Error {
  constructor(
    readonly code: 'not-a-printer' | 'symlink' | 'missing' | 'access' | 'busy' | 'other',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PrinterDeviceError';
  }
}

/**
 * Opens a printer device for writing, or refuses with nothing written: the name must pass
 * `printerPathProblem`, the last component must not be a symlink (O_NOFOLLOW), and the opened
 * file must be a character device (a regular file only in the test folder). No O_CREAT, no
 * O_TRUNC: a refused file is left byte for byte as it was.
 */
export async function openPrinterDevice(file: string, policy: DevicePolicy = {}): Promise<fs.FileHandle> {
  const problem = printerPathProblem(file, policy);
  if (problem) throw new PrinterDeviceError('not-a-printer', problem);
  const inTestDir = Boolean(policy.testDir && isDirectlyIn(file, policy.testDir));
  // O_NOCTTY: a serial printer must never become the process's controlling terminal.
  const flags = constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NOCTTY ?? 0); // mutation-check: printer-nofollow
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, flags);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const kind =
      code === 'ELOOP'
        ? 'symlink'
        : code === 'ENOENT'
          ? 'missing'
          : code === 'EACCES' || code === 'EPERM'
            ? 'access'
            : code === 'EBUSY'
              ? 'busy'
              : 'other';
    const why =
      kind === 'symlink'
        ? 'is a symbolic link, not a printer port'
        : kind === 'missing'
          ? 'does not exist (printer unplugged or off?)'
          : kind === 'access'
            ? 'is not writable (Linux: add the user to the lp group)'
            : kind === 'busy'
              ? 'is busy'
              : ((err as Error).message ?? String(err));
    throw new PrinterDeviceError(kind, `printer device ${file} ${why}`, { cause: err });
  }
  try {
    const stat = await handle.stat();
    // mutation-check: printer-fstat
    if (!stat.isCharacterDevice() && !(inTestDir && stat.isFile())) {
      throw new PrinterDeviceError('not-a-printer', `${file} is not a printer port (not a character device); nothing was written`);
    }
    return handle;
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

/** For the doctor: the same rule without writing (lstat, so a symlink is refused too). */
export async function checkPrinterDevice(file: string, policy: DevicePolicy = {}): Promise<string | undefined> {
  const problem = printerPathProblem(file, policy);
  if (problem) return problem;
  const inTestDir = Boolean(policy.testDir && isDirectlyIn(file, policy.testDir));
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'device does not exist (printer off or unplugged?)' : `device not readable (${code ?? 'error'})`;
  }
  if (stat.isSymbolicLink()) return 'is a symbolic link, not a printer port';
  if (!stat.isCharacterDevice() && !(inTestDir && stat.isFile())) return 'not a printer port (not a character device)';
  try {
    await fs.access(file, constants.W_OK);
  } catch (err) {
    return `device not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  return undefined;
}

/**
 * Which TCP printers a URL named by the renderer for a one-off test print may reach: a receipt
 * printer is on the counter's own network. Loopback, private (RFC 1918), link-local and IPv6
 * unique-local addresses, and local host names (one label, or .local/.lan/.internal/.home.arpa);
 * any other host (a public address or domain) is refused, so an untrusted renderer cannot make
 * main open connections to the internet. Pure.
 */
export function tcpPrinterHostProblem(host: string): string | undefined {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if ([v4[1], v4[2], v4[3], v4[4]].some((x) => Number(x) > 255)) return `${JSON.stringify(host)} is not an IPv4 address`;
    if (a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254))
      return undefined;
    return `${host} is not on the local network (expected a private address such as 192.168.x.x)`;
  }
  if (h.includes(':')) {
    if (h === '::1' || /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h)) return undefined;
    return `${host} is not on the local network`;
  }
  if (!/^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$/.test(h))
    return `${JSON.stringify(host.slice(0, 100))} is not a host name`;
  if (!h.includes('.') || /\.(local|lan|internal|home\.arpa)$/.test(h)) return undefined;
  return `${host} is not a local printer name (expected an address on the local network, or a name ending in .local or .lan)`;
}
