/**
 * Which printers this PC can see, for the settings screen's "Gevonden printers": the OS's printers
 * (CUPS `lpstat`, or Electron's `getPrintersAsync` when running in the app), raw USB printers
 * (/dev/usb/lp*) and serial ports (/dev/ttyS*, ttyUSB*, ttyACM*; on Linux an on-board ttyS port
 * without hardware behind it, i.e. without /sys/class/tty/ttySN/device, is skipped).
 *
 * Discovery only finds; whether a URL may be used is device-policy.ts's call: every entry is
 * checked with it and dropped when refused. Parsing is pure (the functions below take text);
 * the I/O has timeouts and never throws: a source that fails is named in `failures` and the
 * other sources' printers are still listed.
 *
 * Windows: the app lists OS printers through Electron; the web host on Windows lists none
 * (TODO: PowerShell `Get-Printer`, untested here, so not wired).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { printerPathProblem, type DevicePolicy } from './device-policy.js';
import { describePrinter, parsePrinterUrl } from './printer-url.js';

export type DiscoveredKind = 'system' | 'usb' | 'serial';

export interface DiscoveredPrinter {
  kind: DiscoveredKind;
  /** For humans: the OS's name or description, or the device path. */
  label: string;
  /** What settings.printer.url takes (system:<name>, file:///dev/usb/lp0). */
  url: string;
  /** The OS's default printer. */
  isDefault?: boolean;
}

export type DiscoverySource = 'system' | 'usb' | 'serial';

export interface DiscoveryResult {
  printers: DiscoveredPrinter[];
  failures: { source: DiscoverySource; message: string }[];
}

export interface SystemPrinter {
  name: string;
  label?: string | undefined;
  isDefault?: boolean | undefined;
}

export interface DiscoveryOptions {
  /** Where /dev is (tests: a temp folder); the URLs still name /dev. */
  devRoot?: string;
  /** Where /sys is (tests: a temp folder). */
  sysRoot?: string;
  /** OS printers; default: CUPS lpstat. Electron passes webContents.getPrintersAsync. */
  systemPrinters?: () => Promise<SystemPrinter[]>;
  policy?: DevicePolicy;
  /** Per source (default 3 s). */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

// ---- pure parsing -------------------------------------------------------------------------------

/** `lpstat -e`: one destination name per line. */
export function parseLpstatE(output: string): string[] {
  return output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/\s/.test(l));
}

/**
 * `lpstat -p -d`: "printer NAME is idle.  enabled since …" / "printer NAME disabled since …", and
 * "system default destination: NAME" (or "no system default destination"). Localised CUPS
 * messages keep the first word and the name in place for `-p`; `-d` is matched on its last colon.
 */
export function parseLpstatPD(output: string): { printers: string[]; defaultName?: string } {
  const printers: string[] = [];
  let defaultName: string | undefined;
  for (const line of output.split(/\r?\n/)) {
    const p = /^(?:printer|imprimante|Drucker|printer)\s+(\S+)\s/.exec(line);
    if (p) {
      printers.push(p[1]!);
      continue;
    }
    const d = /default destination:\s*(\S+)\s*$/i.exec(line);
    if (d) defaultName = d[1];
  }
  return defaultName === undefined ? { printers } : { printers, defaultName };
}

/** The printer URL of a device path, or undefined when the device policy refuses it. */
export function deviceEntry(devicePath: string, kind: 'usb' | 'serial', policy: DevicePolicy = {}): DiscoveredPrinter | undefined {
  if (printerPathProblem(devicePath, policy)) return undefined;
  const url = describePrinter({ kind: 'file', path: devicePath });
  return { kind, label: devicePath, url };
}

export function systemEntry(p: SystemPrinter): DiscoveredPrinter | undefined {
  try {
    const target = parsePrinterUrl(`system:${p.name}`);
    if (target.kind !== 'system') return undefined;
    const entry: DiscoveredPrinter = { kind: 'system', label: p.label?.trim() || p.name, url: describePrinter(target) };
    if (p.isDefault) entry.isDefault = true;
    return entry;
  } catch {
    return undefined;
  }
}

