/**
 * Settles what an uncertain attempt left open by asking UiTPAS which ticket sales exist, instead of
 * re-sending blindly (UiTPAS has no idempotency key):
 * - a buy in `unknown`: adopt the one record that is provably this sale's; believe absence only
 *   after the late-commit horizon has passed in UiTPAS's clock; hand doubt to the operator;
 * - a cancel in `cancel-unknown`: the record gone means cancelled, still there means send again;
 * - the sweep after a re-sent sale: a late commit of an earlier attempt is Loket's own duplicate
 *   (cancelled through the outbox) or, when that cannot be proven, shown to the operator.
 * The pure decisions are in reconcile-match.ts; docs/exactly-once.md walks through them.
 */
import type { TicketSale } from '../../contract/domain.js';
import { brusselsDateTime } from '../uitpas/values.js';
import { UitpasError, type FailureKind, type TicketSaleQuery, type UitpasPort } from '../uitpas/port.js';
import { UNKNOWN_OFFSET, fit, inWindows, judge, type CommitWindow, type SaleFacts, type Verdict } from './reconcile-match.js';
import { DEFAULT_RECONCILE_POLICY, nextSearchMs, type ReconcilePolicy } from './reconcile-policy.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import {
  TicketSaleClaimedError,
  type ForeignRecord,
  type SalePatch,
  type SaleRecord,
  type SaleStore,
  type TransitionInput,
} from './store/sale-store.js';

export type ReconcileResult =
  | { kind: 'registered'; sale: SaleRecord }
  /** Proven absent: back to pending (re-send), or to its end state when cancelled/rejected. */
  | { kind: 'absent'; sale: SaleRecord }
  /** Nothing found yet, but a late commit could still land: searched again later. */
  | { kind: 'waiting'; sale: SaleRecord }
  | { kind: 'needs-operator'; sale: SaleRecord }
  /** The search itself failed; the sale backs off on its own and is searched again. */
  | { kind: 'search-failed'; sale: SaleRecord; failure: FailureKind | 'unexpected' };

export interface ReconcilerDeps {
  store: SaleStore;
  port: UitpasPort;
  now: () => number;
  random: () => number;
  onSaleChanged: (sale: SaleRecord) => void;
  policy?: ReconcilePolicy;
  backoff?: BackoffOptions;
}

/** How late a commit of another local sale's uncertain attempt may still be feared. */
const RIVAL_LATE_COMMIT_MS = 24 * 3_600_000;
/** How much earlier than its windows a search asks from (a clock may have stepped back since). */
const QUERY_MARGIN_MS = 5 * 60_000;
/** Slack for "up to now" windows: creation dates have whole seconds. */
const RECENT_MS = 2_000;

type SearchOutcome =
  | { ok: true; records: TicketSale[]; complete: boolean; summary: string }
  | { ok: false; failure: FailureKind | 'unexpected'; code: string; message: string };

export class Reconciler {
  readonly policy: ReconcilePolicy;

  constructor(private readonly deps: ReconcilerDeps) {
    this.policy = deps.policy ?? DEFAULT_RECONCILE_POLICY;
  }

  /** The facts of a sale with the windows of its uncertain buys. */
  facts(sale: SaleRecord): SaleFacts {
    const windows = this.deps.store.windows(sale.id, 'buy', this.policy.lateCommitHorizonMs, this.deps.port.clockOffset());
    return {
      id: sale.id,
      cdbid: sale.cdbid,
      groupPass: sale.groupPass,
      uitpasNumber: sale.uitpasNumber,
      passholderUid: sale.passholderUid,
      couponId: sale.couponId,
      priceClass: sale.priceClass,
      amountOfTickets: sale.amountOfTickets,
      expectedPriceCents: sale.expectedPriceCents,
      expectedTariffCents: sale.expectedTariffCents,
      provisional: sale.provisional,
      ticketSaleId: sale.ticketSaleId,
      windows: windows.length > 0 ? windows : [this.legacyWindow(sale)],
    };
  }

