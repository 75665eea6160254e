/** Helpers for asserting a sale's path through the outbox states. */

/**
 * The path with repeated searches (unknown → reconciling, again and again, while Loket waits for
 * the late-commit horizon) shown once: how many searches it took depends on timing, the order of
 * states does not.
 */
export function searchesOnce<T extends string>(states: readonly T[]): T[] {
  const out: T[] = [];
  for (const st of states) {
    const n = out.length;
    if (st === 'unknown' && out[n - 1] === 'reconciling' && out[n - 2] === 'unknown') {
      out.pop();
      continue;
    }
    out.push(st);
  }
  return out;
}
