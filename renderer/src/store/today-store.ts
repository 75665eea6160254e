/**
 * Today's sales at this counter and the sales needing attention, kept current by the `sale`
 * event. Cancel, reprint and resolve go through main; the list only shows what main says.
 */
import { create } from 'zustand';
import type { SaleDetail, SaleView } from '../../../contract/calls/sales.js';
import { client } from '../api/client.js';
import { toProblem, type Problem } from '../sale/failure.js';

export type SaleFilter = 'all' | 'registered' | 'open' | 'rejected' | 'cancelled';

export const OPEN_STATES: ReadonlySet<SaleView['state']> = new Set(['pending', 'sending', 'unknown', 'reconciling', 'rejected']);

/** Rejected, cancelled and resolved sales have no receipt to print again. */
export function hasReceipt(s: SaleView): boolean {
  return s.state !== 'rejected' && s.state !== 'cancelled' && s.state !== 'resolved';
}

export function needsAttention(s: SaleView): boolean {
  return s.state === 'rejected' || s.state === 'unknown' || s.alert !== undefined;
}

export function matchesFilter(s: SaleView, filter: SaleFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'open':
      return OPEN_STATES.has(s.state);
    default:
      return s.state === filter;
  }
}

export type ActionState = { status: 'idle' } | { status: 'busy'; id: string } | { status: 'failed'; id: string; problem: Problem } | { status: 'done'; id: string; what: 'cancel' | 'reprint' | 'no-printer' | 'resolve' };

export interface TodayState {
  items: SaleView[];
  /** Older unsettled sales (day 'all'), so the attention view never loses one at midnight. */
  attention: SaleView[];
  filter: SaleFilter;
  loaded: boolean;
  loadProblem: Problem | undefined;
  detail: SaleDetail | undefined;
  action: ActionState;
  load: () => Promise<void>;
  setFilter: (f: SaleFilter) => void;
  upsert: (sale: SaleView) => void;
  cancel: (id: string) => Promise<void>;
  reprint: (id: string) => Promise<void>;
  openDetail: (id: string) => Promise<void>;
  closeDetail: () => void;
  resolve: (id: string, reason: string) => Promise<void>;
}

function upsertInto(list: SaleView[], sale: SaleView): SaleView[] {
  const i = list.findIndex((s) => s.id === sale.id);
  if (i < 0) return [sale, ...list];
  const next = list.slice();
  next[i] = sale;
  return next;
}

export const useTodayStore = create<TodayState>()((set, get) => ({
  items: [],
  attention: [],
  filter: 'all',
  loaded: false,
  loadProblem: undefined,
  detail: undefined,
  action: { status: 'idle' },

  async load() {
    try {
      const [today, open] = await Promise.all([
        client().call('sale.list', { day: 'today' }),
        client().call('sale.list', { day: 'all', state: 'open' }),
      ]);
      const byNewest = (a: SaleView, b: SaleView) => b.createdAt.localeCompare(a.createdAt);
      const attention = [...open.items, ...today.items.filter((s) => s.alert !== undefined && !OPEN_STATES.has(s.state))]
        .filter(needsAttention)
        .sort(byNewest);
      set({ items: today.items.slice().sort(byNewest), attention, loaded: true, loadProblem: undefined });
    } catch (err) {
      set({ loadProblem: toProblem(err), loaded: true });
    }
  },

  setFilter: (filter) => set({ filter }),

  upsert(sale) {
    const attention = needsAttention(sale) ? upsertInto(get().attention, sale) : get().attention.filter((s) => s.id !== sale.id);
    const detail = get().detail;
    set({ items: upsertInto(get().items, sale), attention });
    if (detail?.id === sale.id) void get().openDetail(sale.id);
  },

  async cancel(id) {
    set({ action: { status: 'busy', id } });
    try {
      const sale = await client().call('sale.cancel', { id });
      get().upsert(sale);
      set({ action: { status: 'done', id, what: 'cancel' } });
    } catch (err) {
      set({ action: { status: 'failed', id, problem: toProblem(err) } });
    }
  },

  async reprint(id) {
    set({ action: { status: 'busy', id } });
    try {
      const { queued } = await client().call('sale.reprint', { id });
      set({ action: { status: 'done', id, what: queued ? 'reprint' : 'no-printer' } });
    } catch (err) {
      set({ action: { status: 'failed', id, problem: toProblem(err) } });
    }
  },

  async openDetail(id) {
    try {
      const detail = await client().call('sale.get', { id });
      set({ detail });
    } catch (err) {
      set({ action: { status: 'failed', id, problem: toProblem(err) } });
    }
  },

  closeDetail: () => set({ detail: undefined }),

  async resolve(id, reason) {
    set({ action: { status: 'busy', id } });
    try {
      const sale = await client().call('sale.resolve', { id, reason });
      get().upsert(sale);
      set({ action: { status: 'done', id, what: 'resolve' } });
    } catch (err) {
      set({ action: { status: 'failed', id, problem: toProblem(err) } });
    }
  },
}));
