/**
 * The one code path that sends to UiTPAS what the outbox holds: buys, cancels, searches for
 * uncertain attempts, sweeps for late duplicates. One worker, one request in flight. New sales,
 * "sync now" and the connectivity probe wake it. A request that never reached UiTPAS backs the
 * whole queue off (the network is down); anything else backs off only the sale it concerns, so
 * one stuck sale never holds back another customer's (order is kept per card and activity, see
 * SaleStore.nextDue). `unauthorized` pauses the queue until login. Every outcome is recorded in
 * the outbox before the next item is touched. docs/exactly-once.md explains each step.
 */
import type { WorkerState } from '../../contract/schemas/sales.js';
import { UitpasError, type BuyRequest, type FailureKind, type UitpasPort } from '../uitpas/port.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { ConnectivityMonitor } from './connectivity.js';
import { rawRequestText, rawResponseText } from './describe-raw.js';
import { noHooks, type SaleHooks } from './hooks.js';
import type { Reconciler } from './reconciler.js';
import { UNKNOWN_OFFSET } from './reconcile-match.js';
import { nextSearchMs } from './reconcile-policy.js';
import { recoveryTarget } from './state-machine.js';
import {
  TicketSaleClaimedError,
  type ForeignRecord,
  type NewSale,
  type SaleRecord,
  type SalePatch,
  type SaleStore,
  type TransitionInput,
  type UncertainAttempt,
} from './store/sale-store.js';
import { definedOnly } from '../../contract/defined-only.js';

export interface ReplayWorkerDeps {
  store: SaleStore;
  port: UitpasPort;
  connectivity: ConnectivityMonitor;
  reconciler: Reconciler;
  now: () => number;
  random: () => number;
  hooks?: SaleHooks;
  backoff?: BackoffOptions;
  onSaleChanged: (sale: SaleRecord) => void;
  onStatusChanged: () => void;
  onForeignChanged?: () => void;
}

/** UiTPAS's answer to a cancel of a ticket sale it does not (any longer) hold. */
const UNKNOWN_TICKET_SALE = 'UNKNOWN_TICKET_SALE';

export class ReplayWorker {
  private state: WorkerState = 'stopped';
  private paused = false;
  private stopped = true;
  /** Consecutive requests that never reached UiTPAS; > 0 means the whole queue backs off. */
  private failures = 0;
  private retryAtMs = 0;
  private wakeUp: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private readonly waiters = new Map<string, Array<() => void>>();
  /** A sale just made at the counter, handed over by `sendAtOnce`, for the loop to commit and send. */
  private fresh: FreshSale | undefined;

  constructor(private readonly deps: ReplayWorkerDeps) {}

  get status(): { state: WorkerState; nextAttemptMs?: number } {
    return this.failures > 0 ? { state: this.state, nextAttemptMs: this.retryAtMs } : { state: this.state };
  }

  /**
   * Requests a previous process left in flight may have reached UiTPAS: their sales become
   * uncertain, with the window in which the request could have been committed, and are
   * reconciled, never simply re-sent. Call once, before `start`.
   */
  async recover(): Promise<number> {
    const { store, now } = this.deps;
    let n = 0;
    for (const sale of store.inFlight()) {
      const to = recoveryTarget(sale.state);
      if (!to) continue;
      const at = now();
      // A search (reconciling) changes nothing at UiTPAS: only a buy or cancel leaves a window.
      const kind = sale.state === 'sending' ? 'buy' : sale.state === 'cancel-sending' ? 'cancel' : undefined;
      const uncertain: UncertainAttempt | undefined = kind
        ? { kind, startedMs: store.lastEnteredMs(sale.id, sale.state) ?? sale.createdMs, endedMs: at, offset: undefined }
        : undefined;
      const moved = await store.transition(sale.id, {
        from: sale.state,
        to,
        actor: 'startup',
        reason: `found in ${sale.state} at start-up (the app stopped mid-request); it may have reached UiTPAS`,
        at: new Date(at),
        patch: { nextAttemptMs: at, searches: 0 },
        ...(uncertain ? { uncertain } : {}),
      });
      this.deps.onSaleChanged(moved);
      n++;
    }
    return n;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loopDone;
    // Handed over just before the stop: kept as pending, sent after the next start.
    const fresh = this.fresh;
    this.fresh = undefined;
    if (fresh) await this.commitQueued(fresh);
    this.setState('stopped');
    this.releaseAllWaiters();
  }

