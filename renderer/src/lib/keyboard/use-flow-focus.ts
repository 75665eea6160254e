/**
 * Moves the focus along the sale as it happens, so Enter is always the next step: once a card's
 * activities arrive, to the confirm button when the kept activity and tariff can be sold again;
 * to the kept activity's tariff grid when this customer needs a price class picked; else to the
 * first activity that can be sold (issue 13: not the first of the day when that is a free
 * exhibition, where Enter goes nowhere). Never steals the focus from a field being typed in.
 */
import { useEffect } from 'react';
import { ACTIVITY_LIST_ID, TARIFF_GRID_ID } from '../../features/sale/ActivityList.js';
import { CARD_INPUT_ID, CONFIRM_ID, focusId, focusWithin } from '../../features/sale/focus.js';
import { tariffGrid } from '../../features/sale/tariff-grid.js';
import { useSaleStore } from '../../features/sale/sale-store.js';

function focusIsFree(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active.id === CARD_INPUT_ID || active.id === CONFIRM_ID;
}

/** Where the focus goes once a customer's activities are on screen. */
export function flowTarget(
  state: ReturnType<typeof useSaleStore.getState>,
): { confirm: true } | { tariffs: true } | { activity: string } | undefined {
  if (state.ready()) return { confirm: true };
  if (state.activities.status !== 'ok') return undefined;
  const kept = state.activities.items.find((a) => a.cdbid === state.cdbid);
  if (kept && tariffGrid(kept).sellable.length > 0) return { tariffs: true };
  const first = state.activities.items.find((a) => tariffGrid(a).sellable.length > 0) ?? state.activities.items[0];
  return first ? { activity: first.cdbid } : undefined;
}

export function useFlowFocus(): void {
  useEffect(
    () =>
      useSaleStore.subscribe((state, prev) => {
        // Card and activities arrive in either order: act when both are there.
        const shown = (s: typeof state) => s.lookup.status === 'found' && s.activities.status === 'ok';
        if (shown(state) && !shown(prev) && focusIsFree()) {
          requestAnimationFrame(() => {
            const target = flowTarget(useSaleStore.getState());
            if (!target) return;
            if ('confirm' in target) focusId(CONFIRM_ID);
            else if ('tariffs' in target) focusWithin(TARIFF_GRID_ID, '[role="radio"]:not([disabled])');
            else document.querySelector<HTMLElement>(`#${ACTIVITY_LIST_ID} [data-cdbid="${CSS.escape(target.activity)}"]`)?.focus();
          });
        }
      }),
    [],
  );
}
