/**
 * The sale flow of one customer: card → passholder → activity → tariff → confirm → result.
 * The chosen activity outlives the customer (a counter sells the same show to many people in a
 * row), so the next scan can be confirmed with one Enter. A tariff is never picked for the
 * employee (issue 13: the cheapest class used to be preselected, so scan + Enter sold it whatever
 * seat was asked for): only a lone UiTPAS tariff, or the price class last chosen for this
 * activity, kept and marked as kept on screen.
 */
import { create } from 'zustand';
import { checkCardNumber, type CardNumberProblem } from '../../../../contract/card-number.js';
import type { ActivityQuery, Activity, Identification } from '../../../../contract/domain.js';
import { outcomeOfState, type SaleView, type SellOutcome } from '../../../../contract/schemas/sales.js';
import { client } from '../../lib/api/client.js';
import { toProblem, type Problem } from './failure.js';
import { clampTickets, holderStop, maxTickets } from './holder.js';
import { findCell, initialTariff, tariffGrid } from './tariff-grid.js';
import { definedOnly } from '../../../../contract/defined-only.js';

export type DateRange = 'today' | 'next7days' | 'next30days' | 'date';

export type LookupState =
  | { status: 'idle' }
  | { status: 'invalid'; problem: CardNumberProblem }
  | { status: 'loading'; number: string }
  | { status: 'found'; holder: Identification }
  | { status: 'failed'; problem: Problem };

export type ActivitiesState =
  { status: 'idle' } | { status: 'loading' } | { status: 'ok'; items: Activity[]; total: number } | { status: 'failed'; problem: Problem };

export type SellState =
  { status: 'idle' } | { status: 'sending' } | { status: 'done'; result: SellOutcome } | { status: 'failed'; problem: Problem };

export interface SaleFlowState {
  cardText: string;
  lookup: LookupState;
  range: DateRange;
  date: string | undefined;
  search: string;
  activities: ActivitiesState;
  cdbid: string | undefined;
  tariffKey: string | undefined;
  /** The tariff on screen was not picked for this customer but kept from the last choice. */
  tariffKept: boolean;
  /** Per activity, the price class last picked by the employee (kept for the next customer). */
  keptClass: Record<string, string>;
  tickets: number;
  sell: SellState;
  setCardText: (text: string) => void;
  /** Validates locally, then looks the card up; an invalid number never leaves the renderer. */
  submitCard: (text?: string) => Promise<void>;
  setRange: (range: DateRange, date?: string) => Promise<void>;
  setSearch: (text: string) => void;
  loadActivities: () => Promise<void>;
  selectActivity: (cdbid: string) => void;
  selectTariff: (key: string) => void;
  setTickets: (n: number) => void;
  /** What confirm would sell right now, or undefined when something is missing. */
  ready(): { activity: Activity; priceClass: string; couponId?: string; amountOfTickets?: number; number: string } | undefined;
  confirm: () => Promise<void>;
  /** A `sale` event: the result on screen follows the sale (an offline sale registered later). */
  saleChanged: (sale: SaleView) => void;
  newCustomer: () => void;
}

// Answers to an older lookup or search must not overwrite a newer one.
let lookupSeq = 0;
let activitiesSeq = 0;

/** Forgets the activities asked for an unusable card (and any answer still on its way). */
function dropActivities(set: (s: Partial<SaleFlowState>) => void): void {
  ++activitiesSeq;
  set({ activities: { status: 'idle' }, tariffKey: undefined, tariffKept: false });
}

