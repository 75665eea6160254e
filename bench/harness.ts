/**
 * Benchmark harness: every `bench/*.bench.ts` exports `run()` returning rows; `npm run bench`
 * prints them as one table. Targets are printed beside the measurement, never asserted in tests.
 */
export interface BenchRow {
  /** Which issue/capability the row belongs to, e.g. 'uitpas', 'sales', 'printer'. */
  group: string;
  name: string;
  value: number;
  unit: string;
  /** The floor measured in the same run (e.g. a bare HTTP request), when there is one. */
  baseline?: { name: string; value: number; unit: string };
  /** Human-readable target, e.g. '< 1 ms'. */
  target?: string;
  /** Whether the target was met; undefined when there is no target. */
  pass?: boolean;
  note?: string;
}

export type BenchModule = { run(): Promise<BenchRow[]> };

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

/**
 * Per-call time in µs of a synchronous `fn`: one warm-up batch, then `batches` batches of
 * `perBatch` calls, each batch timed as a whole (a single call is too short for the clock).
 * Sorted ascending, ready for `percentile`.
 */
export function timeBatches(perBatch: number, batches: number, fn: () => void): number[] {
  for (let i = 0; i < perBatch; i++) fn();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / perBatch);
  }
  return samples.sort((a, b) => a - b);
}

/** Time in µs of each of `rounds` sequential awaited calls (`fn(i)`, no warm-up); sorted ascending. */
export async function timeEachAsync(rounds: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return samples.sort((a, b) => a - b);
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(3);
}

export function renderTable(rows: BenchRow[]): string {
  const header = ['group', 'measure', 'value', 'baseline (same run)', 'target', 'ok'];
  const body = rows.map((r) => [
    r.group,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}` : '',
    r.target ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...body.map(line)].join('\n');
}
