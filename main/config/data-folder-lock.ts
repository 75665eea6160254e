/**
 * One Loket per data folder. Two processes on the same outbox would each run a replay worker with
 * its own idea of connectivity and of UiTPAS's clock, and reconcile each other's sales. The lock
 * is an exclusive SQLite lock on `loket.lock` (an OS file lock, fcntl/LockFileEx): the operating
 * system releases it when the process ends in any way, SIGKILL and power loss included, so a
 * crashed Loket never leaves a stale lock behind. Who holds it is written beside it in
 * `loket.lock.json`, for the message the second process shows.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'loket.lock';
const HOLDER_FILE = 'loket.lock.json';

export interface LockHolder {
  pid: number;
  hostname: string;
  /** What holds it: 'web host', 'desktop app', a tool's name. */
  kind: string;
  startedAt: string;
}

export class DataFolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `${holder.kind}, process ${holder.pid} on ${holder.hostname}, started ${holder.startedAt}`
      : 'another process (it did not say which)';
    super(`The data folder ${folder} is in use by another Loket (${who}).`);
    this.name = 'DataFolderInUseError';
  }
}

export interface DataFolderLock {
  readonly holder: LockHolder;
  release(): void;
}

/** Takes the folder for this process, or throws DataFolderInUseError naming who has it. */
export function lockDataFolder(folder: string, kind: string): DataFolderLock {
  mkdirSync(folder, { recursive: true });
  const db = new Database(join(folder, LOCK_FILE));
  try {
    db.pragma('busy_timeout = 0');
    // In exclusive locking mode the lock taken by the first write is kept until the connection
    // closes: nobody else can even read the file meanwhile.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at TEXT); DELETE FROM held; INSERT INTO held VALUES (datetime()); COMMIT;');
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new DataFolderInUseError(folder, readHolder(folder));
    throw err;
  }
  const holder: LockHolder = { pid: process.pid, hostname: hostname(), kind, startedAt: new Date().toISOString() };
  const holderFile = join(folder, HOLDER_FILE);
  writeFileSync(`${holderFile}.tmp`, JSON.stringify(holder), { mode: 0o600 });
  renameSync(`${holderFile}.tmp`, holderFile);
  let released = false;
  return {
    holder,
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}

function readHolder(folder: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(folder, HOLDER_FILE), 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.kind !== 'string') return undefined;
    return {
      pid: parsed.pid,
      kind: parsed.kind,
      hostname: typeof parsed.hostname === 'string' ? parsed.hostname : '?',
      startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : '?',
    };
  } catch {
    return undefined;
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
