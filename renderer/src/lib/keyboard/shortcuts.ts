/**
 * The counter's global shortcuts, as a pure key → action table (the help overlay lists the same
 * table) and one window listener. Esc new customer, F2 card field, F5 sync now, / search,
 * F3 find a passholder without the card, F8 today's sales, F9 day close, F1 or ? help.
 */
export type ShortcutAction =
  'newCustomer' | 'focusCard' | 'findPassholder' | 'syncNow' | 'focusSearch' | 'toggleToday' | 'dayClose' | 'help';

export interface Shortcut {
  keys: string[];
  action: ShortcutAction;
  /** Also when a text field has focus (function keys and Esc never type text). */
  inFields: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Escape'], action: 'newCustomer', inFields: true },
  { keys: ['F2'], action: 'focusCard', inFields: true },
  // F3 is "find" in most programs; the browser's find bar is kept from opening.
  { keys: ['F3'], action: 'findPassholder', inFields: true },
  { keys: ['/'], action: 'focusSearch', inFields: false },
  { keys: ['F5'], action: 'syncNow', inFields: true },
  { keys: ['F8'], action: 'toggleToday', inFields: true },
  { keys: ['F9'], action: 'dayClose', inFields: true },
  { keys: ['F1', '?'], action: 'help', inFields: false },
];

export function shortcutFor(key: string, inTextField: boolean, modifiers: boolean): ShortcutAction | undefined {
  if (modifiers) return undefined;
  const s = SHORTCUTS.find((x) => x.keys.includes(key));
  if (!s) return undefined;
  // F1 works everywhere; '?' and '/' are text inside a field.
  if (inTextField && !s.inFields && key !== 'F1') return undefined;
  return s.action;
}
