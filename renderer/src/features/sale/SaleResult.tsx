/** What happened to the sale, in plain words, and what happens next. */
import { useTranslation } from 'react-i18next';
import type { SellOutcome } from '../../../../contract/schemas/sales.js';
import { formatCents } from '../../lib/format/locale.js';
import { useSaleStore } from './sale-store.js';
import { CodeMessage } from '../../lib/ui/CodeMessage.js';

function stateOf(result: SellOutcome): 'registered' | 'pending' | 'unknown' | 'rejected' | 'provisional' {
  if (result.outcome === 'pending' && result.sale.provisional) return 'provisional';
  return result.outcome;
}

export function SaleResult() {
  const { t } = useTranslation();
  const sell = useSaleStore((s) => s.sell);
  if (sell.status === 'failed') {
    return (
      <div className="result result-failed" role="alert" data-testid="sale-status" data-state="failed" data-code={sell.problem.code}>
        <p className="result-title">{t('result.failed')}</p>
        <p>
          <CodeMessage code={sell.problem.code} serverMessage={sell.problem.serverMessage} endUserMessage={sell.problem.endUserMessage} />
        </p>
      </div>
    );
  }
  if (sell.status !== 'done') return null;
  return <Outcome result={sell.result} />;
}

function Outcome({ result }: { result: SellOutcome }) {
  const { t, i18n } = useTranslation();
  const { sale } = result;
  const state = stateOf(result);
  const code = result.outcome === 'rejected' ? (sale.error?.code ?? 'UNKNOWN') : '';
  const total = (sale.registeredTariffCents ?? sale.expectedTariffCents) * sale.amountOfTickets;
  return (
    <div
      className={`result result-${state}`}
      role="status"
      data-testid="sale-status"
      data-state={state}
      data-code={code}
      data-sale-id={sale.id}
    >
      {state === 'registered' && (
        <>
          <p className="result-title">✓ {t('result.registered')}</p>
          <p className="result-collect">
            {t('result.collect')}
            {t('punct.colon')}
            <strong>{formatCents(total, i18n.language)}</strong>
          </p>
          <p>
            {t('result.ticketSaleId')}
            {t('punct.colon')}
            <strong data-testid="ticket-sale-id">{sale.ticketSaleId}</strong>
          </p>
        </>
      )}
      {state === 'rejected' && (
        <>
          <p className="result-title">✕ {t('result.rejected')}</p>
          <p data-testid="rejection-message">
            <CodeMessage code={code} serverMessage={sale.error?.message} endUserMessage={sale.error?.endUserMessage} />
          </p>
        </>
      )}
      {(state === 'pending' || state === 'provisional') && (
        <>
          <p className="result-title">{t('result.pending')}</p>
          <p className="result-collect">
            {t('result.collect')}
            {t('punct.colon')}
            <strong>{formatCents(total, i18n.language)}</strong> ({t('result.provisional')})
          </p>
          {/* Held behind an earlier sale, it waits for that one, not for the network. */}
          {sale.heldBehind ? <p data-testid="held-behind">{t('result.heldBehind')}</p> : <p>{t('result.pendingNext')}</p>}
        </>
      )}
      {state === 'unknown' && (
        <>
          <p className="result-title">{t('result.unknown')}</p>
          <p className="result-collect">
            {t('result.collect')}
            {t('punct.colon')}
            <strong>{formatCents(total, i18n.language)}</strong> ({t('result.provisional')})
          </p>
          <p>{t('result.unknownNext')}</p>
        </>
      )}
      <p className="hint">
        {t('result.localId')}
        {t('punct.colon')}
        <span className="mono">{sale.id}</span> · {t('result.next')}
      </p>
    </div>
  );
}
