/**
 * Keyboard-wedge scanner detection, pure (no DOM). A scanner "types" a burst of keys a few
 * milliseconds apart; a person types 80+ ms apart. One gap is not enough to tell them apart:
 * wireless scanners and busy PCs pause 45–150 ms inside a burst now and then, and a detector
 * that splits on the first long gap hands the head of the scan to a field as typing and scans
 * only the tail (issue 13). So every printable key is held back (the caller prevents its
 * default) until one of two shapes is settled:
 *
 * - **card** — the held keys end in `prefix + 13 digits + suffix` that pass the UiTPAS check
 *   (kansenpas flag, Luhn), typed with at most `maxPauses` pauses of up to `maxPauseMs`, never
 *   two pauses in a row (a key standing alone between two pauses is how people type), every
 *   other gap within `maxGapMs`. The content is the evidence that lets a pause through: people
 *   do not type 13 digits that fast, and a random run of digits is not Luhn-valid.
 * - **burst** — any other barcode: at least `minLength` keys, every gap within `maxGapMs`
 *   (no pause allowed: without the card's check digit nothing proves a paused run is one scan).
 *
 * A scan ends with the configured terminator (Enter or Tab, swallowed) or with silence. Keys
 * that can no longer be part of a scan are released, in order, with the target each was typed
 * into, so typing is never lost or sent to another field — only delayed: a letter by
 * `maxGapMs`, a digit (which might start a paused card) by about one key.
 *
 * Times are the key events' own timestamps (when the key was pressed), so a main thread that
 * was busy while the keys queued up does not stretch the gaps; the DOM adapter takes care of
 * the clock of silence (attach-wedge.ts).
 */
import { CARD_NUMBER_LENGTH, luhnValid } from '../../../../contract/card-number.js';
import { definedOnly } from '../../../../contract/defined-only.js';

export type WedgeTerminator = 'enter' | 'tab' | 'none';

export interface WedgeSettings {
  /** Largest gap between two keys of a burst (settings.scanner.wedgeMaxGapMs). */
  maxGapMs: number;
  /** Fewest characters of a scan that is not a UiTPAS card (settings.scanner.wedgeMinLength). */
  minLength: number;
  /** Longest pause inside a card scan (settings.scanner.wedgeMaxPauseMs). Default 200. */
  maxPauseMs?: number;
  /** Most pauses inside one card scan. Default 2. */
  maxPauses?: number;
  /** The key the scanner sends after the code; 'none' = the scan ends in silence. Default 'enter'. */
  terminator?: WedgeTerminator;
  /** Characters the scanner is set up to send before / after the code; removed from the scan. */
  prefix?: string;
  suffix?: string;
}

export interface WedgeKey {
  /** KeyboardEvent.key */
  key: string;
  /** Milliseconds, monotonic (KeyboardEvent.timeStamp / performance.now()). */
  time: number;
  /** Whether the key was aimed at a text field (input, textarea, contenteditable). */
  inTextField: boolean;
  /** Where the key was aimed (the adapter's element); handed back untouched on release. */
  target?: unknown;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** KeyboardEvent.repeat: a held-down key, always a person. */
  repeat?: boolean;
}

export interface HeldKey {
  key: string;
  inTextField: boolean;
  target?: unknown;
}

export interface WedgeDecision {
  /** Prevent this key's default and stop it reaching the page. */
  swallow: boolean;
  /** Keys held earlier that turned out to be typing: give them back, in order, before this key. */
  release: HeldKey[];
  /** A complete scan (prefix and suffix removed). */
  scan?: string;
  /** Keys typed after the scan ended: give them back, in order, after handling the scan. */
  releaseAfter?: HeldKey[];
  /**
   * Keys given back earlier that turn out to be the start of this scan (their successors came
   * in late: a busy PC delayed them): take them out of the field again, before the scan.
   */
  retract?: HeldKey[];
}

interface CardWindow {
  start: number;
  length: number;
  value: string;
}

