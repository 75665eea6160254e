/**
 * The sales core behind the contract: identification and activities (cached for offline sales),
 * selling (committed to the outbox before any network call), cancelling, today's list, operator
 * resolution, queue status and the privacy purge. Sending is left to the replay worker alone, so
 * there is exactly one code path and one request in flight.
 */
import { randomUUID } from 'node:crypto';
import type { QueueStatus, SaleDetail, SaleState, SaleView, SellInput, SellOutcome } from '../../contract/calls/sales.js';
import { cardDigits, checkCardNumber } from '../../contract/card-number.js';
import type { ActivityPage, ActivityQuery, Connectivity, Identification } from '../../contract/domain.js';
import type { Settings } from '../../contract/settings.js';
import { AppError } from '../app/dispatcher.js';
import { UitpasError, type UitpasPort } from '../uitpas/port.js';
import type { BackoffOptions } from './backoff.js';
import { ConnectivityMonitor } from './connectivity.js';
import { rawRequestText, rawResponseText } from './describe-raw.js';
import { noHooks, type SaleHooks } from './hooks.js';
import { checkOfflineLimits } from './offline-limits.js';
import { choosePrice } from './pricing.js';
import { Reconciler } from './reconciler.js';
import { ReplayWorker } from './replay-worker.js';
import { UNREGISTERED_STATES } from './state-machine.js';
import { StaleStateError, type NewSale, type SaleRecord, type SaleStore } from './store/sale-store.js';
import { TariffCache, type CachedHolder } from './tariff-cache.js';
import { outcomeOf, toSaleView } from './views.js';

export interface SalesEvents {
  sale(view: SaleView): void;
  queue(status: QueueStatus): void;
  connectivity(value: Connectivity): void;
}

export interface SaleSession {
  /** consumerKey of the active counter (balieConsumerKey). */
  counterKey?: string | undefined;
  /** UiTiD user id of the logged-in employee. */
  userId?: string | undefined;
}

export interface SaleServiceOptions {
  store: SaleStore;
  port: UitpasPort;
  settings: () => Settings;
  session: () => SaleSession;
  events?: Partial<SalesEvents>;
  /** Test-only kill points; production passes none. */
  hooks?: SaleHooks;
  now?: () => number;
  random?: () => number;
  newId?: () => string;
  backoff?: BackoffOptions;
  /** Pause before an uncertain buy is searched for (default 3 s). */
  reconcileDelayMs?: number;
  /** Longest `sell` waits for the worker's attempt before answering `pending` (default 20 s). */
  sellWaitMs?: number;
  /** Minimum gap between two `queue` events (default 200 ms). */
  queueEventIntervalMs?: number;
}

const OPEN_STATES: readonly SaleState[] = ['pending', 'sending', 'unknown', 'reconciling', 'rejected'];
const DAY_MS = 86_400_000;
const LAST_CONTACT_KEY = 'lastContact';

