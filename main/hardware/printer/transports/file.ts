/** Printing to a printer device file (e.g. /dev/usb/lp0 on Linux, \\.\COM3 or LPT1 on Windows). */
import type { promises as fs } from 'node:fs';
import { openPrinterDevice, PrinterDeviceError, type DevicePolicy } from '../device-policy.js';
import { PrintError, type PrintJobPayload, type PrinterTransport } from './transport.js';

export function fileTransport(opts: { path: string; timeoutMs?: number; policy?: DevicePolicy }): PrinterTransport {
  const timeoutMs = opts.timeoutMs ?? 10000;
  return {
    description: `file://${opts.path.startsWith('/') ? '' : '/'}${opts.path}`,
    async send({ bytes }: PrintJobPayload) {
      // The device rule is checked on every job, not once: what sits at the path can change.
      let handle: fs.FileHandle;
      try {
        handle = await openPrinterDevice(opts.path, opts.policy);
      } catch (err) {
        if (err instanceof PrinterDeviceError)
          throw new PrintError(err.code === 'not-a-printer' || err.code === 'symlink' ? 'config' : 'device', err.message, { cause: err });
        throw new PrintError('device', `printer device ${opts.path}: ${(err as Error).message}`, { cause: err });
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          handle.write(bytes),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new PrintError('timeout', `printer device ${opts.path} did not take the receipt within ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
      } catch (err) {
        if (err instanceof PrintError) throw err;
        throw new PrintError('device', `writing to ${opts.path} failed: ${(err as Error).message}`, { cause: err });
      } finally {
        clearTimeout(timer);
        await handle.close().catch(() => undefined);
      }
    },
  };
}
