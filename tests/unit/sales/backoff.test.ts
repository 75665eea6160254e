import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../main/sales/backoff.js';

const opts = { baseMs: 1000, maxMs: 60_000 };

describe('backoffDelay', () => {
  it('is zero before any failure', () => {
    expect(backoffDelay(0, () => 0.5, opts)).toBe(0);
  });

  it('doubles per failure between half and the full step', () => {
    expect(backoffDelay(1, () => 0, opts)).toBe(500);
    expect(backoffDelay(1, () => 1, opts)).toBe(1000);
    expect(backoffDelay(2, () => 0, opts)).toBe(1000);
    expect(backoffDelay(3, () => 1, opts)).toBe(4000);
    expect(backoffDelay(4, () => 0.5, opts)).toBe(6000);
  });

  it('is capped and never overflows for many failures', () => {
    expect(backoffDelay(7, () => 1, opts)).toBe(60_000);
    expect(backoffDelay(10_000, () => 1, opts)).toBe(60_000);
    expect(backoffDelay(10_000, () => 0, opts)).toBe(30_000);
  });

  it('clamps a random source outside [0,1]', () => {
    expect(backoffDelay(1, () => 5, opts)).toBe(1000);
    expect(backoffDelay(1, () => -1, opts)).toBe(500);
  });

  it('spreads retries with jitter', () => {
    const seen = new Set([0.1, 0.4, 0.7, 0.9].map((r) => backoffDelay(5, () => r, opts)));
    expect(seen.size).toBe(4);
  });
});
