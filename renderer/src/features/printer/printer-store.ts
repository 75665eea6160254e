/**
 * The receipt printer as the renderer sees it: main's status (printer.status, then every `printer`
 * event), "retry now" and the test print. Follows the events once, from whichever component mounts
 * first; failures of these calls never reach the sale flow.
 */
import { create } from 'zustand';
import type { PrinterStatus } from '../../../../contract/schemas/hardware.js';
import { client, LoketCallError, type LoketClient } from '../../lib/api/client.js';

export type TestPrintResult = { printed: true } | { printed: false; reason: string };

export interface PrinterState {
  status: PrinterStatus | undefined;
  retrying: boolean;
  testing: boolean;
  test: TestPrintResult | undefined;
  /** Subscribes to `printer` events and loads the status; idempotent. Returns nothing to undo: it lasts the page's life. */
  follow: () => void;
  retry: () => Promise<void>;
  testPrint: () => Promise<void>;
}

const reasonOf = (err: unknown) =>
  err instanceof LoketCallError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);

export function createPrinterStore(api: () => LoketClient = client) {
  let following = false;
  return create<PrinterState>()((set, get) => ({
    status: undefined,
    retrying: false,
    testing: false,
    test: undefined,
    follow() {
      if (following) return;
      following = true;
      api().on('printer', (status) => set({ status }));
      api()
        .call('printer.status')
        // An event may have come in first; it is at least as new as this answer.
        .then((status) => get().status === undefined && set({ status }))
        .catch(() => undefined);
    },
    async retry() {
      if (get().retrying) return;
      set({ retrying: true });
      try {
        set({ status: await api().call('printer.retry') });
      } catch {
        // The indicator keeps showing the last known state; the next event corrects it.
      } finally {
        set({ retrying: false });
      }
    },
    async testPrint() {
      if (get().testing) return;
      set({ testing: true, test: undefined });
      try {
        const r = await api().call('printer.testPrint');
        set({ test: r.printed ? { printed: true } : { printed: false, reason: r.reason ?? '?' } });
      } catch (err) {
        set({ test: { printed: false, reason: reasonOf(err) } });
      } finally {
        set({ testing: false });
      }
    },
  }));
}

export const usePrinterStore = createPrinterStore();