export const useSaleStore = create<SaleFlowState>()((set, get) => ({
  cardText: '',
  lookup: { status: 'idle' },
  range: 'today',
  date: undefined,
  search: '',
  activities: { status: 'idle' },
  cdbid: undefined,
  tariffKey: undefined,
  tariffKept: false,
  keptClass: {},
  tickets: 1,
  sell: { status: 'idle' },

  setCardText: (cardText) => set({ cardText }),

  async submitCard(text) {
    if (get().sell.status === 'sending') return;
    const typed = text ?? get().cardText;
    const check = checkCardNumber(typed);
    const seq = ++lookupSeq;
    ++activitiesSeq;
    set({ cardText: typed, sell: { status: 'idle' }, tickets: 1, tariffKey: undefined, tariffKept: false, activities: { status: 'idle' } });
    if (!check.ok) {
      set({ lookup: { status: 'invalid', problem: check.problem } });
      return;
    }
    set({ cardText: check.number, lookup: { status: 'loading', number: check.number } });
    // The activities are asked for at the same time as the card: one round trip less before the
    // counter can sell. Their answer is dropped when the card turns out unusable.
    const activities = get().loadActivities();
    try {
      const holder = await client().call('card.lookup', { identification: check.number });
      if (seq !== lookupSeq) return;
      set({ lookup: { status: 'found', holder } });
      if (holderStop(holder) !== undefined) dropActivities(set);
    } catch (err) {
      if (seq !== lookupSeq) return;
      set({ lookup: { status: 'failed', problem: toProblem(err) } });
      dropActivities(set);
    }
    await activities;
  },

  async setRange(range, date) {
    set({ range, date: range === 'date' ? date : undefined });
    await get().loadActivities();
  },

  setSearch: (search) => set({ search }),

  async loadActivities() {
    const lookup = get().lookup;
    const uitpasNumber = lookup.status === 'found' ? lookup.holder.uitpasNumber : lookup.status === 'loading' ? lookup.number : undefined;
    if (uitpasNumber === undefined) return;
    if (lookup.status === 'found' && holderStop(lookup.holder) !== undefined) return;
    const { range, date, search } = get();
    const query: ActivityQuery = { uitpasNumber, range, start: 0, max: 50 };
    if (range === 'date' && date) query.date = date;
    if (range === 'date' && !date) query.range = 'today';
    const text = search.trim();
    if (text) query.text = text;
    const seq = ++activitiesSeq;
    set({ activities: { status: 'loading' } });
    try {
      const page = await client().call('activities.list', query);
      if (seq !== activitiesSeq) return;
      set({ activities: { status: 'ok', items: page.items, total: page.total } });
      // Keep the activity sold to the previous customer when this one can buy it too.
      const kept = get().cdbid;
      const again = page.items.find((a) => a.cdbid === kept);
      if (again) get().selectActivity(again.cdbid);
      else set({ tariffKey: undefined, tariffKept: false });
    } catch (err) {
      if (seq !== activitiesSeq) return;
      set({ activities: { status: 'failed', problem: toProblem(err) } });
    }
  },

  selectActivity(cdbid) {
    if (get().sell.status === 'sending') return;
    const acts = get().activities;
    const activity = acts.status === 'ok' ? acts.items.find((a) => a.cdbid === cdbid) : undefined;
    const initial = activity ? initialTariff(tariffGrid(activity), get().keptClass[cdbid]) : undefined;
    set({ cdbid, tariffKey: initial?.key, tariffKept: initial?.kept ?? false, sell: { status: 'idle' } });
  },

  selectTariff(key) {
    if (get().sell.status === 'sending') return;
    const { activities, cdbid, keptClass } = get();
    const activity = activities.status === 'ok' ? activities.items.find((a) => a.cdbid === cdbid) : undefined;
    const cell = activity ? findCell(tariffGrid(activity), key) : undefined;
    const kept = cell && cdbid !== undefined ? { ...keptClass, [cdbid]: cell.priceClass } : keptClass;
    set({ tariffKey: key, tariffKept: false, keptClass: kept, sell: { status: 'idle' } });
  },

  setTickets(n) {
    const lookup = get().lookup;
    set({ tickets: clampTickets(n, maxTickets(lookup.status === 'found' ? lookup.holder : undefined)) });
  },

  ready() {
    const { lookup, activities, cdbid, tariffKey, tickets } = get();
    if (lookup.status !== 'found' || holderStop(lookup.holder) !== undefined) return undefined;
    if (activities.status !== 'ok') return undefined;
    const activity = activities.items.find((a) => a.cdbid === cdbid);
    if (!activity) return undefined;
    const cell = findCell(tariffGrid(activity), tariffKey);
    if (!cell) return undefined;
    const holder = lookup.holder;
    const group = holder.kind === 'group';
    if (holder.kind === 'group' && holder.availableTickets < 1 && cell.type === 'DEFAULT') return undefined;
    return {
      activity,
      priceClass: cell.priceClass,
      ...definedOnly({ couponId: cell.couponId }),
      ...(group ? { amountOfTickets: tickets } : {}),
      number: holder.uitpasNumber,
    };
  },

  async confirm() {
    // One sale per press: the in-flight state is set synchronously before the call leaves.
    if (get().sell.status === 'sending' || get().sell.status === 'done') return;
    const what = get().ready();
    if (!what) return;
    set({ sell: { status: 'sending' } });
    try {
      const result = await client().call('sale.sell', {
        uitpasNumber: what.number,
        cdbid: what.activity.cdbid,
        priceClass: what.priceClass,
        ...definedOnly({ couponId: what.couponId, amountOfTickets: what.amountOfTickets }),
      });
      set({ sell: { status: 'done', result } });
    } catch (err) {
      set({ sell: { status: 'failed', problem: toProblem(err) } });
    }
  },

  saleChanged(sale) {
    const sell = get().sell;
    if (sell.status !== 'done' || sell.result.sale.id !== sale.id) return;
    const outcome = outcomeOfState(sale.state);
    if (outcome) set({ sell: { status: 'done', result: { outcome, sale } } });
  },

  newCustomer() {
    if (get().sell.status === 'sending') return;
    ++lookupSeq;
    ++activitiesSeq;
    set({
      cardText: '',
      lookup: { status: 'idle' },
      activities: { status: 'idle' },
      tariffKey: undefined,
      tariffKept: false,
      tickets: 1,
      sell: { status: 'idle' },
      search: '',
    });
  },
}));
