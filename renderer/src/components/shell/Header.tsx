/** The top bar: where we are, the queue badge and UiTPAS state, and the way to the other views. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/app-store.js';
import { ConnectivityBadge } from '../ConnectivityBadge.js';
import { QueueBadge } from './QueueBadge.js';
import { AccountMenu } from '../../account/AccountMenu.js';
import { useDayCloseTexts } from '../../screens/DayCloseTexts.js';

export function Header() {
  const { t } = useTranslation();
  const screen = useAppStore((s) => s.screen);
  const pane = useAppStore((s) => s.salePane);
  const counterName = useAppStore((s) => s.settings?.uitpas.counterName);
  const setScreen = useAppStore((s) => s.setScreen);
  const setPane = useAppStore((s) => s.setSalePane);
  const setHelp = useAppStore((s) => s.setHelpOpen);
  const dayCloseLabel = useDayCloseTexts().t.title;
  const onSale = screen === 'sale' && pane === 'sale';
  const onToday = screen === 'sale' && pane === 'today';
  return (
    <header className="topbar">
      <span className="brand">
        {t('app.name')}
        {counterName && <span className="counter-name"> · {counterName}</span>}
      </span>
      <nav aria-label={t('nav.main')} className="nav">
        <button type="button" aria-pressed={onSale} data-testid="nav-sale" onClick={() => (setScreen('sale'), setPane('sale'))}>
          {t('nav.sale')} <kbd>Esc</kbd>
        </button>
        <button type="button" aria-pressed={onToday} data-testid="nav-today" onClick={() => (setScreen('sale'), setPane('today'))}>
          {t('nav.today')} <kbd>F8</kbd>
        </button>
        <button type="button" aria-pressed={screen === 'dayClose'} data-testid="nav-day-close" onClick={() => setScreen('dayClose')}>
          {dayCloseLabel}
        </button>
        <button type="button" aria-pressed={screen === 'diagnostics'} data-testid="nav-diagnostics" onClick={() => setScreen('diagnostics')}>
          {t('nav.diagnostics')}
        </button>
        <button type="button" data-testid="nav-help" onClick={() => setHelp(true)}>
          {t('nav.help')} <kbd>F1</kbd>
        </button>
      </nav>
      <QueueBadge />
      <ConnectivityBadge />
      <AccountMenu />
    </header>
  );
}
