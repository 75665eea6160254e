/** Today's sales with a state filter, the sales needing attention, and a sale's details. */
import { useTranslation } from 'react-i18next';
import { matchesFilter, useTodayStore, type SaleFilter } from '../../store/today-store.js';
import { CodeMessage } from '../CodeMessage.js';
import { SaleDetailPanel } from './SaleDetail.js';
import { SaleRow } from './SaleRow.js';

const FILTERS: SaleFilter[] = ['all', 'registered', 'open', 'rejected', 'cancelled'];

function ActionMessage() {
  const { t } = useTranslation();
  const action = useTodayStore((s) => s.action);
  if (action.status === 'failed') {
    return (
      <p className="stop" role="alert" data-testid="action-error" data-code={action.problem.code}>
        <CodeMessage code={action.problem.code} serverMessage={action.problem.serverMessage} />
      </p>
    );
  }
  if (action.status === 'done') {
    const text =
      action.what === 'cancel'
        ? t('today.cancelled')
        : action.what === 'reprint'
          ? t('today.reprinted')
          : action.what === 'no-printer'
            ? t('today.noPrinter')
            : t('today.resolved');
    return (
      <p className="ok-text" role="status" data-testid="action-done" data-what={action.what}>
        {text}
      </p>
    );
  }
  return null;
}

export function TodaySales() {
  const { t } = useTranslation();
  const items = useTodayStore((s) => s.items);
  const attention = useTodayStore((s) => s.attention);
  const filter = useTodayStore((s) => s.filter);
  const setFilter = useTodayStore((s) => s.setFilter);
  const shown = items.filter((s) => matchesFilter(s, filter));
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
        <ActionMessage />
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
        {attention.length === 0 ? (
          <p className="muted">{t('today.attentionNone')}</p>
        ) : (
          <table className="sales-table" data-testid="attention">
            <tbody>
              {attention.map((s) => (
                <SaleRow key={s.id} sale={s} testId="attention-row" />
              ))}
            </tbody>
          </table>
        )}
        <SaleDetailPanel />
      </aside>
    </section>
  );
}
