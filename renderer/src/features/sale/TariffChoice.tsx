/**
 * Price classes × (UiTPAS tariff, coupons) as one radio group, the cheapest highlighted. Arrow
 * keys move the choice; Enter goes on to the number of tickets (group pass) or to confirm.
 */
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../contract/domain.js';
import { formatCents } from '../../lib/format/locale.js';
import { maxTickets } from './holder.js';
import { moveCell, needsChoice, tariffGrid, type TariffCell, type TariffRow } from './tariff-grid.js';
import { useSaleStore } from './sale-store.js';
import { useCodeText } from '../../lib/ui/CodeMessage.js';
import { TARIFF_GRID_ID } from './ActivityList.js';
import { CONFIRM_ID, TICKETS_ID, focusId } from './focus.js';

function rowLabel(row: TariffRow, t: (k: 'tariff.kansentarief') => string, coupon: (name: string) => string): string {
  return row.type === 'COUPON' ? coupon(row.couponName ?? row.couponId ?? '') : t('tariff.kansentarief');
}

export function TariffChoice() {
  const { t } = useTranslation();
  const activities = useSaleStore((s) => s.activities);
  const cdbid = useSaleStore((s) => s.cdbid);
  const activity = activities.status === 'ok' ? activities.items.find((a) => a.cdbid === cdbid) : undefined;
  return (
    <section className="panel tariffs" aria-labelledby="tariff-title">
      <h2 id="tariff-title">
        {t('tariff.title')}
        {activity && (
          <span className="tariff-activity">
            {t('punct.colon')}
            {activity.title}
          </span>
        )}
      </h2>
      {activity ? <Grid activity={activity} /> : <p className="muted">{t('tariff.chooseActivity')}</p>}
      <TicketCount />
    </section>
  );
}

