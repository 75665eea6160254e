/** One mapping from a sale's state to the sell result, for main and the renderer alike. */
import { describe, expect, it } from 'vitest';
import { outcomeOfState, SaleState } from '../../../contract/schemas/sales.js';

describe('outcomeOfState', () => {
  it('maps every state: registered and rejected as they are, on the way as pending or unknown, past the outcome as nothing', () => {
    const table = Object.fromEntries(SaleState.options.map((s) => [s, outcomeOfState(s) ?? '—']));
    expect(table).toEqual({
      pending: 'pending',
      sending: 'pending',
      registered: 'registered',
      rejected: 'rejected',
      unknown: 'unknown',
      reconciling: 'unknown',
      cancelled: '—',
      resolved: '—',
      'cancel-pending': '—',
      'cancel-sending': '—',
      'cancel-unknown': '—',
    });
  });
});
