/** Element ids the shortcuts and the flow move focus to. */
export const CARD_INPUT_ID = 'card-input';
export const SEARCH_ID = 'activity-search';
export const PASSHOLDER_NAME_ID = 'passholder-search-name';
export const CONFIRM_ID = 'confirm-sale';
export const TICKETS_ID = 'ticket-count';

export function focusId(id: string, select = false): void {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLElement)) return;
  el.focus();
  if (select && el instanceof HTMLInputElement) el.select();
}

/** Focus the selected (or first) element matching `selector` inside the element with `id`. */
export function focusWithin(id: string, selector: string): boolean {
  const root = document.getElementById(id);
  const el =
    root?.querySelector<HTMLElement>(`${selector}[aria-checked="true"], ${selector}[aria-selected="true"]`) ??
    root?.querySelector<HTMLElement>(selector);
  if (!el) return false;
  el.focus();
  return true;
}
