/** Printing to a printer device file (e.g. /dev/usb/lp0 on Linux, \\.\COM3 or a shared LPT on Windows). */
import { constants, promises as fs } from 'node:fs';
import { PrintError, type PrintJobPayload, type PrinterTransport } from './transport.js';

export function fileTransport(opts: { path: string; timeoutMs?: number }): PrinterTransport {
  const timeoutMs = opts.timeoutMs ?? 10000;
  return {
    description: `file://${opts.path.startsWith('/') ? '' : '/'}${opts.path}`,
    async send({ bytes }: PrintJobPayload) {
      // No O_CREAT: a missing device must fail, not become a regular file nobody prints.
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(opts.path, constants.O_WRONLY);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT' ? 'does not exist (printer unplugged or off?)'
          : code === 'EACCES' || code === 'EPERM' ? 'is not writable (Linux: add the user to the lp group)'
          : code === 'EBUSY' ? 'is busy'
          : ((err as Error).message ?? String(err));
        throw new PrintError('device', `printer device ${opts.path} ${why}`, { cause: err });
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