// ---- I/O ----------------------------------------------------------------------------------------

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // No shell; LANG=C for the English lpstat wording; a hung lpstat is killed at the timeout.
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 256 * 1024, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } }, (err, stdout) => {
      if (err) reject(Object.assign(new Error(err.message), { code: err.code }));
      else resolve(stdout);
    });
  });
}

/** CUPS destinations via lpstat (no lpstat, or no CUPS running: an empty list is not a failure). */
export async function cupsPrinters(timeoutMs = 3000): Promise<SystemPrinter[]> {
  let names: string[];
  try {
    names = parseLpstatE(await run('lpstat', ['-e'], timeoutMs));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  let defaultName: string | undefined;
  try {
    defaultName = parseLpstatPD(await run('lpstat', ['-p', '-d'], timeoutMs)).defaultName;
  } catch {
    // -d fails with no default destination on some versions; the names are what counts.
  }
  return names.map((name) => ({ name, isDefault: name === defaultName }));
}

async function readDirNames(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}

const SERIAL = /^(ttyS|ttyUSB|ttyACM)(\d{1,3})$/;
const USB_LP = /^lp(\d{1,3})$/;
const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export async function usbPrinters(devRoot = '/dev', policy: DevicePolicy = {}): Promise<DiscoveredPrinter[]> {
  const names = (await readDirNames(path.join(devRoot, 'usb'))).filter((n) => USB_LP.test(n)).sort(byNumber);
  return names.flatMap((n) => deviceEntry(`/dev/usb/${n}`, 'usb', policy) ?? []);
}

export async function serialPorts(
  devRoot = '/dev',
  sysRoot = '/sys',
  policy: DevicePolicy = {},
  platform: NodeJS.Platform = process.platform,
): Promise<DiscoveredPrinter[]> {
  const names = (await readDirNames(devRoot)).filter((n) => SERIAL.test(n)).sort(byNumber);
  const out: DiscoveredPrinter[] = [];
  for (const n of names) {
    // Linux creates ttyS0…ttyS31 whether or not a UART is there; only those with a device are real.
    if (platform === 'linux' && n.startsWith('ttyS') && !(await exists(path.join(sysRoot, 'class', 'tty', n, 'device')))) continue;
    const entry = deviceEntry(`/dev/${n}`, 'serial', policy);
    if (entry) out.push(entry);
  }
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** All sources at once; never rejects, never waits longer than about `timeoutMs`. */
export async function discoverPrinters(opts: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const policy = opts.policy ?? {};
  const platform = opts.platform ?? process.platform;
  const devRoot = opts.devRoot ?? '/dev';
  const sysRoot = opts.sysRoot ?? '/sys';
  const system = async () => (await (opts.systemPrinters ?? (() => cupsPrinters(timeoutMs)))()).flatMap((p) => systemEntry(p) ?? []);
  const devices = platform !== 'win32';
  const sources: [DiscoverySource, () => Promise<DiscoveredPrinter[]>][] = [
    ['system', system],
    ...(devices
      ? ([
          ['usb', () => usbPrinters(devRoot, policy)],
          ['serial', () => serialPorts(devRoot, sysRoot, policy, platform)],
        ] as [DiscoverySource, () => Promise<DiscoveredPrinter[]>][])
      : []),
  ];
  const settled = await Promise.allSettled(sources.map(([name, fn]) => withTimeout(Promise.resolve().then(fn), timeoutMs, name)));
  const result: DiscoveryResult = { printers: [], failures: [] };
  settled.forEach((s, i) => {
    const source = sources[i]![0];
    if (s.status === 'fulfilled') result.printers.push(...s.value);
    else result.failures.push({ source, message: String((s.reason as Error)?.message ?? s.reason).slice(0, 300) });
  });
  return result;
}
