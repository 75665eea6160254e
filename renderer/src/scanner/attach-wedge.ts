/**
 * DOM adapter for the wedge detector: a capture-phase keydown listener on the window, so a scan is
 * caught before any field or shortcut sees it, also while a text field has focus. Keys that turn
 * out to be typing are given back: inserted into the focused field (as typing would), or
 * re-dispatched as keydown events so the page's shortcuts still work.
 */
import { WedgeDetector, type HeldKey, type WedgeDecision, type WedgeSettings } from './wedge.js';

/** Set on keydown events we re-dispatch, so our own listener lets them through. */
const REPLAYED = Symbol.for('loket.wedge.replayed');

type TextField = HTMLInputElement | HTMLTextAreaElement;
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'password', 'number', '']);

export function isTextField(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA') return !(el as HTMLTextAreaElement).readOnly;
  if (el.tagName === 'INPUT') {
    const input = el as HTMLInputElement;
    return TEXT_INPUT_TYPES.has(input.type) && !input.readOnly && !input.disabled;
  }
  return false;
}

/** Inserts text at the caret the way typing does (React's onChange fires). */
export function insertIntoField(field: TextField, text: string): void {
  const doc = field.ownerDocument;
  try {
    // Chromium: fires beforeinput/input and keeps the undo stack.
    if (doc.activeElement === field && doc.execCommand('insertText', false, text)) return;
  } catch {
    // not implemented (jsdom) — fall through
  }
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  // setRangeText bypasses React's value tracker, so its onChange sees the change on 'input'.
  field.setRangeText(text, start, end, 'end');
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export interface AttachedWedge {
  detach(): void;
}

export interface AttachOptions {
  /** Monotonic clock in ms; performance.now() by default (tests pass their own). */
  now?: () => number;
}

export function attachWedge(
  win: Window,
  settings: WedgeSettings & { enabled?: boolean },
  onScan: (value: string) => void,
  opts: AttachOptions = {},
): AttachedWedge {
  if (settings.enabled === false) return { detach() {} };
  const detector = new WedgeDetector(settings);
  const now = opts.now ?? (() => win.performance.now());
  let timer: number | undefined;
  // The key's own timestamp reflects when it was typed even if the page was busy; browsers give
  // it on the performance.now() clock, some environments (jsdom) on Date.now(): then use now().
  const eventTime = (ev: KeyboardEvent) => {
    const t = now();
    return ev.timeStamp > 0 && ev.timeStamp <= t + 5 && !opts.now ? ev.timeStamp : t;
  };

  const giveBack = (keys: HeldKey[]) => {
    let i = 0;
    while (i < keys.length) {
      const active = win.document.activeElement;
      if ((keys[i] as HeldKey).inTextField && isTextField(active) && !(active as HTMLElement).isContentEditable) {
        let text = '';
        while (i < keys.length && (keys[i] as HeldKey).inTextField) text += (keys[i++] as HeldKey).key;
        insertIntoField(active as TextField, text);
      } else {
        const target = active ?? win.document.body;
        const replay = new (win as Window & typeof globalThis).KeyboardEvent('keydown', { key: (keys[i++] as HeldKey).key, bubbles: true, cancelable: true });
        (replay as unknown as Record<symbol, boolean>)[REPLAYED] = true;
        target.dispatchEvent(replay);
      }
    }
  };

  const apply = (d: WedgeDecision) => {
    if (d.release.length) giveBack(d.release);
    if (d.scan !== undefined) onScan(d.scan);
  };

  const schedule = () => {
    if (timer !== undefined) win.clearTimeout(timer);
    timer = undefined;
    const deadline = detector.deadline();
    if (deadline === undefined) return;
    timer = win.setTimeout(() => {
      timer = undefined;
      apply(detector.timeout(now()));
      schedule();
    }, Math.max(0, deadline - now()) + 1);
  };

  const onKeyDown = (ev: KeyboardEvent) => {
    if ((ev as unknown as Record<symbol, boolean>)[REPLAYED] || ev.isComposing) return;
    const decision = detector.feed({
      key: ev.key,
      time: eventTime(ev),
      inTextField: isTextField(ev.target),
      ctrlKey: ev.ctrlKey,
      altKey: ev.altKey,
      metaKey: ev.metaKey,
      repeat: ev.repeat,
    });
    if (decision.swallow) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
    }
    apply(decision);
    schedule();
  };

  win.addEventListener('keydown', onKeyDown, { capture: true });
  return {
    detach() {
      win.removeEventListener('keydown', onKeyDown, { capture: true });
      if (timer !== undefined) win.clearTimeout(timer);
      // Whatever is still held was typed by someone: give it back.
      apply(detector.timeout(Number.POSITIVE_INFINITY));
    },
  };
}
