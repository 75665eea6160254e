/** What the outbox's errors tell, and that a store read gives back exactly what was stored. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../main/sales/store/migrations.js';
import { openOutboxDatabase, type OutboxOpenError } from '../../../main/sales/store/open-database.js';
import { SaleStore, StaleStateError, TicketSaleClaimedError, type NewSale } from '../../../main/sales/store/sale-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-store-err-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function caught(f: () => unknown): OutboxOpenError {
  try {
    f();
  } catch (err) {
    return err as OutboxOpenError;
  }
  throw new Error('expected an error');
}

const sale: NewSale = {
  id: 'a',
  createdAt: '2026-11-27T10:00:00.000Z',
  createdMs: 1_000,
  counterKey: 'counter-1',
  uitpasNumber: '0930000150316',
  groupPass: false,
  cdbid: 'event-1',
  activityTitle: 'Concert',
  amountOfTickets: 1,
  expectedPriceCents: 1200,
  expectedTariffCents: 300,
  provisional: false,
};

describe('outbox open errors', () => {
  it('a newer file: named, with both schema versions and what to do', () => {
    const file = join(dir, 'outbox.db');
    openOutboxDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${MIGRATIONS.length + 2}`);
    raw.close();
    const err = caught(() => openOutboxDatabase(file));
    expect(err.name).toBe('OutboxOpenError');
    expect(err.file).toBe(file);
    expect(err.schema).toStrictEqual({ found: MIGRATIONS.length + 2, supported: MIGRATIONS.length });
    expect(err.message).toBe(
      `The sales database ${file} has schema version ${MIGRATIONS.length + 2}, newer than this Loket understands ` +
        `(${MIGRATIONS.length}). Install the newer Loket again; the file was not changed.`,
    );
  });

  it('a damaged file: the reason, the advice and the cause', () => {
    const file = join(dir, 'outbox.db');
    writeFileSync(file, Buffer.alloc(8192, 7));
    const err = caught(() => openOutboxDatabase(file));
    expect(err.kind).toBe('corrupt');
    expect(err.schema).toBeUndefined();
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.message).toBe(
      `The sales database ${file} cannot be read (${(err.cause as Error).message}). It was kept as it is; make a copy and contact support. No sale was removed.`,
    );
  });
});

describe('store errors and reads', () => {
  let store: SaleStore;
  beforeEach(() => {
    store = new SaleStore(openOutboxDatabase(join(dir, 'outbox.db')));
  });
  afterEach(async () => {
    await store.close();
    store.db.close();
  });

  it('reads a sale back exactly as stored: no empty fields, booleans as booleans', async () => {
    await store.insert(sale, 'operator', 'sold');
    expect(store.get('a')).toStrictEqual({
      ...sale,
      state: 'pending',
      attempts: 0,
      needsOperator: false,
      cancelRequested: false,
      searches: 0,
    });
    expect(store.get('nope')).toBeUndefined();
  });

  it('names a stale move and a claimed ticket sale', () => {
    const stale = new StaleStateError('a', 'pending');
    expect([stale.name, stale.message, stale.saleId, stale.expected]).toEqual([
      'StaleStateError',
      'sale a is no longer in state pending',
      'a',
      'pending',
    ]);
    const claimed = new TicketSaleClaimedError('t');
    expect([claimed.name, claimed.message]).toEqual(['TicketSaleClaimedError', 'ticket sale t already belongs to another local sale']);
  });

  it('passes on a write error that is not a lost race', async () => {
    await store.insert(sale, 'operator', 'sold');
    await store.transition('a', {
      from: 'pending',
      to: 'cancelled',
      actor: 'operator',
      reason: 'x',
      at: new Date(2_000),
      patch: { alert: 'needs-operator' },
    });
    await store.finishSweep(
      'a',
      0,
      [
        {
          ticketSaleId: 'f',
          foundAt: 'x',
          counterKey: 'c',
          cdbid: 'e',
          creationDate: 'd',
          tariffCents: 1,
          groupPass: false,
          status: 'flagged',
          reason: 'r',
          attempts: 0,
        },
      ],
      new Date(3_000),
    );
    store.db.exec("CREATE TRIGGER refuse_sales BEFORE UPDATE ON sales BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    store.db.exec("CREATE TRIGGER refuse_foreign BEFORE UPDATE ON foreign_records BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await expect(store.acknowledge('a', 'seen', new Date(4_000))).rejects.toThrow('disk full');
    await expect(store.updateForeign({ ...store.foreignRecord('f')!, status: 'acknowledged' }, 'flagged')).rejects.toThrow('disk full');
    expect(store.history('a').at(-1)?.reason).toBe('UiTPAS holds 1 more ticket sale(s) like this one: f (flagged)');
  });
});