interface Held extends HeldKey {
  time: number;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Fn']);
/** A runaway burst (a stuck key on a test rig) is resolved before it grows without bound. */
const MAX_HELD = 256;
export const DEFAULT_MAX_PAUSE_MS = 200;
export const DEFAULT_MAX_PAUSES = 2;

const TERMINATOR_KEY: Record<WedgeTerminator, string | undefined> = { enter: 'Enter', tab: 'Tab', none: undefined };
const NOTHING: WedgeDecision = { swallow: false, release: [] };

export class WedgeDetector {
  private held: Held[] = [];
  /** A scan settled by silence: its terminator, if it comes in late, is still its own until then. */
  private terminatorOwedUntil = Number.NEGATIVE_INFINITY;
  /** The last keys given back, newest last: a late rest of a scan may still claim them. */
  private recent: Held[] = [];
  /** Whether the fast-gap deadline after the last key has been checked already. */
  private pastFastGap = false;
  private readonly maxPauseMs: number;
  private readonly maxPauses: number;
  private readonly terminatorKey: string | undefined;
  private readonly prefix: string;
  private readonly suffix: string;
  private readonly cardLength: number;

  constructor(private readonly settings: WedgeSettings) {
    this.maxPauseMs = Math.max(settings.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS, settings.maxGapMs);
    this.maxPauses = settings.maxPauses ?? DEFAULT_MAX_PAUSES;
    this.terminatorKey = TERMINATOR_KEY[settings.terminator ?? 'enter'];
    this.prefix = settings.prefix ?? '';
    this.suffix = settings.suffix ?? '';
    this.cardLength = this.prefix.length + CARD_NUMBER_LENGTH + this.suffix.length;
  }

  /** When the caller must call `timeout()` if no key arrives first; undefined when nothing is held. */
  deadline(): number | undefined {
    const last = this.held.at(-1);
    if (!last) return undefined;
    // One past the limit: a silence exactly as long as a fast gap is still a fast gap.
    return last.time + (this.pastFastGap ? this.maxPauseMs : this.settings.maxGapMs) + 1;
  }

  /** No key came until `now`: settle what that silence decides. */
  timeout(now: number): WedgeDecision {
    const last = this.held.at(-1);
    if (!last) return NOTHING;
    const silence = now - last.time;
    if (silence > this.maxPauseMs) return this.settle(undefined);
    if (silence <= this.settings.maxGapMs) return NOTHING;
    this.pastFastGap = true;
    if (this.terminatorKey === undefined) {
      // Without a terminator a complete card typed in one fast run needs no longer wait. One with
      // a pause might be a person's digit plus the first 12 of a scan that happen to pass Luhn:
      // the longest pause settles which 13 keys are the card.
      const end = this.cardWindows(undefined).find((w) => w.start === this.held.length - this.cardLength);
      if (end && this.fastTailStart() === end.start) return this.scanWindow(end, true);
      // A burst that cannot grow into a card is over now; one that still can waits for the pause.
      const start = this.fastTailStart();
      if (this.held.length - start >= this.settings.minLength && !this.couldBeCardFrom(start, silence)) return this.settle(undefined);
    }
    return this.releaseHead(silence);
  }

  feed(ev: WedgeKey): WedgeDecision {
    if (MODIFIERS.has(ev.key)) return NOTHING; // Shift before a capital, etc.
    const last = this.held.at(-1);
    const before = last && ev.time - last.time > this.maxPauseMs ? this.settle(undefined) : NOTHING;

    const human = ev.repeat === true || ev.ctrlKey === true || ev.altKey === true || ev.metaKey === true;
    if (!human && this.terminatorKey !== undefined && ev.key === this.terminatorKey) {
      const end = this.held.at(-1);
      if (!end && before.scan === undefined && ev.time <= this.terminatorOwedUntil) {
        this.terminatorOwedUntil = Number.NEGATIVE_INFINITY;
        return { swallow: true, release: [] };
      }
      const decided = end ? this.settle(ev.time - end.time) : NOTHING;
      if (decided.scan !== undefined) this.terminatorOwedUntil = Number.NEGATIVE_INFINITY;
      // Swallowed only when it ended the scan; after a person's keys it is theirs.
      return merge(before, decided, decided.scan !== undefined && (decided.releaseAfter ?? []).length === 0);
    }
    if (!human && ev.key.length === 1) {
      this.held.push({
        key: ev.key,
        inTextField: ev.inTextField,
        time: ev.time,
        ...definedOnly({ target: ev.target }),
      });
      this.pastFastGap = false;
      if (this.held.length >= MAX_HELD) return merge(before, this.releaseAll(), true);
      // The current key may be among the released ones: it is swallowed here and given back there.
      return merge(before, this.releaseHead(0), true);
    }
    // Backspace, arrows, Escape, shortcuts, auto-repeat: a person is at the keyboard. A complete
    // card held just before still counts (a scanner set to another terminator than configured).
    return merge(before, this.settle(undefined), false);
  }

