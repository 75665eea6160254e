/**
 * The one code path that sends sales to UiTPAS: one worker, FIFO by creation, one request in
 * flight. New sales, "sync now" and the connectivity probe wake it; failures back off with
 * jitter; `unauthorized` pauses it until login; `rejected` is final. Every outcome is recorded in
 * the outbox before the next sale is touched.
 */
import type { WorkerState } from '../../contract/calls/sales.js';
import { UitpasError, type BuyRequest, type FailureKind, type UitpasPort } from '../uitpas/port.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import type { ConnectivityMonitor } from './connectivity.js';
import { rawRequestText, rawResponseText } from './describe-raw.js';
import { noHooks, type SaleHooks } from './hooks.js';
import type { Reconciler } from './reconciler.js';
import { recoveryTarget } from './state-machine.js';
import { TicketSaleClaimedError, type NewSale, type SaleRecord, type SaleStore, type TransitionInput } from './store/sale-store.js';

export interface ReplayWorkerDeps {
  store: SaleStore;
  port: UitpasPort;
  connectivity: ConnectivityMonitor;
  reconciler: Reconciler;
  now: () => number;
  random: () => number;
  hooks?: SaleHooks;
  backoff?: BackoffOptions;
  /**
   * How long to wait after an uncertain buy before searching for it: a request that timed out on
   * our side may still be committed by the server a moment later.
   */
  reconcileDelayMs?: number;
  onSaleChanged: (sale: SaleRecord) => void;
  onStatusChanged: () => void;
}