  /** New work or a hint that the network is back. Does not skip a running backoff. */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = undefined;
    w?.();
  }

  /** A new offline sale: probe UiTPAS now rather than at the end of the backoff (sales are human-paced). */
  probeSoon(): void {
    // (retryAtMs counts only while failures > 0, and each backoff sets it anew.)
    this.retryAtMs = 0;
    this.wake();
  }

  /** "Sync now" / after login: retry immediately, also out of a pause or a backoff. */
  syncNow(): void {
    this.paused = false;
    this.retryAtMs = 0;
    this.wake();
  }

  /**
   * Resolves once the worker has made its next attempt on this sale, or when it will not get to it
   * soon (offline, paused, stopped), or after `maxWaitMs`. Used by `sell` and `cancel` to answer
   * with an outcome.
   */
  waitForAttempt(saleId: string, maxWaitMs: number): Promise<void> {
    if (this.stopped || this.paused || this.failures > 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      const list = this.waiters.get(saleId) ?? [];
      list.push(done);
      this.waiters.set(saleId, list);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  /**
   * The fast path of a sale made at the counter while the worker has nothing to do: the loop
   * commits it and claims it for sending (`pending → sending`) in one transaction, so one durable
   * write instead of two precedes the buy, then sends it at once. Resolves like `waitForAttempt`;
   * rejects when the commit failed (nothing was stored). Answers undefined when the worker is
   * busy, backing off, paused or stopping: the caller then commits the sale as `pending` itself.
   */
  sendAtOnce(sale: NewSale, reason: string, maxWaitMs: number): Promise<void> | undefined {
    // Idle and asleep: the loop runs (not stopped), is neither paused nor backing off (those have
    // states of their own) and holds no handed-over sale yet (handing one over wakes it).
    if (this.state !== 'idle' || !this.wakeUp) return undefined;
    return new Promise<void>((resolve, reject) => {
      const attempted = this.waitForAttempt(sale.id, maxWaitMs);
      this.fresh = {
        sale,
        reason,
        committed: () => void attempted.then(resolve),
        failed: (err) => {
          this.release(sale.id);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      };
      this.wake();
    });
  }

  private release(saleId: string): void {
    const list = this.waiters.get(saleId);
    this.waiters.delete(saleId);
    for (const r of list ?? []) r();
  }

  private releaseAllWaiters(): void {
    for (const id of [...this.waiters.keys()]) this.release(id);
  }

  private setState(state: WorkerState): void {
    if (this.state === state) return;
    this.state = state;
    if (state !== 'busy') this.releaseAllWaiters();
    this.deps.onStatusChanged();
  }

  /** Until `wake` (or after `ms`, which wakes it the same way: the loop has one sleep at a time). */
  private sleep(ms: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wake(), Math.max(0, ms));
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async loop(): Promise<void> {
    const { store, now } = this.deps;
    while (!this.stopped) {
      const fresh = this.fresh;
      this.fresh = undefined;
      if (fresh) {
        await this.sendFresh(fresh);
        continue;
      }
      if (this.paused) {
        this.setState('paused-login');
        await this.sleep(undefined);
        continue;
      }
      if (this.failures > 0) {
        const wait = this.retryAtMs - now();
        if (wait > 0) {
          this.setState('offline');
          await this.sleep(wait);
          continue;
        }
        await this.probe();
        continue;
      }
      const head = store.nextDue(now());
      const sweep = head ? undefined : store.nextSweep(now());
      const foreign = head || sweep ? undefined : store.nextForeignCancel(now());
      if (!head && !sweep && !foreign) {
        this.setState('idle');
        const wakeAt = store.nextWakeMs();
        await this.sleep(wakeAt === undefined ? undefined : wakeAt - now());
        continue;
      }
      this.setState('busy');
      const id = head?.id ?? sweep?.id;
      try {
        if (head) await this.work(head);
        else if (sweep) await this.sweep(sweep);
        else if (foreign) await this.cancelForeign(foreign);
      } catch (err) {
        // A failed outbox write (disk full, writer thread gone) or a bug: the sale keeps its last
        // durable state. If that is in flight it may have reached UiTPAS, so it is recovered as
        // uncertain (as after a crash), and the worker retries later.
        this.backOff('unexpected', errorMessage(err));
        await this.recover().catch(() => undefined);
      } finally {
        if (id) this.release(id);
      }
    }
  }

  /** One due sale, by what its state asks for. */
  private async work(sale: SaleRecord): Promise<void> {
    switch (sale.state) {
      case 'pending':
        if (sale.cancelRequested) return this.dropCancelled(sale, 'pending');
        return this.send(sale);
      case 'unknown':
        return this.reconcile(sale);
      case 'registered':
        return this.startCancel(sale);
      case 'cancel-pending':
        return this.sendCancel(sale);
      case 'cancel-unknown':
        return this.reconcileCancel(sale);
    }
  }

  /** A cheap signed call that tells whether UiTPAS can be reached again: ends the backoff if so. */
  private async probe(): Promise<void> {
    try {
      await this.deps.port.listCounters();
      this.deps.connectivity.contact(new Date(this.deps.now()));
      this.failures = 0;
      this.deps.onStatusChanged();
    } catch (err) {
      if (err instanceof UitpasError && (err.kind === 'rejected' || err.kind === 'unauthorized')) {
        // The server answered: we are online (an unauthorized buy will pause the queue by itself).
        this.deps.connectivity.contact(new Date(this.deps.now()));
        this.failures = 0;
        return;
      }
      this.backOff(err instanceof UitpasError ? err.kind : 'unexpected', errorMessage(err));
    }
  }

  private backOff(kind: FailureKind | 'unexpected', detail: string): void {
    this.deps.connectivity.failure(kind, detail);
    this.failures++;
    this.retryAtMs = this.deps.now() + backoffDelay(this.failures, this.deps.random, this.deps.backoff ?? DEFAULT_BACKOFF);
    this.deps.onStatusChanged();
  }

  private pause(): void {
    this.paused = true;
    this.setState('paused-login');
  }

  /**
   * A fresh sale: claimed and sent at once when nothing else is due, otherwise committed as
   * pending and sent in its turn (an older sale became due meanwhile: FIFO; or an earlier sale of
   * the same card and activity is not settled yet).
   */
  private async sendFresh(job: FreshSale): Promise<void> {
    const { store, now } = this.deps;
    const hooks = this.deps.hooks ?? noHooks;
    // (Never paused or backing off here: `sendAtOnce` hands a sale over only to an idle loop.)
    // It goes neither ahead of what is due nor of an unsettled earlier sale of its card and
    // activity (the order rule, docs/exactly-once.md "No stuck queue"): then it waits in the queue.
    if (store.anyDueNow(now()) || store.openSaleFor(job.sale.uitpasNumber, job.sale.cdbid) !== undefined) {
      await this.commitQueued(job);
      return;
    }
    this.setState('busy');
    try {
      const { request, claim } = this.claimFor({ ...job.sale, attempts: 0 });
      let sending: SaleRecord;
      try {
        const both = await store.insertWithTransition(job.sale, 'operator', job.reason, claim);
        job.committed();
        this.deps.onSaleChanged(both.inserted);
        sending = both.moved;
      } catch (err) {
        job.failed(err);
        return;
      }
      this.deps.onSaleChanged(sending);
      await hooks.at('after-commit', sending.id);
      await this.attempt(sending, request);
    } catch (err) {
      // As in the loop: the sale keeps its last durable state and is recovered from there.
      this.backOff('unexpected', errorMessage(err));
      await this.recover().catch(() => undefined);
    } finally {
      this.release(job.sale.id);
    }
  }

  private async commitQueued(job: FreshSale): Promise<void> {
    try {
      const pending = await this.deps.store.insert(job.sale, 'operator', job.reason);
      job.committed();
      this.deps.onSaleChanged(pending);
      await (this.deps.hooks ?? noHooks).at('after-commit', pending.id);
    } catch (err) {
      job.failed(err);
    }
  }

  private async send(sale: SaleRecord): Promise<void> {
    const { request, claim } = this.claimFor(sale);
    const sending = await this.deps.store.transition(sale.id, claim);
    this.deps.onSaleChanged(sending);
    await this.attempt(sending, request);
  }

  /** The buy request for a pending sale and the `pending → sending` transition that precedes it. */
  private claimFor(sale: BuyFacts): { request: BuyRequest; claim: TransitionInput } {
    const request: BuyRequest = {
      counterKey: sale.counterKey,
      cdbid: sale.cdbid,
      uitpasNumber: sale.uitpasNumber,
      ...definedOnly({ priceClass: sale.priceClass, couponId: sale.couponId }),
      ...(sale.groupPass ? { amountOfTickets: sale.amountOfTickets } : {}),
    };
    const attempt = sale.attempts + 1;
    const startedMs = this.deps.now();
    const claim: TransitionInput = {
      from: 'pending',
      to: 'sending',
      actor: 'worker',
      reason: `attempt ${attempt}`,
      at: new Date(startedMs),
      patch: {
        attempts: attempt,
        nextAttemptMs: null,
        ...(sale.firstAttemptMs === undefined ? { firstAttemptMs: startedMs, firstAttemptAt: new Date(startedMs).toISOString() } : {}),
      },
      rawRequest: `buy ${JSON.stringify(request)}`,
    };
    return { request, claim };
  }

  /** Sends the buy of a sale already durable in `sending` and records its outcome. */
  private async attempt(sale: SaleRecord, request: BuyRequest): Promise<void> {
    const { store, port, now, onSaleChanged } = this.deps;
    const hooks = this.deps.hooks ?? noHooks;
    await hooks.at('before-send', sale.id);

    const startedMs = now();
    let outcome: { ok: true; value: Awaited<ReturnType<UitpasPort['buy']>> } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await port.buy(request) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    await hooks.at('after-response', sale.id);
    const at = new Date(now());
    const move = async (
      to: TransitionInput['to'],
      reason: string,
      patch: TransitionInput['patch'],
      raw?: RawTexts,
      uncertain?: UncertainAttempt,
      moreTicketSaleIds?: readonly string[],
    ) =>
      onSaleChanged(
        await store.transition(sale.id, {
          from: 'sending',
          to,
          actor: 'worker',
          reason,
          at,
          ...raw,
          ...definedOnly({ patch, uncertain, moreTicketSaleIds }),
        }),
      );

    if (outcome.ok) {
      this.deps.connectivity.contact(at);
      const t = outcome.value.value;
      // API 4: one ticket sale per ticket; the first is `t`, the others are held with it.
      const more = (outcome.value.ticketSaleIds ?? []).filter((id) => id !== t.id);
      const tariffChanged = sale.provisional && !sale.groupPass && t.tariffCents !== sale.expectedTariffCents;
      // A sale re-sent after an uncertain attempt: look once more, later, for that attempt's late commit.
      const resent = store.uncertainAttempts(sale.id, 'buy') > 0;
      try {
        await move(
          'registered',
          more.length ? `registered as ticket sales ${[t.id, ...more].join(', ')}` : `registered as ticket sale ${t.id}`,
          {
            ticketSaleId: t.id,
            registeredPriceCents: t.priceCents,
            registeredTariffCents: t.tariffCents,
            lastErrorCode: null,
            lastErrorMessage: null,
            rejectionCode: null,
            ...(resent ? { sweepAfterMs: at.getTime() + this.deps.reconciler.policy.sweepDelayMs } : {}),
            ...(tariffChanged ? { alert: 'tariff-changed' as const } : {}),
          },
          texts(outcome.value.raw),
          undefined,
          more.length ? more : undefined,
        );
      } catch (err) {
        if (!(err instanceof TicketSaleClaimedError)) throw err;
        await move(
          'unknown',
          `UiTPAS answered with ticket sale ${t.id}, which another local sale already holds`,
          {
            needsOperator: true,
            alert: 'needs-operator',
          },
          texts(outcome.value.raw),
        );
      }
      return;
    }

    const err = outcome.error;
    const kind: FailureKind | 'unexpected' = err instanceof UitpasError ? err.kind : 'unexpected';
    const raw = texts(err instanceof UitpasError ? err.raw : undefined);
    const message = errorMessage(err);
    const code = err instanceof UitpasError && err.code ? err.code : kind.toUpperCase();
    const failure = failurePatch(code, message, err);

    if (kind === 'unauthorized' && isPermissionRefusal(err) && (await this.loginStillValid())) {
      // ACCESS_DENIED for this sale while the login itself works: a permission this sale needs
      // (counter, activity). Nothing was registered; the sale waits for the operator, the queue goes on.
      await move('rejected', `refused by UiTPAS: ${code}`, failure, raw);
      return;
    }
    if (kind === 'rejected') {
      this.deps.connectivity.contact(at);
      if (store.uncertainAttempts(sale.id, 'buy') > 0) {
        // An earlier attempt may have been committed after all (e.g. MAXIMUM_REACHED because it
        // counts): this rejection means "search again", never a final verdict on its own.
        await move(
          'unknown',
          `rejected (${code}) after an earlier unanswered attempt: searching again before believing it`,
          {
            rejectionCode: code,
            ...failure,
            searches: 0,
            nextAttemptMs: at.getTime(),
          },
          raw,
        );
        return;
      }
      await move(
        'rejected',
        `rejected by UiTPAS: ${code}`,
        {
          ...failure,
          ...(sale.provisional ? { alert: 'rejected-after-offline' as const } : {}),
        },
        raw,
      );
      return;
    }
    if (kind === 'not-sent' || kind === 'unauthorized') {
      // Provably never processed: back in the queue as it was (or cancelled, if the operator asked).
      const current = store.get(sale.id);
      if (current?.cancelRequested) {
        await move('cancelled', 'not sent, and cancelled by the operator meanwhile', { resolution: 'cancelled before registration' }, raw);
      } else {
        await move(
          'pending',
          kind === 'unauthorized' ? 'login needed; the queue is paused' : `not sent: ${message}`,
          {
            ...failure,
          },
          raw,
        );
      }
      if (kind === 'unauthorized') {
        this.deps.connectivity.contact(at);
        this.pause();
      } else {
        this.backOff(kind, message);
      }
      return;
    }
    // ambiguous, bad-response or a bug: the buy may have been committed, now or a little later.
    // Record the window in which that could happen and search for it; never re-send blindly.
    if (kind !== 'unexpected') this.deps.connectivity.contact(at);
    const offset = port.clockOffset();
    const uncertain: UncertainAttempt = { kind: 'buy', startedMs, endedMs: at.getTime(), offset };
    const policy = this.deps.reconciler.policy;
    const o = offset ?? UNKNOWN_OFFSET;
    const settleAfterMs = at.getTime() + (o.highMs - o.lowMs) + policy.lateCommitHorizonMs + 1;
    await move(
      'unknown',
      `outcome unknown (${kind}): ${message}`,
      {
        ...failure,
        searches: 0,
        settleAfterMs,
        nextAttemptMs: nextSearchMs(policy, 0, at.getTime(), settleAfterMs, at.getTime()),
      },
      raw,
      uncertain,
    );
  }

  private async reconcile(sale: SaleRecord): Promise<void> {
    const result = await this.deps.reconciler.reconcile(sale);
    this.afterSearch(result);
  }

  private async reconcileCancel(sale: SaleRecord): Promise<void> {
    const result = await this.deps.reconciler.reconcileCancel(sale);
    this.afterSearch(result);
    // Still there: the reconciler put it back in `cancel-sending`, to be sent again now.
    if (result.kind === 'waiting') await this.attemptCancel(result.sale);
  }

  private afterSearch(result: Awaited<ReturnType<Reconciler['reconcile']>>): void {
    const at = new Date(this.deps.now());
    if (result.kind !== 'search-failed') {
      this.deps.connectivity.searchOk(at);
      return;
    }
    if (result.failure === 'unauthorized') this.pause();
    else if (result.failure === 'not-sent') this.backOff('not-sent', result.sale.lastErrorMessage ?? 'search not sent');
    // UiTPAS answers but its search does not: only this sale backs off (done by the reconciler),
    // and the link is shown as degraded.
    else this.deps.connectivity.searchFailed(at, result.sale.lastErrorMessage ?? result.failure);
  }

  private async sweep(sale: SaleRecord): Promise<void> {
    const found = await this.deps.reconciler.sweep(sale);
    if (found === undefined) return;
    this.deps.connectivity.searchOk(new Date(this.deps.now()));
    const current = this.deps.store.get(sale.id);
    if (current) this.deps.onSaleChanged(current);
    if (found.length > 0) this.deps.onForeignChanged?.();
  }

  // ---- cancels through the outbox ------------------------------------------------------------

  /** A sale not sent yet, cancelled by the operator: it is simply not sent. */
  private async dropCancelled(sale: SaleRecord, from: 'pending'): Promise<void> {
    this.deps.onSaleChanged(
      await this.deps.store.transition(sale.id, {
        from,
        to: 'cancelled',
        actor: 'worker',
        reason: 'cancelled by the operator before it was registered: not sent',
        at: new Date(this.deps.now()),
        patch: { resolution: 'cancelled before registration', cancelRequested: false },
      }),
    );
  }

  /** A registered sale the operator cancelled while its buy was still open: queue the cancel. */
  private async startCancel(sale: SaleRecord): Promise<void> {
    const queued = await this.deps.store.transition(sale.id, {
      from: 'registered',
      to: 'cancel-pending',
      actor: 'worker',
      reason: 'cancel asked by the operator while the sale was being registered',
      at: new Date(this.deps.now()),
      patch: { cancelRequested: false, nextAttemptMs: null },
    });
    this.deps.onSaleChanged(queued);
    await this.sendCancel(queued);
  }

  private async sendCancel(sale: SaleRecord): Promise<void> {
    const sending = await this.deps.store.transition(sale.id, {
      from: 'cancel-pending',
      to: 'cancel-sending',
      actor: 'worker',
      reason: `cancel attempt ${sale.attempts + 1}`,
      at: new Date(this.deps.now()),
      patch: { attempts: sale.attempts + 1, nextAttemptMs: null },
      rawRequest: `cancel ${this.deps.store.ticketSaleIds(sale).join(', ')}`,
    });
    this.deps.onSaleChanged(sending);
    await this.attemptCancel(sending);
  }

  /**
   * Sends the cancel of a sale durable in `cancel-sending` and records its outcome: one request
   * per ticket sale it holds (API 4: one per ticket of a group sale), in order. Of a sale with
   * several, a ticket UiTPAS no longer knows was cancelled by an earlier attempt of this cancel
   * (DELETE is repeatable), so the cancel goes on; if UiTPAS knows none of them, that is the same
   * refusal as for one.
   */
  private async attemptCancel(sale: SaleRecord): Promise<void> {
    const { store, port, now, onSaleChanged } = this.deps;
    const startedMs = now();
    const ids = store.ticketSaleIds(sale);
    let error: unknown;
    let rawTexts: RawTexts = {};
    let unknownTickets = 0;
    for (const id of ids.length > 0 ? ids : ['']) {
      try {
        const res = await port.cancel(sale.counterKey, id);
        rawTexts = texts(res.raw);
      } catch (err) {
        rawTexts = texts(err instanceof UitpasError ? err.raw : undefined);
        const gone = err instanceof UitpasError && err.kind === 'rejected' && err.code === UNKNOWN_TICKET_SALE;
        if (gone && ids.length > 1 && ++unknownTickets < ids.length) continue;
        error = err;
        break;
      }
    }
    const what = ids.length > 1 ? `ticket sales ${ids.join(', ')}` : `ticket sale ${sale.ticketSaleId ?? ''}`;
    const at = new Date(now());
    const move = async (to: TransitionInput['to'], reason: string, patch: TransitionInput['patch'], uncertain?: UncertainAttempt) =>
      onSaleChanged(
        await store.transition(sale.id, {
          from: 'cancel-sending',
          to,
          actor: 'worker',
          reason,
          at,
          ...rawTexts,
          ...definedOnly({ patch, uncertain }),
        }),
      );
    if (error === undefined) {
      this.deps.connectivity.contact(at);
      await move('cancelled', `${what} cancelled at UiTPAS`, {
        lastErrorCode: null,
        lastErrorMessage: null,
        needsOperator: false,
      });
      return;
    }
    const kind: FailureKind | 'unexpected' = error instanceof UitpasError ? error.kind : 'unexpected';
    const message = errorMessage(error);
    const code = error instanceof UitpasError && error.code ? error.code : kind.toUpperCase();
    const failure = failurePatch(code, message, error);
    if (kind === 'rejected' || (kind === 'unauthorized' && isPermissionRefusal(error) && (await this.loginStillValid()))) {
      this.deps.connectivity.contact(at);
      if (code === UNKNOWN_TICKET_SALE && store.uncertainAttempts(sale.id, 'cancel') > 0) {
        // We registered this ticket sale ourselves; after an unanswered cancel, "unknown" means
        // the earlier cancel went through.
        await move('cancelled', `UiTPAS no longer knows ${what}: the earlier cancel went through`, {
          lastErrorCode: null,
          lastErrorMessage: null,
          needsOperator: false,
        });
        return;
      }
      await move('registered', `UiTPAS refused the cancel: ${code}`, {
        ...failure,
        alert: 'cancel-refused',
      });
      return;
    }
    if (kind === 'not-sent' || kind === 'unauthorized') {
      await move('cancel-pending', kind === 'unauthorized' ? 'login needed; the queue is paused' : `cancel not sent: ${message}`, {
        ...failure,
      });
      if (kind === 'unauthorized') {
        this.deps.connectivity.contact(at);
        this.pause();
      } else {
        this.backOff(kind, message);
      }
      return;
    }
    if (kind !== 'unexpected') this.deps.connectivity.contact(at);
    const delay = backoffDelay(store.uncertainAttempts(sale.id, 'cancel') + 1, this.deps.random, this.deps.backoff ?? DEFAULT_BACKOFF);
    await move(
      'cancel-unknown',
      `cancel outcome unknown (${kind}): ${message}`,
      {
        ...failure,
        searches: 0,
        nextAttemptMs: at.getTime() + delay,
      },
      { kind: 'cancel', startedMs, endedMs: at.getTime(), offset: port.clockOffset() },
    );
  }

  /** Cancels a ticket sale Loket registered twice by itself (found by a sweep). */
  private async cancelForeign(record: ForeignRecord): Promise<void> {
    const { store, port, now } = this.deps;
    const from = record.status;
    // Durable before the request: a crash in between leaves it uncertain, so it is sent again and
    // UNKNOWN_TICKET_SALE then means "already cancelled".
    const inFlight: ForeignRecord = { ...record, status: 'cancel-unknown', attempts: record.attempts + 1 };
    if (!(await store.updateForeign(inFlight, from))) return;
    let error: unknown;
    try {
      await port.cancel(record.counterKey, record.ticketSaleId);
    } catch (err) {
      error = err;
    }
    const at = now();
    const kind: FailureKind | 'unexpected' | undefined =
      error === undefined ? undefined : error instanceof UitpasError ? error.kind : 'unexpected';
    const code = error instanceof UitpasError ? error.code : undefined;
    let next: ForeignRecord;
    if (kind === undefined || (kind === 'rejected' && code === UNKNOWN_TICKET_SALE && from === 'cancel-unknown')) {
      next = { ...inFlight, status: 'cancelled', resolution: `cancelled at UiTPAS ${new Date(at).toISOString()}` };
      this.deps.connectivity.contact(new Date(at));
    } else if (kind === 'rejected') {
      next = { ...inFlight, status: 'flagged', reason: `${record.reason}; UiTPAS refused the cancel: ${code ?? errorMessage(error)}` };
    } else if (kind === 'not-sent' || kind === 'unauthorized') {
      next = { ...inFlight, status: 'cancel-pending' };
      if (kind === 'unauthorized') this.pause();
      else this.backOff(kind, errorMessage(error));
    } else {
      next = { ...inFlight, nextAttemptMs: at + backoffDelay(inFlight.attempts, this.deps.random, this.deps.backoff ?? DEFAULT_BACKOFF) };
    }
    await store.updateForeign(next, 'cancel-unknown');
    this.deps.onForeignChanged?.();
  }

  /** Is the employee's login still accepted? (A refusal of one sale is not a refusal of the login.) */
  private async loginStillValid(): Promise<boolean> {
    try {
      await this.deps.port.listCounters();
      return true;
    } catch (err) {
      return !(err instanceof UitpasError && err.kind === 'unauthorized');
    }
  }
}

/** What the buy request and its claim are made of. */
type BuyFacts = Pick<
  SaleRecord,
  'counterKey' | 'cdbid' | 'uitpasNumber' | 'priceClass' | 'couponId' | 'groupPass' | 'amountOfTickets' | 'attempts' | 'firstAttemptMs'
>;

interface FreshSale {
  sale: NewSale;
  reason: string;
  committed(): void;
  failed(err: unknown): void;
}

interface RawTexts {
  rawRequest?: string;
  rawResponse?: string;
}

/**
 * ACCESS_DENIED for what this sale needs, not a refused login: XML's envelope (never with a 401
 * or 403, which are its refused signatures), or API 4's 403 naming the permission the organizer
 * lacks (a refused token is its 401). docs/uitpas-json-api.md §11.
 */
function isPermissionRefusal(err: unknown): boolean {
  if (!(err instanceof UitpasError) || err.code !== 'ACCESS_DENIED') return false;
  if (err.httpStatus === 403) return err.requiredPermission !== undefined;
  return err.httpStatus !== 401;
}

function texts(raw: Parameters<typeof rawRequestText>[0]): RawTexts {
  const rawRequest = rawRequestText(raw);
  const rawResponse = rawResponseText(raw);
  return { ...(rawRequest ? { rawRequest } : {}), ...(rawResponse ? { rawResponse } : {}) };
}

/** The error fields of a failed attempt, with UiTPAS's own words for the employee when it gave them. */
function failurePatch(code: string, message: string, err: unknown): { lastErrorCode: string; lastErrorMessage: string } & SalePatch {
  const words = err instanceof UitpasError ? err.endUserMessage : undefined;
  return { lastErrorCode: code, lastErrorMessage: message, ...(words ? { lastErrorEndUserMessage: words } : {}) };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