  /**
   * The held keys are over: a terminator came `terminatorGap` ms after the last one, or
   * (undefined) silence or another key did. A card that ends with the held keys wins, then an
   * earlier card (keys after it were typed), then a plain burst; the rest is released.
   */
  private settle(terminatorGap: number | undefined): WedgeDecision {
    const windows = this.cardWindows(terminatorGap);
    // A terminator marks where the scan ended; silence leaves it to the keys' timing.
    const anchored = terminatorGap !== undefined ? windows.find((w) => w.start === this.held.length - this.cardLength) : undefined;
    const card = anchored ?? this.pick(lastGroup(windows));
    if (card) return this.scanWindow(card, true);
    const late = this.cardWithRecent(terminatorGap);
    if (late) return late;
    const burstEndsHere = terminatorGap !== undefined ? terminatorGap <= this.settings.maxGapMs : this.terminatorKey === undefined;
    if (burstEndsHere) {
      const start = this.fastTailStart();
      // Without a terminator, fewer digits than a card may be a card whose rest is late: the
      // digits go back as typing, where that rest can still claim them (cardWithRecent).
      const partialCard = terminatorGap === undefined && this.fitsCardStart(this.text(start));
      if (!partialCard && this.held.length - start >= this.settings.minLength)
        return this.scanWindow({ start, length: this.held.length - start, value: this.stripAffixes(this.text(start)) }, true);
    }
    return this.releaseAll();
  }

  /**
   * Every run of held keys that is a complete card typed like a scanner: prefix + valid number
   * + suffix, its gaps within the pauses allowed, apart from the keys around it by more than a
   * fast gap (keys right before or after it in the same burst make it part of a longer
   * barcode). `terminatorGap` is the gap after the last held key, when a terminator came.
   */
  private cardWindows(terminatorGap: number | undefined): CardWindow[] {
    const out: CardWindow[] = [];
    const fast = this.settings.maxGapMs;
    const time = (i: number) => (this.held[i] as Held).time;
    for (let start = 0; start + this.cardLength <= this.held.length; start++) {
      const end = start + this.cardLength; // exclusive
      if (start > 0 && time(start) - time(start - 1) <= fast) continue;
      if (end < this.held.length && time(end) - time(end - 1) <= fast) continue;
      const text = this.text(start, end);
      if (!text.startsWith(this.prefix) || !text.endsWith(this.suffix)) continue;
      const digits = text.slice(this.prefix.length, this.prefix.length + CARD_NUMBER_LENGTH);
      if (!isCardNumber(digits)) continue;
      const gaps = this.gapsFrom(start, end);
      if (end === this.held.length && terminatorGap !== undefined) gaps.push(terminatorGap);
      if (this.pausesAllowed(gaps)) out.push({ start, length: this.cardLength, value: digits });
    }
    return out;
  }

  /**
   * Releases the held keys that can no longer belong to a scan, given `silence` ms without a
   * key since the last one (a lower bound on the next gap). A complete card no later keys can
   * still take the place of is a scan now; the keys after it are looked at afresh.
   */
  private releaseHead(silence: number, commit = true): WedgeDecision {
    const windows = this.cardWindows(undefined);
    const group = firstGroup(windows);
    if (commit && group.length > 0) {
      const first = group[0] as CardWindow;
      const end = Math.max(...group.map((w) => w.start + w.length));
      // Settled once no key after it is left to tell (a terminator or silence decides a card at
      // the end) and no longer scan that could still grow shares its keys.
      let open = end === this.held.length;
      for (let s = first.start + 1; s < end && !open; s++) open = this.couldScanFrom(s, silence);
      const best = open ? undefined : this.pick(group);
      if (best) return merge(this.scanWindow(best, false), this.releaseHead(silence, false), false);
    }
    // Keys that continue the last ones given back into a card's start: a late rest of a scan.
    if (this.continuesRecent(silence)) return NOTHING;
    const protect = group[0]?.start ?? this.held.length;
    let start = 0;
    while (start < protect && !this.couldScanFrom(start, silence)) start++;
    if (start === 0) return NOTHING;
    const release = this.held.slice(0, start).map(heldKey);
    this.remember(this.held.slice(0, start));
    this.held = this.held.slice(start);
    return { swallow: false, release };
  }

