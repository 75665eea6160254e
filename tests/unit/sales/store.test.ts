import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../main/sales/state-machine.js';
import { MIGRATIONS } from '../../../main/sales/store/migrations.js';
import { openOutboxDatabase, OutboxOpenError } from '../../../main/sales/store/open-database.js';
import { ThreadSqlWriter } from '../../../main/sales/store/sql-writer.js';
import { SaleStore, StaleStateError, TicketSaleClaimedError, type SalePatch } from '../../../main/sales/store/sale-store.js';
import { newSale } from './new-sale.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openOutboxDatabase', () => {
  it('creates a durable database at the current schema version', () => {
    const db = openOutboxDatabase(join(dir, 'sub', 'outbox.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('applies only the missing migrations to an older database and keeps its rows', async () => {
    const file = join(dir, 'outbox.db');
    const v1 = openOutboxDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
    // A version-1 row and history, written as version 1 wrote them.
    v1.prepare(
      `INSERT INTO sales (id, created_at, created_ms, counter_key, uitpas_number, group_pass, cdbid, activity_title,
         amount_of_tickets, expected_price_cents, expected_tariff_cents, state, ticket_sale_id)
       VALUES ('a', '1970-01-01T00:00:01.000Z', 1000, 'counter-1', '0930000150316', 0, 'event-1', 'Concert', 1, 1200, 300, 'pending', NULL),
              ('r', '1970-01-01T00:00:02.000Z', 2000, 'counter-1', '0930000150316', 0, 'event-1', 'Concert', 1, 1200, 300, 'registered', '77')`,
    ).run();
    v1.prepare(
      `INSERT INTO sale_history (sale_id, seq, at, from_state, to_state, actor, reason) VALUES
         ('a', 1, '1970-01-01T00:00:01.000Z', NULL, 'pending', 'operator', 'sold'),
         ('r', 1, '1970-01-01T00:00:02.000Z', NULL, 'pending', 'operator', 'sold'),
         ('r', 2, '1970-01-01T00:00:03.000Z', 'pending', 'registered', 'worker', 'ok')`,
    ).run();
    v1.close();
    const next = [...MIGRATIONS, 'ALTER TABLE sales ADD COLUMN note TEXT;'];
    const db = openOutboxDatabase(file, { migrations: next });
    expect(db.pragma('user_version', { simple: true })).toBe(next.length);
    const store = new SaleStore(db);
    expect(store.get('a')).toMatchObject({ state: 'pending', cancelRequested: false, searches: 0 });
    expect(store.get('r')).toMatchObject({ state: 'registered', ticketSaleId: '77' });
    expect(store.history('r').map((h) => h.to)).toEqual(['pending', 'registered']);
    expect(db.prepare('SELECT note FROM sales LIMIT 1').get()).toEqual({ note: null });
    // The rebuilt table keeps its references and unique index; the report trigger follows the new states.
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT kind FROM report_events WHERE sale_id = 'r' ORDER BY id").all()).toEqual([
      { kind: 'made' },
      { kind: 'registered' },
    ]);
    await store.transition('r', { from: 'registered', to: 'cancel-pending', actor: 'operator', reason: 'x', at: new Date(4000) });
    await store.transition('r', { from: 'cancel-pending', to: 'cancel-sending', actor: 'worker', reason: 'x', at: new Date(5000) });
    await store.transition('r', { from: 'cancel-sending', to: 'cancelled', actor: 'worker', reason: 'x', at: new Date(6000) });
    expect(db.prepare("SELECT kind FROM report_events WHERE sale_id = 'r' ORDER BY id").all()).toEqual([
      { kind: 'made' },
      { kind: 'registered' },
      { kind: 'cancelled' },
    ]);
    db.close();
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const file = join(dir, 'outbox.db');
    openOutboxDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = readFileSync(file);
    expect(() => openOutboxDatabase(file)).toThrow(OutboxOpenError);
    try {
      openOutboxDatabase(file);
    } catch (err) {
      expect((err as OutboxOpenError).kind).toBe('newer-version');
      expect((err as Error).message).toMatch(/newer than this Loket/);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a corrupt file with a clear error and keeps it byte for byte', () => {
    const file = join(dir, 'outbox.db');
    const garbage = Buffer.from("this is not a sqlite database, but it is someone's data".repeat(200));
    writeFileSync(file, garbage);
    let caught: unknown;
    try {
      openOutboxDatabase(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OutboxOpenError);
    expect((caught as OutboxOpenError).kind).toBe('corrupt');
    expect((caught as Error).message).toMatch(/kept/);
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a database whose pages are damaged', async () => {
    const file = join(dir, 'outbox.db');
    const db = openOutboxDatabase(file);
    const store = new SaleStore(db);
    for (let i = 0; i < 200; i++) await store.insert(newSale(`s${i}`, i, { activityTitle: 'x'.repeat(300) }), 'operator', 'sold');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = readFileSync(file);
    // Overwrite the middle of the file (table b-tree pages) but keep the header intact.
    bytes.fill(0xa5, 4096 * 3, 4096 * 6);
    writeFileSync(file, bytes);
    expect(() => openOutboxDatabase(file)).toThrow(OutboxOpenError);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});

const opened: SaleStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) {
    await s.close();
    s.db.close();
  }
});

