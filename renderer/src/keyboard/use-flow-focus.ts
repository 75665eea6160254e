/**
 * Moves the focus along the sale as it happens, so Enter is always the next step: once a card's
 * activities arrive, to the confirm button when the kept activity can be sold again, else to the
 * activity list. Never steals the focus from a field the operator is typing in.
 */
import { useEffect } from 'react';
import { ACTIVITY_LIST_ID } from '../components/sale/ActivityList.js';
import { CARD_INPUT_ID, CONFIRM_ID, focusId, focusWithin } from '../components/sale/focus.js';
import { useSaleStore } from '../store/sale-store.js';

function focusIsFree(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active.id === CARD_INPUT_ID || active.id === CONFIRM_ID;
}

export function useFlowFocus(): void {
  useEffect(
    () =>
      useSaleStore.subscribe((state, prev) => {
        // Card and activities arrive in either order: act when both are there.
        const shown = (s: typeof state) => s.lookup.status === 'found' && s.activities.status === 'ok';
        if (shown(state) && !shown(prev) && focusIsFree()) {
          requestAnimationFrame(() => {
            if (useSaleStore.getState().ready()) focusId(CONFIRM_ID);
            else focusWithin(ACTIVITY_LIST_ID, '[role="option"]');
          });
        }
      }),
    [],
  );
}
