import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeDecision, type WedgeKey } from '../../renderer/src/lib/scanner/wedge.js';

const settings = { maxGapMs: 40, minLength: 8 };
const CARD = '0930000420206';

/** Feeds keys at the given gaps (ms) and collects what the page would see and what is scanned. */
function run(
  keys: string[],
  gaps: number | number[],
  opts: { inTextField?: boolean; detector?: WedgeDetector; extra?: Partial<WedgeKey> } = {},
) {
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
    for (let dl = d.deadline(); dl !== undefined && dl <= time; dl = d.deadline()) apply(d.timeout(dl)); // the adapter's timer fired first
    apply(d.feed({ key, time, inTextField: opts.inTextField ?? true, ...opts.extra }), key);
  });
  for (let dl = d.deadline(); dl !== undefined; dl = d.deadline()) apply(d.timeout(dl));
  return { seen, scans };
}

const chars = (s: string) => [...s];

describe('WedgeDetector', () => {
  it('recognises a scanner burst ended by the terminator and swallows every key of it', () => {
    expect(run([...chars(CARD), 'Enter'], 8)).toEqual({ seen: [], scans: [CARD] });
    const tab = new WedgeDetector({ ...settings, terminator: 'tab' });
    expect(run([...chars(CARD), 'Tab'], 3, { inTextField: false, detector: tab })).toEqual({ seen: [], scans: [CARD] });
  });

  it('keeps a card scan whole across a pause of up to 150 ms, also right after the first digit (issue 13)', () => {
    const keys = [...chars('0940000000114'), 'Enter'];
    for (const at of [0, 1, 6, 11, 12]) {
      const gaps = new Array<number>(13).fill(12);
      gaps[at] = 150;
      expect(run(keys, gaps), `pause after key ${at + 1}`).toEqual({ seen: [], scans: ['0940000000114'] });
    }
    // Two pauses, apart from each other.
    const two = new Array<number>(13).fill(12);
    two[2] = 90;
    two[8] = 120;
    expect(run(keys, two)).toEqual({ seen: [], scans: ['0940000000114'] });
  });

  it('lets no pause into a scan that is not a valid card: that is typing', () => {
    const keys = [...chars('0940000000115'), 'Enter']; // check digit wrong
    const gaps = new Array<number>(13).fill(12);
    gaps[0] = 100;
    // The head is typing; the fast tail of 12 keys is a burst (a barcode that is no card).
    expect(run(keys, gaps)).toEqual({ seen: ['0'], scans: ['940000000115'] });
    // Two pauses in a row, a key alone between them: a person.
    const lonely = new Array<number>(13).fill(12);
    lonely[3] = 100;
    lonely[4] = 100;
    expect(run([...chars(CARD), 'Enter'], lonely).scans).not.toEqual([CARD]);
  });

  it('recognises a card without terminator once the scanner goes quiet; a plain burst only when set to none', () => {
    expect(run(chars(CARD), 10)).toEqual({ seen: [], scans: [CARD] });
    expect(run(chars('UITPAS12345'), 10)).toEqual({ seen: chars('UITPAS12345'), scans: [] });
    const none = new WedgeDetector({ ...settings, terminator: 'none' });
    expect(run(chars('UITPAS12345'), 10, { detector: none })).toEqual({ seen: [], scans: ['UITPAS12345'] });
  });

  it('removes the prefix and suffix the scanner is programmed to send', () => {
    const d = new WedgeDetector({ ...settings, prefix: ']C0', suffix: '#' });
    const gaps = new Array<number>(17).fill(9);
    gaps[5] = 140;
    expect(run([...chars(`]C0${CARD}#`), 'Enter'], gaps, { detector: d })).toEqual({ seen: [], scans: [CARD] });
  });

  it('never takes human typing for a scan and loses none of it', () => {
    // 120 ms between keys, then Enter: a person typing a (valid) card number in a field.
    expect(run([...chars(CARD), 'Enter'], 120)).toEqual({ seen: [...chars(CARD), 'Enter'], scans: [] });
    // A fast typist with two keys 20 ms apart (rollover) now and then.
    const gaps = [20, 110, 25, 130, 90, 15, 140, 100, 30, 120, 95, 100, 80];
    expect(run([...chars('Jan Peeters 2'), 'Enter'], gaps)).toEqual({ seen: [...chars('Jan Peeters 2'), 'Enter'], scans: [] });
  });

  it('gives back a short fast burst (too short to be a scan) before Enter', () => {
    expect(run(['1', '2', '3', 'Enter'], 5)).toEqual({ seen: ['1', '2', '3', 'Enter'], scans: [] });
  });

  it('treats a burst broken by a pause longer than the longest pause as two parts', () => {
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

  it('gives each released key back with the target it was aimed at', () => {
    const d = new WedgeDetector(settings);
    const field = { id: 'search' };
    d.feed({ key: '7', time: 0, inTextField: true, target: field });
    expect(d.timeout(300)).toEqual({ swallow: false, release: [{ key: '7', inTextField: true, target: field }] });
  });

  it('separates two scans that follow each other closely', () => {
    const keys = [...chars(CARD), 'Enter', ...chars('0940000000114'), 'Enter'];
    expect(run(keys, 6).scans).toEqual([CARD, '0940000000114']);
    // Without terminator, split by a pause longer than the longest pause.
    const gaps = [...new Array<number>(12).fill(6), 250, ...new Array<number>(12).fill(6)];
    expect(run([...chars(CARD), ...chars('0940000000114')], gaps).scans).toEqual([CARD, '0940000000114']);
  });

  it('does not take the last 13 digits of a longer fast barcode for a card', () => {
    const long = `1234567${CARD}`;
    expect(run([...chars(long), 'Enter'], 5).scans).toEqual([long]);
  });

  it('resolves a runaway burst instead of holding keys forever', () => {
    const out = run(chars('z'.repeat(300)), 1, { extra: {} });
    expect(out.seen.length + out.scans.join('').length).toBe(300);
  });

  it('reports when it needs a timeout call: after a fast gap, then after the longest pause', () => {
    const d = new WedgeDetector(settings);
    expect(d.deadline()).toBeUndefined();
    d.feed({ key: '1', time: 100, inTextField: false });
    expect(d.deadline()).toBe(141);
    expect(d.timeout(120)).toEqual({ swallow: false, release: [] });
    // A digit may start a card that paused: held until the longest pause is over.
    expect(d.timeout(141)).toEqual({ swallow: false, release: [] });
    expect(d.deadline()).toBe(301);
    expect(d.timeout(301).release).toEqual([{ key: '1', inTextField: false }]);
    expect(d.deadline()).toBeUndefined();
    // A letter cannot start a card: released once the fast gap is over.
    d.feed({ key: 'a', time: 1000, inTextField: false });
    expect(d.timeout(1041).release).toEqual([{ key: 'a', inTextField: false }]);
  });
});

describe('wedgeSettingsFrom', () => {
  it('maps the contract settings (defaults: 40 ms, 8 keys, 200 ms pauses, Enter, no affixes, on)', async () => {
    const { defaultSettings } = await import('../../contract/settings.js');
    const { wedgeSettingsFrom } = await import('../../renderer/src/lib/scanner/wedge.js');
    expect(wedgeSettingsFrom(defaultSettings().scanner)).toEqual({
      enabled: true,
      maxGapMs: 40,
      minLength: 8,
      maxPauseMs: 200,
      terminator: 'enter',
      prefix: '',
      suffix: '',
    });
  });
});
