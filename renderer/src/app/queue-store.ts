/** The outbox as the operator sees it: counts, last contact, and "sync now" (F5). */
import { create } from 'zustand';
import type { QueueStatus, SaleState } from '../../../contract/schemas/sales.js';
import { client } from '../lib/api/client.js';
import { toProblem, type Problem } from '../features/sale/failure.js';

export interface QueueState {
  status: QueueStatus | undefined;
  syncing: boolean;
  problem: Problem | undefined;
  set: (status: QueueStatus) => void;
  load: () => Promise<void>;
  syncNow: () => Promise<void>;
}

export const useQueueStore = create<QueueState>()((set, get) => ({
  status: undefined,
  syncing: false,
  problem: undefined,
  set: (status) => set({ status }),
  async load() {
    try {
      set({ status: await client().call('queue.status'), problem: undefined });
    } catch (err) {
      set({ problem: toProblem(err) });
    }
  },
  async syncNow() {
    if (get().syncing) return;
    set({ syncing: true });
    try {
      set({ status: await client().call('queue.syncNow'), problem: undefined });
    } catch (err) {
      set({ problem: toProblem(err) });
    } finally {
      set({ syncing: false });
    }
  },
}));

/**
 * Pending = waiting to be sent (pending + sending); unknown = outcome not known yet (unknown +
 * reconciling); cancelling = cancels of registered sales UiTPAS has not confirmed yet.
 */
export function queueCounts(s: QueueStatus | undefined): { pending: number; unknown: number; rejected: number; cancelling: number } {
  const c: Partial<Record<string, number>> = s?.counts ?? {};
  const n = (k: SaleState) => c[k] ?? 0;
  return {
    pending: n('pending') + n('sending'),
    unknown: n('unknown') + n('reconciling'),
    rejected: n('rejected'),
    cancelling: n('cancel-pending') + n('cancel-sending') + n('cancel-unknown'),
  };
}
