/**
 * The top bar, one row at 1366 px in nl/fr/en: where we are (with the counter), the way to the
 * other views (the everyday ones by name, diagnostics and help as icons), then what must
 * always be visible: printer, queue, UiTPAS state, and the account.
 */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app-store.js';
import { ConnectivityBadge } from './ConnectivityBadge.js';
import { PrinterAlert, PrinterIndicator } from '../../features/printer/PrinterIndicator.js';
import { QueueBadge } from './QueueBadge.js';
import { AccountMenu } from '../../features/account/AccountMenu.js';
import './shell.css';

function WrenchIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M22.7 19 13.6 9.9c.9-2.3.4-5-1.5-6.9-2-2-5-2.4-7.4-1.3L9 6 6 9 1.6 4.7C.4 7.1.9 10.1 2.9 12.1c1.9 1.9 4.6 2.4 6.9 1.5l9.1 9.1c.4.4 1 .4 1.4 0l2.3-2.3c.5-.4.5-1.1.1-1.4z"
      />
    </svg>
  );
}

export function Header() {
  const { t } = useTranslation();
  const screen = useAppStore((st) => st.screen);
  const pane = useAppStore((st) => st.salePane);
  const counterName = useAppStore((st) => st.settings?.uitpas.counterName);
  const setScreen = useAppStore((st) => st.setScreen);
  const setPane = useAppStore((st) => st.setSalePane);
  const setHelp = useAppStore((st) => st.setHelpOpen);
  const onSale = screen === 'sale' && pane === 'sale';
  const onToday = screen === 'sale' && pane === 'today';
  return (
    <>
      <header className="topbar">
        <span className="brand" title={counterName ? `${t('app.name')} · ${counterName}` : undefined}>
          {t('app.name')}
          {counterName && <span className="counter-name"> · {counterName}</span>}
        </span>
        <nav aria-label={t('nav.main')} className="nav">
          {/* The keys are in the help overlay (F1) and on hover; in the bar they would cost a row. */}
          <button
            type="button"
            aria-pressed={onSale}
            data-testid="nav-sale"
            title="Esc"
            onClick={() => (setScreen('sale'), setPane('sale'))}
          >
            {t('nav.sale')}
          </button>
          <button
            type="button"
            aria-pressed={onToday}
            data-testid="nav-today"
            title="F8"
            onClick={() => (setScreen('sale'), setPane('today'))}
          >
            {t('nav.today')}
          </button>
          <button
            type="button"
            aria-pressed={screen === 'dayClose'}
            data-testid="nav-day-close"
            title="F9"
            onClick={() => setScreen('dayClose')}
          >
            {t('shell.dayCloseNav')}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-pressed={screen === 'diagnostics'}
            aria-label={t('shell.diagnosticsNav')}
            title={t('shell.diagnosticsNav')}
            data-testid="nav-diagnostics"
            onClick={() => setScreen('diagnostics')}
          >
            <WrenchIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('shell.helpNav')}
            title={t('shell.helpNav')}
            data-testid="nav-help"
            onClick={() => setHelp(true)}
          >
            <span aria-hidden="true">?</span>
          </button>
        </nav>
        <div className="topbar-status">
          <PrinterIndicator />
          <QueueBadge />
          <ConnectivityBadge />
        </div>
        <AccountMenu />
      </header>
      <PrinterAlert />
    </>
  );
}