  /**
   * Of cards that share keys (a digit typed next to a scan can complete another valid number
   * with its first or last 12 digits), the one with the shortest pauses: a scanner pauses less
   * than people type; on a tie the later one.
   */
  private pick(group: CardWindow[]): CardWindow | undefined {
    let best: CardWindow | undefined;
    let bestPause = Number.POSITIVE_INFINITY;
    for (const w of group) {
      const pause = this.gapsFrom(w.start, w.start + w.length)
        .filter((g) => g > this.settings.maxGapMs)
        .reduce((a, b) => a + b, 0);
      if (pause <= bestPause) {
        best = w;
        bestPause = pause;
      }
    }
    return best;
  }

  private couldScanFrom(start: number, silence: number): boolean {
    const gaps = this.gapsFrom(start);
    const fast = this.settings.maxGapMs;
    // A plain burst goes on only while every gap, the open one included, is fast.
    if (gaps.every((g) => g <= fast) && silence <= fast) return true;
    return this.couldBeCardFrom(start, silence);
  }

  /**
   * Whether the keys from `start` fit the start of prefix + digits + suffix, and the gaps so far
   * (with the open one, once it is too long for a fast gap) still fit a card's pauses.
   */
  private couldBeCardFrom(start: number, silence: number): boolean {
    if (!this.fitsCardStart(this.text(start))) return false;
    const gaps = this.gapsFrom(start);
    if (silence > this.settings.maxGapMs) gaps.push(silence);
    return this.pausesAllowed(gaps);
  }

  private fitsCardStart(text: string): boolean {
    if (text.length > this.cardLength) return false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (i < this.prefix.length) {
        if (c !== this.prefix[i]) return false;
      } else if (i < this.prefix.length + CARD_NUMBER_LENGTH) {
        if (c < '0' || c > '9') return false;
      } else if (c !== this.suffix[i - this.prefix.length - CARD_NUMBER_LENGTH]) return false;
    }
    return true;
  }

  private pausesAllowed(gaps: number[]): boolean {
    let pauses = 0;
    let previousSlow = false;
    for (const g of gaps) {
      const slow = g > this.settings.maxGapMs;
      if (slow && (g > this.maxPauseMs || previousSlow || ++pauses > this.maxPauses)) return false;
      previousSlow = slow;
    }
    return true;
  }

  /** Index of the first key of the run at the end in which every gap is fast. */
  private fastTailStart(): number {
    let start = this.held.length - 1;
    while (start > 0 && (this.held[start] as Held).time - (this.held[start - 1] as Held).time <= this.settings.maxGapMs) start--;
    return Math.max(0, start);
  }

  private gapsFrom(start: number, end = this.held.length): number[] {
    const gaps: number[] = [];
    for (let i = start + 1; i < end; i++) gaps.push(Math.max(0, (this.held[i] as Held).time - (this.held[i - 1] as Held).time));
    return gaps;
  }

  private text(start: number, end = this.held.length): string {
    return this.held
      .slice(start, end)
      .map((k) => k.key)
      .join('');
  }

  private stripAffixes(text: string): string {
    let out = text;
    if (this.prefix && out.startsWith(this.prefix)) out = out.slice(this.prefix.length);
    if (this.suffix && out.endsWith(this.suffix)) out = out.slice(0, out.length - this.suffix.length);
    return out;
  }

  /**
   * The window is the scan: the keys before it are released first; the keys after it are
   * released after the scan (`all`) or stay held to be looked at afresh.
   */
  private scanWindow(w: CardWindow, all: boolean): WedgeDecision {
    const release = this.held.slice(0, w.start).map(heldKey);
    const rest = this.held.slice(w.start + w.length);
    this.owe((this.held[w.start + w.length - 1] as Held).time);
    this.held = all ? [] : rest;
    this.recent = [];
    const out: WedgeDecision = { swallow: false, release, scan: w.value };
    if (all && rest.length > 0) {
      out.releaseAfter = rest.map(heldKey);
      this.remember(rest);
    }
    return out;
  }

  private releaseAll(): WedgeDecision {
    const release = this.held.map(heldKey);
    this.remember(this.held);
    this.held = [];
    return { swallow: false, release };
  }

  /** The terminator of a scan that ended without it may still come, pressed within a pause. */
  private owe(lastKeyTime: number): void {
    this.terminatorOwedUntil = this.terminatorKey === undefined ? Number.NEGATIVE_INFINITY : lastKeyTime + this.maxPauseMs;
  }