function Grid({ activity }: { activity: Activity }) {
  const { t, i18n } = useTranslation();
  const codeText = useCodeText();
  const tariffKey = useSaleStore((s) => s.tariffKey);
  const tariffKept = useSaleStore((s) => s.tariffKept);
  const select = useSaleStore((s) => s.selectTariff);
  const isGroup = useSaleStore((s) => s.lookup.status === 'found' && s.lookup.holder.kind === 'group');
  const grid = tariffGrid(activity);
  const money = (c: number) => formatCents(c, i18n.language);

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const step = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? -1 : 0;
    if (step !== 0) {
      e.preventDefault();
      // Nothing chosen yet: move from the cell that has the focus.
      const next = moveCell(grid, tariffKey ?? e.currentTarget.dataset.key, step);
      if (next) {
        select(next);
        requestAnimationFrame(() => document.querySelector<HTMLElement>(`#${TARIFF_GRID_ID} [data-key="${CSS.escape(next)}"]`)?.focus());
      }
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const key = e.currentTarget.dataset.key;
      if (key) select(key);
      requestAnimationFrame(() => focusId(isGroup ? TICKETS_ID : CONFIRM_ID, isGroup));
    }
  };

  if (grid.rows.length === 0 || grid.sellable.length === 0) {
    return (
      <p className="stop" role="alert" data-testid="tariff-stop" data-code={grid.stop}>
        {codeText(grid.stop ?? 'NO_TARIFF')}
      </p>
    );
  }
  const cellFor = (row: TariffRow, cls: string): TariffCell | undefined => row.cells.find((c) => c.priceClass === cls);
  const choose = needsChoice(grid, tariffKey);
  return (
    <div id={TARIFF_GRID_ID} role="radiogroup" aria-labelledby="tariff-title" aria-describedby="tariff-hint" className="tariff-grid">
      <p
        id="tariff-hint"
        className={choose ? 'hint choose' : 'hint'}
        data-testid={choose ? 'tariff-choose' : tariffKept ? 'tariff-kept-hint' : 'tariff-hint'}
      >
        {choose ? t('tariff.choose') : tariffKept ? t('tariff.keptHint') : t('tariff.chosen')}
      </p>
      <table>
        <thead>
          <tr>
            <td />
            {grid.classes.map((cls) => (
              <th key={cls} scope="col">
                {cls}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {grid.rows.map((row) => (
            <tr key={`${row.type}${row.couponId ?? ''}`}>
              <th scope="row">
                {rowLabel(row, t, (name) => t('tariff.coupon', { name }))}
                {row.constraint && (
                  <span className="row-reason" data-testid="tariff-reason" data-code={row.constraint}>
                    {codeText(row.constraint)}
                  </span>
                )}
              </th>
              {grid.classes.map((cls) => {
                const cell = cellFor(row, cls);
                if (!cell) return <td key={cls} />;
                const sellable = cell.constraint === undefined;
                const checked = cell.key === tariffKey;
                const cheapest = cell.key === grid.cheapestKey;
                const kept = checked && tariffKept;
                return (
                  <td key={cls}>
                    <button
                      type="button"
                      role="radio"
                      aria-checked={checked}
                      aria-disabled={!sellable}
                      disabled={!sellable}
                      tabIndex={checked || (!tariffKey && cell === grid.sellable[0]) ? 0 : -1}
                      className={`tariff ${checked ? 'checked' : ''} ${cheapest ? 'cheapest' : ''} ${kept ? 'kept' : ''}`}
                      data-testid="tariff"
                      data-key={cell.key}
                      data-price-class={cell.priceClass}
                      data-coupon-id={cell.couponId ?? ''}
                      data-cheapest={cheapest}
                      data-kept={kept}
                      aria-label={`${rowLabel(row, t, (name) => t('tariff.coupon', { name }))}, ${cls}: ${money(cell.tariffCents)}`}
                      onClick={() => select(cell.key)}
                      onKeyDown={onKeyDown}
                    >
                      <span className="tariff-amount">{sellable ? money(cell.tariffCents) : t('tariff.notAvailable')}</span>
                      <span className="tariff-regular">{t('tariff.regular', { amount: money(cell.priceCents) })}</span>
                      {cheapest && <span className="tag cheapest-tag">{t('tariff.cheapest')}</span>}
                      {kept && (
                        <span className="tag kept-tag" data-testid="tariff-kept">
                          {t('tariff.kept')}
                        </span>
                      )}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TicketCount() {
  const { t } = useTranslation();
  const holder = useSaleStore((s) => (s.lookup.status === 'found' ? s.lookup.holder : undefined));
  const tickets = useSaleStore((s) => s.tickets);
  const setTickets = useSaleStore((s) => s.setTickets);
  // An emptied field while the operator retypes; the store keeps the clamped count.
  const [draft, setDraft] = useState<string | undefined>(undefined);
  if (holder?.kind !== 'group') return null;
  const max = maxTickets(holder);
  return (
    <div className="ticket-count">
      <label htmlFor={TICKETS_ID}>{t('tariff.tickets')}</label>
      <input
        id={TICKETS_ID}
        // A text field, not type=number: the keyboard wedge gives typed digits back with
        // setRangeText, which number inputs refuse. Arrow keys still step the count.
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={draft ?? String(tickets)}
        data-testid="ticket-count"
        aria-describedby="ticket-max"
        onChange={(e) => {
          const digits = e.target.value.replace(/\D+/g, '');
          // Only an empty field is kept as typed; any number shows clamped to 1 … remaining.
          setDraft(digits === '' ? '' : undefined);
          if (digits !== '') setTickets(Number(digits));
        }}
        onBlur={() => setDraft(undefined)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            setDraft(undefined);
            focusId(CONFIRM_ID);
          } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
            e.preventDefault();
            setDraft(undefined);
            setTickets(tickets + (e.key === 'ArrowUp' ? 1 : -1));
          }
        }}
      />
      <span id="ticket-max" className="hint">
        {t('tariff.ticketsMax', { max })}
      </span>
    </div>
  );
}
