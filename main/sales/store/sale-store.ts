/**
 * The durable outbox: every sale row and every state change with its history row, each change in
 * one SQLite transaction. A write changes only the columns it means to change, and only if they
 * (and the state) still hold what the writer read: compare-and-set, so two code paths can never
 * both move the same sale (the loser gets a StaleStateError) and no flag or alert written by one
 * is silently overwritten by another's stale copy. Reads run on the caller's connection; writes go
 * through a SqlWriter (a worker thread in the app, so no fsync ever blocks the main event loop)
 * and resolve once they are on disk.
 */
import { stripPersonalXml } from '../../core/log.js';
import type Database from 'better-sqlite3';
import type { SaleActor, SaleAlert, SaleHistoryEntry, SaleState } from '../../../contract/schemas/sales.js';
import type { EndUserMessage } from '../../../contract/domain.js';
import type { ClockOffset } from '../../uitpas/server-clock.js';
import { commitWindow, type CommitWindow } from '../reconcile-match.js';
import { assertTransition, CANCELLING_STATES, IN_FLIGHT_STATES, UNREGISTERED_STATES } from '../state-machine.js';
import { InlineSqlWriter, StaleWriteError, type SqlStep, type SqlWriter } from './sql-writer.js';

/** A sale as stored. Optional fields are absent (not null) when empty. */
export interface SaleRecord {
  id: string;
  createdAt: string;
  createdMs: number;
  counterKey: string;
  userId?: string;
  uitpasNumber: string;
  groupPass: boolean;
  passholderUid?: string | undefined;
  holderName?: string;
  cdbid: string;
  activityTitle: string;
  priceClass?: string;
  couponId?: string;
  couponName?: string;
  amountOfTickets: number;
  expectedPriceCents: number;
  expectedTariffCents: number;
  provisional: boolean;
  state: SaleState;
  attempts: number;
  firstAttemptAt?: string;
  firstAttemptMs?: number;
  nextAttemptMs?: number;
  ticketSaleId?: string;
  registeredPriceCents?: number;
  registeredTariffCents?: number;
  lastErrorCode?: string;
  lastErrorMessage?: string;
  /** UiTPAS's own words for the last error (API 4), kept with that error and cleared with it. */
  lastErrorEndUserMessage?: EndUserMessage;
  alert?: SaleAlert;
  needsOperator: boolean;
  resolution?: string;
  purgedAt?: string;
  /** The operator cancelled the sale while its buy was not settled: honoured wherever it lands. */
  cancelRequested: boolean;
  /** Searches since the sale's last uncertain attempt (the schedule and the cap count them). */
  searches: number;
  /** From this moment (this PC's clock) a search that finds nothing proves the buy was not committed. */
  settleAfterMs?: number;
  /** When to look once more for a late commit after the sale was settled otherwise. */
  sweepAfterMs?: number;
  /** A rejection that followed an uncertain attempt: final only once a search confirms absence. */
  rejectionCode?: string;
}

/** An attempt whose request may have reached UiTPAS without Loket learning the outcome. */
export interface UncertainAttempt {
  kind: 'buy' | 'cancel';
  startedMs: number;
  endedMs: number;
  offset?: ClockOffset | undefined;
}

/** A ticket sale UiTPAS holds that no local sale registered. */
export type ForeignStatus = 'flagged' | 'cancel-pending' | 'cancel-unknown' | 'cancelled' | 'acknowledged';
export interface ForeignRecord {
  ticketSaleId: string;
  foundAt: string;
  counterKey: string;
  cdbid: string;
  creationDate: string;
  tariffCents: number;
  groupPass: boolean;
  likeSaleId?: string | undefined;
  status: ForeignStatus;
  reason: string;
  attempts: number;
  nextAttemptMs?: number;
  resolution?: string;
}

/** What sending a sale to UiTPAS (and the operator's handling) fills in: never given by the seller. */
type ProgressField =
  | 'attempts'
  | 'firstAttemptAt'
  | 'firstAttemptMs'
  | 'nextAttemptMs'
  | 'ticketSaleId'
  | 'registeredPriceCents'
  | 'registeredTariffCents'
  | 'lastErrorCode'
  | 'lastErrorMessage'
  | 'lastErrorEndUserMessage'
  | 'alert'
  | 'needsOperator'
  | 'resolution'
  | 'cancelRequested'
  | 'searches'
  | 'settleAfterMs'
  | 'sweepAfterMs'
  | 'rejectionCode';

export type NewSale = Omit<SaleRecord, 'state' | ProgressField | 'purgedAt'>;

/** Fields a transition may change besides the state. `null` clears a field. */
export type SalePatch = {
  [K in ProgressField | 'provisional']?: SaleRecord[K] | null;
};

