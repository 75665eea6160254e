/** A sale's history (every state change, who and why) and the operator's resolution. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCents, formatDateTime } from '../../format/locale.js';
import { useTodayStore } from '../../store/today-store.js';
import { CodeMessage } from '../CodeMessage.js';

export function SaleDetailPanel() {
  const { t, i18n } = useTranslation();
  const detail = useTodayStore((s) => s.detail);
  const close = useTodayStore((s) => s.closeDetail);
  const resolve = useTodayStore((s) => s.resolve);
  const [reason, setReason] = useState('');
  if (!detail) return null;
  const resolvable = detail.state === 'rejected' || detail.state === 'unknown' || detail.alert !== undefined;
  return (
    <section className="panel detail" aria-labelledby="detail-title" data-testid="sale-detail" data-sale-id={detail.id}>
      <h3 id="detail-title">
        {detail.activityTitle} — {formatCents(detail.expectedTariffCents * detail.amountOfTickets, i18n.language)}
      </h3>
      <p>
        <span className={`state state-${detail.state}`}>{t(`today.states.${detail.state}`)}</span>
        {detail.ticketSaleId && <> · {t('result.ticketSaleId')}{t('punct.colon')}{detail.ticketSaleId}</>}
        {detail.alert && <span className="warn-text"> · {t(`today.alerts.${detail.alert}`)}</span>}
      </p>
      {detail.error && (
        <p className="stop">
          <CodeMessage code={detail.error.code} serverMessage={detail.error.message} />
        </p>
      )}
      <h4>{t('today.history')}</h4>
      <ol className="history" data-testid="sale-history">
        {detail.history.map((h) => (
          <li key={h.seq}>
            <span className="mono">{formatDateTime(h.at, i18n.language)}</span> {h.from ? `${t(`today.states.${h.from}`)} → ` : ''}
            <strong>{t(`today.states.${h.to}`)}</strong> ({t(`today.actors.${h.actor}`)}): {h.reason}
          </li>
        ))}
      </ol>
      {resolvable && (
        <form
          className="resolve"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim().length >= 3) void resolve(detail.id, reason.trim());
          }}
        >
          <label htmlFor="resolve-reason">{t('today.resolveReason')}</label>
          <input id="resolve-reason" data-testid="resolve-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" data-testid="resolve-sale" disabled={reason.trim().length < 3}>
            {t('today.resolve')}
          </button>
        </form>
      )}
      <button type="button" onClick={close} data-testid="detail-close">
        {t('today.close')}
      </button>
    </section>
  );
}
