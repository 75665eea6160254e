/** `npm run bench [-- name ...]`: runs bench/*.bench.ts (or the named ones) and prints one table. */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderTable, type BenchModule, type BenchRow } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const rows: BenchRow[] = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}…\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  rows.push(...(await mod.run()));
}
console.log(renderTable(rows));
// Targets are reported in the table, not enforced: timings vary with the machine.