export interface TransitionInput {
  from: SaleState;
  to: SaleState;
  actor: SaleActor;
  reason: string;
  at: Date;
  patch?: SalePatch;
  rawRequest?: string;
  rawResponse?: string;
  /** Recorded in the same transaction: the attempt that led here may have reached UiTPAS. */
  uncertain?: UncertainAttempt;
  /**
   * The registration's other ticket sale ids, after `patch.ticketSaleId` (API 4: one per ticket
   * of a group sale), recorded in the same transaction and claimed like the first.
   */
  moreTicketSaleIds?: readonly string[];
}

export class StaleStateError extends Error {
  constructor(
    readonly saleId: string,
    readonly expected: SaleState,
  ) {
    super(`sale ${saleId} is no longer in state ${expected}`);
    this.name = 'StaleStateError';
  }
}

/** The UiTPAS ticket sale is already linked to another local sale (unique index). */
export class TicketSaleClaimedError extends Error {
  constructor(readonly ticketSaleId: string) {
    super(`ticket sale ${ticketSaleId} already belongs to another local sale`);
    this.name = 'TicketSaleClaimedError';
  }
}

export interface ListFilter {
  states?: readonly SaleState[];
  sinceMs?: number;
  limit: number;
}

type Row = Record<string, unknown>;

const COLUMNS: Array<[keyof SaleRecord, string]> = [
  ['id', 'id'],
  ['createdAt', 'created_at'],
  ['createdMs', 'created_ms'],
  ['counterKey', 'counter_key'],
  ['userId', 'user_id'],
  ['uitpasNumber', 'uitpas_number'],
  ['groupPass', 'group_pass'],
  ['passholderUid', 'passholder_uid'],
  ['holderName', 'holder_name'],
  ['cdbid', 'cdbid'],
  ['activityTitle', 'activity_title'],
  ['priceClass', 'price_class'],
  ['couponId', 'coupon_id'],
  ['couponName', 'coupon_name'],
  ['amountOfTickets', 'amount_of_tickets'],
  ['expectedPriceCents', 'expected_price_cents'],
  ['expectedTariffCents', 'expected_tariff_cents'],
  ['provisional', 'provisional'],
  ['state', 'state'],
  ['attempts', 'attempts'],
  ['firstAttemptAt', 'first_attempt_at'],
  ['firstAttemptMs', 'first_attempt_ms'],
  ['nextAttemptMs', 'next_attempt_ms'],
  ['ticketSaleId', 'ticket_sale_id'],
  ['registeredPriceCents', 'registered_price_cents'],
  ['registeredTariffCents', 'registered_tariff_cents'],
  ['lastErrorCode', 'last_error_code'],
  ['lastErrorMessage', 'last_error_message'],
  ['lastErrorEndUserMessage', 'last_error_end_user_message'],
  ['alert', 'alert'],
  ['needsOperator', 'needs_operator'],
  ['resolution', 'resolution'],
  ['purgedAt', 'purged_at'],
  ['cancelRequested', 'cancel_requested'],
  ['searches', 'searches'],
  ['settleAfterMs', 'settle_after_ms'],
  ['sweepAfterMs', 'sweep_after_ms'],
  ['rejectionCode', 'rejection_code'],
];
const BOOLEAN_FIELDS = new Set<keyof SaleRecord>(['groupPass', 'provisional', 'needsOperator', 'cancelRequested']);
const JSON_FIELDS = new Set<keyof SaleRecord>(['lastErrorEndUserMessage']);
const MUTABLE_FIELDS: Array<keyof SalePatch> = [
  'attempts',
  'firstAttemptAt',
  'firstAttemptMs',
  'nextAttemptMs',
  'ticketSaleId',
  'registeredPriceCents',
  'registeredTariffCents',
  'lastErrorCode',
  'lastErrorMessage',
  'lastErrorEndUserMessage',
  'alert',
  'needsOperator',
  'resolution',
  'provisional',
  'cancelRequested',
  'searches',
  'settleAfterMs',
  'sweepAfterMs',
  'rejectionCode',
];
const column = new Map(COLUMNS);

function fromRow(row: Row): SaleRecord {
  const out: Record<string, unknown> = {};
  for (const [field, col] of COLUMNS) {
    const v = row[col];
    if (v === null || v === undefined) continue;
    out[field] = BOOLEAN_FIELDS.has(field) ? v === 1 : JSON_FIELDS.has(field) ? parseJsonColumn(v) : v;
  }
  return out as unknown as SaleRecord;
}

function toParam(field: keyof SaleRecord, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (BOOLEAN_FIELDS.has(field)) return v ? 1 : 0;
  if (JSON_FIELDS.has(field)) return JSON.stringify(v);
  return v;
}

