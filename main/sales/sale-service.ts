/**
 * The sales core behind the contract: identification and activities (cached for offline sales),
 * selling (committed to the outbox before any network call), cancelling, today's list, operator
 * resolution, queue status and the privacy purge. Sending is left to the replay worker alone, so
 * there is exactly one code path and one request in flight.
 */
import { randomUUID } from 'node:crypto';
import type {
  CandidateRecord,
  ForeignRecordView,
  PassholderSearchInput,
  PassholderSearchResult,
  QueueStatus,
  SaleDetail,
  SaleState,
  SaleView,
  SellInput,
  SellOutcome,
} from '../../contract/schemas/sales.js';
import { PASSHOLDER_SEARCH_MAX } from '../../contract/schemas/sales.js';
import { cardDigits, checkCardNumber } from '../../contract/card-number.js';
import type { ActivityPage, ActivityQuery, Connectivity, Identification, TicketSale } from '../../contract/domain.js';
import type { Settings } from '../../contract/settings.js';
import { AppError } from '../core/errors.js';
import { UitpasError, type UitpasPort } from '../uitpas/port.js';
import type { BackoffOptions } from './backoff.js';
import { ConnectivityMonitor } from './connectivity.js';
import { noHooks, type SaleHooks } from './hooks.js';
import { passholderQuery } from './passholder-search.js';
import { checkOfflineLimits } from './offline-limits.js';
import { choosePrice } from './pricing.js';
import { registrationOf } from './reconcile-match.js';
import { Reconciler } from './reconciler.js';
import { DEFAULT_RECONCILE_POLICY, type ReconcilePolicy } from './reconcile-policy.js';
import { ReplayWorker } from './replay-worker.js';
import { cancelIsDeferred, UNREGISTERED_STATES } from './state-machine.js';
import {
  StaleStateError,
  TicketSaleClaimedError,
  type ForeignRecord,
  type NewSale,
  type SaleRecord,
  type SaleStore,
} from './store/sale-store.js';
import { TariffCache, type CachedHolder } from './tariff-cache.js';
import { outcomeOf, toSaleView } from './views.js';
import { textsFor } from '../i18n/index.js';
import { definedOnly } from '../../contract/defined-only.js';

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
  /** Reconciliation's numbers (late-commit horizon, search schedule, caps); tests shrink them. */
  reconcilePolicy?: Partial<ReconcilePolicy>;
  /** Longest `sell` waits for the worker's attempt before answering `pending` (default 20 s). */
  sellWaitMs?: number;
  /** Minimum gap between two `queue` events (default 200 ms). */
  queueEventIntervalMs?: number;
}

const OPEN_STATES: readonly SaleState[] = [
  'pending',
  'sending',
  'unknown',
  'reconciling',
  'rejected',
  'cancel-pending',
  'cancel-sending',
  'cancel-unknown',
];
const DAY_MS = 86_400_000;
const LAST_CONTACT_KEY = 'lastContact';

