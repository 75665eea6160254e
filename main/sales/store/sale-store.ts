/**
 * The durable outbox: every sale row and every state change with its history row, each change in
 * one SQLite transaction. State changes are compare-and-set on the expected current state, so two
 * code paths can never both move the same sale (the loser gets a StaleStateError). Reads run on
 * the caller's connection; writes go through a SqlWriter (a worker thread in the app, so no fsync
 * ever blocks the main event loop) and resolve once they are on disk.
 */
import { stripPersonalXml } from '../../app/log.js';
import type Database from 'better-sqlite3';
import type { SaleActor, SaleAlert, SaleHistoryEntry, SaleState } from '../../../contract/calls/sales.js';
import { assertTransition, IN_FLIGHT_STATES, UNREGISTERED_STATES } from '../state-machine.js';
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
  passholderUid?: string;
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
  alert?: SaleAlert;
  needsOperator: boolean;
  resolution?: string;
  purgedAt?: string;
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
  | 'alert'
  | 'needsOperator'
  | 'resolution';

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
  ['alert', 'alert'],
  ['needsOperator', 'needs_operator'],
  ['resolution', 'resolution'],
  ['purgedAt', 'purged_at'],
];
const BOOLEAN_FIELDS = new Set<keyof SaleRecord>(['groupPass', 'provisional', 'needsOperator']);
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
  'alert',
  'needsOperator',
  'resolution',
  'provisional',
];
const column = new Map(COLUMNS);

function fromRow(row: Row): SaleRecord {
  const out: Record<string, unknown> = {};
  for (const [field, col] of COLUMNS) {
    const v = row[col];
    if (v === null || v === undefined) continue;
    out[field] = BOOLEAN_FIELDS.has(field) ? v === 1 : v;
  }
  return out as unknown as SaleRecord;
}

function toParam(field: keyof SaleRecord, v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (BOOLEAN_FIELDS.has(field)) return v ? 1 : 0;
  return v;
}

const HISTORY_SQL = `INSERT INTO sale_history (sale_id, seq, at, from_state, to_state, actor, reason, raw_request, raw_response)
  VALUES (@saleId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM sale_history WHERE sale_id = @saleId),
          @at, @from, @to, @actor, @reason, @rawRequest, @rawResponse)`;
const INSERT_SQL = `INSERT INTO sales (${COLUMNS.map(([, c]) => c).join(', ')}) VALUES (${COLUMNS.map(([f]) => `@${f}`).join(', ')})`;
const UPDATE_SQL = `UPDATE sales SET ${['state = @state', ...MUTABLE_FIELDS.map((f) => `${column.get(f)} = @${f}`)].join(', ')}
  WHERE id = @id AND state = @from`;
