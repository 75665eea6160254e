/** The amount to collect, large, and the one button that registers the sale (Enter). */
import { useTranslation } from 'react-i18next';
import { formatCents } from '../../lib/format/locale.js';
import { findCell, tariffGrid } from './tariff-grid.js';
import { useSaleStore } from './sale-store.js';
import { CONFIRM_ID } from './focus.js';

/** Cents to collect for the current choice, or for the sale just made. */
function useAmount(): number | undefined {
  return useSaleStore((s) => {
    if (s.sell.status === 'done') {
      const sale = s.sell.result.sale;
      if (s.sell.result.outcome === 'rejected') return undefined;
      return (sale.registeredTariffCents ?? sale.expectedTariffCents) * sale.amountOfTickets;
    }
    if (s.activities.status !== 'ok') return undefined;
    const activity = s.activities.items.find((a) => a.cdbid === s.cdbid);
    const cell = activity ? findCell(tariffGrid(activity), s.tariffKey) : undefined;
    if (!cell) return undefined;
    const group = s.lookup.status === 'found' && s.lookup.holder.kind === 'group';
    return cell.tariffCents * (group ? s.tickets : 1);
  });
}

export function ConfirmBar() {
  const { t, i18n } = useTranslation();
  const amount = useAmount();
  const sending = useSaleStore((s) => s.sell.status === 'sending');
  const done = useSaleStore((s) => s.sell.status === 'done');
  const canSell = useSaleStore((s) => s.ready() !== undefined && s.sell.status !== 'done');
  const confirm = useSaleStore((s) => s.confirm);
  return (
    <div className="confirm-bar">
      <div className="amount-box">
        <span className="amount-label">{t('tariff.toCollect')}</span>
        <output className="amount" data-testid="amount" aria-live="polite" data-cents={amount ?? ''}>
          {amount === undefined ? '—' : formatCents(amount, i18n.language)}
        </output>
      </div>
      <button
        id={CONFIRM_ID}
        type="button"
        className="primary confirm"
        data-testid="confirm-sale"
        disabled={!canSell || sending}
        aria-busy={sending}
        onClick={() => void confirm()}
        onKeyDown={(e) => {
          // Holding Enter repeats the key: never a second sale.
          if (e.key === 'Enter' && e.repeat) e.preventDefault();
        }}
      >
        {sending ? t('tariff.sending') : done ? t('result.next') : t('tariff.confirm')}
      </button>
    </div>
  );
}
