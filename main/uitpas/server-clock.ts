/**
 * What UiTPAS's clock says compared with this PC's, learnt from the `Date` header every reply
 * carries. Reconciliation compares a ticket sale's `creationDate` (UiTPAS's clock) with the moment
 * Loket sent the buy (this PC's clock); a counter PC whose clock is minutes off must not turn that
 * comparison into a guess. Pure: the transport feeds it samples.
 *
 * A reply generated at UiTPAS time T (with T in [D, D + 1 s) for a header D, which has second
 * resolution) was received between the moment the request was sent and the moment the answer
 * arrived. So the offset (UiTPAS time minus ours) lies in (D - received, D + 1 s - sent). The
 * estimate is the intersection of those intervals over recent samples: each reply can only narrow
 * it. When a clock is stepped (NTP, the user) the intersection becomes empty and the estimate
 * starts again from the newest sample.
 */
export interface ClockOffset {
  /** UiTPAS time minus this PC's time, at least this much (ms). */
  lowMs: number;
  /** … and at most this much. */
  highMs: number;
}

export interface ClockSample extends ClockOffset {
  atMs: number;
}

/** Samples older than this no longer narrow the estimate (clocks drift). */
export const SAMPLE_LIFETIME_MS = 15 * 60_000;
const MAX_SAMPLES = 64;
const DATE_RESOLUTION_MS = 1_000;

/** Bounds on the offset from one reply; undefined when the header is missing or unreadable. */
export function sampleFrom(dateHeader: string | undefined, sentMs: number, receivedMs: number): ClockSample | undefined {
  if (!dateHeader) return undefined;
  const serverMs = Date.parse(dateHeader);
  if (Number.isNaN(serverMs) || receivedMs < sentMs) return undefined;
  return { lowMs: serverMs - receivedMs, highMs: serverMs + DATE_RESOLUTION_MS - sentMs, atMs: receivedMs };
}

export class ServerClock {
  private samples: ClockSample[] = [];
  private current: ClockOffset | undefined;

  observe(sample: ClockSample | undefined): void {
    if (!sample) return;
    this.samples.push(sample);
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
    this.recompute(sample.atMs);
  }

  /** The estimate, or undefined before the first reply. */
  offset(): ClockOffset | undefined {
    return this.current;
  }

  private recompute(nowMs: number): void {
    this.samples = this.samples.filter((s) => nowMs - s.atMs <= SAMPLE_LIFETIME_MS);
    let low = -Infinity;
    let high = Infinity;
    // Newest first: when an older sample contradicts the newer ones, a clock was stepped in
    // between and everything before that sample is forgotten.
    for (let i = this.samples.length - 1; i >= 0; i--) {
      const s = this.samples[i]!;
      const nextLow = Math.max(low, s.lowMs);
      const nextHigh = Math.min(high, s.highMs);
      if (nextLow > nextHigh) {
        this.samples = this.samples.slice(i + 1);
        break;
      }
      low = nextLow;
      high = nextHigh;
    }
    this.current = Number.isFinite(low) && Number.isFinite(high) ? { lowMs: low, highMs: high } : undefined;
  }
}
