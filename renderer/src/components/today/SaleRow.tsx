/** One of today's sales: time, activity, tariff, state, and its actions. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleView } from '../../../../contract/calls/sales.js';
import { formatCents, formatTime } from '../../format/locale.js';
import { hasReceipt, useTodayStore } from '../../store/today-store.js';

export function SaleRow({ sale, testId = 'sale-row' }: { sale: SaleView; testId?: string }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const cancel = useTodayStore((s) => s.cancel);
  const reprint = useTodayStore((s) => s.reprint);
  const openDetail = useTodayStore((s) => s.openDetail);
  const busy = useTodayStore((s) => s.action.status === 'busy' && s.action.id === sale.id);
  const tariff = (sale.registeredTariffCents ?? sale.expectedTariffCents) * sale.amountOfTickets;
  const amount = formatCents(tariff, i18n.language);
  const cancellable = sale.state === 'registered' || sale.state === 'pending';
  return (
    <tr data-testid={testId} data-sale-id={sale.id} data-state={sale.state}>
      <td>{formatTime(sale.createdAt, i18n.language)}</td>
      <td>
        {sale.activityTitle}
        {sale.holderName && <span className="muted"> — {sale.holderName}</span>}
      </td>
      <td className="num">
        {amount}
        {sale.amountOfTickets > 1 && <span className="muted"> ({t('today.tickets', { count: sale.amountOfTickets })})</span>}
        {sale.couponName && <span className="tag">{sale.couponName}</span>}
        {sale.priceClass && <span className="muted"> · {sale.priceClass}</span>}
      </td>
      <td>
        <span className={`state state-${sale.state}`}>{t(`today.states.${sale.state}`)}</span>
        {sale.provisional && sale.state !== 'registered' && <span className="muted"> · {t('result.provisional')}</span>}
        {sale.alert && <span className="warn-text"> · {t(`today.alerts.${sale.alert}`)}</span>}
      </td>
      <td className="actions">
        {confirming ? (
          <span role="group" aria-label={t('today.cancelConfirm', { activity: sale.activityTitle, amount })}>
            <span className="confirm-q">{t('today.cancelConfirm', { activity: sale.activityTitle, amount })}</span>{' '}
            <button
              type="button"
              className="danger"
              data-testid="cancel-confirm"
              autoFocus
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                void cancel(sale.id);
              }}
            >
              {t('today.cancelYes')}
            </button>{' '}
            <button type="button" data-testid="cancel-abort" onClick={() => setConfirming(false)}>
              {t('today.cancelNo')}
            </button>
          </span>
        ) : (
          <>
            {cancellable && (
              <button type="button" data-testid="cancel-sale" disabled={busy} onClick={() => setConfirming(true)}>
                {t('today.cancel')}
              </button>
            )}{' '}
            {hasReceipt(sale) && (
              <button type="button" data-testid="reprint" disabled={busy} onClick={() => void reprint(sale.id)}>
                {t('today.reprint')}
              </button>
            )}{' '}
            <button type="button" data-testid="sale-details" onClick={() => void openDetail(sale.id)}>
              {t('today.details')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
