/**
 * Today's sales at this counter and the sales needing attention, kept current by the `sale`
 * event. Cancel, reprint, resolve and the operator's tools for what reconciliation could not
 * decide (check UiTPAS, adopt a record, send again) go through main; the list only shows what
 * main says — a cancel shows as cancelled only once main says UiTPAS confirmed it.
 */
import { create } from 'zustand';
import type { CandidateRecord, ForeignRecordView, SaleDetail, SaleView } from '../../../../contract/schemas/sales.js';
import { LoketCallError } from '../../../../contract/rpc.js';
import { client } from '../../lib/api/client.js';
import { toProblem, type Problem } from '../sale/failure.js';
import { definedOnly } from '../../../../contract/defined-only.js';

export type SaleFilter = 'all' | 'registered' | 'open' | 'rejected' | 'cancelled';

export const OPEN_STATES: ReadonlySet<SaleView['state']> = new Set(['pending', 'sending', 'unknown', 'reconciling', 'rejected']);

/** A registered sale whose cancel is queued, in flight or unanswered: still registered at UiTPAS. */
export const CANCELLING_STATES: ReadonlySet<SaleView['state']> = new Set(['cancel-pending', 'cancel-sending', 'cancel-unknown']);

/** Registration still uncertain: a cancel is only recorded (`cancelRequested`) and honoured later. */
const DEFERRED_CANCEL_STATES: ReadonlySet<SaleView['state']> = new Set(['sending', 'unknown', 'reconciling']);

/** Only these sales have a receipt main will print again (see main/hardware/printer/receipt-from-sale.ts). */
export function hasReceipt(s: SaleView): boolean {
  return s.state === 'registered' || (OPEN_STATES.has(s.state) && s.state !== 'rejected');
}

export function needsAttention(s: SaleView): boolean {
  return (
    s.state === 'rejected' || s.state === 'unknown' || s.state === 'cancel-unknown' || s.alert !== undefined || s.needsOperator === true
  );
}

/** What pressing "Annuleren" will do to this sale, or undefined when it cannot be cancelled. */
export type CancelKind = 'at-uitpas' | 'queued' | 'not-sent' | 'deferred';

export function cancelKind(s: SaleView, offline: boolean): CancelKind | undefined {
  if (s.state === 'pending') return 'not-sent';
  if (s.state === 'registered') return offline ? 'queued' : 'at-uitpas';
  if (DEFERRED_CANCEL_STATES.has(s.state) && !s.cancelRequested) return 'deferred';
  return undefined;
}

export function matchesFilter(s: SaleView, filter: SaleFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'open':
      return OPEN_STATES.has(s.state);
    case 'registered':
      // A cancel not yet confirmed by UiTPAS leaves the sale registered there.
      return s.state === 'registered' || CANCELLING_STATES.has(s.state);
    default:
      return s.state === filter;
  }
}

export type DoneWhat =
  | 'cancel'
  | 'cancel-queued'
  | 'cancel-requested'
  | 'cancel-refused'
  | 'reprint'
  | 'no-printer'
  | 'resolve'
  | 'adopt'
  | 'retry'
  | 'acknowledge';

/** How main's answer to `sale.cancel` reads to the operator. */
export function cancelOutcome(sale: SaleView): Extract<DoneWhat, `cancel${string}`> {
  if (sale.state === 'cancelled') return 'cancel';
  if (sale.state === 'registered' && sale.alert === 'cancel-refused') return 'cancel-refused';
  if (CANCELLING_STATES.has(sale.state)) return 'cancel-queued';
  return 'cancel-requested';
}

export type ActionState =
  | { status: 'idle' }
  | { status: 'busy'; id: string }
  /** `candidates`: for SALE_CANDIDATES_EXIST, how many UiTPAS records could be this sale. */
  | { status: 'failed'; id: string; problem: Problem; candidates?: number }
  | { status: 'done'; id: string; what: DoneWhat };

/** The operator's fresh search of UiTPAS for one sale (`sale.candidates`). */
export type CandidatesState =
  | { status: 'idle' }
  | { status: 'loading'; id: string }
  | { status: 'done'; id: string; items: CandidateRecord[]; complete: boolean }
  | { status: 'failed'; id: string; problem: Problem };

export interface TodayState {
  items: SaleView[];
  /** Older unsettled sales (day 'all'), so the attention view never loses one at midnight. */
  attention: SaleView[];
  /** Ticket sales UiTPAS holds that Loket did not register (the duplicate sweep's finds). */
  foreign: ForeignRecordView[];
  filter: SaleFilter;
  loaded: boolean;
  loadProblem: Problem | undefined;
  detail: SaleDetail | undefined;
  candidates: CandidatesState;
  action: ActionState;
  load: () => Promise<void>;
  loadForeign: () => Promise<void>;
  setFilter: (f: SaleFilter) => void;
  upsert: (sale: SaleView) => void;
  cancel: (id: string) => Promise<void>;
  reprint: (id: string) => Promise<void>;
  openDetail: (id: string) => Promise<void>;
  closeDetail: () => void;
  resolve: (id: string, reason: string) => Promise<void>;
  checkCandidates: (id: string) => Promise<void>;
  adopt: (id: string, ticketSaleId: string, reason: string) => Promise<void>;
  retry: (id: string, reason: string) => Promise<void>;
  acknowledgeForeign: (ticketSaleId: string, reason: string) => Promise<void>;
}

function upsertInto(list: SaleView[], sale: SaleView): SaleView[] {
  const i = list.findIndex((s) => s.id === sale.id);
  if (i < 0) return [sale, ...list];
  const next = list.slice();
  next[i] = sale;
  return next;
}

