/**
 * The system printer through CUPS (`lp -o raw`), used where there is no Electron silent print
 * (the web host). The receipt's ESC/POS bytes go to the queue unfiltered.
 */
import { spawn } from 'node:child_process';
import { PrintError, type PrintJobPayload, type PrinterTransport } from './transport.js';

export interface LpTransportOptions {
  /** CUPS queue; the default destination when absent. */
  name?: string | undefined;
  timeoutMs?: number;
  /** The lp binary (tests point this at a stand-in script). */
  command?: string;
}

export function lpArgs(name: string | undefined): string[] {
  return ['-o', 'raw', ...(name ? ['-d', name] : [])];
}

export function lpTransport(opts: LpTransportOptions = {}): PrinterTransport {
  const timeoutMs = opts.timeoutMs ?? 15000;
  const command = opts.command ?? 'lp';
  return {
    description: opts.name ? `system:${opts.name}` : 'system',
    send: ({ bytes }: PrintJobPayload) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(command, lpArgs(opts.name), { stdio: ['pipe', 'ignore', 'pipe'] });
        let stderr = '';
        let settled = false;
        const done = (err?: PrintError) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (err) reject(err);
          else resolve();
        };
        const timer = setTimeout(() => {
          child.kill();
          done(new PrintError('timeout', `lp did not finish within ${timeoutMs} ms`));
        }, timeoutMs);
        child.stderr.on('data', (d: Buffer) => {
          if (stderr.length < 2000) stderr += d.toString('utf8');
        });
        child.once('error', (err: NodeJS.ErrnoException) => {
          done(
            new PrintError(
              'spooler',
              err.code === 'ENOENT'
                ? `"${command}" not found: CUPS is not installed; use tcp:// or file:// instead`
                : `lp failed: ${err.message}`,
              { cause: err },
            ),
          );
        });
        child.once('close', (code) => {
          if (code === 0) done();
          else done(new PrintError('spooler', `lp exited with code ${String(code)}: ${stderr.trim() || 'no message'}`));
        });
        child.stdin.on('error', () => undefined); // lp that exits early closes its stdin; 'close' reports why.
        child.stdin.end(Buffer.from(bytes));
      }),
  };
}
