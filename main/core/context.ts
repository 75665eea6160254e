/**
 * What every capability's handler factory receives from the composition root (runtime.ts).
 * Services register their cleanup with onClose; Runtime.close() runs them in reverse order.
 */
import type { RuntimeConfig } from '../config/index.js';
import type { EventBus } from './event-bus.js';
import type { Logger } from './log.js';

export interface RuntimeContext {
  readonly config: RuntimeConfig;
  readonly bus: EventBus;
  readonly log: Logger;
  readonly dataDir: string;
  readonly transport: 'electron' | 'web';
  readonly version: string;
  onClose(fn: () => void | Promise<void>): void;
}
