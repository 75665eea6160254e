/**
 * The active counter's activities priced for this passholder. Arrow keys move, Enter (or a
 * click) picks one and moves on to the tariff choice.
 */
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../contract/domain.js';
import { formatCents } from '../../lib/format/locale.js';
import { tariffGrid } from './tariff-grid.js';
import { useSaleStore } from './sale-store.js';
import { useCodeText } from '../../lib/ui/CodeMessage.js';
import { ActivityFilters } from './ActivityFilters.js';
import { focusWithin } from './focus.js';

export const ACTIVITY_LIST_ID = 'activity-list';
export const TARIFF_GRID_ID = 'tariff-grid';

function ActivityItem({ activity, selected }: { activity: Activity; selected: boolean }) {
  const { t, i18n } = useTranslation();
  const codeText = useCodeText();
  const select = useSaleStore((s) => s.selectActivity);
  const grid = tariffGrid(activity);
  const money = (c: number) => formatCents(c, i18n.language);
  const coupons = grid.rows.filter((r) => r.type === 'COUPON' && !r.constraint);
  const cheapest = grid.sellable.find((c) => c.key === grid.cheapestKey);
  const pick = () => {
    select(activity.cdbid);
    // After React renders the grid for this activity.
    requestAnimationFrame(() => focusWithin(TARIFF_GRID_ID, '[role="radio"]:not([disabled])'));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const items = Array.from(document.querySelectorAll<HTMLButtonElement>(`#${ACTIVITY_LIST_ID} [role="option"]`));
    const i = items.indexOf(e.currentTarget);
    const go = (j: number) => items[Math.max(0, Math.min(items.length - 1, j))]?.focus();
    if (e.key === 'ArrowDown') go(i + 1);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(items.length - 1);
    else return;
    e.preventDefault();
  };
  return (
    <li role="none">
      <button
        type="button"
        role="option"
        aria-selected={selected}
        className={`activity ${selected ? 'selected' : ''}`}
        data-testid="activity"
        data-cdbid={activity.cdbid}
        data-selected={selected}
        data-sellable={grid.sellable.length > 0}
        onClick={pick}
        onKeyDown={onKeyDown}
      >
        <span className="activity-title">{activity.title}</span>
        <span className="activity-when">
          {activity.calendarSummary}
          {activity.locationName && ` · ${activity.locationName}`}
        </span>
        <span className="activity-prices">
          {activity.priceCents === 0 && grid.sellable.length === 0 ? (
            <span className="price-free">{t('activities.free')}</span>
          ) : (
            <>
              <span className="price-regular">
                {t('activities.regular')}
                {t('punct.colon')}
                {money(activity.priceCents)}
              </span>
              {cheapest && (
                <span className="price-uitpas">
                  {t('activities.uitpas')}
                  {t('punct.colon')}
                  {grid.sellable.length > 1 ? t('activities.from', { amount: money(cheapest.tariffCents) }) : money(cheapest.tariffCents)}
                </span>
              )}
            </>
          )}
          {coupons.map((r) => (
            <span key={r.couponId} className="tag coupon-tag">
              {t('activities.couponAvailable', { name: r.couponName ?? r.couponId ?? '' })}
            </span>
          ))}
        </span>
        {grid.stop && (
          <span className="activity-reason" data-testid="no-discount-reason" data-code={grid.stop}>
            {activity.priceCents === 0 ? '' : `${t('activities.noDiscount')}${t('punct.colon')}`}
            {codeText(grid.stop)}
          </span>
        )}
      </button>
    </li>
  );
}

export function ActivityList() {
  const { t } = useTranslation();
  const lookupFound = useSaleStore((s) => s.lookup.status === 'found');
  const activities = useSaleStore((s) => s.activities);
  const cdbid = useSaleStore((s) => s.cdbid);
  const codeText = useCodeText();
  return (
    <section className="panel activities" aria-labelledby="activities-title">
      <h2 id="activities-title">{t('activities.title')}</h2>
      <ActivityFilters />
      {!lookupFound && activities.status === 'idle' && <p className="muted">{t('activities.waitForCard')}</p>}
      {activities.status === 'loading' && <p aria-busy="true">{t('activities.loading')}</p>}
      {activities.status === 'failed' && (
        <p className="stop" role="alert" data-testid="activities-error" data-code={activities.problem.code}>
          {codeText(activities.problem.code)}
        </p>
      )}
      {activities.status === 'ok' &&
        (activities.items.length === 0 ? (
          <p className="muted">{t('activities.none')}</p>
        ) : (
          <ul
            id={ACTIVITY_LIST_ID}
            className="activity-list plain"
            role="listbox"
            aria-labelledby="activities-title"
            data-testid="activity-list"
          >
            {activities.items.map((a) => (
              <ActivityItem key={a.cdbid} activity={a} selected={a.cdbid === cdbid} />
            ))}
          </ul>
        ))}
    </section>
  );
}