  /** A buy in `unknown`: search, then adopt, wait, re-queue or hand to the operator. */
  async reconcile(sale: SaleRecord): Promise<ReconcileResult> {
    const { store } = this.deps;
    const query = this.queryFor(sale, this.facts(sale).windows);
    const searchedFromMs = this.deps.now();
    const reconciling = await this.move(
      sale.id,
      'unknown',
      'reconciling',
      'searching UiTPAS for this sale',
      {},
      `searchTicketSales ${JSON.stringify(query)}`,
    );
    const outcome = await this.search(query);
    if (!outcome.ok) return this.searchFailed(reconciling, outcome, 'reconciling', 'unknown');
    // Judged with what the search's own replies just told about UiTPAS's clock.
    const base = this.facts(sale);
    // A rejection (e.g. MAXIMUM_REACHED) after an uncertain attempt is itself a sign that the
    // attempt may have been committed after all, even later than the horizon: look up to now.
    const facts: SaleFacts = sale.rejectionCode
      ? { ...base, windows: base.windows.map((w) => ({ fromMs: w.fromMs, toMs: Math.max(w.toMs, this.deps.now() + RECENT_MS) })) }
      : base;

    const verdict = outcome.complete
      ? judge(facts, outcome.records, this.rivals(sale), (id) => store.claimedBy(id))
      : ({ kind: 'ambiguous', reason: 'doubt', candidates: [], detail: 'the search did not return every ticket sale' } as const);

    if (verdict.kind === 'found') {
      return this.adopt(reconciling, ticketsOf(verdict), outcome.summary, facts.windows.length > 1);
    }
    if (verdict.kind === 'ambiguous') {
      const back = await this.move(
        sale.id,
        'reconciling',
        'unknown',
        `the operator must decide: ${verdict.detail}`,
        {
          needsOperator: true,
          alert: 'needs-operator',
          searches: sale.searches + 1,
          lastErrorCode: 'RECONCILE_AMBIGUOUS',
          lastErrorMessage: `${verdict.detail} (candidates: ${verdict.candidates.join(', ') || 'unknown'})`,
        },
        undefined,
        outcome.summary,
      );
      return { kind: 'needs-operator', sale: back };
    }

    // Nothing of ours in the windows. Proof only once every window has closed in UiTPAS's clock.
    const offset = this.deps.port.clockOffset() ?? UNKNOWN_OFFSET;
    const windowsEnd = Math.max(...base.windows.map((w) => w.toMs));
    const settleAfterMs = windowsEnd - offset.lowMs + 1;
    if (searchedFromMs < settleAfterMs) {
      const searches = sale.searches + 1;
      if (searches >= this.policy.maxSearches) return this.toOperator(reconciling, 'reconciling', 'unknown', searches, outcome.summary);
      const lastEnd = this.lastAttemptEnd(sale, base.windows);
      const back = await this.move(
        sale.id,
        'reconciling',
        'unknown',
        'not found yet; UiTPAS may still register it, so it is searched again',
        {
          searches,
          settleAfterMs,
          // Never further away than one horizon: a clock learnt meanwhile may settle it sooner.
          nextAttemptMs: Math.min(
            nextSearchMs(this.policy, searches - 1, lastEnd, settleAfterMs, this.deps.now()),
            this.deps.now() + this.policy.lateCommitHorizonMs,
          ),
        },
        undefined,
        outcome.summary,
      );
      return { kind: 'waiting', sale: back };
    }
    return this.provenAbsent(reconciling, outcome.summary);
  }

