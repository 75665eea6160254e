/** Finding a passholder without the card. */
import { type CallSpec, defineCall } from '../rpc.js';
import { PassholderSearchInput, PassholderSearchResult } from '../schemas/sales.js';

export const calls = {
  /**
   * Finds passholders by name (+ date of birth) for a customer without the card. Refused in main,
   * before UiTPAS, with SEARCH_NAME_TOO_SHORT (fewer than 2 letters in the surname without a date),
   * SEARCH_DATE_INVALID (no such day) or SEARCH_DATE_FUTURE.
   */
  'passholder.search': defineCall(PassholderSearchInput, PassholderSearchResult),
} satisfies Record<`passholder.${string}`, CallSpec>;
