/**
 * X and Z reports computed with SQL over the outbox (report_events + sales, migration 2). A report
 * covers one counter's events after its previous Z: sales registered at UiTPAS and cancellations
 * of registered sales, grouped per activity × price class × tariff type; plus the state of the
 * queue when it was made. A Z is stored as it was computed (report_json) in the same IMMEDIATE
 * transaction that read the events, so no sale can slip in between reading and closing, and the
 * database's triggers keep it unchangeable afterwards.
 */
import type Database from 'better-sqlite3';
import type {
  DayReport,
  Drawer,
  DrawerDifference,
  DrawerReason,
  NetAmounts,
  ReportAmounts,
  ReportLine,
  TariffType,
  UnregisteredSale,
  ZReportSummary,
} from '../../contract/schemas/reports.js';
import type { SaleState } from '../../contract/schemas/sales.js';
import { AppError } from '../core/errors.js';

export interface ReportSession {
  counterKey: string;
  counterName?: string | undefined;
  userId?: string | undefined;
  /** UiTiD nick of a user id, when UiTPAS named it (main/auth/staff-names.ts). */
  nameOf?: ((uid: string) => string | undefined) | undefined;
}

/** At most this many still-unregistered sales are listed by name in a report (all are counted). */
export const UNREGISTERED_LISTED = 500;

type Row = Record<string, unknown>;

const TARIFF_TYPE_SQL = `CASE WHEN s.group_pass = 1 THEN 'group' WHEN s.coupon_id IS NOT NULL THEN 'coupon' ELSE 'uitpas' END`;
const PRICE_SQL = 'COALESCE(s.registered_price_cents, s.expected_price_cents)';
const TARIFF_SQL = 'COALESCE(s.registered_tariff_cents, s.expected_tariff_cents)';
const IN_RANGE = 'e.counter_key = @counterKey AND e.id > @after AND e.id <= @upto';
const UNREGISTERED = `('pending', 'sending', 'unknown', 'reconciling')`;

// One pass over the period's registrations and cancellations (the join to sales is the cost):
// the lines of both, and per line the sale span and the sellers.
const LINES_SQL = `
  SELECT e.kind AS kind, s.cdbid AS cdbid, MIN(s.activity_title) AS title, s.price_class AS priceClass,
         ${TARIFF_TYPE_SQL} AS tariffType, s.coupon_name AS couponName,
         COUNT(*) AS sales, SUM(s.amount_of_tickets) AS tickets,
         SUM(${PRICE_SQL} * s.amount_of_tickets) AS regular, SUM(${TARIFF_SQL} * s.amount_of_tickets) AS collected,
         MIN(s.created_ms) AS firstMs, MAX(s.created_ms) AS lastMs, GROUP_CONCAT(DISTINCT s.user_id) AS sellers
  FROM report_events e JOIN sales s ON s.id = e.sale_id
  WHERE ${IN_RANGE} AND e.kind IN ('registered', 'cancelled')
  GROUP BY e.kind, s.cdbid, s.price_class, tariffType, s.coupon_name
  ORDER BY title, s.cdbid, s.price_class, tariffType, s.coupon_name`;

// The drawer, per sale made in the period: what the counter took (nothing once refunded, nothing
// for a sale refused at the counter) and what
// UiTPAS holds for it now (its registered tariff while registered, or while a refund's cancel is
// not confirmed yet).
// A sale refused while the customer was still there (not provisional) was never charged.
const TAKEN_SQL = `CASE WHEN s.state IN ('cancelled', 'cancel-pending', 'cancel-sending', 'cancel-unknown') THEN 0
  WHEN s.provisional = 0 AND s.state IN ('rejected', 'resolved') THEN 0
  ELSE s.expected_tariff_cents * s.amount_of_tickets END`;
const HELD_SQL = `CASE WHEN s.state IN ('registered', 'cancel-pending', 'cancel-sending', 'cancel-unknown')
  THEN COALESCE(s.registered_tariff_cents, s.expected_tariff_cents) * s.amount_of_tickets ELSE 0 END`;