export class ReplayWorker {
  private state: WorkerState = 'stopped';
  private paused = false;
  private stopped = true;
  /** Consecutive failures to reach UiTPAS; > 0 means we are backing off. */
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
   * Sales a previous process left in flight may have reached UiTPAS: they become `unknown` and are
   * reconciled, never simply re-sent. Call once, before `start`.
   */
  async recover(): Promise<number> {
    const { store, now } = this.deps;
    let n = 0;
    for (const sale of store.inFlight()) {
      const to = recoveryTarget(sale.state);
      if (!to) continue;
      const moved = await store.transition(sale.id, {
        from: sale.state,
        to,
        actor: 'startup',
        reason: `found in ${sale.state} at start-up (the app stopped mid-request); it may have been registered`,
        at: new Date(now()),
        patch: { nextAttemptMs: now() + (this.deps.reconcileDelayMs ?? 0) },
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
    if (this.failures > 0) this.retryAtMs = 0;
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
   * soon (offline, paused, stopped), or after `maxWaitMs`. Used by `sell` to answer with an outcome.
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
    if (this.stopped || this.paused || this.failures > 0 || this.fresh || this.state !== 'idle' || !this.wakeUp) return undefined;
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

  private sleep(ms: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = undefined;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(done, Math.max(0, ms));
      this.wakeUp = done;
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
        if (!(await this.probe())) continue;
      }
      const head = store.nextDue(now());
      if (!head) {
        this.setState('idle');
        const wakeAt = store.nextWakeMs();
        await this.sleep(wakeAt === undefined ? undefined : wakeAt - now());
        continue;
      }
      this.setState('busy');
      try {
        if (head.state === 'pending') await this.send(head);
        else await this.reconcile(head);
      } catch (err) {
        // A failed outbox write (disk full, writer thread gone) or a bug: the sale keeps its last
        // durable state. If that is `sending`/`reconciling` it may have reached UiTPAS, so it is
        // recovered as `unknown` (as after a crash), and the worker retries later.
        this.backOff('unexpected', errorMessage(err));
        await this.recover().catch(() => 0);
      } finally {
        this.release(head.id);
      }
    }
  }

  /** A cheap signed call that tells whether UiTPAS can be reached again. */
  private async probe(): Promise<boolean> {
    try {
      await this.deps.port.listCounters();
      this.deps.connectivity.contact(new Date(this.deps.now()));
      this.failures = 0;
      this.deps.onStatusChanged();
      return true;
    } catch (err) {
      if (err instanceof UitpasError && (err.kind === 'rejected' || err.kind === 'unauthorized')) {
        // The server answered: we are online (an unauthorized buy will pause the queue by itself).
        this.deps.connectivity.contact(new Date(this.deps.now()));
        this.failures = 0;
        return true;
      }
      this.backOff(err instanceof UitpasError ? err.kind : 'unexpected', errorMessage(err));
      return false;
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
   * A fresh sale: claimed and sent at once when it is first in line, otherwise committed as
   * pending and sent in its turn (an older sale became due meanwhile: FIFO).
   */
  private async sendFresh(job: FreshSale): Promise<void> {
    const { store, now } = this.deps;
    const hooks = this.deps.hooks ?? noHooks;
    if (this.paused || this.failures > 0 || store.nextDue(now()) !== undefined) {
      await this.commitQueued(job);
      return;
    }
    this.setState('busy');
    try {
      const { request, claim } = this.claimFor({ ...job.sale, state: 'pending', attempts: 0, needsOperator: false });
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
      await this.recover().catch(() => 0);
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
  private claimFor(sale: SaleRecord): { request: BuyRequest; claim: TransitionInput } {
    const request: BuyRequest = {
      counterKey: sale.counterKey,
      cdbid: sale.cdbid,
      uitpasNumber: sale.uitpasNumber,
      ...(sale.priceClass !== undefined ? { priceClass: sale.priceClass } : {}),
      ...(sale.couponId !== undefined ? { couponId: sale.couponId } : {}),
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
        ...(sale.firstAttemptMs === undefined
          ? { firstAttemptMs: startedMs, firstAttemptAt: new Date(startedMs).toISOString() }
          : {}),
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

    let outcome: { ok: true; value: Awaited<ReturnType<UitpasPort['buy']>> } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await port.buy(request) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    await hooks.at('after-response', sale.id);
    const at = new Date(now());

    if (outcome.ok) {
      this.deps.connectivity.contact(at);
      const t = outcome.value.value;
      const raw = outcome.value.raw;
      const tariffChanged = sale.provisional && !sale.groupPass && t.tariffCents !== sale.expectedTariffCents;
      try {
        onSaleChanged(
          await store.transition(sale.id, {
            from: 'sending',
            to: 'registered',
            actor: 'worker',
            reason: `registered as ticket sale ${t.id}`,
            at,
            patch: {
              ticketSaleId: t.id,
              registeredPriceCents: t.priceCents,
              registeredTariffCents: t.tariffCents,
              lastErrorCode: null,
              lastErrorMessage: null,
              ...(tariffChanged ? { alert: 'tariff-changed' as const } : {}),
            },
            ...texts(raw),
          }),
        );
      } catch (err) {
        if (!(err instanceof TicketSaleClaimedError)) throw err;
        onSaleChanged(
          await store.transition(sale.id, {
            from: 'sending',
            to: 'unknown',
            actor: 'worker',
            reason: `UiTPAS answered with ticket sale ${t.id}, which another local sale already holds`,
            at,
            patch: { needsOperator: true, alert: 'needs-operator' },
            ...texts(raw),
          }),
        );
      }
      return;
    }

    const err = outcome.error;
    const kind: FailureKind | 'unexpected' = err instanceof UitpasError ? err.kind : 'unexpected';
    const raw = err instanceof UitpasError ? err.raw : undefined;
    const message = errorMessage(err);
    const code = err instanceof UitpasError && err.code ? err.code : kind.toUpperCase();

    if (kind === 'rejected') {
      this.deps.connectivity.contact(at);
      onSaleChanged(
        await store.transition(sale.id, {
          from: 'sending',
          to: 'rejected',
          actor: 'worker',
          reason: `rejected by UiTPAS: ${code}`,
          at,
          patch: {
            lastErrorCode: code,
            lastErrorMessage: message,
            ...(sale.provisional ? { alert: 'rejected-after-offline' as const } : {}),
          },
          ...texts(raw),
        }),
      );
      return;
    }
    if (kind === 'not-sent' || kind === 'unauthorized') {
      // Provably never processed: back in the queue as it was.
      onSaleChanged(
        await store.transition(sale.id, {
          from: 'sending',
          to: 'pending',
          actor: 'worker',
          reason: kind === 'unauthorized' ? 'login needed; the queue is paused' : `not sent: ${message}`,
          at,
          patch: { lastErrorCode: code, lastErrorMessage: message },
          ...texts(raw),
        }),
      );
      if (kind === 'unauthorized') {
        this.deps.connectivity.contact(at);
        this.pause();
      } else {
        this.backOff(kind, message);
      }
      return;
    }
    // ambiguous, bad-response or a bug: the buy may have been committed. Reconcile, never re-send.
    onSaleChanged(
      await store.transition(sale.id, {
        from: 'sending',
        to: 'unknown',
        actor: 'worker',
        reason: `outcome unknown (${kind}): ${message}`,
        at,
        patch: {
          lastErrorCode: code,
          lastErrorMessage: message,
          nextAttemptMs: at.getTime() + (this.deps.reconcileDelayMs ?? 0),
        },
        ...texts(raw),
      }),
    );
  }

  private async reconcile(sale: SaleRecord): Promise<void> {
    const result = await this.deps.reconciler.reconcile(sale);
    if (result.kind === 'search-failed') {
      if (result.failure === 'unauthorized') this.pause();
      else this.backOff(result.failure, result.sale.lastErrorMessage ?? 'search failed');
    } else {
      this.deps.connectivity.contact(new Date(this.deps.now()));
    }
  }
}

interface FreshSale {
  sale: NewSale;
  reason: string;
  committed(): void;
  failed(err: unknown): void;
}

function texts(raw: Parameters<typeof rawRequestText>[0]): { rawRequest?: string; rawResponse?: string } {
  const rawRequest = rawRequestText(raw);
  const rawResponse = rawResponseText(raw);
  return { ...(rawRequest ? { rawRequest } : {}), ...(rawResponse ? { rawResponse } : {}) };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
