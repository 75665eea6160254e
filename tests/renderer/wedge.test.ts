import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeDecision, type WedgeKey } from '../../renderer/src/scanner/wedge.js';

const settings = { maxGapMs: 40, minLength: 8 };
const CARD = '0930000420206';

/** Feeds keys at the given gaps (ms) and collects what the page would see and what is scanned. */
function run(keys: string[], gaps: number | number[], opts: { inTextField?: boolean; detector?: WedgeDetector; extra?: Partial<WedgeKey> } = {}) {
  const d = opts.detector ?? new WedgeDetector(settings);
  const seen: string[] = []; // keys that reached the page, in order (passed through or released)
  const scans: string[] = [];
  let time = 1000;
  const apply = (dec: WedgeDecision, key?: string) => {
    seen.push(...dec.release.map((k) => k.key));
    if (key !== undefined && !dec.swallow) seen.push(key);
    if (dec.scan !== undefined) scans.push(dec.scan);
  };
  keys.forEach((key, i) => {
    if (i > 0) time += Array.isArray(gaps) ? (gaps[i - 1] ?? 0) : gaps;
    const deadline = d.deadline();
    if (deadline !== undefined && time > deadline) apply(d.timeout(deadline + 1)); // the adapter's timer fired first
    apply(d.feed({ key, time, inTextField: opts.inTextField ?? true, ...opts.extra }), key);
  });
  const deadline = d.deadline();
  if (deadline !== undefined) apply(d.timeout(deadline + 1));
  return { seen, scans };
}

const chars = (s: string) => [...s];

describe('WedgeDetector', () => {
  it('recognises a scanner burst ended by Enter and swallows every key of it', () => {
    expect(run([...chars(CARD), 'Enter'], 8)).toEqual({ seen: [], scans: [CARD] });
    expect(run([...chars(CARD), 'Tab'], 3, { inTextField: false })).toEqual({ seen: [], scans: [CARD] });
  });

  it('recognises a burst without suffix once the scanner goes quiet', () => {
    expect(run(chars(CARD), 10)).toEqual({ seen: [], scans: [CARD] });
    const strict = new WedgeDetector({ ...settings, scanWithoutSuffix: false });
    expect(run(chars(CARD), 10, { detector: strict })).toEqual({ seen: chars(CARD), scans: [] });
  });

  it('never takes human typing for a scan and loses none of it', () => {
    // 120 ms between keys, then Enter: a person typing a card number in a field.
    expect(run([...chars(CARD), 'Enter'], 120)).toEqual({ seen: [...chars(CARD), 'Enter'], scans: [] });
    // A fast typist with two keys 20 ms apart (rollover) now and then.
    const gaps = [20, 110, 25, 130, 90, 15, 140, 100, 30, 120, 95, 100, 80];
    expect(run([...chars('Jan Peeters 2'), 'Enter'], gaps)).toEqual({ seen: [...chars('Jan Peeters 2'), 'Enter'], scans: [] });
  });

  it('gives back a short fast burst (too short to be a card) before Enter', () => {
    expect(run(['1', '2', '3', 'Enter'], 5)).toEqual({ seen: ['1', '2', '3', 'Enter'], scans: [] });
  });

  it('treats a burst broken by a pause as typing', () => {
    // 6 fast keys, a 300 ms pause, 7 fast keys + Enter: neither part is a full scan on its own... the
    // second part is 7 < 8 keys, so everything is given back in order.
    const keys = [...chars('093000'), ...chars('0420206'), 'Enter'];
    const gaps = [5, 5, 5, 5, 5, 300, 5, 5, 5, 5, 5, 5, 5];
    expect(run(keys, gaps)).toEqual({ seen: keys, scans: [] });
  });

  it('lets modifiers through without breaking a burst (scanners press Shift for capitals)', () => {
    const d = new WedgeDetector(settings);
    const keys = ['Shift', 'U', 'Shift', 'I', 'T', 'P', 'A', 'S', '1', '2', 'Enter'];
    const out = run(keys, 4, { detector: d });
    expect(out.scans).toEqual(['UITPAS12']);
    expect(out.seen).toEqual(['Shift', 'Shift']);
  });

  it('hands held keys back before Backspace, arrows, shortcuts and auto-repeat', () => {
    expect(run(['a', 'b', 'Backspace'], 5)).toEqual({ seen: ['a', 'b', 'Backspace'], scans: [] });
    expect(run(['a', 'ArrowLeft'], 5)).toEqual({ seen: ['a', 'ArrowLeft'], scans: [] });
    const d = new WedgeDetector(settings);
    const held = d.feed({ key: 'x', time: 0, inTextField: true });
    expect(held.swallow).toBe(true);
    const ctrlV = d.feed({ key: 'v', time: 5, inTextField: true, ctrlKey: true });
    expect(ctrlV).toEqual({ swallow: false, release: [{ key: 'x', inTextField: true }] });
    // Holding a key down repeats it every ~30 ms: that is a person, never a scan.
    expect(run(chars('aaaaaaaaaaaa'), 30, { extra: { repeat: true } })).toEqual({ seen: chars('aaaaaaaaaaaa'), scans: [] });
  });

  it('separates two scans that follow each other closely', () => {
    const keys = [...chars(CARD), 'Enter', ...chars('0930000123455'), 'Enter'];
    expect(run(keys, 6).scans).toEqual([CARD, '0930000123455']);
    // Without suffix, split by a pause longer than the gap.
    const gaps = [...new Array<number>(12).fill(6), 200, ...new Array<number>(12).fill(6)];
    expect(run([...chars(CARD), ...chars('0930000123455')], gaps).scans).toEqual([CARD, '0930000123455']);
  });

  it('resolves a runaway burst instead of holding keys forever', () => {
    const out = run(chars('z'.repeat(300)), 1, { extra: {} });
    expect(out.seen.length + out.scans.join('').length).toBe(300);
  });

  it('reports when it needs a timeout call', () => {
    const d = new WedgeDetector(settings);
    expect(d.deadline()).toBeUndefined();
    d.feed({ key: '1', time: 100, inTextField: false });
    expect(d.deadline()).toBe(140);
    expect(d.timeout(120)).toEqual({ swallow: false, release: [] });
    expect(d.timeout(141).release).toEqual([{ key: '1', inTextField: false }]);
    expect(d.deadline()).toBeUndefined();
  });
});

describe('wedgeSettingsFrom', () => {
  it('maps the contract settings (defaults: 40 ms, 8 keys, on)', async () => {
    const { defaultSettings } = await import('../../contract/settings.js');
    const { wedgeSettingsFrom } = await import('../../renderer/src/scanner/wedge.js');
    expect(wedgeSettingsFrom(defaultSettings().scanner)).toEqual({ enabled: true, maxGapMs: 40, minLength: 8 });
  });
});
