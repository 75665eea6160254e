/** Today's sales with a state filter, the sales and UiTPAS records needing attention, and a sale's details. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueueStore } from '../../app/queue-store.js';
import { foreignShown, matchesFilter, useTodayStore, type SaleFilter } from './today-store.js';
import { ActionMessage } from './ActionMessage.js';
import { ForeignRecords } from './ForeignRecords.js';
import { SaleDetailPanel } from './SaleDetail.js';
import { SaleRow } from './SaleRow.js';

const FILTERS: SaleFilter[] = ['all', 'registered', 'open', 'rejected', 'cancelled'];

export function TodaySales() {
  const { t } = useTranslation();
  const items = useTodayStore((s) => s.items);
  const attention = useTodayStore((s) => s.attention);
  const foreign = useTodayStore((s) => s.foreign);
  const filter = useTodayStore((s) => s.filter);
  const setFilter = useTodayStore((s) => s.setFilter);
  const loadForeign = useTodayStore((s) => s.loadForeign);
  const action = useTodayStore((s) => s.action);
  const detailId = useTodayStore((s) => s.detail?.id);
  // Main announces a change of its UiTPAS records only through the queue event (they count in
  // needsAttention): read them again on each one while this view is open.
  const queue = useQueueStore((s) => s.status);
  useEffect(() => {
    void loadForeign();
  }, [queue, loadForeign]);
  const shown = items.filter((s) => matchesFilter(s, filter));
  const foreignList = foreignShown(foreign, new Date());
  // Shown where the operator acted: in the detail, or at a UiTPAS record still listed, else here.
  const actionElsewhere = action.status !== 'idle' && (detailId === action.id || foreignList.some((r) => r.ticketSaleId === action.id));
  return (
    <section className="today" aria-labelledby="today-title" data-testid="today">
      <div className="today-main">
        <h2 id="today-title">{t('today.title')}</h2>
        <div className="filters" role="group" aria-label={t('today.filter')}>
          {FILTERS.map((f) => (
            <button key={f} type="button" aria-pressed={filter === f} data-testid={`filter-${f}`} onClick={() => setFilter(f)}>
              {t(`today.filters.${f}`)}
            </button>
          ))}
        </div>
        {!actionElsewhere && <ActionMessage />}
        {shown.length === 0 ? (
          <p className="muted">{t('today.empty')}</p>
        ) : (
          <table className="sales-table">
            <thead>
              <tr>
                <th scope="col">{t('today.time')}</th>
                <th scope="col">{t('today.activity')}</th>
                <th scope="col">{t('today.tariff')}</th>
                <th scope="col">{t('today.state')}</th>
                <th scope="col">{t('today.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <SaleRow key={s.id} sale={s} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <aside className="today-side" aria-labelledby="attention-title">
        <h2 id="attention-title">{t('today.attention')}</h2>
        {attention.length === 0 && foreignList.length === 0 && <p className="muted">{t('today.attentionNone')}</p>}
        {attention.length > 0 && (
          <table className="sales-table" data-testid="attention">
            <tbody>
              {attention.map((s) => (
                <SaleRow key={s.id} sale={s} testId="attention-row" />
              ))}
            </tbody>
          </table>
        )}
        <ForeignRecords records={foreignList} />
        <SaleDetailPanel />
      </aside>
    </section>
  );
}