/** Foreign records that still need the operator or are on their way to cancelled come first. */
const FOREIGN_ORDER: Record<ForeignRecordView['status'], number> = {
  flagged: 0,
  'cancel-unknown': 1,
  'cancel-pending': 2,
  cancelled: 3,
  acknowledged: 4,
};

export function foreignShown(items: ForeignRecordView[], now: Date): ForeignRecordView[] {
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  // Settled ones only on the day they were found: the operator sees the duplicate was dealt with.
  return items
    .filter((r) => FOREIGN_ORDER[r.status] < 3 || Date.parse(r.foundAt) >= today.getTime())
    .sort((a, b) => FOREIGN_ORDER[a.status] - FOREIGN_ORDER[b.status] || b.foundAt.localeCompare(a.foundAt));
}

function candidateCount(err: unknown): number | undefined {
  if (!(err instanceof LoketCallError) || err.code !== 'SALE_CANDIDATES_EXIST') return undefined;
  const list = err.details?.candidates;
  return Array.isArray(list) ? list.length : 0;
}

export const useTodayStore = create<TodayState>()((set, get) => {
  /** Runs one operator action on a sale; on success the sale and its history are shown anew. */
  async function act(id: string, what: DoneWhat, call: () => Promise<SaleView>, after?: (sale: SaleView) => DoneWhat): Promise<void> {
    set({ action: { status: 'busy', id } });
    try {
      const sale = await call();
      get().upsert(sale);
      set({ action: { status: 'done', id, what: after ? after(sale) : what } });
      if (get().detail?.id === id) await get().openDetail(id);
    } catch (err) {
      const candidates = candidateCount(err);
      set({ action: { status: 'failed', id, problem: toProblem(err), ...definedOnly({ candidates }) } });
    }
  }

  return {
    items: [],
    attention: [],
    foreign: [],
    filter: 'all',
    loaded: false,
    loadProblem: undefined,
    detail: undefined,
    candidates: { status: 'idle' },
    action: { status: 'idle' },

    async load() {
      try {
        const [today, open] = await Promise.all([
          client().call('sale.list', { day: 'today' }),
          client().call('sale.list', { day: 'all', state: 'open' }),
        ]);
        const byNewest = (a: SaleView, b: SaleView) => b.createdAt.localeCompare(a.createdAt);
        const attention = [...open.items, ...today.items.filter((s) => !OPEN_STATES.has(s.state))]
          .filter((s, i, all) => needsAttention(s) && all.findIndex((o) => o.id === s.id) === i)
          .sort(byNewest);
        set({ items: today.items.slice().sort(byNewest), attention, loaded: true, loadProblem: undefined });
      } catch (err) {
        set({ loadProblem: toProblem(err), loaded: true });
      }
      await get().loadForeign();
    },

    async loadForeign() {
      try {
        const { items } = await client().call('sale.foreign');
        set({ foreign: items });
      } catch {
        // Kept as it was: the next queue event loads it again, and the sales list still works.
      }
    },

    setFilter: (filter) => set({ filter }),

    upsert(sale) {
      const attention = needsAttention(sale) ? upsertInto(get().attention, sale) : get().attention.filter((s) => s.id !== sale.id);
      const detail = get().detail;
      set({ items: upsertInto(get().items, sale), attention });
      if (detail?.id === sale.id) void get().openDetail(sale.id);
    },

    cancel: (id) => act(id, 'cancel', () => client().call('sale.cancel', { id }), cancelOutcome),

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
        // Another sale's search results do not belong to this one.
        const candidates = get().candidates;
        set({ detail, ...(candidates.status !== 'idle' && candidates.id !== id ? { candidates: { status: 'idle' } } : {}) });
      } catch (err) {
        set({ action: { status: 'failed', id, problem: toProblem(err) } });
      }
    },

    closeDetail: () => set({ detail: undefined, candidates: { status: 'idle' } }),

    resolve: (id, reason) => act(id, 'resolve', () => client().call('sale.resolve', { id, reason })),

    async checkCandidates(id) {
      set({ candidates: { status: 'loading', id } });
      try {
        const { items, complete } = await client().call('sale.candidates', { id });
        set({ candidates: { status: 'done', id, items, complete } });
      } catch (err) {
        set({ candidates: { status: 'failed', id, problem: toProblem(err) } });
      }
    },

    async adopt(id, ticketSaleId, reason) {
      await act(id, 'adopt', () => client().call('sale.adopt', { id, ticketSaleId, reason }));
      // Settled or not, what the search showed is out of date now (a refusal says why).
      if (get().action.status === 'done') set({ candidates: { status: 'idle' } });
      else await get().checkCandidates(id);
    },

    async retry(id, reason) {
      await act(id, 'retry', () => client().call('sale.retry', { id, reason }));
      const action = get().action;
      if (action.status === 'done') set({ candidates: { status: 'idle' } });
      // Refused because UiTPAS may hold it already: show the operator those records at once.
      else if (action.status === 'failed' && action.candidates !== undefined) await get().checkCandidates(id);
    },

    async acknowledgeForeign(ticketSaleId, reason) {
      set({ action: { status: 'busy', id: ticketSaleId } });
      try {
        const record = await client().call('sale.foreignAcknowledge', { ticketSaleId, reason });
        set({
          foreign: get().foreign.map((r) => (r.ticketSaleId === record.ticketSaleId ? record : r)),
          action: { status: 'done', id: ticketSaleId, what: 'acknowledge' },
        });
      } catch (err) {
        set({ action: { status: 'failed', id: ticketSaleId, problem: toProblem(err) } });
      }
    },
  };
});