  /** A cancel in `cancel-unknown`: gone at UiTPAS means cancelled; still there means send again. */
  async reconcileCancel(sale: SaleRecord): Promise<ReconcileResult> {
    const query = this.queryFor(sale, [this.legacyWindow(sale)]);
    const outcome = await this.search(query);
    if (!outcome.ok) return this.searchFailed(sale, outcome, 'cancel-unknown', undefined);
    // Every ticket the sale holds must be gone (API 4: one record per ticket of a group sale).
    const ids = this.deps.store.ticketSaleIds(sale);
    const stillThere = outcome.records.some((r) => ids.includes(r.id));
    if (!stillThere && outcome.complete) {
      const done = await this.move(
        sale.id,
        'cancel-unknown',
        'cancelled',
        `ticket sale ${sale.ticketSaleId ?? ''} is gone at UiTPAS: the cancel went through`,
        {
          searches: 0,
          needsOperator: false,
          lastErrorCode: null,
          lastErrorMessage: null,
        },
        undefined,
        outcome.summary,
      );
      return { kind: 'registered', sale: done };
    }
    // Still registered (or the search could not say): the cancel is sent again; a repeated cancel
    // of a sale that is already cancelled answers UNKNOWN_TICKET_SALE, which the worker accepts.
    const again = await this.move(
      sale.id,
      'cancel-unknown',
      'cancel-sending',
      `ticket sale ${sale.ticketSaleId ?? ''} is still registered: cancel again`,
      {
        searches: 0,
        attempts: sale.attempts + 1,
      },
      `cancel ${sale.ticketSaleId ?? ''}`,
      outcome.summary,
    );
    return { kind: 'waiting', sale: again };
  }

  /**
   * Looks once more for late commits of a sale that was re-sent or rejected after an uncertain
   * attempt (a search index that lagged, a backend slower than the horizon). An unclaimed record
   * that fits is Loket's own duplicate when it lies in an attempt's window and nothing else could
   * own it: cancelled through the outbox. Anything later or less certain is only shown to the
   * operator ("UiTPAS holds a sale Loket did not register"): cancelling another PC's genuine sale
   * would be worse than a duplicate.
   */
  async sweep(sale: SaleRecord): Promise<ForeignRecord[] | undefined> {
    const { store } = this.deps;
    const was = sale.sweepAfterMs;
    if (was === undefined) return [];
    const outcome = await this.search(this.queryFor(sale, this.facts(sale).windows));
    const facts = this.facts(sale);
    const late = facts.windows.map((w) => ({ fromMs: w.fromMs, toMs: w.toMs + this.policy.sweepDelayMs }));
    if (!outcome.ok || !outcome.complete) {
      await store.postponeSweep(sale.id, was, this.deps.now() + this.policy.sweepDelayMs);
      return undefined;
    }
    const rivals = this.rivals(sale);
    const at = new Date(this.deps.now());
    const found: ForeignRecord[] = [];
    if (sale.state === 'rejected') {
      // A sale that was rejected after an uncertain attempt, and UiTPAS shows that attempt's
      // registration after all (a search index that lagged): the rejection was wrong. Adopt it.
      const verdict = judge(facts, outcome.records, rivals, (id) => store.claimedBy(id));
      if (verdict.kind === 'found') {
        const tickets = ticketsOf(verdict);
        const done = await this.move(
          sale.id,
          'rejected',
          'registered',
          `UiTPAS registered it after all: adopted ${tickets.what} found by the sweep`,
          {
            ticketSaleId: verdict.record.id,
            registeredPriceCents: verdict.record.priceCents,
            registeredTariffCents: verdict.record.tariffCents,
            lastErrorCode: null,
            lastErrorMessage: null,
            alert: null,
          },
          undefined,
          outcome.summary,
          tickets.more,
        );
        return this.sweep(done);
      }
    }
    for (const r of outcome.records) {
      if (!inWindows(r, late) || store.claimedBy(r.id) !== undefined || store.foreignRecord(r.id)) continue;
      const f = fit(facts, r);
      if (f.fit === 'no') continue;
      const shared = rivals.some((o) => o.ticketSaleId !== r.id && inWindows(r, o.windows) && fit(o, r).fit !== 'no');
      const ownDuplicate =
        f.fit === 'match' && !shared && inWindows(r, facts.windows) && sale.ticketSaleId !== undefined && sale.state !== 'cancelled';
      found.push({
        ticketSaleId: r.id,
        foundAt: at.toISOString(),
        counterKey: sale.counterKey,
        cdbid: r.cdbid,
        creationDate: r.creationDate,
        tariffCents: r.tariffCents,
        groupPass: r.groupPass,
        likeSaleId: sale.id,
        status: ownDuplicate ? 'cancel-pending' : 'flagged',
        reason: ownDuplicate
          ? `late registration of an earlier attempt of sale ${sale.id}, which holds ticket sale ${sale.ticketSaleId ?? ''}: cancelled`
          : `UiTPAS holds a sale Loket did not register (like sale ${sale.id}${f.fit === 'doubt' ? `; ${f.why}` : ''}${shared ? '; another local sale could own it' : ''}${inWindows(r, facts.windows) ? '' : '; made after the late-commit horizon'})`,
        attempts: 0,
      });
    }
    await store.finishSweep(sale.id, was, found, at);
    return found;
  }

