/**
 * Keyboard-wedge scanner detection, pure (no DOM): scanners that "type" send a burst of keys a
 * few milliseconds apart, usually ended by Enter or Tab; people type 100+ ms apart.
 *
 * Every printable key is held back (the caller prevents its default) until we know what it is:
 * - part of a burst of at least `minLength` keys, each within `maxGapMs` of the previous one,
 *   ended by Enter/Tab (swallowed too) or by silence → a scan; the held keys never reach a field;
 * - anything else (a pause, a non-printable key, a shortcut, key auto-repeat) → the held keys are
 *   released to the caller to hand back in order, so human typing is never lost, only delayed by
 *   at most `maxGapMs`.
 */

export interface WedgeSettings {
  /** Largest gap between two keys of a scanner burst (settings.scanner.wedgeMaxGapMs). */
  maxGapMs: number;
  /** Fewest characters a scan has (settings.scanner.wedgeMinLength). */
  minLength: number;
  /** A burst that ends in silence (no Enter/Tab) still counts as a scan. Default true. */
  scanWithoutSuffix?: boolean;
}

export interface WedgeKey {
  /** KeyboardEvent.key */
  key: string;
  /** Milliseconds, monotonic (KeyboardEvent.timeStamp / performance.now()). */
  time: number;
  /** Whether the key was aimed at a text field (input, textarea, contenteditable). */
  inTextField: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** KeyboardEvent.repeat: a held-down key, always a person. */
  repeat?: boolean;
}

export interface HeldKey {
  key: string;
  inTextField: boolean;
}

export interface WedgeDecision {
  /** Prevent this key's default and stop it reaching the page. */
  swallow: boolean;
  /** Keys held earlier that turned out to be typing: give them back, in order, before this key. */
  release: HeldKey[];
  /** A complete scan. */
  scan?: string;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);
/** A runaway burst (a stuck key on a test rig) is resolved before it grows without bound. */
const MAX_HELD = 256;

export class WedgeDetector {
  private held: HeldKey[] = [];
  private lastTime = 0;

  constructor(private readonly settings: WedgeSettings) {}

  /** When the caller must call `timeout()` if no key arrives first; undefined when nothing is held. */
  deadline(): number | undefined {
    return this.held.length > 0 ? this.lastTime + this.settings.maxGapMs : undefined;
  }

  /** No key came within the gap: the burst is over. */
  timeout(now: number): WedgeDecision {
    if (this.held.length === 0 || now - this.lastTime < this.settings.maxGapMs) return { swallow: false, release: [] };
    return this.settle();
  }

  feed(ev: WedgeKey): WedgeDecision {
    if (MODIFIERS.has(ev.key)) return { swallow: false, release: [] }; // Shift before a capital, etc.

    let before: WedgeDecision = { swallow: false, release: [] };
    if (this.held.length > 0 && ev.time - this.lastTime > this.settings.maxGapMs) before = this.settle();

    const human = ev.repeat === true || ev.ctrlKey === true || ev.altKey === true || ev.metaKey === true;
    if (!human && (ev.key === 'Enter' || ev.key === 'Tab')) {
      if (this.held.length >= this.settings.minLength) {
        const scan = this.take();
        return { swallow: true, release: before.release, scan };
      }
      return merge(before, this.releaseAll(), false);
    }
    if (!human && ev.key.length === 1) {
      // Held until we know; when a silent burst just ended as a scan, this key may start the next.
      this.held.push({ key: ev.key, inTextField: ev.inTextField });
      this.lastTime = ev.time;
      // The current key is among the released ones, so it is swallowed here and given back there.
      if (this.held.length >= MAX_HELD) return merge(before, this.releaseAll(), true);
      return merge(before, { swallow: true, release: [] }, true);
    }
    // Backspace, arrows, Escape, shortcuts, auto-repeat: a person is at the keyboard.
    return merge(before, this.releaseAll(), false);
  }

  private settle(): WedgeDecision {
    if (this.settings.scanWithoutSuffix !== false && this.held.length >= this.settings.minLength) {
      return { swallow: false, release: [], scan: this.take() };
    }
    return this.releaseAll();
  }

  private releaseAll(): WedgeDecision {
    const release = this.held;
    this.held = [];
    return { swallow: false, release };
  }

  private take(): string {
    const value = this.held.map((k) => k.key).join('');
    this.held = [];
    return value;
  }
}

function merge(a: WedgeDecision, b: WedgeDecision, swallow: boolean): WedgeDecision {
  const out: WedgeDecision = { swallow, release: [...a.release, ...b.release] };
  const scan = a.scan ?? b.scan;
  if (scan !== undefined) out.scan = scan;
  return out;
}

/** The wedge part of the contract's settings.scanner, as attachWedge takes it. */
export function wedgeSettingsFrom(scanner: { wedgeEnabled: boolean; wedgeMaxGapMs: number; wedgeMinLength: number }): WedgeSettings & { enabled: boolean } {
  return { enabled: scanner.wedgeEnabled, maxGapMs: scanner.wedgeMaxGapMs, minLength: scanner.wedgeMinLength };
}
