/**
 * What every capability's handler factory receives from the composition root (main/runtime).
 * Services register their cleanup with onClose; Runtime.close() runs them in reverse order.
 * Generic in the configuration so the core knows nothing of main/config (which names the
 * instance everyone uses: `LoketContext`).
 */
import type { EventBus } from './event-bus.js';
import type { Logger } from './log.js';

export interface RuntimeContext<Config> {
  readonly config: Config;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly dataDir: string;
  readonly transport: 'electron' | 'web';
  readonly version: string;
  onClose(fn: () => void | Promise<void>): void;
}