const DRAWER_FROM = `FROM report_events e JOIN sales s ON s.id = e.sale_id WHERE ${IN_RANGE} AND e.kind = 'made'`;
const DRAWER_SQL = `SELECT COUNT(*) AS sales, COALESCE(SUM(${TAKEN_SQL}), 0) AS taken, COALESCE(SUM(${HELD_SQL}), 0) AS held ${DRAWER_FROM}`;
const DIFFERENCES_SQL = `SELECT s.id, s.created_at, s.activity_title, s.amount_of_tickets, s.state, s.alert, s.last_error_code,
    s.resolution, ${TAKEN_SQL} AS taken, ${HELD_SQL} AS held
  ${DRAWER_FROM} AND (${TAKEN_SQL}) <> (${HELD_SQL}) ORDER BY e.id`;

export class ReportStore {
  private readonly stmts;

  constructor(private readonly db: Database.Database) {
    this.stmts = {
      lines: db.prepare(LINES_SQL),
      kinds: db.prepare(`SELECT e.kind AS kind, COUNT(*) AS n FROM report_events e WHERE ${IN_RANGE} GROUP BY e.kind`),
      firstEventAt: db.prepare(`SELECT e.at AS at FROM report_events e WHERE ${IN_RANGE} ORDER BY e.id LIMIT 1`),
      queueCounts: db.prepare(
        `SELECT COALESCE(SUM(state IN ('pending', 'sending')), 0) AS pending,
                COALESCE(SUM(state IN ('unknown', 'reconciling')), 0) AS unknown,
                COALESCE(SUM(state = 'rejected'), 0) AS rejected,
                COALESCE(SUM(provisional = 1 AND state IN ${UNREGISTERED}), 0) AS provisional
         FROM sales WHERE counter_key = ? AND state IN ('pending', 'sending', 'unknown', 'reconciling', 'rejected')`,
      ),
      unregistered: db.prepare(
        `SELECT id, created_at, activity_title, price_class, amount_of_tickets, expected_tariff_cents, state, provisional
         FROM sales WHERE counter_key = ? AND state IN ${UNREGISTERED} ORDER BY created_ms, rowid LIMIT ${UNREGISTERED_LISTED}`,
      ),
      drawer: db.prepare(DRAWER_SQL),
      differences: db.prepare(DIFFERENCES_SQL),
      lastEventId: db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM report_events WHERE counter_key = ?'),
      lastZ: db.prepare(
        'SELECT number, made_at, last_event_id FROM z_reports WHERE counter_key = ? ORDER BY number DESC LIMIT 1',
      ),
      insertZ: db.prepare(
        `INSERT INTO z_reports (counter_key, number, made_at, after_event_id, last_event_id, user_id, report_json)
         VALUES (@counterKey, @number, @madeAt, @after, @last, @userId, @json)`,
      ),
      getZ: db.prepare('SELECT report_json FROM z_reports WHERE counter_key = ? AND number = ?'),
      listZ: db.prepare('SELECT report_json FROM z_reports WHERE counter_key = ? ORDER BY number DESC LIMIT ?'),
    };
  }

  /** The interim report: everything since this counter's last Z, up to now. Writes nothing. */
  x(session: ReportSession, now: Date): DayReport {
    // One read transaction: the parts of the report come from the same snapshot.
    return this.db.transaction(() => {
      const last = this.lastZ(session.counterKey);
      const upto = this.lastEventId(session.counterKey);
      return this.compute('X', session, now, last, upto);
    })();
  }

  /**
   * Closes the period: computes and stores Z number n+1 atomically. Refuses when nothing happened
   * since the previous Z, and when sales are unregistered unless `acceptUnregistered`.
   */
  z(session: ReportSession, now: Date, acceptUnregistered: boolean): DayReport {
    return this.db
      .transaction(() => {
        const last = this.lastZ(session.counterKey);
        const upto = this.lastEventId(session.counterKey);
        const after = last?.lastEventId ?? 0;
        if (upto <= after) {
          throw new AppError('REPORT_NOTHING_TO_CLOSE', `Nothing happened since Z ${last?.number ?? 0} of this counter`, {
            lastNumber: last?.number ?? 0,
          });
        }
        const report = this.compute('Z', session, now, last, upto);
        if (report.unregisteredTotal > 0 && !acceptUnregistered) {
          throw new AppError(
            'REPORT_QUEUE_NOT_EMPTY',
            `${report.unregisteredTotal} sales are not registered at UiTPAS yet; wait for them or close with them listed as unregistered`,
            { unregistered: report.unregisteredTotal },
          );
        }
        this.stmts.insertZ.run({
          counterKey: session.counterKey,
          number: report.number,
          madeAt: report.madeAt,
          after,
          last: upto,
          userId: session.userId ?? null,
          json: JSON.stringify(report),
        });
        return report;
      })
      .immediate();
  }

