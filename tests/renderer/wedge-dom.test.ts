// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachWedge, isTextField, type AttachedWedge } from '../../renderer/src/lib/scanner/attach-wedge.js';

const CARD = '0930000420206';
let clock = 0;
let wedge: AttachedWedge | undefined;
let scans: string[];
let pageKeys: string[];

beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
  scans = [];
  pageKeys = [];
  document.body.innerHTML = '<input id="search" type="text"><button id="sell">Verkopen</button>';
  // What the app's own handlers see (bubble phase on the document).
  document.addEventListener('keydown', onPageKey);
  wedge = attachWedge(window, { maxGapMs: 40, minLength: 8 }, (v) => scans.push(v), { now: () => clock });
});
afterEach(() => {
  wedge?.detach();
  document.removeEventListener('keydown', onPageKey);
  vi.useRealTimers();
});
function onPageKey(ev: KeyboardEvent) {
  pageKeys.push(ev.key);
}

/** Lets `ms` pass, one millisecond at a time so timers fire when due (the adapter notices late timers). */
function pass(ms: number) {
  for (let i = 0; i < ms; i++) {
    clock += 1;
    vi.advanceTimersByTime(1);
  }
}

/** Types keys into the focused element `gap` ms apart (or the gaps given), letting timers run as time passes. */
function type(keys: string[], gap: number | number[]) {
  keys.forEach((key, i) => {
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    pass(Array.isArray(gap) ? (gap[i] ?? 0) : gap);
  });
  pass(300);
}

const input = () => document.getElementById('search') as HTMLInputElement;

describe('attachWedge', () => {
  it('routes a scan to the handler even with a text field focused; the field gets nothing', () => {
    input().focus();
    type([...CARD, 'Enter'], 5);
    expect(scans).toEqual([CARD]);
    expect(input().value).toBe('');
    expect(pageKeys).toEqual([]);
  });

  it('routes a scan with no field focused, and Enter does not reach the page (no accidental sale)', () => {
    (document.getElementById('sell') as HTMLButtonElement).focus();
    type([...CARD, 'Enter'], 5);
    expect(scans).toEqual([CARD]);
    expect(pageKeys).toEqual([]);
  });

  it('keeps a scan with a 150 ms pause after its first digit whole, and the field empty (issue 13)', () => {
    input().focus();
    const gaps = new Array<number>(14).fill(8);
    gaps[0] = 150;
    type([...CARD, 'Enter'], gaps);
    expect(scans).toEqual([CARD]);
    expect(input().value).toBe('');
    expect(pageKeys).toEqual([]);
  });

  it('gives typed keys back to the field they were typed into, even when the focus moved on', () => {
    input().focus();
    document.getElementById('search')!.dispatchEvent(new KeyboardEvent('keydown', { key: '4', bubbles: true, cancelable: true }));
    (document.getElementById('sell') as HTMLButtonElement).focus();
    pass(300);
    expect(input().value).toBe('4');
    expect(pageKeys).toEqual([]);
  });

  it('waits for keys still queued when its timer fires late (a busy page)', () => {
    input().focus();
    for (const key of CARD.slice(0, 5)) {
      input().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      pass(5);
    }
    // The page is busy for 300 ms: then the pending timer runs, 250 ms late.
    clock += 300;
    vi.advanceTimersToNextTimer();
    // The rest of the scan was pressed during the busy spell and comes in now, stamped with when
    // it was pressed (as browsers do).
    [...CARD.slice(5), 'Enter'].forEach((key, i) => {
      const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'timeStamp', { value: 30 + i * 5 });
      input().dispatchEvent(ev);
      pass(1);
    });
    pass(300);
    expect(scans).toEqual([CARD]);
    expect(input().value).toBe('');
  });

  it('gives human typing back to the field, in order, and never scans it', () => {
    input().focus();
    input().value = 'Jan ';
    input().setSelectionRange(4, 4);
    type([...'Peeters'], 150);
    expect(input().value).toBe('Jan Peeters');
    type([...CARD], 120);
    expect(input().value).toBe(`Jan Peeters${CARD}`);
    expect(scans).toEqual([]);
  });

  it('fires input events for given-back text (so React onChange sees it)', () => {
    const seen: string[] = [];
    input().addEventListener('input', () => seen.push(input().value));
    input().focus();
    type(['4', '2'], 150);
    expect(seen).toEqual(['4', '42']);
  });

  it('replays typed keys outside fields so page shortcuts still work', () => {
    (document.getElementById('sell') as HTMLButtonElement).focus();
    type(['2'], 150);
    expect(pageKeys).toEqual(['2']);
    type(['Escape'], 150);
    expect(pageKeys).toEqual(['2', 'Escape']);
  });

  it('does nothing when disabled, and detaches cleanly', () => {
    wedge?.detach();
    wedge = attachWedge(window, { maxGapMs: 40, minLength: 8, enabled: false }, (v) => scans.push(v), { now: () => clock });
    type([...CARD, 'Enter'], 5);
    expect(scans).toEqual([]);
    expect(pageKeys).toEqual([...CARD, 'Enter']);
  });
});

describe('isTextField', () => {
  it('knows text fields from other elements', () => {
    document.body.innerHTML =
      '<input id="a"><input id="b" type="checkbox"><textarea id="c"></textarea><input id="d" readonly><div id="e"></div>';
    const el = (id: string) => document.getElementById(id);
    expect([isTextField(el('a')), isTextField(el('b')), isTextField(el('c')), isTextField(el('d')), isTextField(el('e'))]).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
    expect(isTextField(null)).toBe(false);
  });
});