export class SaleService {
  readonly connectivity: ConnectivityMonitor;
  readonly worker: ReplayWorker;
  private readonly reconciler: Reconciler;
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
    const random = opts.random ?? Math.random;
    this.reconciler = new Reconciler({
      store: this.store,
      port: this.port,
      now: this.now,
      random,
      onSaleChanged,
      policy: { ...DEFAULT_RECONCILE_POLICY, ...opts.reconcilePolicy },
      ...definedOnly({ backoff: opts.backoff }),
    });
    this.worker = new ReplayWorker({
      store: this.store,
      port: this.port,
      connectivity: this.connectivity,
      reconciler: this.reconciler,
      now: this.now,
      random,
      hooks: this.hooks,
      ...definedOnly({ backoff: opts.backoff }),
      onSaleChanged,
      onStatusChanged: () => this.queueChanged(),
      onForeignChanged: () => this.queueChanged(),
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
    clearInterval(this.purgeTimer);
    await this.worker.stop();
    this.connectivity.flush();
    await this.metaWrite;
    clearTimeout(this.queueTimer);
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

  /**
   * A customer without the card: passholders by name (+ date of birth), at most
   * PASSHOLDER_SEARCH_MAX; `more` tells the operator to refine. Input is checked here (the
   * renderer is not trusted) and nothing reaches UiTPAS when it is refused. Loading a hit goes
   * through `card.lookup` like a scanned card.
   */
  async searchPassholders(input: PassholderSearchInput): Promise<PassholderSearchResult> {
    const query = passholderQuery(input, new Date(this.now()), PASSHOLDER_SEARCH_MAX);
    const counterKey = this.requireCounter();
    try {
      const page = await this.port.searchPassholders(counterKey, query);
      this.connectivity.contact(new Date(this.now()));
      const items = page.items.slice(0, PASSHOLDER_SEARCH_MAX);
      const total = Math.max(page.total, items.length);
      return { items, total, more: total > items.length };
    } catch (err) {
      // The counter lacks PERMISSION_PASSHOLDER: a refusal to show, not a login to redo.
      if (err instanceof UitpasError && err.code === 'ACCESS_DENIED') {
        this.connectivity.contact(new Date(this.now()));
        throw new AppError('UITPAS_REJECTED', err.message, {
          code: 'ACCESS_DENIED',
          message: err.message,
          ...(err.requiredPermission ? { requiredPermission: err.requiredPermission } : {}),
          ...(err.endUserMessage ? { endUserMessage: err.endUserMessage } : {}),
        });
      }
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
    const limited = this.connectivity.isLimited;
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
    if (limited) {
      const sale = {
        amountCents: price.tariffCents * (input.amountOfTickets ?? 1),
        sameCardAndActivity: this.store.openSaleFor(uitpasNumber, input.cdbid) !== undefined,
      };
      const limits = { ...settings.offline, maxUnregisteredAmountCents: Math.round(settings.offline.maxUnregisteredAmountEuro * 100) };
      const limit = checkOfflineLimits(this.store.unregistered(), sale, nowMs, limits);
      if (!limit.ok) {
        throw new AppError(limit.reason === 'same-card-activity' ? 'OFFLINE_SECOND_SALE' : 'OFFLINE_LIMIT_REACHED', limit.message, {
          reason: limit.reason,
        });
      }
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
      ...definedOnly({ priceClass: input.priceClass, couponId: input.couponId, couponName: price.couponName }),
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
      await this.store.markProvisional(id);
      sale = this.store.get(id) as SaleRecord;
      this.saleChanged(sale);
    }
    return { outcome: outcomeOf(sale), sale: this.view(sale) };
  }

  // ---- after the sale ----------------------------------------------------------------------

  /**
   * Cancels a sale through the outbox, so a lost answer or a missing network never leaves the
   * counter and UiTPAS disagreeing: a pending sale is not sent; a registered sale's cancel is made
   * durable and sent (answered once the worker tried, like a sale); a sale whose registration is
   * still open is marked, and the cancel is honoured wherever it lands.
   */
  async cancel(id: string): Promise<SaleView> {
    const sale = this.require(id);
    const at = new Date(this.now());
    try {
      if (sale.state === 'pending') {
        const done = await this.store.transition(id, {
          from: 'pending',
          to: 'cancelled',
          actor: 'operator',
          reason: 'removed from the queue before it was registered',
          at,
          patch: { resolution: 'cancelled before registration' },
        });
        this.saleChanged(done);
        return this.view(done);
      }
      if (cancelIsDeferred(sale.state) && !sale.cancelRequested) {
        if (!(await this.store.requestCancel(id, sale.state, at))) return this.cancel(id);
        const marked = this.require(id);
        this.saleChanged(marked);
        this.worker.wake();
        return this.view(marked);
      }
      if (sale.state !== 'registered' || !sale.ticketSaleId) throw this.stateError(sale, 'cancel');
      const queued = await this.store.transition(id, {
        from: 'registered',
        to: 'cancel-pending',
        actor: 'operator',
        reason: `cancel of ticket sale ${sale.ticketSaleId} queued`,
        at,
        patch: { nextAttemptMs: null, alert: null, lastErrorCode: null, lastErrorMessage: null },
      });
      this.saleChanged(queued);
    } catch (err) {
      if (err instanceof StaleStateError) throw this.stateError(this.require(id), 'cancel');
      throw err;
    }
    const attempted = this.worker.waitForAttempt(id, this.opts.sellWaitMs ?? 20_000);
    this.worker.wake();
    await attempted;
    return this.view(this.require(id));
  }

  /** The operator closes a rejected or undecidable sale, or acknowledges an alert, with a reason. */
  async resolve(id: string, reason: string): Promise<SaleView> {
    const sale = this.require(id);
    const at = new Date(this.now());
    if (sale.state === 'rejected' || sale.state === 'unknown' || sale.state === 'cancel-unknown') {
      try {
        const done = await this.store.transition(id, {
          from: sale.state,
          to: 'resolved',
          actor: 'operator',
          reason,
          at,
          // Closed, it needs the operator no more; another alert (e.g. rejected after offline) stays.
          patch: {
            resolution: reason,
            needsOperator: false,
            nextAttemptMs: null,
            ...(sale.alert === 'needs-operator' ? { alert: null } : {}),
          },
        });
        this.saleChanged(done);
        return this.view(done);
      } catch (err) {
        if (err instanceof StaleStateError) throw this.stateError(this.require(id), 'resolve');
        throw err;
      }
    }
    if (sale.alert && (sale.state === 'registered' || sale.state === 'cancelled')) {
      try {
        await this.store.acknowledge(id, reason, at);
      } catch (err) {
        if (err instanceof StaleStateError) throw this.stateError(this.require(id), 'resolve');
        throw err;
      }
      const done = this.require(id);
      this.saleChanged(done);
      return this.view(done);
    }
    throw this.stateError(sale, 'resolve');
  }

  // ---- operator tools for what reconciliation could not decide -------------------------------

  /** A fresh search: the UiTPAS records that could be this sale's, with why each might not be. */
  async candidates(id: string): Promise<{ items: CandidateRecord[]; complete: boolean }> {
    const found = await this.freshSearch(this.require(id));
    return {
      complete: found.complete,
      items: found.records.map(({ record, fit: f, claimedBy }) => ({
        ticketSaleId: record.id,
        creationDate: record.creationDate,
        priceCents: record.priceCents,
        tariffCents: record.tariffCents,
        groupPass: record.groupPass,
        ...(record.coupon ? { couponId: record.coupon.id } : {}),
        fit: f,
        ...(claimedBy ? { claimedBy } : {}),
      })),
    };
  }

  private async freshSearch(sale: SaleRecord): ReturnType<Reconciler['candidates']> {
    try {
      const found = await this.reconciler.candidates(sale);
      this.connectivity.searchOk(new Date(this.now()));
      return found;
    } catch (err) {
      throw this.portError(err);
    }
  }

  /**
   * The operator adopts a record that a fresh search shows (an uncertain or rejected sale that
   * UiTPAS holds after all). The record must exist now, be nobody else's, and not contradict
   * what the sale sent.
   */
  async adopt(id: string, ticketSaleId: string, reason: string): Promise<SaleView> {
    const sale = this.require(id);
    if (sale.state !== 'unknown' && sale.state !== 'rejected') throw this.stateError(sale, 'adopt');
    const found = await this.freshSearch(sale);
    const chosen = found.records.find((c) => c.record.id === ticketSaleId);
    if (!chosen) throw new AppError('SALE_RECORD_NOT_FOUND', `UiTPAS shows no ticket sale ${ticketSaleId} that could be this sale`);
    if (chosen.claimedBy && chosen.claimedBy !== id) {
      throw new AppError('SALE_RECORD_CLAIMED', `Ticket sale ${ticketSaleId} already belongs to sale ${chosen.claimedBy}`, {
        saleId: chosen.claimedBy,
      });
    }
    const record = chosen.record;
    const more = this.otherTicketsOf(sale, record, found.records);
    const what = more.length ? `ticket sales ${[ticketSaleId, ...more].join(', ')}` : `ticket sale ${ticketSaleId}`;
    try {
      const done = await this.store.transition(id, {
        from: sale.state,
        to: 'registered',
        actor: 'operator',
        reason: `adopted ${what} after a fresh search: ${reason}`,
        at: new Date(this.now()),
        ...(more.length ? { moreTicketSaleIds: more } : {}),
        patch: {
          ticketSaleId,
          registeredPriceCents: record.priceCents,
          registeredTariffCents: record.tariffCents,
          needsOperator: false,
          alert: null,
          lastErrorCode: null,
          lastErrorMessage: null,
          rejectionCode: null,
          nextAttemptMs: null,
          resolution: reason,
        },
      });
      this.saleChanged(done);
      this.worker.wake();
      return this.view(done);
    } catch (err) {
      if (err instanceof TicketSaleClaimedError) throw new AppError('SALE_RECORD_CLAIMED', err.message);
      if (err instanceof StaleStateError) throw this.stateError(this.require(id), 'adopt');
      throw err;
    }
  }

  /**
   * API 4 lists one record per ticket: adopting one ticket of a sale of n adopts the n records made
   * together with it, or nothing, so that a later cancel can never leave a ticket behind.
   */
  private otherTicketsOf(sale: SaleRecord, chosen: TicketSale, found: Array<{ record: TicketSale; claimedBy?: string }>): string[] {
    if (sale.amountOfTickets <= 1 || chosen.singleTicket !== true) return [];
    const open = found.filter((c) => c.claimedBy === undefined || c.claimedBy === sale.id).map((c) => c.record);
    const tickets = registrationOf(chosen, open, sale.amountOfTickets);
    if (!tickets) {
      throw new AppError(
        'SALE_RECORD_TICKETS',
        `Sale of ${sale.amountOfTickets} tickets: UiTPAS does not show exactly ${sale.amountOfTickets} tickets registered together with ticket sale ${chosen.id}`,
        { amountOfTickets: sale.amountOfTickets },
      );
    }
    return tickets.slice(1).map((r) => r.id);
  }

  /**
   * The operator sends an uncertain or rejected sale again. Only after a fresh, complete search
   * shows nothing that could be this sale — or only records the operator checked and declares not
   * to be it (`notThisSale`, written to the history): otherwise re-sending could register it twice.
   */
  async retry(id: string, reason: string, notThisSale: readonly string[] = []): Promise<SaleView> {
    const sale = this.require(id);
    if (sale.state !== 'unknown' && sale.state !== 'rejected') throw this.stateError(sale, 'send again');
    const found = await this.candidates(id);
    const open = found.items.filter((c) => !c.claimedBy && !notThisSale.includes(c.ticketSaleId));
    if (open.length > 0 || !found.complete) {
      throw new AppError(
        'SALE_CANDIDATES_EXIST',
        found.complete
          ? `UiTPAS holds ${open.length} ticket sale(s) that could be this sale: adopt one, or close the sale with a reason`
          : 'The search did not return every ticket sale: try again later',
        { candidates: open.map((c) => c.ticketSaleId) },
      );
    }
    try {
      const done = await this.store.transition(id, {
        from: sale.state,
        to: 'pending',
        actor: 'operator',
        reason: `send again after a fresh search found nothing${notThisSale.length ? ` but ${notThisSale.join(', ')}, which the operator says are not this sale` : ''}: ${reason}`,
        at: new Date(this.now()),
        patch: { needsOperator: false, alert: null, rejectionCode: null, nextAttemptMs: null, searches: 0 },
      });
      this.saleChanged(done);
      this.worker.wake();
      return this.view(done);
    } catch (err) {
      if (err instanceof StaleStateError) throw this.stateError(this.require(id), 'send again');
      throw err;
    }
  }

  /** Ticket sales UiTPAS holds that Loket did not register, newest first. */
  foreignRecords(): ForeignRecordView[] {
    return this.store.foreignRecords(500).map(foreignView);
  }

  async acknowledgeForeign(ticketSaleId: string, reason: string): Promise<ForeignRecordView> {
    const record = this.store.foreignRecord(ticketSaleId);
    if (!record) throw new AppError('FOREIGN_NOT_FOUND', `No foreign ticket sale ${ticketSaleId}`);
    if (record.status !== 'flagged')
      throw new AppError('SALE_STATE', `Ticket sale ${ticketSaleId} is ${record.status}`, { state: record.status });
    const next: ForeignRecord = { ...record, status: 'acknowledged', resolution: reason };
    if (!(await this.store.updateForeign(next, 'flagged'))) return this.acknowledgeForeign(ticketSaleId, reason);
    this.queueChanged();
    return foreignView(next);
  }

  get(id: string): SaleDetail {
    const sale = this.require(id);
    return { ...this.view(sale), history: this.store.history(id) };
  }

  list(filter: { state?: SaleState | 'open' | undefined; day: 'today' | 'all'; limit: number }): SaleView[] {
    const states = filter.state === 'open' ? OPEN_STATES : filter.state ? [filter.state] : undefined;
    const sinceMs = filter.day === 'today' ? startOfLocalDay(this.now()) : undefined;
    return this.store.list({ limit: filter.limit, ...definedOnly({ states, sinceMs }) }).map((r) => this.view(r));
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
    this.events.sale?.(this.view(sale));
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
      textsFor('en').cardNumber[check.problem],
      {
        problem: check.problem,
      },
    );
  }

  private requireCounter(): string {
    const counterKey = this.opts.session().counterKey;
    if (!counterKey) throw new AppError('SALE_NO_COUNTER', 'Choose the active counter (balie) first');
    return counterKey;
  }

  /** The contract's view of a sale, with the earlier sale it waits behind when it does. */
  private view(r: SaleRecord): SaleView {
    return toSaleView(r, this.store.heldBehind(r.id));
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

  private portError(err: unknown): Error {
    if (!(err instanceof UitpasError)) return err instanceof Error ? err : new Error(String(err));
    const at = new Date(this.now());
    switch (err.kind) {
      case 'rejected':
        this.connectivity.contact(at);
        return new AppError('UITPAS_REJECTED', err.message, {
          code: err.code ?? 'UNKNOWN',
          message: err.message,
          ...(err.endUserMessage ? { endUserMessage: err.endUserMessage } : {}),
        });
      case 'unauthorized':
        this.connectivity.contact(at);
        return new AppError('UITPAS_LOGIN_REQUIRED', 'Log in again to UiTPAS', {
          ...(err.requiredPermission ? { requiredPermission: err.requiredPermission } : {}),
        });
      case 'not-sent':
        this.connectivity.failure('not-sent', err.message);
        return new AppError('UITPAS_OFFLINE', `UiTPAS cannot be reached: ${err.message}`);
      default:
        return new AppError('UITPAS_UNAVAILABLE', `UiTPAS did not answer properly: ${err.message}`);
    }
  }
}

function foreignView(r: ForeignRecord): ForeignRecordView {
  return {
    ticketSaleId: r.ticketSaleId,
    foundAt: r.foundAt,
    cdbid: r.cdbid,
    creationDate: r.creationDate,
    tariffCents: r.tariffCents,
    groupPass: r.groupPass,
    status: r.status,
    reason: r.reason,
    ...(r.likeSaleId ? { likeSaleId: r.likeSaleId } : {}),
    ...(r.resolution ? { resolution: r.resolution } : {}),
  };
}

function startOfLocalDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