const FLAGS_SQL = 'UPDATE sales SET provisional = @provisional, alert = @alert WHERE id = @id';
const ACK_SQL = 'UPDATE sales SET alert = NULL, resolution = @resolution WHERE id = @id';
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
    (created_ms < @cutoff AND state IN ('registered', 'cancelled', 'resolved', 'rejected'))
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
    const unregistered = UNREGISTERED_STATES.map((s) => `'${s}'`).join(',');
    this.stmts = {
      get: db.prepare('SELECT * FROM sales WHERE id = ?'),
      historyOf: db.prepare('SELECT * FROM sale_history WHERE sale_id = ? ORDER BY seq'),
      // FIFO by creation; sales waiting for the operator are skipped, not blocking the rest.
      nextDue: db.prepare(
        `SELECT * FROM sales WHERE state IN ('pending', 'unknown') AND needs_operator = 0
           AND (next_attempt_ms IS NULL OR next_attempt_ms <= ?)
         ORDER BY created_ms, rowid LIMIT 1`,
      ),
      nextWake: db.prepare(
        `SELECT MIN(next_attempt_ms) AS at FROM sales WHERE state IN ('pending', 'unknown') AND needs_operator = 0`,
      ),
      inFlight: db.prepare(
        `SELECT * FROM sales WHERE state IN (${IN_FLIGHT_STATES.map((s) => `'${s}'`).join(',')}) ORDER BY created_ms`,
      ),
      counts: db.prepare('SELECT state, COUNT(*) AS n FROM sales GROUP BY state'),
      attention: db.prepare(
        `SELECT COUNT(*) AS n FROM sales WHERE state = 'rejected' OR needs_operator = 1
           OR (alert IS NOT NULL AND state NOT IN ('resolved', 'cancelled'))`,
      ),
      oldestUnregistered: db.prepare(
        `SELECT created_at, created_ms FROM sales WHERE state IN (${unregistered}) ORDER BY created_ms LIMIT 1`,
      ),
      countUnregistered: db.prepare(`SELECT COUNT(*) AS n FROM sales WHERE state IN (${unregistered})`),
      byTicketSale: db.prepare('SELECT id FROM sales WHERE ticket_sale_id = ?'),
      metaGet: db.prepare('SELECT value FROM meta WHERE key = ?'),
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
   * Moves a sale from `input.from` to `input.to` with its history row, atomically. Throws
   * IllegalTransitionError for a move the state machine forbids, StaleStateError when the sale is
   * no longer in `from`, TicketSaleClaimedError when the ticket sale id is linked elsewhere.
   */
  async transition(id: string, input: TransitionInput): Promise<SaleRecord> {
    assertTransition(input.from, input.to);
    const current = this.get(id);
    if (!current || current.state !== input.from) throw new StaleStateError(id, input.from);
    const { next, steps } = transitionSteps(current, input);
    try {
      await this.writer.run(steps);
    } catch (err) {
      if (err instanceof StaleWriteError) throw new StaleStateError(id, input.from);
      if (next.ticketSaleId && isUniqueViolation(err)) throw new TicketSaleClaimedError(next.ticketSaleId);
      throw err;
    }
    return next;
  }

  /** Flags that do not change the state (provisional, operator alert). */
  async setFlags(id: string, flags: { provisional: boolean; alert?: SaleAlert }): Promise<void> {
    await this.writer.run([{ sql: FLAGS_SQL, params: { id, provisional: flags.provisional ? 1 : 0, alert: flags.alert ?? null } }]);
  }

  /** The operator acknowledged an alert without a state change: clears it, with a history row. */
  async acknowledge(id: string, reason: string, at: Date): Promise<void> {
    const sale = this.get(id);
    if (!sale) throw new Error(`no sale ${id}`);
    await this.writer.run([
      { sql: ACK_SQL, params: { id, resolution: reason } },
      {
        sql: HISTORY_SQL,
        params: {
          saleId: id,
          at: at.toISOString(),
          from: sale.state,
          to: sale.state,
          actor: 'operator',
          reason: `alert ${sale.alert ?? ''} acknowledged: ${reason}`,
          rawRequest: null,
          rawResponse: null,
        },
      },
    ]);
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

  /** The oldest sale the worker should send or reconcile now. */
  nextDue(nowMs: number): SaleRecord | undefined {
    const row = this.stmts.nextDue.get(nowMs) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** The earliest time a queued sale waits for (an uncertain sale waiting to be searched). */
  nextWakeMs(): number | undefined {
    return (this.stmts.nextWake.get() as { at: number | null }).at ?? undefined;
  }

  inFlight(): SaleRecord[] {
    return (this.stmts.inFlight.all() as Row[]).map(fromRow);
  }

  counts(): Record<SaleState, number> {
    const out: Record<SaleState, number> = {
      pending: 0,
      sending: 0,
      registered: 0,
      rejected: 0,
      unknown: 0,
      reconciling: 0,
      cancelled: 0,
      resolved: 0,
    };
    for (const r of this.stmts.counts.all() as Array<{ state: SaleState; n: number }>) out[r.state] = r.n;
    return out;
  }

  needsAttention(): number {
    return (this.stmts.attention.get() as { n: number }).n;
  }

  unregistered(): { count: number; oldestAt?: string; oldestMs?: number } {
    const count = (this.stmts.countUnregistered.get() as { n: number }).n;
    const oldest = this.stmts.oldestUnregistered.get() as { created_at: string; created_ms: number } | undefined;
    return oldest ? { count, oldestAt: oldest.created_at, oldestMs: oldest.created_ms } : { count };
  }

  isTicketSaleClaimed(ticketSaleId: string): boolean {
    return this.stmts.byTicketSale.get(ticketSaleId) !== undefined;
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
    if (purged > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return purged;
  }

  /** Stops the writer (the thread, if any). The caller closes `db`. */
  close(): Promise<void> {
    return this.writer.close();
  }
}

function newRecord(sale: NewSale): SaleRecord {
  return { ...sale, state: 'pending', attempts: 0, needsOperator: false };
}

function insertSteps(record: SaleRecord, actor: SaleActor, reason: string): SqlStep[] {
  const params: Record<string, unknown> = {};
  for (const [field] of COLUMNS) params[field] = toParam(field, record[field]);
  return [
    { sql: INSERT_SQL, params },
    {
      sql: HISTORY_SQL,
      params: { saleId: record.id, at: record.createdAt, from: null, to: 'pending', actor, reason, rawRequest: null, rawResponse: null },
    },
  ];
}

/** The record after `input` and the statements that write it: compare-and-set plus its history row. */
function transitionSteps(current: SaleRecord, input: TransitionInput): { next: SaleRecord; steps: SqlStep[] } {
  const next: SaleRecord = { ...current, state: input.to };
  for (const [k, v] of Object.entries(input.patch ?? {})) {
    (next as unknown as Record<string, unknown>)[k] = v === null ? undefined : v;
  }
  const params: Record<string, unknown> = { id: current.id, from: input.from, state: input.to };
  for (const f of MUTABLE_FIELDS) params[f] = toParam(f, next[f]);
  return {
    next,
    steps: [
      // Compare-and-set: if the state moved since we read it, nothing is written.
      { sql: UPDATE_SQL, params, expectChanges: 1 },
      {
        sql: HISTORY_SQL,
        params: {
          saleId: current.id,
          at: input.at.toISOString(),
          from: input.from,
          to: input.to,
          actor: input.actor,
          reason: input.reason,
          rawRequest: input.rawRequest ?? null,
          // Kept for disputes, but without names, birth date or home city: those never reach the disk.
          rawResponse: input.rawResponse === undefined ? null : stripPersonalXml(input.rawResponse),
        },
      },
    ],
  };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
