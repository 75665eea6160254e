/**
 * "Geen kaart? Zoek een pashouder": the search form's fields and answer. The renderer checks the
 * obvious (a surname, a readable date) to answer at once; main checks everything again. Picking a
 * hit loads that passholder exactly as a scan of their card would (handleScan).
 */
import { create } from 'zustand';
import type { PassholderSearchInput } from '../../../contract/schemas/sales.js';
import type { PassholderHit } from '../../../contract/domain.js';
import { client } from '../lib/api/client.js';
import { parseDayInput } from '../lib/format/date-input.js';
import { toProblem, type Problem } from '../features/sale/failure.js';
import { handleScan } from '../app/startup.js';

export type PassholderSearchResultState =
  | { status: 'idle' }
  /** Refused here, nothing sent: a code translated like main's (codes.SEARCH_*). */
  | { status: 'invalid'; code: 'SEARCH_NAME_TOO_SHORT' | 'SEARCH_DATE_INVALID' }
  | { status: 'loading' }
  | { status: 'ok'; items: PassholderHit[]; total: number; more: boolean }
  | { status: 'failed'; problem: Problem };

export interface PassholderSearchState {
  open: boolean;
  name: string;
  firstName: string;
  /** As typed: dd/mm/jjjj (or dd-mm-jjjj, dd.mm.jjjj, ddmmjjjj). */
  dateOfBirth: string;
  result: PassholderSearchResultState;
  show: () => void;
  hide: () => void;
  setField: (field: 'name' | 'firstName' | 'dateOfBirth', value: string) => void;
  submit: () => Promise<void>;
  /** Loads the hit as if its card had been scanned; false when it has no card to load. */
  pick: (hit: PassholderHit) => boolean;
}

/** Letters that narrow the search (the same count main makes). */
const letters = (s: string) => [...s.replace(/[*.\s'’-]/g, '')].length;

let seq = 0;

const empty = { name: '', firstName: '', dateOfBirth: '', result: { status: 'idle' } as PassholderSearchResultState };

export const usePassholderSearchStore = create<PassholderSearchState>()((set, get) => ({
  open: false,
  ...empty,

  show: () => set({ open: true }),
  hide: () => {
    ++seq;
    set({ open: false, ...empty });
  },
  setField: (field, value) => set({ [field]: value } as Pick<PassholderSearchState, typeof field>),

  async submit() {
    const { name, firstName, dateOfBirth } = get();
    const dobText = dateOfBirth.trim();
    const dob = dobText === '' ? undefined : parseDayInput(dobText);
    if (dobText !== '' && dob === undefined) return set({ result: { status: 'invalid', code: 'SEARCH_DATE_INVALID' } });
    if (letters(name) < (dob === undefined ? 2 : 1)) return set({ result: { status: 'invalid', code: 'SEARCH_NAME_TOO_SHORT' } });
    const input: PassholderSearchInput = { name: name.trim() };
    if (firstName.trim() !== '') input.firstName = firstName.trim();
    if (dob !== undefined) input.dateOfBirth = dob;
    const mine = ++seq;
    set({ result: { status: 'loading' } });
    try {
      const page = await client().call('passholder.search', input);
      if (mine !== seq) return;
      set({ result: { status: 'ok', items: page.items, total: page.total, more: page.more } });
    } catch (err) {
      if (mine !== seq) return;
      set({ result: { status: 'failed', problem: toProblem(err) } });
    }
  },

  pick(hit) {
    if (hit.uitpasNumber === undefined) return false;
    get().hide();
    handleScan(hit.uitpasNumber);
    return true;
  },
}));
