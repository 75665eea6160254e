/**
 * Where the Electron app keeps its log and how the files rotate. The folder sits in the data
 * folder (Windows: %APPDATA%\Loket\logs, Linux: ~/.config/Loket/logs, macOS: ~/Library/Application
 * Support/Loket/logs, or LOKET_DATA_DIR/logs), so the support desk finds the log next to the outbox;
 * the diagnostics call shows the exact path.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

export const LOG_FILE_NAME = 'loket.log';
/** Rotated when the current file passes this size. */
export const LOG_MAX_BYTES = 5 * 1024 * 1024;
/** Rotated files kept besides the current one (loket.1.log is the newest). */
export const LOG_KEEP = 5;

export function logFileIn(dataDir: string): string {
  return path.join(dataDir, 'logs', LOG_FILE_NAME);
}

/** Pure: loket.log -> loket.3.log */
export function rotatedName(file: string, n: number): string {
  const { dir, name, ext } = path.parse(file);
  return path.join(dir, `${name}.${n}${ext}`);
}

/**
 * Shifts loket.log -> loket.1.log -> … -> loket.<keep>.log and drops the oldest. The caller starts a
 * fresh loket.log afterwards. Never throws: losing an old log beats stopping the app.
 */
export function rotateLogFile(file: string, keep = LOG_KEEP): void {
  try {
    rmSync(rotatedName(file, keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      const from = rotatedName(file, n);
      if (existsSync(from)) renameSync(from, rotatedName(file, n + 1));
    }
    if (existsSync(file)) renameSync(file, rotatedName(file, 1));
  } catch {
    // A locked file (Windows, antivirus): electron-log keeps appending; the next rotation retries.
  }
}