  get(counterKey: string, number: number): DayReport | undefined {
    const row = this.stmts.getZ.get(counterKey, number) as { report_json: string } | undefined;
    return row ? (JSON.parse(row.report_json) as DayReport) : undefined;
  }

  list(counterKey: string, limit: number): ZReportSummary[] {
    return (this.stmts.listZ.all(counterKey, limit) as Array<{ report_json: string }>).map((r) => {
      const report = JSON.parse(r.report_json) as DayReport;
      const summary: ZReportSummary = {
        number: report.number ?? 0,
        madeAt: report.madeAt,
        periodTo: report.periodTo,
        tickets: report.totals.net.tickets,
        collectedCents: report.totals.net.collectedCents,
        unregisteredTotal: report.unregisteredTotal,
      };
      if (report.periodFrom) summary.periodFrom = report.periodFrom;
      return summary;
    });
  }

  private lastZ(counterKey: string): { number: number; madeAt: string; lastEventId: number } | undefined {
    const row = this.stmts.lastZ.get(counterKey) as { number: number; made_at: string; last_event_id: number } | undefined;
    return row ? { number: row.number, madeAt: row.made_at, lastEventId: row.last_event_id } : undefined;
  }

  private lastEventId(counterKey: string): number {
    return (this.stmts.lastEventId.get(counterKey) as { id: number }).id;
  }

  private compute(
    kind: 'X' | 'Z',
    session: ReportSession,
    now: Date,
    last: { number: number; madeAt: string; lastEventId: number } | undefined,
    upto: number,
  ): DayReport {
    const range = { counterKey: session.counterKey, after: last?.lastEventId ?? 0, upto };
    const rows = this.stmts.lines.all(range) as Row[];
    const lines = rows.filter((r) => r.kind === 'registered').map(toLine);
    const cancellations = rows.filter((r) => r.kind === 'cancelled').map(toLine);
    const registered = rows.filter((r) => r.kind === 'registered');
    const firstMs = registered.length ? Math.min(...registered.map((r) => r.firstMs as number)) : undefined;
    const lastMs = registered.length ? Math.max(...registered.map((r) => r.lastMs as number)) : undefined;
    const sellers = new Set(rows.flatMap((r) => (r.sellers === null ? [] : (r.sellers as string).split(','))));
    const kinds = new Map((this.stmts.kinds.all(range) as Array<{ kind: string; n: number }>).map((r) => [r.kind, r.n]));
    const queue = this.stmts.queueCounts.get(session.counterKey) as { pending: number; unknown: number; rejected: number; provisional: number };
    const unregisteredTotal = queue.pending + queue.unknown;
    const periodFrom = last?.madeAt ?? (this.stmts.firstEventAt.get(range) as { at: string } | undefined)?.at;
    const sold = sum(lines);
    const cancelled = sum(cancellations);
    const report: DayReport = {
      kind,
      counterKey: session.counterKey,
      // Who registered or cancelled sales in the period (UiTiD user ids hold no comma).
      sellers: [...sellers].sort(),
      madeAt: now.toISOString(),
      periodTo: now.toISOString(),
      lines,
      cancellations,
      totals: { sold, cancelled, net: net(sold, cancelled) },
      counts: {
        made: kinds.get('made') ?? 0,
        rejectedInPeriod: kinds.get('rejected') ?? 0,
        pending: queue.pending,
        unknown: queue.unknown,
        rejected: queue.rejected,
        provisional: queue.provisional,
      },
      unregistered: unregisteredTotal > 0 ? this.unregistered(session.counterKey) : [],
      unregisteredTotal,
      drawer: this.drawer(range),
    };
    if (kind === 'Z') report.number = (last?.number ?? 0) + 1;
    if (session.counterName) report.counterName = session.counterName;
    const name = (uid: string) => session.nameOf?.(uid) ?? uid;
    if (report.sellers.length > 0) report.sellerNames = report.sellers.map(name);
    if (session.userId) {
      report.employee = name(session.userId);
      report.employeeId = session.userId;
    }
    if (periodFrom) report.periodFrom = periodFrom;
    if (firstMs !== undefined) report.firstSaleAt = new Date(firstMs).toISOString();
    if (lastMs !== undefined) report.lastSaleAt = new Date(lastMs).toISOString();
    return report;
  }