export class SaleService {
  readonly connectivity: ConnectivityMonitor;
  readonly worker: ReplayWorker;
  private readonly cache = new TariffCache();
  private readonly store: SaleStore;
  private readonly port: UitpasPort;
  private readonly hooks: SaleHooks;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly events: Partial<SalesEvents>;
  private queueTimer: NodeJS.Timeout | undefined;
  private lastQueueEmitMs = 0;
  private purgeTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private metaWrite: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SaleServiceOptions) {
    this.store = opts.store;
    this.port = opts.port;
    this.hooks = opts.hooks ?? noHooks;
    this.now = opts.now ?? Date.now;
    this.newId = opts.newId ?? randomUUID;
    this.events = opts.events ?? {};
    this.connectivity = new ConnectivityMonitor({
      load: () => this.store.getMeta(LAST_CONTACT_KEY),
      // Informational only (shown as "last contact"): a failed write must not disturb a sale.
      save: (v) => {
        this.metaWrite = this.store.setMeta(LAST_CONTACT_KEY, v).catch(() => undefined);
      },
    });
    this.connectivity.onChange((c) => {
      this.events.connectivity?.(c);
      this.queueChanged();
    });
    const onSaleChanged = (sale: SaleRecord): void => this.saleChanged(sale);
    const reconciler = new Reconciler({ store: this.store, port: this.port, now: this.now, onSaleChanged });
    this.worker = new ReplayWorker({
      store: this.store,
      port: this.port,
      connectivity: this.connectivity,
      reconciler,
      now: this.now,
      random: opts.random ?? Math.random,
      hooks: this.hooks,
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      reconcileDelayMs: opts.reconcileDelayMs ?? 3000,
      onSaleChanged,
      onStatusChanged: () => this.queueChanged(),
    });
  }

  /** Recovers sales a crash left in flight, purges old personal data, starts the worker. */
  async start(): Promise<void> {
    await this.worker.recover();
    await this.purge();
    this.purgeTimer = setInterval(() => void this.purge().catch(() => undefined), DAY_MS);
    this.purgeTimer.unref();
    this.worker.start();
    this.events.connectivity?.(this.connectivity.value);
    this.emitQueue();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.worker.stop();
    this.connectivity.flush();
    await this.metaWrite;
    if (this.queueTimer) clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
  }

  // ---- identification and activities -------------------------------------------------------

  async lookupCard(identification: string): Promise<Identification> {
    const counterKey = this.requireCounter();
    const raw = identification.trim();
    const digits = cardDigits(raw);
    // 13+ digits is a (possibly prefixed) card number: check it locally before asking UiTPAS.
    // Shorter input (INSZ: 11 digits) or hex (chip number) goes to UiTPAS as typed.
    const looksLikeCard = digits.length >= 13 && digits.length >= raw.replace(/\s/g, '').length - 2;
    const key = looksLikeCard ? this.validCard(raw) : raw;
    try {
      const found = await this.port.identify(counterKey, key);
      this.connectivity.contact(new Date(this.now()));
      this.cache.rememberHolder(found, this.now());
      return found;
    } catch (err) {
      const cached = looksLikeCard ? this.cache.holder(key) : undefined;
      if (cached && err instanceof UitpasError && err.kind === 'not-sent' && this.fresh(cached.fetchedMs)) {
        this.connectivity.failure('not-sent', err.message);
        return { ...cached.identification, notice: 'OFFLINE_CACHED' };
      }
      throw this.portError(err);
    }
  }

  async listActivities(query: ActivityQuery): Promise<ActivityPage> {
    const counterKey = this.requireCounter();
    try {
      const page = await this.port.searchActivities(counterKey, query);
      this.connectivity.contact(new Date(this.now()));
      if (query.uitpasNumber) this.cache.rememberActivities(query.uitpasNumber, page.items, this.now());
      return page;
    } catch (err) {
      throw this.portError(err);
    }
  }

  // ---- selling -----------------------------------------------------------------------------

  async sell(input: SellInput): Promise<SellOutcome> {
    const uitpasNumber = this.validCard(input.uitpasNumber);
    const session = this.opts.session();
    const counterKey = this.requireCounter();
    const settings = this.opts.settings();
    const offline = this.connectivity.isOffline;
    const nowMs = this.now();

    const holder = await this.holderFor(uitpasNumber, offline);
    if (holder.groupPass && input.amountOfTickets === undefined) {
      throw new AppError('SALE_AMOUNT_REQUIRED', 'A group pass sale needs the number of tickets');
    }
    if (!holder.groupPass && input.amountOfTickets !== undefined) {
      throw new AppError('SALE_AMOUNT_GROUP_ONLY', 'The number of tickets can only be chosen for a group pass');
    }
    const cached = this.cache.activity(uitpasNumber, input.cdbid);
    if (!cached) {
      if (offline) throw this.noTariff('the tariffs of this activity were not fetched for this card');
      throw new AppError('SALE_ACTIVITY_UNKNOWN', 'Fetch the activities for this card first (activities.list)', {
        cdbid: input.cdbid,
      });
    }
    if (offline && nowMs - cached.fetchedMs > settings.offline.tariffCacheHours * 3_600_000) {
      throw this.noTariff(`the tariffs were fetched more than ${settings.offline.tariffCacheHours} hours ago`);
    }
    const price = choosePrice(cached.activity, input.priceClass, input.couponId);
    if (!price.ok) throw new AppError(price.code, price.message);
    if (offline) {
      const limit = checkOfflineLimits(this.store.unregistered(), nowMs, settings.offline);
      if (!limit.ok) throw new AppError('OFFLINE_LIMIT_REACHED', limit.message, { reason: limit.reason });
    }

    const id = this.newId();
    await this.hooks.at('before-commit', id);
    const newSale: NewSale = {
      id,
      createdAt: new Date(nowMs).toISOString(),
      createdMs: nowMs,
      counterKey,
      ...(session.userId ? { userId: session.userId } : {}),
      uitpasNumber,
      groupPass: holder.groupPass,
      ...(holder.uid ? { passholderUid: holder.uid } : {}),
      holderName: holder.name,
      cdbid: input.cdbid,
      activityTitle: cached.activity.title,
      ...(input.priceClass !== undefined ? { priceClass: input.priceClass } : {}),
      ...(input.couponId !== undefined ? { couponId: input.couponId } : {}),
      ...(price.couponName !== undefined ? { couponName: price.couponName } : {}),
      amountOfTickets: input.amountOfTickets ?? 1,
      expectedPriceCents: price.priceCents,
      expectedTariffCents: price.tariffCents,
      provisional: offline,
    };
    const reason = offline ? 'sold offline on the cached tariff' : 'sold at the counter';
    const waitMs = this.opts.sellWaitMs ?? 20_000;

    // Usually the worker is idle: it commits the sale already claimed for sending (one durable
    // write before the buy, not two) and sends it at once. Otherwise the sale is committed as
    // pending here and waits its turn in the queue.
    const atOnce = offline ? undefined : this.worker.sendAtOnce(newSale, reason, waitMs);
    if (atOnce) {
      await atOnce;
    } else {
      this.saleChanged(await this.store.insert(newSale, 'operator', reason));
      await this.hooks.at('after-commit', id);
      if (!offline) {
        const attempted = this.worker.waitForAttempt(id, waitMs);
        this.worker.wake();
        await attempted;
      } else {
        this.worker.probeSoon();
      }
    }
    let sale = this.store.get(id) as SaleRecord;
    if (!sale.provisional && UNREGISTERED_STATES.includes(sale.state)) {
      // Not confirmed by UiTPAS when the customer left: the shown tariff is provisional.
      await this.store.setFlags(id, { provisional: true, ...(sale.alert ? { alert: sale.alert } : {}) });
      sale = this.store.get(id) as SaleRecord;
      this.saleChanged(sale);
    }
    return { outcome: outcomeOf(sale), sale: toSaleView(sale) };
  }

  // ---- after the sale ----------------------------------------------------------------------

  async cancel(id: string): Promise<SaleView> {
    const sale = this.require(id);
    const at = new Date(this.now());
    if (sale.state === 'pending') {
      try {
        const done = await this.store.transition(id, {
          from: 'pending',
          to: 'cancelled',
          actor: 'operator',
          reason: 'removed from the queue before it was registered',
          at,
          patch: { resolution: 'cancelled before registration' },
        });
        this.saleChanged(done);
        return toSaleView(done);
      } catch (err) {
        if (err instanceof StaleStateError) throw this.stateError(this.require(id), 'cancel');
        throw err;
      }
    }
    if (sale.state !== 'registered' || !sale.ticketSaleId) throw this.stateError(sale, 'cancel');
    try {
      const res = await this.port.cancel(sale.counterKey, sale.ticketSaleId);
      this.connectivity.contact(new Date(this.now()));
      const rawRequest = rawRequestText(res.raw);
      const rawResponse = rawResponseText(res.raw);
      const done = await this.store.transition(id, {
        from: 'registered',
        to: 'cancelled',
        actor: 'operator',
        reason: `ticket sale ${sale.ticketSaleId} cancelled at UiTPAS`,
        at: new Date(this.now()),
        ...(rawRequest ? { rawRequest } : {}),
        ...(rawResponse ? { rawResponse } : {}),
      });
      this.saleChanged(done);
      return toSaleView(done);
    } catch (err) {
      if (err instanceof StaleStateError) throw this.stateError(this.require(id), 'cancel');
      throw this.portError(err, { cancel: true });
    }
  }

  /** The operator settles a rejected or undecidable sale, or acknowledges an alert, with a reason. */
  async resolve(id: string, reason: string): Promise<SaleView> {
    const sale = this.require(id);
    const at = new Date(this.now());
    if (sale.state === 'rejected' || sale.state === 'unknown') {
      try {
        const done = await this.store.transition(id, {
          from: sale.state,
          to: 'resolved',
          actor: 'operator',
          reason,
          at,
          patch: { resolution: reason, needsOperator: false },
        });
        this.saleChanged(done);
        return toSaleView(done);
      } catch (err) {
        if (err instanceof StaleStateError) throw this.stateError(this.require(id), 'resolve');
        throw err;
      }
    }
    if (sale.alert && (sale.state === 'registered' || sale.state === 'cancelled')) {
      await this.store.acknowledge(id, reason, at);
      const done = this.require(id);
      this.saleChanged(done);
      return toSaleView(done);
    }
    throw this.stateError(sale, 'resolve');
  }

  get(id: string): SaleDetail {
    const sale = this.require(id);
    return { ...toSaleView(sale), history: this.store.history(id) };
  }

  list(filter: { state?: SaleState | 'open'; day: 'today' | 'all'; limit: number }): SaleView[] {
    const states = filter.state === 'open' ? OPEN_STATES : filter.state ? [filter.state] : undefined;
    const sinceMs = filter.day === 'today' ? startOfLocalDay(this.now()) : undefined;
    return this.store
      .list({ limit: filter.limit, ...(states ? { states } : {}), ...(sinceMs !== undefined ? { sinceMs } : {}) })
      .map(toSaleView);
  }

  queueStatus(): QueueStatus {
    const unregistered = this.store.unregistered();
    const worker = this.worker.status;
    const lastContact = this.connectivity.value.lastContact;
    return {
      counts: this.store.counts(),
      unregistered: unregistered.count,
      needsAttention: this.store.needsAttention(),
      ...(unregistered.oldestAt ? { oldestUnregisteredAt: unregistered.oldestAt } : {}),
      ...(lastContact ? { lastContact } : {}),
      worker: worker.state,
      ...(worker.nextAttemptMs !== undefined ? { nextAttemptAt: new Date(worker.nextAttemptMs).toISOString() } : {}),
    };
  }

  /** "Sync now", and what the login flow calls after a new login (resumes a paused queue). */
  syncNow(): QueueStatus {
    this.worker.syncNow();
    return this.queueStatus();
  }

  /** Removes personal data and raw XML of settled sales older than settings.privacy.purgeAfterDays. */
  purge(): Promise<number> {
    const days = this.opts.settings().privacy.purgeAfterDays;
    const nowMs = this.now();
    return this.store.purgePersonalData(nowMs - days * DAY_MS, new Date(nowMs));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private saleChanged(sale: SaleRecord): void {
    this.events.sale?.(toSaleView(sale));
    this.queueChanged();
  }

  /** Queue events are coalesced: a replay of thousands of sales must not flood the renderer. */
  private queueChanged(): void {
    if (!this.events.queue || this.queueTimer || this.stopped) return;
    const interval = this.opts.queueEventIntervalMs ?? 200;
    const wait = Math.max(0, this.lastQueueEmitMs + interval - this.now());
    this.queueTimer = setTimeout(() => {
      this.queueTimer = undefined;
      this.emitQueue();
    }, wait);
  }

  private emitQueue(): void {
    this.lastQueueEmitMs = this.now();
    this.events.queue?.(this.queueStatus());
  }

  private async holderFor(uitpasNumber: string, offline: boolean): Promise<CachedHolder> {
    const cached = this.cache.holder(uitpasNumber);
    if (cached) return cached;
    if (offline) throw this.noTariff('this card was not looked up before the connection was lost');
    const found = await this.lookupCard(uitpasNumber);
    return this.cache.rememberHolder(found, this.now());
  }

  private fresh(fetchedMs: number): boolean {
    return this.now() - fetchedMs <= this.opts.settings().offline.tariffCacheHours * 3_600_000;
  }

  private validCard(input: string): string {
    const check = checkCardNumber(input);
    if (check.ok) return check.number;
    throw new AppError(
      check.problem === 'bad-check-digit' ? 'CARD_INVALID_CHECKSUM' : 'CARD_INVALID',
      check.message.en,
      { problem: check.problem, text: check.message },
    );
  }

  private requireCounter(): string {
    const counterKey = this.opts.session().counterKey;
    if (!counterKey) throw new AppError('SALE_NO_COUNTER', 'Choose the active counter (balie) first');
    return counterKey;
  }

  private require(id: string): SaleRecord {
    const sale = this.store.get(id);
    if (!sale) throw new AppError('SALE_NOT_FOUND', `No sale ${id}`);
    return sale;
  }

  private noTariff(why: string): AppError {
    return new AppError('OFFLINE_NO_TARIFF', `UiTPAS cannot be reached and ${why}; this sale cannot be made offline`);
  }

  private stateError(sale: SaleRecord, action: string): AppError {
    return new AppError('SALE_STATE', `Cannot ${action} a sale in state ${sale.state}`, { state: sale.state });
  }

  private portError(err: unknown, opts: { cancel?: boolean } = {}): Error {
    if (!(err instanceof UitpasError)) return err instanceof Error ? err : new Error(String(err));
    const at = new Date(this.now());
    switch (err.kind) {
      case 'rejected':
        this.connectivity.contact(at);
        return new AppError('UITPAS_REJECTED', err.message, { code: err.code ?? 'UNKNOWN', message: err.message });
      case 'unauthorized':
        this.connectivity.contact(at);
        return new AppError('UITPAS_LOGIN_REQUIRED', 'Log in again to UiTPAS', {
          ...(err.requiredPermission ? { requiredPermission: err.requiredPermission } : {}),
        });
      case 'not-sent':
        this.connectivity.failure('not-sent', err.message);
        return new AppError('UITPAS_OFFLINE', `UiTPAS cannot be reached: ${err.message}`);
      default:
        return new AppError(
          opts.cancel ? 'UITPAS_UNCERTAIN' : 'UITPAS_UNAVAILABLE',
          opts.cancel
            ? `It is not known whether UiTPAS cancelled the sale (${err.message}); check the sale and try again`
            : `UiTPAS did not answer properly: ${err.message}`,
        );
    }
  }
}

function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