  /** The operator's fresh search: every unclaimed record that could be this sale's, with why. */
  async candidates(
    sale: SaleRecord,
  ): Promise<{ records: Array<{ record: TicketSale; fit: string; claimedBy?: string }>; complete: boolean }> {
    const facts = this.facts(sale);
    const wide = [{ fromMs: Math.min(...facts.windows.map((w) => w.fromMs), sale.createdMs + UNKNOWN_OFFSET.lowMs), toMs: Infinity }];
    const outcome = await this.search(this.queryFor(sale, wide));
    if (!outcome.ok) {
      throw new UitpasError(outcome.failure === 'unexpected' ? 'bad-response' : outcome.failure, outcome.message, { code: outcome.code });
    }
    const records = outcome.records
      .map((record) => {
        const f = fit(facts, record);
        const owner = this.deps.store.claimedBy(record.id);
        return { record, fit: f.fit === 'match' ? 'match' : `${f.fit}: ${f.why}`, ...(owner ? { claimedBy: owner } : {}) };
      })
      .filter((c) => !c.fit.startsWith('no'));
    return { records, complete: outcome.complete };
  }

  // ---- helpers -------------------------------------------------------------------------------

  private async adopt(reconciling: SaleRecord, tickets: AdoptedTickets, summary: string, sweep: boolean): Promise<ReconcileResult> {
    const t = tickets.record;
    const tariffChanged = reconciling.provisional && !reconciling.groupPass && t.tariffCents !== reconciling.expectedTariffCents;
    try {
      const done = await this.move(
        reconciling.id,
        'reconciling',
        'registered',
        `adopted ${tickets.what} found by search`,
        {
          ticketSaleId: t.id,
          registeredPriceCents: t.priceCents,
          registeredTariffCents: t.tariffCents,
          lastErrorCode: null,
          lastErrorMessage: null,
          rejectionCode: null,
          searches: 0,
          ...(sweep ? { sweepAfterMs: this.deps.now() + this.policy.sweepDelayMs } : {}),
          ...(tariffChanged ? { alert: 'tariff-changed' as const } : {}),
        },
        undefined,
        summary,
        tickets.more,
      );
      return { kind: 'registered', sale: done };
    } catch (err) {
      if (!(err instanceof TicketSaleClaimedError)) throw err;
      // Claimed between the search and now: only possible with a second writer; do not guess.
      const back = await this.move(
        reconciling.id,
        'reconciling',
        'unknown',
        `ticket sale ${t.id} is already linked to another sale`,
        {
          needsOperator: true,
          alert: 'needs-operator',
        },
        undefined,
        summary,
      );
      return { kind: 'needs-operator', sale: back };
    }
  }

