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

function asConnectedElement(target: unknown): HTMLElement | undefined {
  const el = target as HTMLElement | undefined;
  return el && typeof el.dispatchEvent === 'function' && el.isConnected === true ? el : undefined;
}

/** A timer that fires this much later than asked means the page was busy: keys may be queued. */
const LATE_MS = 20;

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
  // The key's own timestamp is when it was pressed, even when the page was busy and the event
  // came late; browsers give it on the performance.now() clock, some environments (jsdom) on
  // Date.now(): then use now().
  const eventTime = (ev: KeyboardEvent) => {
    const t = now();
    return ev.timeStamp > 0 && ev.timeStamp <= t + 5 ? ev.timeStamp : t;
  };
  // Silence is measured from when the last key *arrived*, on the keys' clock: after a busy spell
  // the keys come in late but close together, and their timestamps are far behind now().
  let lastStamp = 0;
  let lastArrival = 0;
  const silenceClock = () => lastStamp + (now() - lastArrival);

  const giveBack = (keys: HeldKey[]) => {
    let i = 0;
    while (i < keys.length) {
      const first = keys[i] as HeldKey;
      const aimed = asConnectedElement(first.target);
      const field = aimed ?? win.document.activeElement;
      if (first.inTextField && isTextField(field) && !(field as HTMLElement).isContentEditable) {
        // Consecutive keys typed into the same field go back in one insertion, into that field
        // even if the focus has moved on since.
        let text = '';
        while (i < keys.length && (keys[i] as HeldKey).inTextField && ((keys[i] as HeldKey).target ?? first.target) === first.target)
          text += (keys[i++] as HeldKey).key;
        insertIntoField(field as TextField, text);
      } else {
        const target = aimed ?? win.document.activeElement ?? win.document.body;
        const replay = new (win as Window & typeof globalThis).KeyboardEvent('keydown', {
          key: (keys[i++] as HeldKey).key,
          bubbles: true,
          cancelable: true,
        });
        (replay as unknown as Record<symbol, boolean>)[REPLAYED] = true;
        target.dispatchEvent(replay);
      }
    }
  };

  // Keys given back as typing that a late rest of the scan claimed: out of their field again,
  // if the text is still there (a digit on anything else did nothing to take back).
  const takeBack = (keys: HeldKey[]) => {
    let i = 0;
    while (i < keys.length) {
      const first = keys[i] as HeldKey;
      let text = '';
      while (i < keys.length && (keys[i] as HeldKey).target === first.target) text += (keys[i++] as HeldKey).key;
      const field = asConnectedElement(first.target);
      if (!first.inTextField || !field || !isTextField(field) || field.isContentEditable) continue;
      const input = field as TextField;
      const at = input.value.lastIndexOf(text);
      if (at < 0) continue;
      input.setRangeText('', at, at + text.length, 'end');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
  };

  const apply = (d: WedgeDecision) => {
    if (d.release.length) giveBack(d.release);
    if (d.retract?.length) takeBack(d.retract);
    if (d.scan !== undefined) onScan(d.scan);
    if (d.releaseAfter?.length) giveBack(d.releaseAfter);
  };

  const inputPending = (): boolean => {
    const scheduling = (win.navigator as Navigator & { scheduling?: { isInputPending?: () => boolean } }).scheduling;
    try {
      return scheduling?.isInputPending?.() === true;
    } catch {
      return false;
    }
  };

  const arm = (delay: number) => {
    if (timer !== undefined) win.clearTimeout(timer);
    const due = now() + delay;
    timer = win.setTimeout(() => {
      timer = undefined;
      // Late, or keys waiting: let the queued keys in first, then look at the silence again.
      if (now() - due > LATE_MS || inputPending()) {
        arm(settings.maxGapMs);
        return;
      }
      apply(detector.timeout(silenceClock()));
      schedule();
    }, delay);
  };

  const schedule = () => {
    const deadline = detector.deadline();
    if (deadline === undefined) {
      if (timer !== undefined) win.clearTimeout(timer);
      timer = undefined;
      return;
    }
    arm(Math.max(0, deadline - silenceClock()));
  };

  const onKeyDown = (ev: KeyboardEvent) => {
    if ((ev as unknown as Record<symbol, boolean>)[REPLAYED] || ev.isComposing) return;
    lastStamp = eventTime(ev);
    lastArrival = now();
    const decision = detector.feed({
      key: ev.key,
      time: lastStamp,
      inTextField: isTextField(ev.target),
      target: ev.target ?? undefined,
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
      // Whatever is still held was typed by someone (or a scan that ends here): settle it.
      apply(detector.timeout(Number.POSITIVE_INFINITY));
    },
  };
}
