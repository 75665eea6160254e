/**
 * Builds the sales capability for the composition root: opens the outbox in the data folder,
 * connects the service's events to the bus and stops it on close.
 */
import { join } from 'node:path';
import type { RuntimeContext } from '../app/context.js';
import type { UitpasPort } from '../uitpas/port.js';
import { SaleService, type SaleServiceOptions } from './sale-service.js';
import { openOutboxDatabase } from './store/open-database.js';
import { SaleStore } from './store/sale-store.js';

export { SaleService } from './sale-service.js';
export { OutboxOpenError } from './store/open-database.js';

export const OUTBOX_FILE = 'outbox.sqlite';

export function createSales(
  ctx: RuntimeContext,
  port: UitpasPort,
  extra: Partial<Pick<SaleServiceOptions, 'session' | 'hooks'>> = {},
): SaleService {
  const db = openOutboxDatabase(join(ctx.dataDir, OUTBOX_FILE));
  const settings = () => ctx.config.settings;
  const service = new SaleService({
    store: new SaleStore(db),
    port,
    settings,
    session:
      extra.session ??
      (() => ({ counterKey: settings().uitpas.counterKey, userId: settings().uitpas.userId })),
    ...(extra.hooks ? { hooks: extra.hooks } : {}),
    events: {
      sale: (v) => ctx.bus.emit('sale', v),
      queue: (v) => ctx.bus.emit('queue', v),
      connectivity: (v) => ctx.bus.emit('connectivity', v),
    },
  });
  service.start();
  ctx.onClose(async () => {
    await service.stop();
    db.close();
  });
  return service;
}