  private async provenAbsent(reconciling: SaleRecord, summary: string): Promise<ReconcileResult> {
    const { store } = this.deps;
    if (reconciling.cancelRequested) {
      const done = await this.move(
        reconciling.id,
        'reconciling',
        'cancelled',
        'proven not registered; cancelled by the operator, so it is not sent again',
        {
          resolution: 'cancelled before registration',
          searches: 0,
          // A commit slower than the horizon would now belong to no sale: look once more, later.
          sweepAfterMs: this.deps.now() + this.policy.sweepDelayMs,
        },
        undefined,
        summary,
      );
      return { kind: 'absent', sale: done };
    }
    if (reconciling.rejectionCode) {
      const code = reconciling.rejectionCode;
      const done = await this.move(
        reconciling.id,
        'reconciling',
        'rejected',
        `rejected by UiTPAS: ${code} (confirmed: no registration found)`,
        {
          lastErrorCode: code,
          rejectionCode: null,
          searches: 0,
          sweepAfterMs: this.deps.now() + this.policy.sweepDelayMs,
          ...(reconciling.provisional ? { alert: 'rejected-after-offline' as const } : {}),
        },
        undefined,
        summary,
      );
      return { kind: 'absent', sale: done };
    }
    const uncertainBuys = store.uncertainAttempts(reconciling.id, 'buy');
    if (uncertainBuys >= this.policy.maxUncertainBuys) {
      return this.toOperator(
        reconciling,
        'reconciling',
        'unknown',
        reconciling.searches + 1,
        summary,
        `${uncertainBuys} attempts went unanswered; Loket stops re-sending this sale`,
      );
    }
    const back = await this.move(
      reconciling.id,
      'reconciling',
      'pending',
      'search proves the sale was not registered; it will be sent again',
      {
        nextAttemptMs: null,
        searches: 0,
      },
      undefined,
      summary,
    );
    return { kind: 'absent', sale: back };
  }

  private async searchFailed(
    sale: SaleRecord,
    outcome: Extract<SearchOutcome, { ok: false }>,
    from: 'reconciling' | 'cancel-unknown',
    to: 'unknown' | undefined,
  ): Promise<ReconcileResult> {
    const searches = sale.searches + 1;
    // A rejected search (e.g. unknown counter) will not fix itself: the operator must look.
    const toOperator = outcome.failure === 'rejected' || searches >= this.policy.maxSearches;
    const patch: SalePatch = {
      searches,
      lastErrorCode: outcome.code,
      lastErrorMessage: outcome.message,
      nextAttemptMs: this.deps.now() + backoffDelay(searches, this.deps.random, this.deps.backoff ?? DEFAULT_BACKOFF),
      ...(toOperator ? { needsOperator: true, alert: 'needs-operator' as const } : {}),
    };
    const reason = `search failed (${outcome.failure}): ${outcome.message}${toOperator ? '; the operator must look' : ''}`;
    const back = to ? await this.move(sale.id, from, to, reason, patch) : await this.patchInPlace(sale, reason, patch);
    return toOperator ? { kind: 'needs-operator', sale: back } : { kind: 'search-failed', sale: back, failure: outcome.failure };
  }

  private async toOperator(
    sale: SaleRecord,
    from: 'reconciling',
    to: 'unknown',
    searches: number,
    summary: string,
    why = `${searches} searches did not settle it`,
  ): Promise<ReconcileResult> {
    const back = await this.move(
      sale.id,
      from,
      to,
      `${why}: the operator must decide`,
      {
        needsOperator: true,
        alert: 'needs-operator',
        searches,
        lastErrorCode: 'RECONCILE_GAVE_UP',
        lastErrorMessage: why,
      },
      undefined,
      summary,
    );
    return { kind: 'needs-operator', sale: back };
  }

  /** A cancel-unknown sale stays where it is while its search backs off (no state change). */
  private async patchInPlace(sale: SaleRecord, reason: string, patch: SalePatch): Promise<SaleRecord> {
    // cancel-unknown -> cancel-unknown is not a transition; the store's CAS update keeps history.
    const done = await this.deps.store.retryLater(sale.id, sale.state, patch, reason, new Date(this.deps.now()));
    this.deps.onSaleChanged(done);
    return done;
  }

  /**
   * Other local sales that could own a record in this sale's windows. Their windows are stretched
   * well past the horizon: for deciding *not* to adopt, even a very late commit counts.
   */
  private rivals(sale: SaleRecord): SaleFacts[] {
    return this.deps.store
      .uncertainSalesOf(sale.cdbid)
      .filter((o) => o.id !== sale.id)
      .map((o) => {
        const f = this.facts(o);
        return { ...f, windows: f.windows.map((w) => ({ fromMs: w.fromMs, toMs: w.toMs + RIVAL_LATE_COMMIT_MS })) };
      });
  }

