/** One of today's sales: time, activity, tariff, state, and its actions. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleView } from '../../../../contract/schemas/sales.js';
import { formatCents, formatTime } from '../../lib/format/locale.js';
import { useAppStore } from '../../app/app-store.js';
import { cancelKind, hasReceipt, useTodayStore, type CancelKind } from './today-store.js';

/** The confirmation says what will happen, so nobody believes a queued cancel is done. */
const CONFIRM_KEY = {
  'at-uitpas': 'today.cancelConfirm',
  queued: 'today.cancelConfirmQueued',
  'not-sent': 'today.cancelConfirmNotSent',
  deferred: 'today.cancelConfirmDeferred',
} as const satisfies Record<CancelKind, string>;

export function SaleRow({ sale, testId = 'sale-row' }: { sale: SaleView; testId?: string }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const cancel = useTodayStore((s) => s.cancel);
  const reprint = useTodayStore((s) => s.reprint);
  const openDetail = useTodayStore((s) => s.openDetail);
  const busy = useTodayStore((s) => s.action.status === 'busy' && s.action.id === sale.id);
  const offline = useAppStore((s) => s.connectivity.state === 'offline');
  const tariff = (sale.registeredTariffCents ?? sale.expectedTariffCents) * sale.amountOfTickets;
  const amount = formatCents(tariff, i18n.language);
  const kind = cancelKind(sale, offline);
  const question = kind ? t(CONFIRM_KEY[kind], { activity: sale.activityTitle, amount }) : '';
  return (
    <tr data-testid={testId} data-sale-id={sale.id} data-state={sale.state} data-cancel-requested={sale.cancelRequested === true}>
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
        {sale.cancelRequested && (
          <span className="warn-text" data-testid="cancel-requested">
            {' '}
            · {t('today.cancelRequested')}
          </span>
        )}
        {sale.alert && <span className="warn-text"> · {t(`today.alerts.${sale.alert}`)}</span>}
        {sale.needsOperator && !sale.alert && <span className="warn-text"> · {t('today.needsOperator')}</span>}
        {sale.heldBehind && (
          <span className="muted" data-testid="held-behind" data-behind={sale.heldBehind}>
            {' '}
            · {t('today.heldBehind')}
          </span>
        )}
      </td>
      <td className="actions">
        {confirming && kind ? (
          <span role="group" aria-label={question}>
            <span className="confirm-q" data-testid="cancel-question" data-kind={kind}>
              {question}
            </span>{' '}
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
            {kind && (
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
