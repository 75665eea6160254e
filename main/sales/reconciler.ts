/**
 * Settles a sale in `unknown` (its buy may or may not have been committed) by asking UiTPAS which
 * ticket sales exist (uitpas-api.md §8.3) instead of re-sending blindly: adopt the one matching
 * sale nobody else claimed, go back to `pending` only when the search proves absence, and leave
 * the sale to the operator when the answer is ambiguous. Never guesses.
 */
import type { TicketSale } from '../../contract/domain.js';
import { UitpasError, type FailureKind, type UitpasPort } from '../uitpas/port.js';
import { matchTicketSale, RECONCILE_MARGIN_MS } from './reconcile-match.js';
import { TicketSaleClaimedError, type SaleRecord, type SaleStore } from './store/sale-store.js';

export type ReconcileResult =
  | { kind: 'registered'; sale: SaleRecord }
  | { kind: 'absent'; sale: SaleRecord }
  | { kind: 'needs-operator'; sale: SaleRecord }
  /** The search itself failed; the sale stays unknown and is tried again later. */
  | { kind: 'search-failed'; sale: SaleRecord; failure: FailureKind | 'unexpected' };

export interface ReconcilerDeps {
  store: SaleStore;
  port: UitpasPort;
  now: () => number;
  onSaleChanged: (sale: SaleRecord) => void;
  marginMs?: number;
  /** Upper bound on pages read (100 sales each) before calling the result ambiguous. */
  maxPages?: number;
}

const PAGE = 100;

export class Reconciler {
  constructor(private readonly deps: ReconcilerDeps) {}

  async reconcile(sale: SaleRecord): Promise<ReconcileResult> {
    const { store, now, onSaleChanged } = this.deps;
    const marginMs = this.deps.marginMs ?? RECONCILE_MARGIN_MS;
    const firstAttemptMs = sale.firstAttemptMs ?? sale.createdMs;
    const startDate = new Date(firstAttemptMs - marginMs).toISOString();
    const query = {
      counterKey: sale.counterKey,
      cdbid: sale.cdbid,
      startDate,
      ...(sale.groupPass || !sale.passholderUid ? {} : { uid: sale.passholderUid }),
    };
    const searchText = `searchTicketSales ${JSON.stringify(query)}`;
    const reconciling = await store.transition(sale.id, {
      from: 'unknown',
      to: 'reconciling',
      actor: 'reconciler',
      reason: 'searching UiTPAS for this sale',
      at: new Date(now()),
      rawRequest: searchText,
    });
    onSaleChanged(reconciling);

    let found: TicketSale[];
    let complete: boolean;
    try {
      ({ found, complete } = await this.search(query));
    } catch (err) {
      const failure = err instanceof UitpasError ? err.kind : 'unexpected';
      const message = err instanceof Error ? err.message : String(err);
      // A rejected search (e.g. unknown counter) will not fix itself: the operator must look.
      const needsOperator = failure === 'rejected';
      const back = await this.finish(sale.id, 'unknown', `search failed (${failure}): ${message}`, {
        lastErrorCode: err instanceof UitpasError && err.code ? err.code : `SEARCH_${failure.toUpperCase()}`,
        lastErrorMessage: message,
        ...(needsOperator ? { needsOperator: true, alert: 'needs-operator' as const } : {}),
      });
      return needsOperator ? { kind: 'needs-operator', sale: back } : { kind: 'search-failed', sale: back, failure };
    }

    const verdict = complete
      ? matchTicketSale(
          {
            cdbid: sale.cdbid,
            groupPass: sale.groupPass,
            passholderUid: sale.passholderUid,
            couponId: sale.couponId,
            uitpasNumber: sale.uitpasNumber,
            firstAttemptMs,
          },
          found,
          (id) => store.isTicketSaleClaimed(id),
          marginMs,
        )
      : ({ kind: 'ambiguous', candidates: [] } as const);
    const summary = `${found.length} ticket sale(s) found: ${found.map((t) => `${t.id}@${t.creationDate}`).join(', ')}`;

    if (verdict.kind === 'found') {
      const t = verdict.ticketSale;
      try {
        const done = await this.finish(sale.id, 'registered', `adopted ticket sale ${t.id} found by search`, {
          ticketSaleId: t.id,
          registeredPriceCents: t.priceCents,
          registeredTariffCents: t.tariffCents,
          lastErrorCode: null,
          lastErrorMessage: null,
          ...(sale.provisional && !sale.groupPass && t.tariffCents !== sale.expectedTariffCents
            ? { alert: 'tariff-changed' as const }
            : {}),
        }, summary);
        return { kind: 'registered', sale: done };
      } catch (err) {
        if (!(err instanceof TicketSaleClaimedError)) throw err;
        // Claimed between the search and now: only possible with a second writer; do not guess.
        const back = await this.finish(sale.id, 'unknown', `ticket sale ${t.id} is already linked to another sale`, {
          needsOperator: true,
          alert: 'needs-operator',
        }, summary);
        return { kind: 'needs-operator', sale: back };
      }
    }
    if (verdict.kind === 'absent') {
      const back = await this.finish(sale.id, 'pending', 'search proves the sale was not registered; it will be sent again', {
        nextAttemptMs: null,
      }, summary);
      return { kind: 'absent', sale: back };
    }
    const reason = complete
      ? `several matching ticket sales (${verdict.candidates.join(', ')}): the operator must decide`
      : 'too many ticket sales to search through: the operator must decide';
    const back = await this.finish(sale.id, 'unknown', reason, { needsOperator: true, alert: 'needs-operator' }, summary);
    return { kind: 'needs-operator', sale: back };
  }

  private async search(query: {
    counterKey: string;
    cdbid: string;
    startDate: string;
    uid?: string;
  }): Promise<{ found: TicketSale[]; complete: boolean }> {
    const maxPages = this.deps.maxPages ?? 10;
    const found: TicketSale[] = [];
    for (let page = 0; page < maxPages; page++) {
      const res = await this.deps.port.searchTicketSales({ ...query, start: page * PAGE, max: PAGE });
      found.push(...res.items);
      if (res.items.length === 0 || found.length >= res.total) return { found, complete: true };
    }
    return { found, complete: false };
  }

  private async finish(
    id: string,
    to: 'registered' | 'pending' | 'unknown',
    reason: string,
    patch: Parameters<SaleStore['transition']>[1]['patch'],
    rawResponse?: string,
  ): Promise<SaleRecord> {
    const sale = await this.deps.store.transition(id, {
      from: 'reconciling',
      to,
      actor: 'reconciler',
      reason,
      at: new Date(this.deps.now()),
      ...(patch ? { patch } : {}),
      ...(rawResponse ? { rawResponse } : {}),
    });
    this.deps.onSaleChanged(sale);
    return sale;
  }
}