  private queryFor(sale: SaleRecord, windows: readonly CommitWindow[]): TicketSaleQuery {
    // Asked before this search's replies say anything new about UiTPAS's clock: generous on the
    // early side (a few more records to read), since the windows judge strictly afterwards.
    const fromMs = Math.min(...windows.map((w) => w.fromMs)) - QUERY_MARGIN_MS;
    return {
      counterKey: sale.counterKey,
      cdbid: sale.cdbid,
      // UiTPAS reads dates as W3C date-times; Brussels local time with its offset, as documented.
      startDate: brusselsDateTime(new Date(fromMs)),
      ...(sale.groupPass || !sale.passholderUid ? {} : { uid: sale.passholderUid }),
    };
  }

  /** A sale made before attempts were recorded: from its first attempt, generously, until now. */
  private legacyWindow(sale: SaleRecord): CommitWindow {
    const from = Math.min(sale.createdMs, sale.firstAttemptMs ?? sale.createdMs) + UNKNOWN_OFFSET.lowMs;
    return { fromMs: from, toMs: this.deps.now() + UNKNOWN_OFFSET.highMs + this.policy.lateCommitHorizonMs };
  }

  private lastAttemptEnd(sale: SaleRecord, windows: readonly CommitWindow[]): number {
    return Math.max(sale.firstAttemptMs ?? sale.createdMs, ...windows.map((w) => w.toMs - this.policy.lateCommitHorizonMs));
  }

  /** Every page of a search, advancing by the records actually received, until `total`. */
  private async search(query: TicketSaleQuery): Promise<SearchOutcome> {
    const records: TicketSale[] = [];
    const seen = new Set<string>();
    try {
      for (let page = 0; page < this.policy.maxPages; page++) {
        const res = await this.deps.port.searchTicketSales({ ...query, start: records.length, max: this.policy.pageSize });
        let added = 0;
        for (const r of res.items) {
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          records.push(r);
          added++;
        }
        if (records.length >= res.total) return { ok: true, records, complete: true, summary: summarize(records, res.total) };
        // A page with nothing new before `total` is reached: the listing moved under us, or the
        // server pages differently than it says. Incomplete, never "complete and absent".
        if (added === 0) return { ok: true, records, complete: false, summary: summarize(records, res.total) };
      }
      return { ok: true, records, complete: false, summary: summarize(records, records.length) };
    } catch (err) {
      const failure = err instanceof UitpasError ? err.kind : 'unexpected';
      const message = err instanceof Error ? err.message : String(err);
      const code = err instanceof UitpasError && err.code ? err.code : `SEARCH_${failure.toUpperCase()}`;
      return { ok: false, failure, code, message };
    }
  }

  private async move(
    id: string,
    from: TransitionInput['from'],
    to: TransitionInput['to'],
    reason: string,
    patch: SalePatch,
    rawRequest?: string,
    rawResponse?: string,
    /** The other tickets of a registration adopted here (API 4), held with `patch.ticketSaleId`. */
    moreTicketSaleIds?: readonly string[],
  ): Promise<SaleRecord> {
    const sale = await this.deps.store.transition(id, {
      from,
      to,
      actor: 'reconciler',
      reason,
      at: new Date(this.deps.now()),
      patch,
      ...(rawRequest ? { rawRequest } : {}),
      ...(rawResponse ? { rawResponse } : {}),
      ...(moreTicketSaleIds?.length ? { moreTicketSaleIds } : {}),
    });
    this.deps.onSaleChanged(sale);
    return sale;
  }
}

/** What a `found` verdict adopts: its record, the other tickets of its registration, and a name. */
interface AdoptedTickets {
  record: TicketSale;
  more: string[];
  what: string;
}

function ticketsOf(verdict: Extract<Verdict, { kind: 'found' }>): AdoptedTickets {
  const more = (verdict.moreTickets ?? []).map((r) => r.id);
  const what = more.length ? `ticket sales ${[verdict.record.id, ...more].join(', ')}` : `ticket sale ${verdict.record.id}`;
  return { record: verdict.record, more, what };
}

function summarize(records: readonly TicketSale[], total: number): string {
  return `${records.length} of ${total} ticket sale(s): ${records.map((t) => `${t.id}@${t.creationDate}`).join(', ')}`;
}