  private continuesRecent(silence: number): boolean {
    const first = this.held[0];
    if (!first || this.recent.length === 0) return false;
    for (let take = 1; take <= this.recent.length && take + this.held.length <= this.cardLength; take++) {
      const keys = [...this.recent.slice(-take), ...this.held];
      if (!this.fitsCardStart(keys.map((k) => k.key).join(''))) continue;
      const gaps = keys.slice(1).map((k, i) => Math.max(0, k.time - (keys[i] as Held).time));
      if (silence > this.settings.maxGapMs) gaps.push(silence);
      if (this.pausesAllowed(gaps)) return true;
    }
    return false;
  }

  private remember(keys: Held[]): void {
    this.recent = [...this.recent, ...keys].slice(-this.cardLength);
  }

  /**
   * A card made of the last keys given back and all the held ones, ending with the held ones
   * (keys of one scan that came in so late that the first ones had been given back as typing).
   */
  private cardWithRecent(terminatorGap: number | undefined): WedgeDecision | undefined {
    const first = this.held[0];
    if (!first || this.recent.length === 0 || this.held.length >= this.cardLength) return undefined;
    const take = this.cardLength - this.held.length;
    if (take > this.recent.length) return undefined;
    const claimed = this.recent.slice(-take);
    const before = this.recent.at(-take - 1);
    const keys = [...claimed, ...this.held];
    const time = (i: number) => (keys[i] as Held).time;
    if (before && (claimed[0] as Held).time - before.time <= this.settings.maxGapMs) return undefined;
    const text = keys.map((k) => k.key).join('');
    if (!text.startsWith(this.prefix) || !text.endsWith(this.suffix)) return undefined;
    const digits = text.slice(this.prefix.length, this.prefix.length + CARD_NUMBER_LENGTH);
    if (!isCardNumber(digits)) return undefined;
    const gaps = keys.slice(1).map((_, i) => Math.max(0, time(i + 1) - time(i)));
    if (terminatorGap !== undefined) gaps.push(terminatorGap);
    if (!this.pausesAllowed(gaps)) return undefined;
    this.owe((this.held.at(-1) as Held).time);
    this.held = [];
    this.recent = [];
    return { swallow: false, release: [], scan: digits, retract: claimed.map(heldKey) };
  }
}

/** The first run of windows that overlap one another (windows come sorted by start). */
function firstGroup(windows: CardWindow[]): CardWindow[] {
  const group: CardWindow[] = [];
  for (const w of windows) {
    if (group.length > 0 && w.start >= Math.max(...group.map((g) => g.start + g.length))) break;
    group.push(w);
  }
  return group;
}

function lastGroup(windows: CardWindow[]): CardWindow[] {
  let rest = windows;
  let group = firstGroup(rest);
  while (group.length > 0 && group.length < rest.length) {
    rest = rest.slice(group.length);
    group = firstGroup(rest);
  }
  return group;
}

function isCardNumber(digits: string): boolean {
  return /^\d{13}$/.test(digits) && (digits[11] === '0' || digits[11] === '1') && luhnValid(digits);
}

function heldKey(k: Held): HeldKey {
  return { key: k.key, inTextField: k.inTextField, ...definedOnly({ target: k.target }) };
}

function merge(a: WedgeDecision, b: WedgeDecision, swallow: boolean): WedgeDecision {
  // Two scans in one decision cannot happen: a scan empties what is held or keeps only the keys after it.
  const out: WedgeDecision = { swallow, release: [...a.release, ...(a.scan !== undefined ? [] : b.release)] };
  const scan = a.scan ?? b.scan;
  if (scan !== undefined) out.scan = scan;
  const after = a.scan !== undefined ? [...(a.releaseAfter ?? []), ...b.release, ...(b.releaseAfter ?? [])] : (b.releaseAfter ?? []);
  if (after.length > 0) out.releaseAfter = after;
  const retract = a.retract ?? b.retract;
  if (retract) out.retract = retract;
  return out;
}

/** The wedge part of the contract's settings.scanner, as attachWedge takes it. */
export function wedgeSettingsFrom(scanner: {
  wedgeEnabled: boolean;
  wedgeMaxGapMs: number;
  wedgeMinLength: number;
  wedgeMaxPauseMs: number;
  wedgeTerminator: WedgeTerminator;
  wedgePrefix: string;
  wedgeSuffix: string;
}): WedgeSettings & { enabled: boolean } {
  return {
    enabled: scanner.wedgeEnabled,
    maxGapMs: scanner.wedgeMaxGapMs,
    minLength: scanner.wedgeMinLength,
    maxPauseMs: scanner.wedgeMaxPauseMs,
    terminator: scanner.wedgeTerminator,
    prefix: scanner.wedgePrefix,
    suffix: scanner.wedgeSuffix,
  };
}
