/**
 * The reports part of the outbox schema on real SQLite files: the history trigger, the backfill of
 * an outbox made before reports existed, and the append-only / immutable guards.
 */
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportStore } from '../../../main/reports/report-store.js';
import { MIGRATIONS } from '../../../main/sales/store/migrations.js';
import { openOutboxDatabase } from '../../../main/sales/store/open-database.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-reports-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function addSale(db: Database.Database, id: string, counter: string, steps: Array<[string | null, string]>, tariff = 300): void {
  db.prepare(`INSERT INTO sales (id, created_at, created_ms, counter_key, uitpas_number, group_pass, cdbid, activity_title, amount_of_tickets,
      expected_price_cents, expected_tariff_cents, state) VALUES (?, '2026-11-27T10:00:00.000Z', 1, ?, '0940000000011', 0, 'e1', 'Concert', 1, 1200, ?, ?)`)
    .run(id, counter, tariff, steps[steps.length - 1]![1]);
  steps.forEach(([from, to], i) =>
    db.prepare("INSERT INTO sale_history (sale_id, seq, at, from_state, to_state, actor, reason) VALUES (?, ?, '2026-11-27T10:00:00.000Z', ?, ?, 'worker', 'x')")
      .run(id, i + 1, from, to));
}

const kinds = (db: Database.Database) =>
  (db.prepare('SELECT sale_id, kind FROM report_events ORDER BY id').all() as Array<{ sale_id: string; kind: string }>).map((r) => `${r.sale_id}:${r.kind}`);

describe('reports schema', () => {
  it('backfills report events when an older outbox is migrated, then follows new history rows', () => {
    const file = join(dir, 'outbox.sqlite');
    const v1 = openOutboxDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
    addSale(v1, 'a', 'k1', [[null, 'pending'], ['pending', 'sending'], ['sending', 'registered'], ['registered', 'registered'], ['registered', 'cancelled']]);
    addSale(v1, 'b', 'k1', [[null, 'pending'], ['pending', 'sending'], ['sending', 'rejected'], ['rejected', 'resolved']]);
    v1.close();
    const db = openOutboxDatabase(file);
    // An acknowledged alert (registered -> registered) is no second registration.
    expect(kinds(db)).toEqual(['a:made', 'a:registered', 'a:cancelled', 'b:made', 'b:rejected']);
    addSale(db, 'c', 'k2', [[null, 'pending'], ['pending', 'cancelled']]);
    expect(kinds(db).slice(5)).toEqual(['c:made']);
    expect(db.prepare("SELECT counter_key FROM report_events WHERE sale_id = 'c'").get()).toEqual({ counter_key: 'k2' });
    db.close();
  });

  it('numbers Z reports per counter and keeps them and the events unchangeable', () => {
    const db = openOutboxDatabase(join(dir, 'outbox.sqlite'));
    const store = new ReportStore(db);
    addSale(db, 'a', 'k1', [[null, 'pending'], ['pending', 'sending'], ['sending', 'registered']]);
    addSale(db, 'b', 'k2', [[null, 'pending'], ['pending', 'sending'], ['sending', 'registered']], 450);
    const z1 = store.z({ counterKey: 'k1' }, new Date('2026-11-27T20:00:00Z'), false);
    const other = store.z({ counterKey: 'k2' }, new Date('2026-11-27T20:01:00Z'), false);
    expect([z1.number, other.number]).toEqual([1, 1]);
    expect([z1.totals.net.collectedCents, other.totals.net.collectedCents]).toEqual([300, 450]);
    expect(() => store.z({ counterKey: 'k1' }, new Date(), false)).toThrow(expect.objectContaining({ code: 'REPORT_NOTHING_TO_CLOSE' }));

    for (const sql of ["UPDATE z_reports SET number = 5", 'DELETE FROM z_reports WHERE number = 1', "UPDATE report_events SET kind = 'made'", 'DELETE FROM report_events']) {
      expect(() => db.prepare(sql).run(), sql).toThrow(/immutable|append-only/);
    }
    const insert = db.prepare(`INSERT INTO z_reports (counter_key, number, made_at, after_event_id, last_event_id, report_json) VALUES ('k1', ?, 'x', ?, ?, '{}')`);
    const end = (db.prepare("SELECT last_event_id AS id FROM z_reports WHERE counter_key = 'k1'").get() as { id: number }).id;
    expect(() => insert.run(3, end, 9), 'a gap in the numbers').toThrow(/consecutive/);
    expect(() => insert.run(2, end - 1, 9), 'overlapping the previous Z').toThrow(/starts where/);
    expect(() => insert.run(2, end, end), 'empty').toThrow(/at least one/);
    expect(store.get('k1', 1)).toEqual(z1);
    db.close();
  });
});
