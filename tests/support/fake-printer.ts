/**
 * A fake ESC/POS network printer: a real TCP server on 127.0.0.1 that collects what each
 * connection sent (one print job per connection, as the TCP transport sends them).
 */
import net from 'node:net';

export interface FakePrinter {
  port: number;
  /** One Buffer per finished connection. */
  received: Buffer[];
  /** The next job to arrive (or one that already arrived and was not taken yet). */
  nextJob(): Promise<Buffer>;
  close(): Promise<void>;
}

export function startFakePrinter(port = 0): Promise<FakePrinter> {
  const received: Buffer[] = [];
  const unclaimed: Buffer[] = [];
  const waiters: ((b: Buffer) => void)[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      received.push(all);
      const waiter = waiters.shift();
      if (waiter) waiter(all);
      else unclaimed.push(all);
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        received,
        nextJob: () => {
          const ready = unclaimed.shift();
          return ready ? Promise.resolve(ready) : new Promise((r) => waiters.push(r));
        },
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** A loopback port nothing listens on (a printer that is switched off). */
export async function freePort(): Promise<number> {
  const p = await startFakePrinter();
  await p.close();
  return p.port;
}
