/**
 * Ticket sales UiTPAS holds that Loket did not register (found by the duplicate sweep): the ones
 * the operator must look at, with an acknowledge-with-reason, and Loket's own late duplicates
 * on their way to cancelled, with their status.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ForeignRecordView, SaleView } from '../../../../contract/schemas/sales.js';
import { formatCents, formatDateTime } from '../../lib/format/locale.js';
import { useTodayStore } from './today-store.js';
import { ActionMessage } from './ActionMessage.js';
import { ReasonForm } from './ReasonForm.js';

/** The activity's title from the local sale it resembles, else any local sale of it; else its id. */
export function activityTitleFor(record: ForeignRecordView, sales: readonly SaleView[]): string {
  const like = record.likeSaleId ? sales.find((s) => s.id === record.likeSaleId) : undefined;
  return (like ?? sales.find((s) => s.cdbid === record.cdbid))?.activityTitle ?? record.cdbid;
}

export function ForeignRecords({ records }: { records: ForeignRecordView[] }) {
  const items = useTodayStore((s) => s.items);
  const attention = useTodayStore((s) => s.attention);
  if (records.length === 0) return null;
  const sales = [...items, ...attention];
  return (
    <ul className="foreign-list" data-testid="foreign">
      {records.map((r) => (
        <ForeignRow key={r.ticketSaleId} record={r} activity={activityTitleFor(r, sales)} />
      ))}
    </ul>
  );
}

function ForeignRow({ record, activity }: { record: ForeignRecordView; activity: string }) {
  const { t, i18n } = useTranslation();
  const acknowledge = useTodayStore((s) => s.acknowledgeForeign);
  const actionHere = useTodayStore((s) => s.action.status !== 'idle' && s.action.id === record.ticketSaleId);
  const busy = useTodayStore((s) => s.action.status === 'busy' && s.action.id === record.ticketSaleId);
  const [asking, setAsking] = useState(false);
  const flagged = record.status === 'flagged';
  return (
    <li
      className={`foreign foreign-${record.status}`}
      data-testid="foreign-row"
      data-ticket-sale-id={record.ticketSaleId}
      data-status={record.status}
    >
      <p>
        <strong className={flagged ? 'warn-text' : undefined}>{t('today.foreignTitle')}</strong>
        {' · '}
        <span className="state" data-testid="foreign-status">
          {t(`today.foreignStates.${record.status}`)}
        </span>
      </p>
      <p>
        {activity} — {formatCents(record.tariffCents, i18n.language)} ·{' '}
        <span className="mono">{formatDateTime(record.creationDate, i18n.language)}</span>
        <span className="muted">
          {' '}
          · {t('result.ticketSaleId')}
          {t('punct.colon')}
          {record.ticketSaleId}
        </span>
      </p>
      <p className="muted" data-testid="foreign-reason">
        {record.reason}
        {record.resolution && <> — {record.resolution}</>}
      </p>
      {actionHere && <ActionMessage />}
      {flagged &&
        (asking ? (
          <ReasonForm
            prefix="foreign-ack"
            label={t('today.foreignAckReason')}
            submit={t('today.foreignAckConfirm')}
            busy={busy}
            onAbort={() => setAsking(false)}
            onSubmit={(reason) => {
              setAsking(false);
              void acknowledge(record.ticketSaleId, reason);
            }}
          />
        ) : (
          <button type="button" data-testid="foreign-ack" disabled={busy} onClick={() => setAsking(true)}>
            {t('today.foreignAck')}
          </button>
        ))}
    </li>
  );
}