/** A JSON column Loket wrote itself; unreadable (a hand-edited file) reads as absent, not a crash. */
function parseJsonColumn(v: unknown): unknown {
  try {
    return typeof v === 'string' ? (JSON.parse(v) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

const HISTORY_SQL = `INSERT INTO sale_history (sale_id, seq, at, from_state, to_state, actor, reason, raw_request, raw_response)
  VALUES (@saleId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sale_history WHERE sale_id = @saleId),
          @at, @from, @to, @actor, @reason, @rawRequest, @rawResponse)`;
const INSERT_SQL = `INSERT INTO sales (${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${COLUMNS.map(([f]) => `@${f}`).join(', ')})`;
const ATTEMPT_SQL = `INSERT INTO sale_attempts (sale_id, seq, kind, started_ms, ended_ms, offset_low_ms, offset_high_ms, outcome)
  VALUES (@saleId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sale_attempts WHERE sale_id = @saleId),
          @kind, @startedMs, @endedMs, @lowMs, @highMs, 'uncertain')`;
const REQUEST_CANCEL_SQL = `UPDATE sales SET cancel_requested = 1
  WHERE id = @id AND state = @state AND cancel_requested = 0`;
const DUE_STATES = `('pending', 'unknown', 'cancel-pending', 'cancel-unknown')`;
const UNREGISTERED_SQL = `(${UNREGISTERED_STATES.map((st) => `'${st}'`).join(',')})`;
// Due: queued work whose time has come, not waiting for the operator, and (for a buy) no older
// sale of the same card and activity still unsettled: order is kept per customer and activity,
// so one stuck sale never holds back another customer's.
const DUE_SQL = `FROM sales s WHERE s.needs_operator = 0
    AND (s.state IN ${DUE_STATES} OR (s.state = 'registered' AND s.cancel_requested = 1))
    AND NOT (s.state IN ('pending', 'unknown') AND EXISTS (
      SELECT 1 FROM sales o WHERE o.uitpas_number = s.uitpas_number AND o.cdbid = s.cdbid
        AND o.state IN ${UNREGISTERED_SQL} AND (o.created_ms < s.created_ms OR (o.created_ms = s.created_ms AND o.rowid < s.rowid))))`;
const FOREIGN_COLUMNS: Array<[keyof ForeignRecord, string]> = [
  ['ticketSaleId', 'ticket_sale_id'],
  ['foundAt', 'found_at'],
  ['counterKey', 'counter_key'],
  ['cdbid', 'cdbid'],
  ['creationDate', 'creation_date'],
  ['tariffCents', 'tariff_cents'],
  ['groupPass', 'group_pass'],
  ['likeSaleId', 'like_sale_id'],
  ['status', 'status'],
  ['reason', 'reason'],
  ['attempts', 'attempts'],
  ['nextAttemptMs', 'next_attempt_ms'],
  ['resolution', 'resolution'],
];
const FOREIGN_INSERT_SQL = `INSERT OR IGNORE INTO foreign_records (${FOREIGN_COLUMNS.map(([, c]) => c).join(', ')})
  VALUES (${FOREIGN_COLUMNS.map(([f]) => `@${f}`).join(', ')})`;
const FOREIGN_UPDATE_SQL = `UPDATE foreign_records SET status = @status, reason = @reason, attempts = @attempts,
  next_attempt_ms = @nextAttemptMs, resolution = @resolution WHERE ticket_sale_id = @ticketSaleId AND status = @from`;
const PROVISIONAL_SQL = 'UPDATE sales SET provisional = 1 WHERE id = @id AND provisional = 0';
const ACK_SQL = 'UPDATE sales SET alert = NULL, resolution = @resolution WHERE id = @id AND alert IS @alert';
const META_SQL = 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value';
/**
 * The privacy rule (README "Privacy"): a sale whose outcome is final (registered, cancelled,
 * resolved, rejected) loses its personal data after settings.privacy.purgeAfterDays; a sale still
 * `unknown` after a further UNRESOLVED_GRACE_DAYS loses it too (minimised: the last 4 digits of
 * the card stay so the operator can still recognise it). Pending and sending sales keep what they
 * need to be sent.
 */
export const UNRESOLVED_GRACE_DAYS = 60;
const PURGE_CONDITION = `purged_at IS NULL AND (
    (created_ms < @cutoff AND state IN ('registered', 'cancelled', 'resolved', 'rejected')) -- mutation-check: purge-rejected
    OR (created_ms < @unresolvedCutoff AND state = 'unknown'))`;
const PURGE_HISTORY_SQL = `UPDATE sale_history SET raw_request = NULL, raw_response = NULL
  WHERE sale_id IN (SELECT id FROM sales WHERE ${PURGE_CONDITION})`;
const PURGE_SALES_SQL = `UPDATE sales SET uitpas_number = '*********' || substr(uitpas_number, -4), passholder_uid = NULL,
  holder_name = NULL, purged_at = @at WHERE ${PURGE_CONDITION}`;

export class SaleStore {
  private readonly stmts;
  private readonly writer: SqlWriter;

  constructor(
    readonly db: Database.Database,
    writer?: SqlWriter,
  ) {
    this.writer = writer ?? new InlineSqlWriter(db);
    const unregistered = UNREGISTERED_SQL;
    this.stmts = {
      get: db.prepare('SELECT * FROM sales WHERE id = ?'),
      historyOf: db.prepare('SELECT * FROM sale_history WHERE sale_id = ? ORDER BY seq'),
      nextDue: db.prepare(
        `SELECT s.* ${DUE_SQL} AND (s.next_attempt_ms IS NULL OR s.next_attempt_ms <= ?) ORDER BY s.created_ms, s.rowid LIMIT 1`,
      ),
      nextWake: db.prepare(`SELECT MIN(s.next_attempt_ms) AS at ${DUE_SQL}`),
      anyDueNow: db.prepare(`SELECT 1 ${DUE_SQL} AND s.next_attempt_ms IS NULL LIMIT 1`),
      inFlight: db.prepare(`SELECT * FROM sales WHERE state IN (${IN_FLIGHT_STATES.map((st) => `'${st}'`).join(',')}) ORDER BY created_ms`),
      counts: db.prepare('SELECT state, COUNT(*) AS n FROM sales GROUP BY state'),
      attention: db.prepare(
        `SELECT (SELECT COUNT(*) FROM sales WHERE state = 'rejected' OR needs_operator = 1
           OR (alert IS NOT NULL AND state NOT IN ('resolved', 'cancelled')))
          + (SELECT COUNT(*) FROM foreign_records WHERE status = 'flagged') AS n`,
      ),
      oldestUnregistered: db.prepare(`SELECT created_at, created_ms FROM sales WHERE state IN ${unregistered} ORDER BY created_ms LIMIT 1`),
      unregisteredTotals: db.prepare(
        `SELECT COUNT(*) AS n, COALESCE(SUM(expected_tariff_cents * amount_of_tickets), 0) AS cents
         FROM sales WHERE state IN ${unregistered}`,
      ),
      openForPassActivity: db.prepare(`SELECT id FROM sales WHERE uitpas_number = ? AND cdbid = ? AND state IN ${unregistered} LIMIT 1`),
      // The queue's order rule (DUE_SQL), from the waiting sale's side.
      heldBehind: db.prepare(
        `SELECT o.id FROM sales s JOIN sales o ON o.uitpas_number = s.uitpas_number AND o.cdbid = s.cdbid
         WHERE s.id = ? AND s.state IN ('pending', 'unknown') AND o.state IN ${unregistered}
           AND (o.created_ms < s.created_ms OR (o.created_ms = s.created_ms AND o.rowid < s.rowid))
         ORDER BY o.created_ms, o.rowid LIMIT 1`,
      ),
      byTicketSale: db.prepare(
        `SELECT id FROM sales WHERE ticket_sale_id = @id
         UNION ALL SELECT sale_id AS id FROM sale_ticket_sales WHERE ticket_sale_id = @id LIMIT 1`,
      ),
      moreTicketSales: db.prepare('SELECT ticket_sale_id FROM sale_ticket_sales WHERE sale_id = ? ORDER BY seq'),
      attemptsOf: db.prepare(
        `SELECT kind, started_ms, ended_ms, offset_low_ms, offset_high_ms FROM sale_attempts
         WHERE sale_id = ? AND kind = ? ORDER BY seq`,
      ),
      uncertainOfActivity: db.prepare(
        `SELECT DISTINCT s.* FROM sales s JOIN sale_attempts a ON a.sale_id = s.id
         WHERE s.cdbid = ? AND a.kind = 'buy' ORDER BY s.created_ms`,
      ),
      nextSweep: db.prepare('SELECT * FROM sales WHERE sweep_after_ms IS NOT NULL AND sweep_after_ms <= ? ORDER BY sweep_after_ms LIMIT 1'),
      nextSweepAt: db.prepare('SELECT MIN(sweep_after_ms) AS at FROM sales WHERE sweep_after_ms IS NOT NULL'),
      foreign: db.prepare('SELECT * FROM foreign_records WHERE ticket_sale_id = ?'),
      foreignList: db.prepare('SELECT * FROM foreign_records ORDER BY found_at DESC LIMIT ?'),
      nextForeignCancel: db.prepare(
        `SELECT * FROM foreign_records WHERE status IN ('cancel-pending', 'cancel-unknown')
           AND (next_attempt_ms IS NULL OR next_attempt_ms <= ?) ORDER BY found_at LIMIT 1`,
      ),
      nextForeignAt: db.prepare(
        `SELECT MIN(COALESCE(next_attempt_ms, 0)) AS at FROM foreign_records WHERE status IN ('cancel-pending', 'cancel-unknown')`,
      ),
      metaGet: db.prepare('SELECT value FROM meta WHERE key = ?'),
      lastEntered: db.prepare('SELECT at FROM sale_history WHERE sale_id = ? AND to_state = ? ORDER BY seq DESC LIMIT 1'),
      uncertainCount: db.prepare('SELECT COUNT(*) AS n FROM sale_attempts WHERE sale_id = ? AND kind = ?'),
    };
  }

  /** Commits a new sale in `pending` with its first history row. Resolves once it is on disk. */
  async insert(sale: NewSale, actor: SaleActor, reason: string): Promise<SaleRecord> {
    const record = newRecord(sale);
    await this.writer.run(insertSteps(record, actor, reason));
    return record;
  }

  /**
   * Commits a new sale and its first transition (`claim`, from `pending`) in one transaction: one
   * durable write instead of two, with both history rows. Resolves with both records once on disk.
   */
  async insertWithTransition(
    sale: NewSale,
    actor: SaleActor,
    reason: string,
    claim: TransitionInput,
  ): Promise<{ inserted: SaleRecord; moved: SaleRecord }> {
    const inserted = newRecord(sale);
    if (claim.from !== inserted.state) throw new StaleStateError(sale.id, claim.from);
    assertTransition(claim.from, claim.to);
    const move = transitionSteps(inserted, claim);
    await this.writer.run([...insertSteps(inserted, actor, reason), ...move.steps]);
    return { inserted, moved: move.next };
  }

  get(id: string): SaleRecord | undefined {
    const row = this.stmts.get.get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /**
   * Moves a sale from `input.from` to `input.to` with its history row, atomically, changing only
   * the columns in the patch. Throws IllegalTransitionError for a move the state machine forbids,
   * StaleStateError when the sale is no longer in `from`, TicketSaleClaimedError when the ticket
   * sale id is linked elsewhere. When another writer changed one of the patched columns meanwhile
   * (but not the state), the move is made again on a fresh read.
   */
  async transition(id: string, input: TransitionInput): Promise<SaleRecord> {
    assertTransition(input.from, input.to);
    for (let attempt = 1; ; attempt++) {
      const current = this.get(id);
      if (!current || current.state !== input.from) throw new StaleStateError(id, input.from);
      const { next, steps } = transitionSteps(current, input);
      try {
        await this.writer.run(steps);
        return next;
      } catch (err) {
        if (err instanceof StaleWriteError) {
          if (attempt < 3) continue;
          throw new StaleStateError(id, input.from);
        }
        if (next.ticketSaleId && isUniqueViolation(err)) {
          const claimed = [next.ticketSaleId, ...(input.moreTicketSaleIds ?? [])].find((t) => this.claimedBy(t) !== undefined);
          throw new TicketSaleClaimedError(claimed ?? next.ticketSaleId);
        }
        throw err;
      }
    }
  }

  /**
   * Changes progress columns without a state change (a failed search that backs off), with a
   * history row; compare-and-set like a transition.
   */
  async retryLater(id: string, state: SaleState, patch: SalePatch, reason: string, at: Date): Promise<SaleRecord> {
    for (let attempt = 1; ; attempt++) {
      const current = this.get(id);
      if (!current || current.state !== state) throw new StaleStateError(id, state);
      const { next, steps } = transitionSteps(current, { from: state, to: state, actor: 'reconciler', reason, at, patch });
      try {
        await this.writer.run(steps);
        return next;
      } catch (err) {
        if (err instanceof StaleWriteError && attempt < 3) continue;
        if (err instanceof StaleWriteError) throw new StaleStateError(id, state);
        throw err;
      }
    }
  }

  /** Marks a sale as provisional (sold but not confirmed while the customer was there). */
  async markProvisional(id: string): Promise<void> {
    await this.writer.run([{ sql: PROVISIONAL_SQL, params: { id } }]);
  }

  /**
   * Records the operator's cancel of a sale whose buy is not settled (sending, unknown,
   * reconciling): wherever the sale lands, the cancel is honoured (docs/exactly-once.md). False
   * when the sale is no longer in `state` or was already marked.
   */
  async requestCancel(id: string, state: SaleState, at: Date): Promise<boolean> {
    try {
      await this.writer.run([
        { sql: REQUEST_CANCEL_SQL, params: { id, state }, expectChanges: 1 },
        historyStep(id, at, state, state, 'operator', 'cancel requested: it is honoured once UiTPAS has answered'),
      ]);
      return true;
    } catch (err) {
      if (err instanceof StaleWriteError) return false;
      throw err;
    }
  }

  /** The operator acknowledged an alert without a state change: clears it, with a history row. */
  async acknowledge(id: string, reason: string, at: Date): Promise<void> {
    const sale = this.get(id);
    if (!sale) throw new Error(`no sale ${id}`);
    try {
      await this.writer.run([
        { sql: ACK_SQL, params: { id, resolution: reason, alert: sale.alert ?? null }, expectChanges: 1 },
        historyStep(id, at, sale.state, sale.state, 'operator', `alert ${sale.alert ?? ''} acknowledged: ${reason}`),
      ]);
    } catch (err) {
      // A new alert arrived between reading and writing: it must not be cleared unseen.
      if (err instanceof StaleWriteError) throw new StaleStateError(id, sale.state);
      throw err;
    }
  }

  history(id: string): SaleHistoryEntry[] {
    return (this.stmts.historyOf.all(id) as Row[]).map((r) => {
      const e: SaleHistoryEntry = {
        seq: r.seq as number,
        at: r.at as string,
        to: r.to_state as SaleState,
        actor: r.actor as SaleActor,
        reason: r.reason as string,
      };
      if (r.from_state !== null) e.from = r.from_state as SaleState;
      if (r.raw_request !== null) e.rawRequest = r.raw_request as string;
      if (r.raw_response !== null) e.rawResponse = r.raw_response as string;
      return e;
    });
  }

  list(filter: ListFilter): SaleRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.states) {
      where.push(`state IN (${filter.states.map(() => '?').join(',')})`);
      params.push(...filter.states);
    }
    if (filter.sinceMs !== undefined) {
      where.push('created_ms >= ?');
      params.push(filter.sinceMs);
    }
    const sql = `SELECT * FROM sales ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY created_ms DESC, rowid DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, filter.limit) as Row[]).map(fromRow);
  }

  /** The oldest sale the worker should send, search for or cancel now. */
  nextDue(nowMs: number): SaleRecord | undefined {
    const row = this.stmts.nextDue.get(nowMs) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Is any queued work due without waiting (a fresh sale must then queue behind it: FIFO)? */
  anyDueNow(nowMs: number): boolean {
    return this.stmts.anyDueNow.get() !== undefined || this.nextDue(nowMs) !== undefined;
  }

  /** The earliest time queued work waits for (a search, a backoff, a sweep or a foreign cancel). */
  nextWakeMs(): number | undefined {
    const times = [
      (this.stmts.nextWake.get() as { at: number | null }).at,
      (this.stmts.nextSweepAt.get() as { at: number | null }).at,
      (this.stmts.nextForeignAt.get() as { at: number | null }).at,
    ].filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : undefined;
  }

  inFlight(): SaleRecord[] {
    return (this.stmts.inFlight.all() as Row[]).map(fromRow);
  }

  counts(): Record<SaleState, number> {
    const out = Object.fromEntries(
      [...UNREGISTERED_STATES, ...CANCELLING_STATES, 'registered', 'rejected', 'cancelled', 'resolved'].map((st) => [st, 0]),
    ) as Record<SaleState, number>;
    for (const r of this.stmts.counts.all() as Array<{ state: SaleState; n: number }>) out[r.state] = r.n;
    return out;
  }

  needsAttention(): number {
    return (this.stmts.attention.get() as { n: number }).n;
  }

  /** Sales not registered yet: how many, what they are worth, and the oldest. */
  unregistered(): { count: number; amountCents: number; oldestAt?: string; oldestMs?: number } {
    const totals = this.stmts.unregisteredTotals.get() as { n: number; cents: number };
    const oldest = this.stmts.oldestUnregistered.get() as { created_at: string; created_ms: number } | undefined;
    const base = { count: totals.n, amountCents: totals.cents };
    return oldest ? { ...base, oldestAt: oldest.created_at, oldestMs: oldest.created_ms } : base;
  }

  /** An unregistered sale for this card and activity, if any (offline: at most one per pair). */
  openSaleFor(uitpasNumber: string, cdbid: string): string | undefined {
    return (this.stmts.openForPassActivity.get(uitpasNumber, cdbid) as { id: string } | undefined)?.id;
  }

  /**
   * The earlier unsettled sale of the same card and activity that a pending or uncertain sale waits
   * behind (it is not sent before that one is settled, so it can never be taken for its record).
   */
  heldBehind(id: string): string | undefined {
    return (this.stmts.heldBehind.get(id) as { id: string } | undefined)?.id;
  }

  /** The local sale that holds a UiTPAS ticket sale (as its first id or one of the others), if any. */
  claimedBy(ticketSaleId: string): string | undefined {
    return (this.stmts.byTicketSale.get({ id: ticketSaleId }) as { id: string } | undefined)?.id;
  }

  /** Every ticket sale id the sale holds, the first (`ticketSaleId`) first; empty when none. */
  ticketSaleIds(sale: Pick<SaleRecord, 'id' | 'ticketSaleId'>): string[] {
    if (sale.ticketSaleId === undefined) return [];
    const more = (this.stmts.moreTicketSales.all(sale.id) as Array<{ ticket_sale_id: string }>).map((r) => r.ticket_sale_id);
    return [sale.ticketSaleId, ...more];
  }

  /**
   * The windows in which the sale's uncertain attempts of `kind` could have been committed, in
   * UiTPAS's clock. Each uses the offset known at the attempt *and* the one known now (`current`):
   * when either clock was stepped in between (NTP at boot, a corrected server), the attempt's
   * own estimate is stale, and only the union of both is safe. An attempt made before any reply
   * told the offset (the first request after a start) uses the current one alone.
   */
  windows(saleId: string, kind: 'buy' | 'cancel', horizonMs: number, current?: ClockOffset): CommitWindow[] {
    return (this.stmts.attemptsOf.all(saleId, kind) as Row[]).map((r) => {
      const then = r.offset_low_ms === null ? undefined : { lowMs: r.offset_low_ms as number, highMs: r.offset_high_ms as number };
      const offset =
        then && current ? { lowMs: Math.min(then.lowMs, current.lowMs), highMs: Math.max(then.highMs, current.highMs) } : (then ?? current);
      return commitWindow(r.started_ms as number, r.ended_ms as number, offset, horizonMs);
    });
  }

  /** When the sale last entered `state` (from its history), in ms. */
  lastEnteredMs(saleId: string, state: SaleState): number | undefined {
    const row = this.stmts.lastEntered.get(saleId, state) as { at: string } | undefined;
    return row ? Date.parse(row.at) : undefined;
  }

  /** How many attempts of `kind` on this sale may have reached UiTPAS without an answer. */
  uncertainAttempts(saleId: string, kind: 'buy' | 'cancel'): number {
    return (this.stmts.uncertainCount.get(saleId, kind) as { n: number }).n;
  }

  /** Moves a sale's sweep to a later moment (its search failed). */
  async postponeSweep(saleId: string, was: number, nextMs: number): Promise<void> {
    await this.writer.run([
      {
        sql: 'UPDATE sales SET sweep_after_ms = @next WHERE id = @id AND sweep_after_ms = @was',
        params: { id: saleId, was, next: nextMs },
      },
    ]);
  }

  /** Every local sale of this activity that ever had an uncertain buy (possible owners of a record). */
  uncertainSalesOf(cdbid: string): SaleRecord[] {
    return (this.stmts.uncertainOfActivity.all(cdbid) as Row[]).map(fromRow);
  }

  /** The sale whose late-commit sweep is due. */
  nextSweep(nowMs: number): SaleRecord | undefined {
    const row = this.stmts.nextSweep.get(nowMs) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Marks the sweep of a sale done, and records what it found, in one transaction. */
  async finishSweep(saleId: string, sweptAfterMs: number, found: readonly ForeignRecord[], at: Date): Promise<void> {
    const steps: SqlStep[] = [
      {
        sql: 'UPDATE sales SET sweep_after_ms = NULL WHERE id = @id AND sweep_after_ms = @was',
        params: { id: saleId, was: sweptAfterMs },
      },
    ];
    for (const f of found) steps.push({ sql: FOREIGN_INSERT_SQL, params: foreignParams(f) });
    if (found.length > 0) {
      const current = this.get(saleId);
      if (current) {
        steps.push(
          historyStep(
            saleId,
            at,
            current.state,
            current.state,
            'reconciler',
            `UiTPAS holds ${found.length} more ticket sale(s) like this one: ${found.map((f) => `${f.ticketSaleId} (${f.status})`).join(', ')}`,
          ),
        );
      }
    }
    await this.writer.run(steps);
  }

  foreignRecord(ticketSaleId: string): ForeignRecord | undefined {
    const row = this.stmts.foreign.get(ticketSaleId) as Row | undefined;
    return row ? foreignFromRow(row) : undefined;
  }

  foreignRecords(limit: number): ForeignRecord[] {
    return (this.stmts.foreignList.all(limit) as Row[]).map(foreignFromRow);
  }

  nextForeignCancel(nowMs: number): ForeignRecord | undefined {
    const row = this.stmts.nextForeignCancel.get(nowMs) as Row | undefined;
    return row ? foreignFromRow(row) : undefined;
  }

  /** Compare-and-set on the foreign record's status. False when someone else moved it first. */
  async updateForeign(record: ForeignRecord, from: ForeignStatus): Promise<boolean> {
    try {
      await this.writer.run([{ sql: FOREIGN_UPDATE_SQL, params: { ...foreignParams(record), from }, expectChanges: 1 }]);
      return true;
    } catch (err) {
      if (err instanceof StaleWriteError) return false;
      throw err;
    }
  }

  getMeta(key: string): string | undefined {
    return (this.stmts.metaGet.get(key) as { value: string } | undefined)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.writer.run([{ sql: META_SQL, params: [key, value] }]);
  }

  /**
   * Removes personal data (card number but the last 4 digits, passholder uid and name) and the raw
   * XML of settled sales created before `cutoffMs`. Resolves with how many sales were purged.
   */
  async purgePersonalData(cutoffMs: number, at: Date, unresolvedCutoffMs = cutoffMs - UNRESOLVED_GRACE_DAYS * 86_400_000): Promise<number> {
    const window = { cutoff: cutoffMs, unresolvedCutoff: unresolvedCutoffMs };
    const changes = await this.writer.run([
      { sql: PURGE_HISTORY_SQL, params: window },
      { sql: PURGE_SALES_SQL, params: { ...window, at: at.toISOString() } },
    ]);
    const purged = changes[1] ?? 0;
    // secure_delete zeroes the freed bytes in the database file, but the WAL still holds the
    // pages as they were before the purge: copy them back and truncate it to zero bytes.
    if (purged > 0) this.db.pragma('wal_checkpoint(TRUNCATE)'); // mutation-check: purge-wal-checkpoint
    return purged;
  }

  /** Stops the writer (the thread, if any). The caller closes `db`. */
  close(): Promise<void> {
    return this.writer.close();
  }
}

function newRecord(sale: NewSale): SaleRecord {
  return { ...sale, state: 'pending', attempts: 0, needsOperator: false, cancelRequested: false, searches: 0 };
}

function historyStep(
  saleId: string,
  at: Date,
  from: SaleState | null,
  to: SaleState,
  actor: SaleActor,
  reason: string,
  raw: { rawRequest?: string | undefined; rawResponse?: string | undefined } = {},
): SqlStep {
  return {
    sql: HISTORY_SQL,
    params: {
      saleId,
      at: at.toISOString(),
      from,
      to,
      actor,
      reason,
      rawRequest: raw.rawRequest ?? null,
      // Kept for disputes, but without names, birth date or home city: those never reach the disk.
      rawResponse: raw.rawResponse === undefined ? null : stripPersonalXml(raw.rawResponse), // mutation-check: raw-reply-stripped
    },
  };
}

function insertSteps(record: SaleRecord, actor: SaleActor, reason: string): SqlStep[] {
  const params: Record<string, unknown> = {};
  for (const [field] of COLUMNS) params[field] = toParam(field, record[field]);
  return [{ sql: INSERT_SQL, params }, historyStep(record.id, new Date(record.createdAt), null, 'pending', actor, reason)];
}

/**
 * The record after `input` and the statements that write it: the state and the patched columns
 * only, each compared with what was read (compare-and-set), plus the history row and, for an
 * uncertain attempt, its window.
 */
function transitionSteps(current: SaleRecord, input: TransitionInput): { next: SaleRecord; steps: SqlStep[] } {
  const next: SaleRecord = { ...current, state: input.to };
  const sets = ['state = @state'];
  const checks = ['id = @id', 'state = @from'];
  const params: Record<string, unknown> = { id: current.id, from: input.from, state: input.to };
  // UiTPAS's words belong to the error they came with: a new or cleared error drops the old words.
  const patch: SalePatch =
    input.patch && 'lastErrorMessage' in input.patch && !('lastErrorEndUserMessage' in input.patch)
      ? { ...input.patch, lastErrorEndUserMessage: null }
      : (input.patch ?? {});
  for (const [k, v] of Object.entries(patch) as Array<[keyof SalePatch, unknown]>) {
    if (!MUTABLE_FIELDS.includes(k)) continue;
    const col = column.get(k) as string;
    params[`old_${k}`] = toParam(k, current[k]);
    // A cleared field is absent, as a record read back from the table has it.
    if (v === null || v === undefined) delete (next as unknown as Record<string, unknown>)[k];
    else (next as unknown as Record<string, unknown>)[k] = v;
    params[k] = toParam(k, next[k]);
    sets.push(`${col} = @${k}`);
    checks.push(`${col} IS @old_${k}`);
  }
  const steps: SqlStep[] = [
    { sql: `UPDATE sales SET ${sets.join(', ')} WHERE ${checks.join(' AND ')}`, params, expectChanges: 1 },
    historyStep(current.id, input.at, input.from, input.to, input.actor, input.reason, input),
  ];
  if (input.moreTicketSaleIds?.length) {
    if (next.ticketSaleId === undefined) throw new Error(`sale ${current.id}: more ticket sale ids without a first one`);
    input.moreTicketSaleIds.forEach((ticketSaleId) =>
      steps.push({
        sql: `INSERT INTO sale_ticket_sales (ticket_sale_id, sale_id, seq)
              VALUES (@ticketSaleId, @saleId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sale_ticket_sales WHERE sale_id = @saleId))`,
        params: { ticketSaleId, saleId: current.id },
      }),
    );
  }
  if (input.uncertain) {
    const u = input.uncertain;
    steps.push({
      sql: ATTEMPT_SQL,
      params: {
        saleId: current.id,
        kind: u.kind,
        startedMs: u.startedMs,
        endedMs: u.endedMs,
        lowMs: u.offset?.lowMs ?? null,
        highMs: u.offset?.highMs ?? null,
      },
    });
  }
  return { next, steps };
}

function foreignParams(f: ForeignRecord): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [field] of FOREIGN_COLUMNS) {
    const v = f[field];
    params[field] = v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
  return params;
}

function foreignFromRow(row: Row): ForeignRecord {
  const out: Record<string, unknown> = {};
  for (const [field, col] of FOREIGN_COLUMNS) {
    const v = row[col];
    if (v === null || v === undefined) continue;
    out[field] = field === 'groupPass' ? v === 1 : v;
  }
  return out as unknown as ForeignRecord;
}

/** A ticket sale id already held: the unique index, the extra ids' key, or the triggers joining both (migration 4). */
function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  return code === 'SQLITE_CONSTRAINT_TRIGGER' && typeof message === 'string' && message.includes('ticket sale already held');
}
