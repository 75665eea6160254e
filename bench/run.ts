/**
 * `npm run bench [-- name ...]`: runs bench/*.bench.ts (or the named ones) and prints one table.
 * Each module runs in a fresh child process, so one module's heap, JIT state and open handles do
 * not leak into the next one's memory and timing rows (a peak-RSS row must be that module's own).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderTable, type BenchModule, type BenchRow } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROWS_MARKER = 'LOKET_BENCH_ROWS ';

/** Child mode: run one module and hand its rows to the parent on stdout. */
async function runOne(file: string): Promise<void> {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  const rows = await mod.run();
  process.stdout.write(`${ROWS_MARKER}${JSON.stringify(rows)}\n`);
}

function runInChild(file: string): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--one', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(ROWS_MARKER));
      if (code !== 0 || !line) return reject(new Error(`bench ${file} failed (exit ${code})`));
      resolve(JSON.parse(line.slice(ROWS_MARKER.length)) as BenchRow[]);
    });
  });
}

const args = process.argv.slice(2);
if (args[0] === '--one' && args[1]) {
  await runOne(args[1]);
} else {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => args.length === 0 || args.some((o) => f.startsWith(o)))
    .sort();
  const rows: BenchRow[] = [];
  for (const file of files) {
    process.stderr.write(`bench: ${file}…\n`);
    rows.push(...(await runInChild(file)));
  }
  console.log(renderTable(rows));
  // Targets are reported in the table, not enforced: timings vary with the machine.
}
