/**
 * Day close: time to make a Z report (compute with SQL, store it durably) for a day of 5,000
 * sales, on an outbox that already holds ten closed days (so the time must not grow with history).
 * Also the X report, and the CSV + print layout of the result. The fixture is written with raw
 * SQL into the real schema (the history trigger fills report_events as in the app).
 */
import type Database from 'better-sqlite3';
import type { DayReport } from '../contract/schemas/reports.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { layoutDayReport } from '../main/hardware/printer/report-layout.js';
import { reportToCsv } from '../main/reports/csv.js';
import { ReportStore, type ReportSession } from '../main/reports/report-store.js';
import { openOutboxDatabase } from '../main/sales/store/open-database.js';
import type { BenchRow } from './harness.js';

const SALES_PER_DAY = 5000;
const CLOSED_DAYS = 10;
const session: ReportSession = { counterKey: 'bench-counter', userId: 'bench-user', counterName: 'Bench' };

function addDay(db: Database.Database, day: number): void {
  const insertSale = db.prepare(`INSERT INTO sales (id, created_at, created_ms, counter_key, user_id, uitpas_number, group_pass, cdbid,
      activity_title, price_class, coupon_id, coupon_name, amount_of_tickets, expected_price_cents, expected_tariff_cents, state,
      attempts, ticket_sale_id, registered_price_cents, registered_tariff_cents)
    VALUES (@id, @at, @ms, @counter, 'bench-user', '0940000000011', @group, @cdbid, @title, @pc, @couponId, @couponName, @tickets,
      @price, @tariff, @state, 1, @ticketSaleId, @regPrice, @regTariff)`);
  const history = db.prepare(
    'INSERT INTO sale_history (sale_id, seq, at, from_state, to_state, actor, reason) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const start = Date.UTC(2026, 0, 1) + day * 86_400_000;
  db.transaction(() => {
    for (let i = 0; i < SALES_PER_DAY; i++) {
      const ms = start + i * 10_000;
      const at = new Date(ms).toISOString();
      const id = randomUUID();
      const group = i % 10 === 0;
      const coupon = !group && i % 7 === 0;
      const rejected = i % 97 === 0;
      const tickets = group ? 1 + (i % 4) : 1;
      const price = 1000 + (i % 3) * 500;
      const tariff = coupon ? 100 : Math.round(price / 4);
      insertSale.run({
        id,
        at,
        ms,
        counter: session.counterKey,
        group: group ? 1 : 0,
        cdbid: `event-${i % 10}`,
        title: `Activiteit ${i % 10} — é`,
        pc: `Klasse ${i % 2}`,
        couponId: coupon ? '27' : null,
        couponName: coupon ? 'Cultuurbon' : null,
        tickets,
        price,
        tariff,
        state: rejected ? 'rejected' : i % 20 === 0 ? 'cancelled' : 'registered',
        ticketSaleId: rejected ? null : `${day}-${i}`,
        regPrice: rejected ? null : price,
        regTariff: rejected ? null : tariff,
      });
      history.run(id, 1, at, null, 'pending', 'operator', 'sold');
      history.run(id, 2, at, 'pending', 'sending', 'worker', 'send');
      history.run(id, 3, at, 'sending', rejected ? 'rejected' : 'registered', 'worker', 'answer');
      if (!rejected && i % 20 === 0) history.run(id, 4, at, 'registered', 'cancelled', 'operator', 'cancel');
    }
  })();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

export function run(): Promise<BenchRow[]> {
  return Promise.resolve(measure());
}

function measure(): BenchRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-reports-'));
  try {
    const db = openOutboxDatabase(join(dir, 'outbox.sqlite'));
    const store = new ReportStore(db);
    let clock = Date.UTC(2026, 0, 1, 23);
    const now = () => new Date((clock += 86_400_000));
    // History: ten closed days (fixture writes without fsync; the measured Z runs with synchronous=FULL).
    db.pragma('synchronous = OFF');
    for (let d = 0; d < CLOSED_DAYS; d++) {
      addDay(db, d);
      store.z(session, now(), true);
    }
    const zTimes: number[] = [];
    const xTimes: number[] = [];
    const bare: number[] = [];
    let last: DayReport | undefined;
    for (let d = CLOSED_DAYS; d < CLOSED_DAYS + 3; d++) {
      db.pragma('synchronous = OFF');
      addDay(db, d);
      db.pragma('synchronous = FULL');
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        store.x(session, new Date(clock));
        xTimes.push(performance.now() - t0);
      }
      const from = Date.UTC(2026, 0, 1) + d * 86_400_000;
      const t1 = performance.now();
      db.prepare(
        `SELECT COUNT(*), SUM(registered_tariff_cents * amount_of_tickets) FROM sales WHERE created_ms >= ? AND state = 'registered'`,
      ).get(from);
      bare.push(performance.now() - t1);
      const t2 = performance.now();
      last = store.z(session, now(), true);
      zTimes.push(performance.now() - t2);
    }
    const t3 = performance.now();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) {
      reportToCsv(last!, 'nl');
      layoutDayReport(last!, 42, 'nl');
    }
    const outputMs = (performance.now() - t3) / rounds;
    db.close();
    const z = median(zTimes);
    return [
      {
        group: 'reports',
        name: `Z report, day of ${SALES_PER_DAY} sales (${CLOSED_DAYS} closed days before; median of 3)`,
        value: z,
        unit: 'ms',
        baseline: { name: 'bare SUM over the day', value: median(bare), unit: 'ms' },
        target: '< 200 ms',
        pass: z < 200,
        note: `max ${Math.max(...zTimes).toFixed(1)} ms; ${last!.lines.length} lines`,
      },
      { group: 'reports', name: `X report, day of ${SALES_PER_DAY} sales (median of 15)`, value: median(xTimes), unit: 'ms' },
      { group: 'reports', name: 'CSV + print layout of that report', value: outputMs, unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
