/**
 * Keys typed through Chromium's own input pipeline (CDP Input.dispatchKeyEvent, as a keyboard
 * would: keydown, the character, keyup, default actions) at a planned rhythm. Each key is sent
 * when its time comes and carries that time as its timestamp, as the OS stamps a real key: so
 * the page sees the planned gaps even when CDP or a busy page delays delivery — exactly what a
 * scanner's keys look like to a page whose main thread was busy.
 */
import type { CDPSession, Page } from '@playwright/test';

export interface PlannedKey {
  key: string;
  /** Milliseconds after the start of the sequence. */
  at: number;
}

const VK: Record<string, number> = { Enter: 13, Tab: 9, Backspace: 8, Escape: 27 };

function keyParams(key: string): Record<string, unknown> {
  if (key.length === 1) {
    const upper = key.toUpperCase();
    const code = /[0-9]/.test(key) ? `Digit${key}` : /[a-z]/i.test(key) ? `Key${upper}` : '';
    return { key, text: key, unmodifiedText: key, code, windowsVirtualKeyCode: upper.charCodeAt(0) };
  }
  return { key, code: key, windowsVirtualKeyCode: VK[key] ?? 0, ...(key === 'Enter' ? { text: '\r', unmodifiedText: '\r' } : {}) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Types `keys` at their planned times. Sends do not wait for the page's acknowledgement, so a
 * busy page queues them as it would a real keyboard's.
 */
export async function typePlanned(page: Page, keys: PlannedKey[], session?: CDPSession): Promise<void> {
  const cdp = session ?? (await page.context().newCDPSession(page));
  const start = Date.now();
  const sent: Array<Promise<unknown>> = [];
  for (const k of keys) {
    const due = start + k.at;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const timestamp = due / 1000;
    const p = keyParams(k.key);
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', timestamp, ...p } as never));
    sent.push(
      cdp.send('Input.dispatchKeyEvent', {
        type: 'keyUp',
        timestamp: timestamp + 0.002,
        key: p.key,
        code: p.code,
        windowsVirtualKeyCode: p.windowsVirtualKeyCode,
      } as never),
    );
  }
  await Promise.all(sent);
  if (!session) await cdp.detach();
}

/** A scanner's rhythm for `text` + terminator: `pace` ms per key with jitter, and pauses where asked. */
export function scannerPlan(
  text: string,
  opts: { pace?: number; pauses?: Record<number, number>; terminator?: string; seed?: number } = {},
): PlannedKey[] {
  const keys = [...text, ...(opts.terminator === '' ? [] : [opts.terminator ?? 'Enter'])];
  let seed = opts.seed ?? 1;
  const rand = () => {
    // A tiny LCG: the same jitter on every run.
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  let at = 0;
  return keys.map((key, i) => {
    if (i > 0) at += opts.pauses?.[i - 1] ?? Math.max(0, (opts.pace ?? 15) + Math.round(rand() * 15 - 5));
    return { key, at };
  });
}

/** A person's rhythm: one key every 80–250 ms. */
export function personPlan(text: string[], seed = 7): PlannedKey[] {
  let s = seed;
  let at = 0;
  return text.map((key, i) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    if (i > 0) at += 80 + Math.round((s / 2147483648) * 170);
    return { key, at };
  });
}

/** Keeps the page's main thread busy for `ms`, starting on its next task. */
export async function busyPage(page: Page, ms: number): Promise<void> {
  await page.evaluate((busy) => {
    setTimeout(() => {
      const end = performance.now() + busy;
      while (performance.now() < end) {
        // spin: a long task, as a heavy render or a slow extension would cause
      }
    }, 0);
  }, ms);
}
