/** The timers a simulator sets for itself (stalls, late commits, refusals): close() clears them all. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.pending.delete(t);
      fn();
    }, ms);
    this.pending.add(t);
  }

  sleep(ms: number): Promise<void> {
    return new Promise<void>((r) => this.later(ms, r));
  }

  clear(): void {
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
