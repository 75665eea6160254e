/** Binds the shortcut table to the window for as long as the sale screen is shown. */
import { useEffect } from 'react';
import { CARD_INPUT_ID, PASSHOLDER_NAME_ID, SEARCH_ID, focusId } from '../../features/sale/focus.js';
import { isTextField } from '../scanner/attach-wedge.js';
import { useAppStore } from '../../app/app-store.js';
import { usePassholderSearchStore } from '../../store/passholder-search-store.js';
import { useQueueStore } from '../../app/queue-store.js';
import { useSaleStore } from '../../features/sale/sale-store.js';
import { shortcutFor, type ShortcutAction } from './shortcuts.js';

export function runShortcut(action: ShortcutAction): void {
  const app = useAppStore.getState();
  switch (action) {
    case 'newCustomer':
      if (app.helpOpen) {
        app.setHelpOpen(false);
        return;
      }
      // Esc first closes the passholder search, as it closes the help.
      if (usePassholderSearchStore.getState().open) {
        usePassholderSearchStore.getState().hide();
        requestAnimationFrame(() => focusId(CARD_INPUT_ID, true));
        return;
      }
      useSaleStore.getState().newCustomer();
      app.setSalePane('sale');
      requestAnimationFrame(() => focusId(CARD_INPUT_ID, true));
      return;
    case 'focusCard':
      app.setSalePane('sale');
      requestAnimationFrame(() => focusId(CARD_INPUT_ID, true));
      return;
    case 'findPassholder':
      app.setSalePane('sale');
      usePassholderSearchStore.getState().show();
      requestAnimationFrame(() => focusId(PASSHOLDER_NAME_ID, true));
      return;
    case 'focusSearch':
      app.setSalePane('sale');
      requestAnimationFrame(() => focusId(SEARCH_ID, true));
      return;
    case 'syncNow':
      void useQueueStore.getState().syncNow();
      return;
    case 'toggleToday':
      app.setSalePane(app.salePane === 'today' ? 'sale' : 'today');
      return;
    case 'dayClose':
      app.setScreen('dayClose');
      return;
    case 'help':
      app.setHelpOpen(!app.helpOpen);
      return;
  }
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      // Enter with nothing focused (e.g. after a click on the page) confirms the sale when it is
      // ready; on a control, Enter belongs to that control.
      if (e.key === 'Enter' && e.target === document.body && !e.repeat && useAppStore.getState().salePane === 'sale') {
        e.preventDefault();
        void useSaleStore.getState().confirm();
        return;
      }
      const action = shortcutFor(e.key, isTextField(e.target), e.ctrlKey || e.altKey || e.metaKey);
      if (!action) return;
      // F5 would reload the page and F1 open the browser's help.
      e.preventDefault();
      runShortcut(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
