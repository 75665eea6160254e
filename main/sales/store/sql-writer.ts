/**
 * Where the outbox's writes run. Every write is a durable commit (WAL + synchronous=FULL, so an
 * fsync); on a busy disk one fsync can take a few hundred milliseconds, and run on the main thread
 * that would freeze the UI and every socket. The thread writer runs the writes on their own
 * connection in a worker thread; the main thread only reads (no fsync). The inline writer runs the
 * same steps synchronously (unit tests, or where a worker thread cannot start).
 */
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** One statement of a write transaction. */
export interface SqlStep {
  sql: string;
  params: Record<string, unknown> | unknown[];
  /** The transaction rolls back (StaleWriteError) unless the statement changed exactly this many rows. */
  expectChanges?: number;
}

export interface SqlWriter {
  /** Runs the steps in one transaction; resolves with the number of rows each step changed. */
  run(steps: SqlStep[]): Promise<number[]>;
  close(): Promise<void>;
}

/** A step's `expectChanges` did not hold: the transaction was rolled back. */
export class StaleWriteError extends Error {
  readonly code = 'LOKET_STALE';
  constructor() {
    super('the row was changed by someone else; nothing was written');
    this.name = 'StaleWriteError';
  }
}

/** An error from the writer thread, with SQLite's error code (e.g. SQLITE_CONSTRAINT_UNIQUE). */
export class SqlWriteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqlWriteError';
  }
}

export class InlineSqlWriter implements SqlWriter {
  private readonly cache = new Map<string, Database.Statement>();
  private readonly tx;

  constructor(private readonly db: Database.Database) {
    this.tx = db.transaction((steps: SqlStep[]) =>
      steps.map((step) => {
        const stmt = this.prepare(step.sql);
        const r = Array.isArray(step.params) ? stmt.run(...step.params) : stmt.run(step.params);
        if (step.expectChanges !== undefined && r.changes !== step.expectChanges) throw new StaleWriteError();
        return r.changes;
      }),
    );
  }

  run(steps: SqlStep[]): Promise<number[]> {
    try {
      return Promise.resolve(this.tx(steps));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private prepare(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}

// Plain CommonJS so the thread loads the same way under tsx, vitest and the bundled app.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.pragma('secure_delete = ON');
const cache = new Map();
const prepare = (sql) => { let s = cache.get(sql); if (!s) { s = db.prepare(sql); cache.set(sql, s); } return s; };
const tx = db.transaction((steps) => steps.map((step) => {
  const stmt = prepare(step.sql);
  const r = Array.isArray(step.params) ? stmt.run(...step.params) : stmt.run(step.params);
  if (step.expectChanges !== undefined && r.changes !== step.expectChanges) {
    const e = new Error('stale'); e.code = 'LOKET_STALE'; throw e;
  }
  return r.changes;
}));
parentPort.on('message', (m) => {
  if (m.close) { db.close(); parentPort.postMessage({ closed: true }); return; }
  try { parentPort.postMessage({ id: m.id, changes: tx(m.steps) }); }
  catch (e) { parentPort.postMessage({ id: m.id, error: { message: String(e && e.message), code: e && e.code } }); }
});
`;

interface Reply {
  id?: number;
  changes?: number[];
  error?: { message: string; code?: string };
  closed?: boolean;
}

export class ThreadSqlWriter implements SqlWriter {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (c: number[]) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (!p) return;
      if (m.error) {
        p.reject(m.error.code === 'LOKET_STALE' ? new StaleWriteError() : new SqlWriteError(m.error.message, m.error.code));
      } else {
        p.resolve(m.changes ?? []);
      }
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`outbox writer thread exited (${code})`)));
  }

  /** Starts the thread on an existing, migrated database file; undefined if threads cannot load SQLite here. */
  static start(file: string): ThreadSqlWriter | undefined {
    let sqlite: string;
    try {
      sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    } catch {
      return undefined;
    }
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { file, sqlite } });
    return new ThreadSqlWriter(worker);
  }

  run(steps: SqlStep[]): Promise<number[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<number[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, steps });
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.failure) {
        const closed = new Promise<void>((resolve) => {
          this.worker.on('message', (m: Reply) => m.closed && resolve());
          this.worker.once('exit', () => resolve());
        });
        this.worker.postMessage({ close: true });
        await closed;
      }
      await this.worker.terminate();
    })();
    return this.closing;
  }
}
