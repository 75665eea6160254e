/** Period (today, 7 / 30 days, a date) and free-text search ("/" focuses it). */
import { useTranslation } from 'react-i18next';
import { brusselsToday } from '../../lib/format/locale.js';
import { DayField } from '../../components/DayField.js';
import { useSaleStore, type DateRange } from './sale-store.js';
import { SEARCH_ID } from './focus.js';

const RANGES: DateRange[] = ['today', 'next7days', 'next30days', 'date'];

export function ActivityFilters() {
  const { t } = useTranslation();
  const range = useSaleStore((s) => s.range);
  const date = useSaleStore((s) => s.date);
  const search = useSaleStore((s) => s.search);
  const setRange = useSaleStore((s) => s.setRange);
  const setSearch = useSaleStore((s) => s.setSearch);
  const load = useSaleStore((s) => s.loadActivities);
  return (
    <div className="activity-filters">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label htmlFor={SEARCH_ID}>{t('activities.search')}</label>
        <input
          id={SEARCH_ID}
          type="search"
          data-testid="activity-search"
          placeholder={t('activities.searchPlaceholder')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </form>
      <fieldset className="ranges">
        <legend>{t('activities.range')}</legend>
        {RANGES.map((r) => (
          <label key={r} className={`range ${range === r ? 'on' : ''}`}>
            <input
              type="radio"
              name="range"
              value={r}
              checked={range === r}
              data-testid={`range-${r}`}
              onChange={() => void setRange(r, r === 'date' ? (date ?? brusselsToday()) : undefined)}
            />
            {t(`activities.${r}`)}
          </label>
        ))}
        {range === 'date' && (
          <span className="date-pick">
            <DayField
              testId="range-date-input"
              label={t('activities.dateLabel')}
              value={date}
              onCommit={(day) => void setRange('date', day)}
            />
          </span>
        )}
      </fieldset>
    </div>
  );
}
