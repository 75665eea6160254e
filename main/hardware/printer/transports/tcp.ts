/** Raw TCP printing (port 9100, "JetDirect"): connect, write, half-close, with timeouts. */
import net from 'node:net';
import { PrintError, type PrintJobPayload, type PrinterTransport } from './transport.js';

export interface TcpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  /** Upper bound for writing all bytes and the printer closing or draining them. */
  writeTimeoutMs?: number;
}

export function tcpTransport(opts: TcpTransportOptions): PrinterTransport {
  const connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
  const writeTimeoutMs = opts.writeTimeoutMs ?? 10000;
  const where = `${opts.host}:${opts.port}`;
  return {
    description: `tcp://${where}`,
    send: ({ bytes }: PrintJobPayload) =>
      new Promise<void>((resolve, reject) => {
        const socket = net.connect({ host: opts.host, port: opts.port });
        let settled = false;
        const finish = (err?: PrintError) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (err) {
            socket.destroy();
            reject(err);
          } else {
            socket.end();
            resolve();
          }
        };
        let timer = setTimeout(
          () => finish(new PrintError('timeout', `printer ${where} did not accept a connection within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
        socket.once('error', (err: NodeJS.ErrnoException) => {
          const kind = err.code === 'ETIMEDOUT' ? 'timeout' : 'unreachable';
          finish(new PrintError(kind, `printer ${where}: ${err.code ?? err.message}`, { cause: err }));
        });
        socket.once('close', () =>
          finish(new PrintError('unreachable', `printer ${where} closed the connection before the receipt was sent`)),
        );
        socket.once('connect', () => {
          clearTimeout(timer);
          timer = setTimeout(
            () =>
              finish(
                new PrintError(
                  'timeout',
                  `printer ${where} did not take the receipt within ${writeTimeoutMs} ms (paper out or cover open?)`,
                ),
              ),
            writeTimeoutMs,
          );
          // The callback runs once the bytes are flushed to the kernel: the printer has them.
          socket.write(bytes, (err) => {
            if (err) finish(new PrintError('unreachable', `printer ${where}: ${err.message}`, { cause: err }));
            else finish();
          });
        });
      }),
  };
}
