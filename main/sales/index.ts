/**
 * Builds the sales capability for the composition root: opens the outbox in the data folder,
 * connects the service's events to the bus and stops it on close.
 */
import { join } from 'node:path';
import type { LoketContext } from '../config/index.js';
import type { UitpasPort } from '../uitpas/port.js';
import { SaleService, type SaleServiceOptions } from './sale-service.js';
import { openOutboxDatabase } from './store/open-database.js';
import { SaleStore } from './store/sale-store.js';
import { ThreadSqlWriter } from './store/sql-writer.js';
import { definedOnly } from '../../contract/defined-only.js';

export { SaleService } from './sale-service.js';
export { OutboxOpenError } from './store/open-database.js';

export const OUTBOX_FILE = 'outbox.sqlite';

/**
 * Throws OutboxOpenError when the outbox file is damaged or from a newer Loket: the file is kept
 * and the caller must show the error (no sale can be made without a durable outbox).
 */
export async function createSales(
  ctx: LoketContext,
  port: UitpasPort,
  extra: Partial<Pick<SaleServiceOptions, 'session' | 'hooks'>> = {},
): Promise<SaleService> {
  const file = join(ctx.dataDir, OUTBOX_FILE);
  const db = openOutboxDatabase(file);
  // Durable writes run in a worker thread so an fsync never blocks the main event loop.
  const writer = ThreadSqlWriter.start(file);
  if (!writer) ctx.log.warn('sales: outbox writes run on the main thread (no worker thread available)');
  const store = new SaleStore(db, writer);
  const settings = () => ctx.config.settings;
  const service = new SaleService({
    store,
    port,
    settings,
    session: extra.session ?? (() => ({ counterKey: settings().uitpas.counterKey, userId: settings().uitpas.userId })),
    ...definedOnly({ hooks: extra.hooks }),
    events: {
      sale: (v) => ctx.bus.emit('sale', v),
      queue: (v) => ctx.bus.emit('queue', v),
      connectivity: (v) => ctx.bus.emit('connectivity', v),
    },
  });
  await service.start();
  ctx.onClose(async () => {
    await service.stop();
    await store.close();
    db.close();
  });
  return service;
}
