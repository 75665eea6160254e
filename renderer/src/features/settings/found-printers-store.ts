/**
 * "Gevonden printers": what main's printer discovery sees, and a test print per entry before
 * anything is saved. Main checks every URL again (device policy); this list is a convenience.
 */
import { create } from 'zustand';
import type { PrinterList } from '../../../../contract/schemas/hardware.js';
import { client } from '../../lib/api/client.js';
import { toProblem } from '../sale/failure.js';

export type FoundPrinterTest =
  { status: 'printing' } | { status: 'done'; printed: boolean; reason?: string | undefined } | { status: 'failed'; code: string };

export interface FoundPrintersState {
  loading: boolean;
  list: PrinterList | undefined;
  /** The code of a failed search; the list of an earlier search stays shown. */
  error: string | undefined;
  /** Test prints by printer URL. */
  tests: Record<string, FoundPrinterTest>;
  search: () => Promise<void>;
  testPrint: (url: string) => Promise<void>;
}

export const useFoundPrinters = create<FoundPrintersState>()((set) => ({
  loading: false,
  list: undefined,
  error: undefined,
  tests: {},

  async search() {
    // A new search may list other printers: earlier test results no longer apply.
    set({ loading: true, error: undefined, tests: {} });
    try {
      set({ list: await client().call('printer.list') });
    } catch (err) {
      set({ error: toProblem(err).code });
    } finally {
      set({ loading: false });
    }
  },

  async testPrint(url) {
    const put = (state: FoundPrinterTest) => set((s) => ({ tests: { ...s.tests, [url]: state } }));
    put({ status: 'printing' });
    try {
      const r = await client().call('printer.testPrintAt', { url });
      put({ status: 'done', printed: r.printed, reason: r.reason });
    } catch (err) {
      put({ status: 'failed', code: toProblem(err).code });
    }
  },
}));