describe.each(['inline', 'thread'] as const)('SaleStore (%s writer)', (writer) => {
  function open(): SaleStore {
    const file = join(dir, 'outbox.db');
    const db = openOutboxDatabase(file);
    const store = new SaleStore(db, writer === 'thread' ? ThreadSqlWriter.start(file) : undefined);
    opened.push(store);
    return store;
  }

  it('commits a sale as pending with a first history row', async () => {
    const store = open();
    await store.insert(newSale('a', 1000), 'operator', 'sold at the counter');
    expect(store.get('a')).toMatchObject({ state: 'pending', attempts: 0, groupPass: false, needsOperator: false });
    expect(store.history('a')).toEqual([
      { seq: 1, at: new Date(1000).toISOString(), to: 'pending', actor: 'operator', reason: 'sold at the counter' },
    ]);
  });

  it('records every transition with its history and raw exchange', async () => {
    const store = open();
    await store.insert(newSale('a', 1000), 'operator', 'sold');
    await store.transition('a', {
      from: 'pending',
      to: 'sending',
      actor: 'worker',
      reason: 'attempt 1',
      at: new Date(2000),
      patch: { attempts: 1 },
    });
    await store.transition('a', {
      from: 'sending',
      to: 'registered',
      actor: 'worker',
      reason: 'registered',
      at: new Date(3000),
      patch: { ticketSaleId: '17005', registeredTariffCents: 300 },
      rawRequest: 'POST /buy',
      rawResponse: '<ticketSale/>',
    });
    expect(store.get('a')).toMatchObject({ state: 'registered', attempts: 1, ticketSaleId: '17005' });
    const h = store.history('a');
    expect(h.map((e) => `${e.from ?? '-'}>${e.to}`)).toEqual(['->pending', 'pending>sending', 'sending>registered']);
    expect(h[2]).toMatchObject({ rawRequest: 'POST /buy', rawResponse: '<ticketSale/>', actor: 'worker' });
  });

  it('rejects an illegal transition and changes nothing', async () => {
    const store = open();
    await store.insert(newSale('a', 1000), 'operator', 'sold');
    await expect(
      store.transition('a', { from: 'pending', to: 'registered', actor: 'worker', reason: 'x', at: new Date() }),
    ).rejects.toThrow(IllegalTransitionError);
    expect(store.get('a')?.state).toBe('pending');
    expect(store.history('a')).toHaveLength(1);
  });

  it('is compare-and-set: a sale that moved on cannot be moved from its old state', async () => {
    const store = open();
    await store.insert(newSale('a', 1000), 'operator', 'sold');
    await store.transition('a', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date() });
    await expect(
      store.transition('a', { from: 'pending', to: 'cancelled', actor: 'operator', reason: 'x', at: new Date() }),
    ).rejects.toThrow(StaleStateError);
    expect(store.history('a')).toHaveLength(2);
  });

  it('never links one UiTPAS ticket sale to two local sales', async () => {
    const store = open();
    for (const id of ['a', 'b']) {
      await store.insert(newSale(id, 1000), 'operator', 'sold');
      await store.transition(id, { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date() });
    }
    await store.transition('a', {
      from: 'sending',
      to: 'registered',
      actor: 'worker',
      reason: 'x',
      at: new Date(),
      patch: { ticketSaleId: '1' },
    });
    await expect(
      store.transition('b', {
        from: 'sending',
        to: 'registered',
        actor: 'worker',
        reason: 'x',
        at: new Date(),
        patch: { ticketSaleId: '1' },
      }),
    ).rejects.toThrow(TicketSaleClaimedError);
    expect(store.get('b')?.state).toBe('sending');
    expect(store.claimedBy('1')).toBe('a');
  });

  it('serves the queue FIFO and skips sales waiting for the operator', async () => {
    const store = open();
    await store.insert(newSale('late', 3000, { uitpasNumber: '0930000000115' }), 'operator', 'sold');
    await store.insert(newSale('early', 1000), 'operator', 'sold');
    await store.insert(newSale('mid', 2000, { uitpasNumber: '0930000000123' }), 'operator', 'sold');
    expect(store.nextDue(5000)?.id).toBe('early');
    await store.transition('early', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date() });
    await store.transition('early', {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(),
      patch: { needsOperator: true },
    });
    expect(store.nextDue(5000)?.id).toBe('mid');
    expect(store.unregistered()).toEqual({ count: 3, amountCents: 900, oldestAt: new Date(1000).toISOString(), oldestMs: 1000 });
    expect(store.counts()).toMatchObject({ pending: 2, unknown: 1, registered: 0, 'cancel-pending': 0 });
    expect(store.needsAttention()).toBe(1);
  });

  it('keeps order per card and activity: a newer sale of the same pair waits behind an unsettled one', async () => {
    const store = open();
    await store.insert(newSale('first', 1000), 'operator', 'sold');
    await store.insert(newSale('second', 2000), 'operator', 'sold');
    await store.insert(newSale('other-activity', 3000, { cdbid: 'event-2' }), 'operator', 'sold');
    await store.transition('first', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date() });
    await store.transition('first', {
      from: 'sending',
      to: 'unknown',
      actor: 'worker',
      reason: 'x',
      at: new Date(),
      patch: { nextAttemptMs: 60_000 },
    });
    // 'first' backs off alone: the other activity goes, the same pair waits, and says behind which.
    expect(store.nextDue(5000)?.id).toBe('other-activity');
    expect(store.heldBehind('second')).toBe('first');
    expect(store.heldBehind('first')).toBeUndefined();
    expect(store.heldBehind('other-activity')).toBeUndefined();
    await store.transition('other-activity', { from: 'pending', to: 'cancelled', actor: 'operator', reason: 'x', at: new Date() });
    expect(store.nextDue(5000)).toBeUndefined();
    expect(store.nextWakeMs()).toBe(60_000);
    expect(store.nextDue(60_000)?.id).toBe('first');
    await store.transition('first', { from: 'unknown', to: 'resolved', actor: 'operator', reason: 'x', at: new Date() });
    expect(store.heldBehind('second')).toBeUndefined();
    expect(store.openSaleFor('0930000150316', 'event-1')).toBeDefined();
    expect(store.openSaleFor('0930000150316', 'event-2')).toBeUndefined();
  });

  it("writes only the columns a change means to change, and never over another writer's newer value", async () => {
    const store = open();
    await store.insert(newSale('a', 1000), 'operator', 'sold');
    await store.transition('a', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date() });
    await store.transition('a', {
      from: 'sending',
      to: 'rejected',
      actor: 'worker',
      reason: 'x',
      at: new Date(),
      patch: { alert: 'rejected-after-offline' },
    });
    // Marking a sale provisional (what sell does) leaves the worker's alert alone.
    await store.markProvisional('a');
    expect(store.get('a')).toMatchObject({ provisional: true, alert: 'rejected-after-offline' });
    // An acknowledgement read before a new alert arrived must not clear the new one.
    const stale = store.get('a')!;
    store.db.prepare("UPDATE sales SET alert = 'needs-operator' WHERE id = 'a'").run();
    const realGet = store.get.bind(store);
    store.get = (id: string) => (id === 'a' ? stale : realGet(id));
    await expect(store.acknowledge('a', 'seen', new Date())).rejects.toThrow(StaleStateError);
    store.get = realGet;
    expect(store.get('a')?.alert).toBe('needs-operator');
  });

  it('purges personal data and raw XML of settled sales older than the cutoff only', async () => {
    const store = open();
    const old = 1_000;
    const recent = 10_000_000;
    await store.insert(newSale('old-registered', old), 'operator', 'sold');
    await store.insert(newSale('old-pending', old), 'operator', 'sold');
    await store.insert(newSale('recent-registered', recent), 'operator', 'sold');
    for (const id of ['old-registered', 'recent-registered']) {
      await store.transition(id, { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(), rawRequest: 'REQ' });
      await store.transition(id, {
        from: 'sending',
        to: 'registered',
        actor: 'worker',
        reason: 'x',
        at: new Date(),
        rawResponse: '<firstName>An</firstName>',
        patch: { ticketSaleId: id },
      });
    }
    expect(await store.purgePersonalData(recent - 1, new Date(recent))).toBe(1);
    const purged = store.get('old-registered');
    expect(purged).toMatchObject({ uitpasNumber: '*********0316', purgedAt: new Date(recent).toISOString() });
    expect(purged?.passholderUid).toBeUndefined();
    expect(purged?.holderName).toBeUndefined();
    expect(store.history('old-registered').some((e) => e.rawRequest ?? e.rawResponse)).toBe(false);
    // An unregistered sale keeps what it needs to be sent; a recent one keeps its dispute trail.
    expect(store.get('old-pending')).toMatchObject({ uitpasNumber: '0930000150316', passholderUid: 'uid-1' });
    expect(store.history('recent-registered').some((e) => e.rawResponse)).toBe(true);
    expect(await store.purgePersonalData(recent - 1, new Date(recent))).toBe(0);
  });

  it("keeps UiTPAS's words with the error they came with, across a reopen, and drops them with it", async () => {
    const words = { nl: 'Maximum bereikt.', fr: 'Maximum atteint.' };
    const a = open();
    await a.insert(newSale('a', 1000), 'operator', 'sold');
    const step = (from: 'pending' | 'sending', to: 'sending' | 'pending', patch: SalePatch) =>
      a.transition('a', { from, to, actor: 'worker', reason: 'x', at: new Date(2000), patch });
    await step('pending', 'sending', { attempts: 1 });
    await step('sending', 'pending', { lastErrorCode: 'MAXIMUM_REACHED', lastErrorMessage: 'm', lastErrorEndUserMessage: words });
    await a.close();
    a.db.close();
    opened.splice(0);
    const b = open();
    expect(b.get('a')).toMatchObject({ lastErrorCode: 'MAXIMUM_REACHED', lastErrorEndUserMessage: words });
    // Another error without words: the old words do not stay behind as if they explained it.
    await b.transition('a', { from: 'pending', to: 'sending', actor: 'worker', reason: 'x', at: new Date(3000), patch: { attempts: 2 } });
    expect(b.get('a')?.lastErrorEndUserMessage).toEqual(words);
    await b.transition('a', {
      from: 'sending',
      to: 'pending',
      actor: 'worker',
      reason: 'x',
      at: new Date(4000),
      patch: { lastErrorCode: 'NOT-SENT', lastErrorMessage: 'down' },
    });
    expect(b.get('a')).toMatchObject({ lastErrorCode: 'NOT-SENT' });
    expect(b.get('a')?.lastErrorEndUserMessage).toBeUndefined();
  });

  it('keeps committed sales across a reopen', async () => {
    const a = open();
    await a.insert(newSale('a', 1000), 'operator', 'sold');
    await a.close();
    a.db.close();
    opened.splice(0);
    const b = open();
    expect(b.get('a')?.state).toBe('pending');
  });
});

describe('ThreadSqlWriter', () => {
  it('refuses writes once its thread is gone instead of losing them silently', async () => {
    const file = join(dir, 'outbox.db');
    const db = openOutboxDatabase(file);
    const writer = ThreadSqlWriter.start(file);
    expect(writer).toBeDefined();
    const store = new SaleStore(db, writer);
    await store.insert(newSale('a', 1000), 'operator', 'sold');
    await store.close();
    await expect(store.insert(newSale('b', 2000), 'operator', 'sold')).rejects.toThrow(/writer thread/);
    expect(store.get('a')?.state).toBe('pending');
    expect(store.get('b')).toBeUndefined();
    db.close();
  });
});
