/**
 * Opens (or creates) the outbox database durably: WAL, synchronous=FULL, foreign keys, and the
 * schema migrated to the current version. A file it cannot read, or one written by a newer Loket,
 * is refused with a clear error and left exactly as it was: never replaced, never "repaired".
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';

export type OutboxOpenErrorKind = 'corrupt' | 'newer-version' | 'unreadable';

export class OutboxOpenError extends Error {
  constructor(
    readonly kind: OutboxOpenErrorKind,
    readonly file: string,
    message: string,
    options?: { cause?: unknown; schema?: { found: number; supported: number } },
  ) {
    super(message, options);
    this.name = 'OutboxOpenError';
    this.schema = options?.schema;
  }

  /** For `newer-version`: the file's schema version and the newest this Loket knows. */
  readonly schema: { found: number; supported: number } | undefined;
}

/** The outbox holds card numbers and names: readable by this account only (SQLite gives -wal/-shm the same mode). */
export const OUTBOX_FILE_MODE = 0o600;

/** Tightens the database and its WAL/SHM to 0600 (a file from an older Loket may be 0644). No-op on Windows. */
export function restrictOutboxFiles(file: string): void {
  if (process.platform === 'win32') return;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, OUTBOX_FILE_MODE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

export interface OpenOptions {
  migrations?: readonly string[];
}

export function openOutboxDatabase(file: string, opts: OpenOptions = {}): Database.Database {
  const migrations = opts.migrations ?? MIGRATIONS;
  const existed = existsSync(file);
  if (!existed) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Created empty with 0600 before SQLite opens it (SQLite reads an empty file as a new
    // database), so there is no moment in which another account can read it.
    closeSync(openSync(file, 'wx', OUTBOX_FILE_MODE));
  }
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: existed });
  } catch (err) {
    throw new OutboxOpenError('unreadable', file, `Cannot open the sales database ${file}: ${String(err)}`, { cause: err });
  }
  try {
    // The first read of the header is where a damaged or foreign file shows itself.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) {
      throw new OutboxOpenError(
        'newer-version',
        file,
        `The sales database ${file} has schema version ${version}, newer than this Loket understands ` +
          `(${migrations.length}). Install the newer Loket again; the file was not changed.`,
        { schema: { found: version, supported: migrations.length } },
      );
    }
    // Checked before anything is written (journal mode, migrations) so a damaged file stays as found.
    if (existed) {
      const check = db.pragma('quick_check', { simple: true }) as string;
      if (check !== 'ok') throw new Error(`integrity check: ${check}`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    // A migration may rebuild a table others reference (SQLite cannot alter a CHECK in place):
    // foreign keys stay off while they run (the pragma is ignored inside a transaction), and every
    // reference is checked before they are switched on for good.
    db.pragma('foreign_keys = OFF');
    // Deleted and overwritten content (a purge) is zeroed on disk, not left in free space.
    db.pragma('secure_delete = ON'); // mutation-check: secure-delete
    restrictOutboxFiles(file); // mutation-check: outbox-file-modes
    for (let v = version; v < migrations.length; v++) {
      const sql = migrations[v] as string;
      db.transaction(() => {
        db.exec(sql);
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`migration ${v + 1} left ${broken.length} broken references`);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (err) {
    db.close();
    if (err instanceof OutboxOpenError) throw err;
    throw new OutboxOpenError(
      'corrupt',
      file,
      `The sales database ${file} cannot be read (${err instanceof Error ? err.message : String(err)}). ` +
        'It was kept as it is; make a copy and contact support. No sale was removed.',
      { cause: err },
    );
  }
}
