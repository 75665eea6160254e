/**
 * Pure parsing of the printer setting (settings.printer.url / LOKET_PRINTER):
 *   none | tcp://host[:port] | file:///dev/usb/lp0 | system | system:<printer name>
 */

export type PrinterTarget =
  | { kind: 'none' }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'file'; path: string }
  /** The OS printer: Electron silent print in the app, `lp -o raw` in the web host. */
  | { kind: 'system'; name?: string };

export class PrinterUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrinterUrlError';
  }
}

const EXPECTED = 'expected none, tcp://host:9100, file:///dev/usb/lp0, system or system:<printer name>';

export function parsePrinterUrl(raw: string): PrinterTarget {
  const url = raw.trim();
  if (url === '' || url === 'none') return { kind: 'none' };
  if (url === 'system') return { kind: 'system' };
  if (url.startsWith('system:')) {
    const name = url.slice('system:'.length).trim();
    if (!name || /[\0\n\r]/.test(name)) throw new PrinterUrlError(`printer name missing or invalid in "${raw}"`);
    return { kind: 'system', name };
  }
  if (url.startsWith('tcp://')) {
    const m = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[^/:\s[\]]+)(?::(\d{1,5}))?\/?$/.exec(url);
    if (!m) throw new PrinterUrlError(`"${raw}" is not a valid tcp printer address (${EXPECTED})`);
    const port = m[2] === undefined ? 9100 : Number(m[2]);
    if (port < 1 || port > 65535) throw new PrinterUrlError(`port ${port} in "${raw}" is out of range 1–65535`);
    return { kind: 'tcp', host: (m[1] as string).replace(/^\[|\]$/g, ''), port };
  }
  if (url.startsWith('file://')) {
    const path = decodeURIComponent(url.slice('file://'.length));
    if (!path.startsWith('/') && !/^\/?[A-Za-z]:[\\/]|^\/\/\.\//.test(path)) {
      throw new PrinterUrlError(`"${raw}" needs an absolute path, e.g. file:///dev/usb/lp0`);
    }
    // file:///C:/… on Windows carries a leading slash before the drive letter.
    return { kind: 'file', path: /^\/[A-Za-z]:/.test(path) ? path.slice(1) : path };
  }
  throw new PrinterUrlError(`unknown printer "${raw}" (${EXPECTED})`);
}

/** The URL as shown to the operator (normalised; nothing secret is ever in it). */
export function describePrinter(target: PrinterTarget): string {
  switch (target.kind) {
    case 'none':
      return 'none';
    case 'tcp':
      return `tcp://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
    case 'file':
      return `file://${target.path.startsWith('/') ? '' : '/'}${target.path}`;
    case 'system':
      return target.name ? `system:${target.name}` : 'system';
  }
}