  private drawer(range: { counterKey: string; after: number; upto: number }): Drawer {
    const totals = this.stmts.drawer.get(range) as { sales: number; taken: number; held: number };
    const rows = this.stmts.differences.all(range) as Row[];
    const differences = rows.slice(0, UNREGISTERED_LISTED).map((r): DrawerDifference => {
      const reason = drawerReason(r.state as SaleState);
      const d: DrawerDifference = {
        id: r.id as string,
        createdAt: r.created_at as string,
        activityTitle: r.activity_title as string,
        tickets: r.amount_of_tickets as number,
        takenCents: r.taken as number,
        registeredCents: r.held as number,
        reason,
      };
      const detail = reason === 'rejected' ? r.last_error_code : reason === 'resolved' ? r.resolution : undefined;
      if (typeof detail === 'string') d.detail = detail;
      return d;
    });
    return { sales: totals.sales, takenCents: totals.taken, registeredCents: totals.held, differences, differencesTotal: rows.length };
  }

  private unregistered(counterKey: string): UnregisteredSale[] {
    return (this.stmts.unregistered.all(counterKey) as Row[]).map((r) => {
      const sale: UnregisteredSale = {
        id: r.id as string,
        createdAt: r.created_at as string,
        activityTitle: r.activity_title as string,
        tickets: r.amount_of_tickets as number,
        expectedCents: (r.expected_tariff_cents as number) * (r.amount_of_tickets as number),
        state: r.state as SaleState,
        provisional: r.provisional === 1,
      };
      if (r.price_class !== null) sale.priceClass = r.price_class as string;
      return sale;
    });
  }
}

function drawerReason(state: SaleState): DrawerReason {
  switch (state) {
    case 'rejected':
      return 'rejected';
    case 'resolved':
      return 'resolved';
    case 'registered':
      return 'tariff-changed';
    case 'cancel-pending':
    case 'cancel-sending':
    case 'cancel-unknown':
      return 'cancel-open';
    default:
      return 'unregistered';
  }
}

function toLine(r: Row): ReportLine {
  const regular = r.regular as number;
  const collected = r.collected as number;
  const line: ReportLine = {
    cdbid: r.cdbid as string,
    activityTitle: r.title as string,
    tariffType: r.tariffType as TariffType,
    sales: r.sales as number,
    tickets: r.tickets as number,
    regularCents: regular,
    collectedCents: collected,
    discountCents: regular - collected,
  };
  if (r.priceClass !== null) line.priceClass = r.priceClass as string;
  if (r.couponName !== null) line.couponName = r.couponName as string;
  return line;
}

function sum(lines: readonly ReportAmounts[]): ReportAmounts {
  const total: ReportAmounts = { sales: 0, tickets: 0, regularCents: 0, collectedCents: 0, discountCents: 0 };
  for (const l of lines) {
    total.sales += l.sales;
    total.tickets += l.tickets;
    total.regularCents += l.regularCents;
    total.collectedCents += l.collectedCents;
    total.discountCents += l.discountCents;
  }
  return total;
}

function net(sold: ReportAmounts, cancelled: ReportAmounts): NetAmounts {
  return {
    sales: sold.sales - cancelled.sales,
    tickets: sold.tickets - cancelled.tickets,
    regularCents: sold.regularCents - cancelled.regularCents,
    collectedCents: sold.collectedCents - cancelled.collectedCents,
    discountCents: sold.discountCents - cancelled.discountCents,
  };
}
