/**
 * A LoketContext for tests that wire one capability the way the runtime does, without a data
 * folder: the settings given, a bus that records every event, and closers run by `closeAll()`
 * (call it from afterEach).
 */
import type { EventName } from '../../contract/index.js';
import type { Settings } from '../../contract/settings.js';
import type { LoketContext, RuntimeConfig } from '../../main/config/index.js';
import { EventBus } from '../../main/core/event-bus.js';
import { silentLogger } from '../../main/core/log.js';

export interface TestContext {
  ctx: LoketContext;
  /** Every event the bus carried, in order. */
  seen: { name: EventName; payload: unknown }[];
}

const closers: (() => void | Promise<void>)[] = [];

/** Something to close or remove once the running test ends (the context's own closers included). */
export function afterThisTest(close: () => void | Promise<void>): void {
  closers.push(close);
}

export async function closeAll(): Promise<void> {
  for (const close of closers.splice(0).reverse()) await close();
}

export function testContext(settings: Settings, config: Partial<RuntimeConfig> = {}): TestContext {
  const bus = new EventBus();
  const seen: TestContext['seen'] = [];
  bus.attach((name, payload) => seen.push({ name, payload }));
  const ctx: LoketContext = {
    config: {
      settings,
      fileSettings: settings,
      overrides: [],
      warnings: [],
      mode: 'demo',
      dataDir: '/nonexistent',
      uitpasPrefix: '',
      uitpasV4: { apiBase: '', searchBase: '', issuer: '' },
      ...config,
    } as unknown as RuntimeConfig,
    bus,
    log: silentLogger,
    dataDir: '/nonexistent',
    transport: 'web',
    version: '0.0.0',
    onClose: afterThisTest,
  };
  return { ctx, seen };
}
